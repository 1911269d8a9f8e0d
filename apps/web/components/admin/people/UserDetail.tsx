'use client';
import Link from 'next/link';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useConsole } from '../../console/ConsoleProvider';
import { PageHeader, Panel } from '../../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { CheckboxField } from '../../console/fields';
import { formatDate, formatDateTime } from '../../console/format';
import { useAction } from '../../console/useAction';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { ifMatch } from '../settings/forms';
import { useDialogAction } from '../settings/useDialogAction';
import { useRecord } from '../settings/useRecord';
import { PermissionChecks } from './PermissionChecks';
import { inOrder, isStorePermission, permissionKey } from './permissions';
import type { StorePermission } from './permissions';
import { USER_ROLES, UserStatusBadge } from './Users';
import type { AdminUser } from './Users';
import styles from '../settings/settings.module.css';

type UserPatch = paths['/api/v1/admin/users/{id}']['patch']['requestBody']['content']['application/json'];
type StoreRole = (typeof USER_ROLES)[number];

/** Why an account cannot be changed by the signed-in one, or null when it can. */
export function lockedReason(
  user: AdminUser,
  me: { id: string },
  actorIsOwner: boolean,
): 'self' | 'erased' | 'ownerOnly' | null {
  if (user.id === me.id) return 'self';
  if (user.status === 'erased') return 'erased';
  if (user.roles.includes('owner') && !actorIsOwner) return 'ownerOnly';
  return null;
}

/** The PATCH body for roles and grants: only what changed (grants in the API's order). */
export function accessChanges(user: AdminUser, roles: readonly StoreRole[], grants: readonly StorePermission[]) {
  const patch: UserPatch = {};
  const before = user.roles.filter((r): r is StoreRole => (USER_ROLES as readonly string[]).includes(r));
  const sameRoles = before.length === roles.length && before.every((r) => roles.includes(r));
  if (!sameRoles) patch.roles = USER_ROLES.filter((r) => roles.includes(r));
  const had = inOrder(user.grantedPermissions.filter(isStorePermission));
  const wanted = inOrder(grants);
  if (had.join() !== wanted.join()) patch.permissions = wanted;
  return patch;
}

/** `/admin/users/[id]`: one account, its roles and permissions, and blocking it. */
export function UserPage({ id }: { id: string }) {
  return (
    <RequirePermission permission="users:manage">
      <UserDetail id={id} />
    </RequirePermission>
  );
}

function UserDetail({ id }: { id: string }) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const { me, hasRole } = useConsole();
  const load = useCallback(() => browserApi.GET('/api/v1/admin/users/{id}', { params: { path: { id } } }), [id]);
  const record = useRecord(load);
  const user = record.data;
  const [notice, setNotice] = useState('');
  const back = (
    <Link href="/admin/users" className="btn btn-secondary">
      {t('user.back')}
    </Link>
  );

  if (!user) {
    return (
      <>
        <PageHeader title={t('user.title')} actions={back} />
        <Loading error={record.error} />
      </>
    );
  }

  const locked = lockedReason(user, me, hasRole('owner'));
  const reload = () => {
    setNotice('');
    void record.reload();
  };
  const saved = (next: AdminUser, message: string) => {
    record.setData(next);
    setNotice(message);
  };

  return (
    <>
      <PageHeader title={user.name ?? user.email ?? t('users.erased')} description={user.email} actions={back} />
      <StatusHint>{notice}</StatusHint>
      {locked && (
        <p className="alert" role="note">
          {t(`user.locked.${locked}`)}
        </p>
      )}
      <Panel title={t('user.account')} id="user-account">
        <dl className={consoleStyles.dl}>
          <dt>{t('common.status')}</dt>
          <dd>
            <UserStatusBadge status={user.status} />
          </dd>
          <dt>{t('users.email')}</dt>
          <dd>
            {user.email ?? '—'} {user.email && (user.emailVerified ? t('user.verified') : t('user.unverified'))}
          </dd>
          <dt>{t('users.roles')}</dt>
          <dd>{user.roles.map((r) => t(`roles.${r}`)).join(', ')}</dd>
          <dt>{t('users.mfa')}</dt>
          <dd>{user.mfaEnabled ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('users.lastLogin')}</dt>
          <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, locale) : t('users.never')}</dd>
          <dt>{t('users.created')}</dt>
          <dd>{formatDate(user.createdAt, locale)}</dd>
          <dt>{t('user.effective')}</dt>
          <dd>
            {user.permissions.filter(isStorePermission).length === 0 ? (
              t('user.noStorePermissions')
            ) : (
              <ul className={styles.tags}>
                {user.permissions.filter(isStorePermission).map((p) => (
                  <li key={p} className={styles.tag}>
                    {t(permissionKey(p))}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </Panel>
      <AccessForm
        key={`access-${user.version}`}
        user={user}
        locked={Boolean(locked)}
        onSaved={(next) => saved(next, t('user.accessSaved'))}
        onReload={reload}
      />
      <BlockPanel
        // Not keyed by version: a conflict reloads the account while its dialog stays open and says so.
        user={user}
        locked={Boolean(locked)}
        onSaved={saved}
        onReload={reload}
      />
    </>
  );
}

function AccessForm({
  user,
  locked,
  onSaved,
  onReload,
}: {
  user: AdminUser;
  locked: boolean;
  onSaved: (user: AdminUser) => void;
  onReload: () => void;
}) {
  const t = useTranslations('settings');
  const id = useId();
  const { me, hasRole } = useConsole();
  const actorIsOwner = hasRole('owner');
  const action = useAction();
  const [roles, setRoles] = useState<StoreRole[]>(() =>
    user.roles.filter((r): r is StoreRole => (USER_ROLES as readonly string[]).includes(r)),
  );
  const [grants, setGrants] = useState<StorePermission[]>(() =>
    inOrder(user.grantedPermissions.filter(isStorePermission)),
  );
  const [rolesError, setRolesError] = useState<string>();
  const [status, setStatus] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (roles.length === 0) {
      setRolesError(t('validation.roleRequired'));
      setStatus(t('common.fixFields'));
      return;
    }
    const patch = accessChanges(user, roles, grants);
    if (Object.keys(patch).length === 0) {
      setStatus(t('common.nothingChanged'));
      return;
    }
    setStatus('');
    const saved = await action.run(() =>
      browserApi.PATCH('/api/v1/admin/users/{id}', {
        params: { path: { id: user.id } },
        body: patch,
        headers: ifMatch(user.version),
      }),
    );
    // The form starts again from the saved account (its key is the version); the page says it saved.
    if (saved) onSaved(saved);
  }

  const rolesErr = rolesError ?? action.fieldError('roles');
  return (
    <Panel title={t('user.access')} id="user-access">
      {action.conflict && <ConflictNotice onReload={onReload} />}
      {!action.conflict && <ProblemAlert message={action.error} />}
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className={styles.fieldset} aria-describedby={rolesErr ? `${id}-roles-error` : undefined}>
          <legend>{t('users.roles')}</legend>
          <div className={styles.checks}>
            {USER_ROLES.map((r) => (
              <CheckboxField
                key={r}
                id={`${id}-role-${r}`}
                label={t(`roles.${r}`)}
                checked={roles.includes(r)}
                disabled={locked || (r === 'owner' && !actorIsOwner)}
                onChange={(on) => {
                  setRolesError(undefined);
                  setStatus('');
                  setRoles((list) =>
                    on ? USER_ROLES.filter((x) => x === r || list.includes(x)) : list.filter((x) => x !== r),
                  );
                }}
              />
            ))}
          </div>
          {!actorIsOwner && <p className="hint">{t('user.ownerOnlyHint')}</p>}
          {rolesErr && (
            <p id={`${id}-roles-error`} className="field-error">
              {rolesErr}
            </p>
          )}
        </fieldset>
        <PermissionChecks
          id={`${id}-perm`}
          legend={t('user.permissions')}
          value={grants}
          onChange={(v) => {
            setGrants(v);
            setStatus('');
          }}
          grantable={(p) => actorIsOwner || me.permissions.includes(p)}
          disabled={locked || !roles.includes('staff')}
          hint={roles.includes('staff') ? (actorIsOwner ? undefined : t('user.grantHint')) : t('user.staffOnlyHint')}
          error={action.fieldError('permissions')}
        />
        <p className="hint">{t('user.sessionsEnd')}</p>
        {!locked && (
          <div className={styles.buttons}>
            <SubmitButton pending={action.pending}>{t('user.saveAccess')}</SubmitButton>
          </div>
        )}
        <StatusHint>{status}</StatusHint>
      </form>
    </Panel>
  );
}

function BlockPanel({
  user,
  locked,
  onSaved,
  onReload,
}: {
  user: AdminUser;
  locked: boolean;
  onSaved: (user: AdminUser, message: string) => void;
  onReload: () => void;
}) {
  const t = useTranslations('settings');
  const action = useAction();
  const confirm = useDialogAction();
  const refresh = () => {
    action.reset();
    onReload();
  };
  // Blocking swaps the button for "Unblock" (and back): keep focus on the control that replaced it.
  const panel = useRef<HTMLDivElement>(null);
  const shownStatus = useRef(user.status);
  useEffect(() => {
    if (shownStatus.current === user.status) return;
    shownStatus.current = user.status;
    panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [user.status]);
  const name = user.name ?? user.email ?? '';

  if (locked || user.status === 'erased') return null;
  return (
    <Panel title={t('user.signInAccess')} id="user-block">
      {action.conflict && <ConflictNotice onReload={refresh} />}
      {!action.conflict && <ProblemAlert message={action.error} />}
      <div ref={panel}>
        {user.status === 'active' ? (
          <>
            <p>{t('user.blockExplain')}</p>
            <ConfirmAction
              label={t('user.block')}
              title={t('user.blockTitle', { name })}
              body={t('user.blockBody')}
              confirmLabel={t('user.block')}
              danger
              onConfirm={async () => {
                let blocked: AdminUser | undefined;
                const problem = await confirm(async () => {
                  const answer = await browserApi.PATCH('/api/v1/admin/users/{id}', {
                    params: { path: { id: user.id } },
                    body: { status: 'blocked' },
                    headers: ifMatch(user.version),
                  });
                  blocked = answer.data;
                  return answer;
                }, refresh);
                if (!problem && blocked) onSaved(blocked, t('user.blocked'));
                return problem;
              }}
            />
          </>
        ) : (
          <>
            <p>{t('user.blockedExplain')}</p>
            <button
              type="button"
              className="btn"
              disabled={action.pending}
              aria-busy={action.pending || undefined}
              onClick={() =>
                void action
                  .run(() =>
                    browserApi.PATCH('/api/v1/admin/users/{id}', {
                      params: { path: { id: user.id } },
                      body: { status: 'active' },
                      headers: ifMatch(user.version),
                    }),
                  )
                  .then((saved) => saved && onSaved(saved, t('user.unblocked')))
              }
            >
              {t('user.unblock')}
            </button>
          </>
        )}
      </div>
    </Panel>
  );
}
