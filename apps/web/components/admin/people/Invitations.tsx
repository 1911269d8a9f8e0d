'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useConsole } from '../../console/ConsoleProvider';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { Field, SelectField } from '../../console/fields';
import { formatDate, formatDateTime } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { EMAIL } from '../settings/forms';
import { useDialogAction } from '../settings/useDialogAction';
import { PermissionChecks } from './PermissionChecks';
import { DEFAULT_STAFF_PERMISSIONS, permissionKey } from './permissions';
import type { StorePermission } from './permissions';
import styles from '../settings/settings.module.css';

type Invitation =
  paths['/api/v1/admin/invitations']['get']['responses'][200]['content']['application/json']['data'][number];
type InvitationBody = paths['/api/v1/admin/invitations']['post']['requestBody']['content']['application/json'];
const INVITATION_STATUSES = ['pending', 'accepted', 'expired'] as const;

const fetchInvitations = (r: ListRequest) =>
  browserApi.GET('/api/v1/admin/invitations', {
    params: { query: { ...r.page, status: r.oneOf('status', INVITATION_STATUSES) } },
  });

export interface InviteValues {
  email: string;
  role: 'staff' | 'owner';
  permissions: StorePermission[];
}

export function invitationInput(v: InviteValues): { body: InvitationBody; errors: { email?: string } } {
  const email = v.email.trim();
  const errors: { email?: string } = {};
  if (!email) errors.email = 'required';
  else if (!EMAIL.test(email)) errors.email = 'email';
  const body: InvitationBody = { email, role: v.role };
  // An owner holds every permission: grants are for staff only.
  if (v.role === 'staff') body.permissions = [...v.permissions];
  return { body, errors };
}

/** `/admin/users/invitations`: invite staff (or owners) by email; pending invitations can be withdrawn. */
export function InvitationsPage() {
  return (
    <RequirePermission permission="users:manage">
      <Invitations />
    </RequirePermission>
  );
}

function Invitations() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchInvitations);
  const confirm = useDialogAction();
  const [status, setStatus] = useState('');

  const tone = (s: Invitation['status']) => (s === 'accepted' ? 'success' : s === 'pending' ? 'info' : 'neutral');

  return (
    <>
      <PageHeader
        title={t('invitations.title')}
        description={t('invitations.description')}
        actions={
          <Link href="/admin/users" className="btn btn-secondary">
            {t('invitations.back')}
          </Link>
        }
      />
      <InviteForm
        onSent={(inv) => {
          setStatus(t('invitations.sent', { email: inv.email }));
          list.reload();
        }}
      />
      <StatusHint>{status}</StatusHint>
      <Panel title={t('invitations.listTitle')} id="invitations-list">
        <Toolbar label={t('common.filters')}>
          <SelectField
            id="invitations-status"
            label={t('common.status')}
            value={list.params.status ?? ''}
            onChange={(e) => list.setParam('status', e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {INVITATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`invitationStatus.${s}`)}
              </option>
            ))}
          </SelectField>
        </Toolbar>
        <DataTable
          caption={t('invitations.caption')}
          list={list}
          rowKey={(i) => i.id}
          empty={t('invitations.empty')}
          columns={[
            { key: 'email', header: t('users.email'), cell: (i) => i.email },
            { key: 'role', header: t('users.role'), cell: (i) => t(`roles.${i.role}`) },
            {
              key: 'permissions',
              header: t('user.permissions'),
              cell: (i) =>
                i.role === 'owner'
                  ? t('invitations.allPermissions')
                  : i.permissions.map((p) => t(permissionKey(p))).join(', ') || t('invitations.noPermissions'),
            },
            {
              key: 'status',
              header: t('common.status'),
              cell: (i) => <StatusBadge tone={tone(i.status)}>{t(`invitationStatus.${i.status}`)}</StatusBadge>,
            },
            { key: 'expires', header: t('invitations.expires'), cell: (i) => formatDateTime(i.expiresAt, locale) },
            { key: 'created', header: t('invitations.sentAt'), cell: (i) => formatDate(i.createdAt, locale) },
            {
              key: 'actions',
              header: t('common.actions'),
              cell: (i) =>
                i.status === 'accepted' ? null : (
                  <ConfirmAction
                    label={
                      <>
                        {t('invitations.withdraw')}
                        <span className="visually-hidden"> {i.email}</span>
                      </>
                    }
                    title={t('invitations.withdrawTitle', { email: i.email })}
                    body={t('invitations.withdrawBody')}
                    confirmLabel={t('invitations.withdraw')}
                    danger
                    onConfirm={async () => {
                      const problem = await confirm(() =>
                        browserApi.DELETE('/api/v1/admin/invitations/{id}', { params: { path: { id: i.id } } }),
                      );
                      if (!problem) {
                        setStatus(t('invitations.withdrawn', { email: i.email }));
                        list.reload();
                      }
                      return problem;
                    }}
                  />
                ),
            },
          ]}
        />
      </Panel>
    </>
  );
}

function InviteForm({ onSent }: { onSent: (invitation: Invitation) => void }) {
  const t = useTranslations('settings');
  const id = useId();
  const { me, hasRole } = useConsole();
  const actorIsOwner = hasRole('owner');
  const action = useAction();
  const grantable = (p: StorePermission) => actorIsOwner || me.permissions.includes(p);
  const initial = (): InviteValues => ({
    email: '',
    role: 'staff',
    permissions: DEFAULT_STAFF_PERMISSIONS.filter(grantable),
  });
  const [values, setValues] = useState<InviteValues>(initial);
  const [errors, setErrors] = useState<{ email?: string }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = invitationInput(values);
    setErrors(found);
    if (found.email) return;
    const sent = await action.run(() => browserApi.POST('/api/v1/admin/invitations', { body }));
    if (sent) {
      setValues(initial());
      onSent(sent);
    }
  }

  const emailError = (errors.email && t(`validation.${errors.email}`)) || action.fieldError('email');
  return (
    <Panel title={t('invitations.formTitle')} id="invite">
      <ProblemAlert message={action.error} />
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
        <div className={consoleStyles.grid2}>
          <Field
            id={`${id}-email`}
            type="email"
            label={t('users.email')}
            autoComplete="off"
            value={values.email}
            onChange={(e) => {
              setValues((v) => ({ ...v, email: e.target.value }));
              setErrors({});
            }}
            error={emailError}
            required
          />
          <SelectField
            id={`${id}-role`}
            label={t('users.role')}
            value={values.role}
            onChange={(e) => setValues((v) => ({ ...v, role: e.target.value === 'owner' ? 'owner' : 'staff' }))}
            hint={actorIsOwner ? undefined : t('invitations.ownerOnlyHint')}
            error={action.fieldError('role')}
          >
            <option value="staff">{t('roles.staff')}</option>
            {actorIsOwner && <option value="owner">{t('roles.owner')}</option>}
          </SelectField>
        </div>
        {values.role === 'staff' ? (
          <PermissionChecks
            id={`${id}-perm`}
            legend={t('user.permissions')}
            value={values.permissions}
            onChange={(permissions) => setValues((v) => ({ ...v, permissions }))}
            grantable={grantable}
            hint={actorIsOwner ? t('invitations.permissionsHint') : t('user.grantHint')}
            error={action.fieldError('permissions')}
          />
        ) : (
          <p className="hint">{t('invitations.ownerHint')}</p>
        )}
        <div className={styles.buttons}>
          <SubmitButton pending={action.pending}>{t('invitations.send')}</SubmitButton>
        </div>
      </form>
    </Panel>
  );
}
