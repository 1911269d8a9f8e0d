'use client';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmDialog } from '../../account/ConfirmDialog';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useConsole } from '../../console/ConsoleProvider';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { DataTable } from '../../console/DataTable';
import { ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { Field, SelectField } from '../../console/fields';
import { formatDate, formatDateTime, isoDay } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { useDialogAction } from '../settings/useDialogAction';
import { PermissionChecks } from './PermissionChecks';
import { permissionKey } from './permissions';
import type { StorePermission } from './permissions';
import styles from '../settings/settings.module.css';

type ApiKey = paths['/api/v1/admin/api-keys']['get']['responses'][200]['content']['application/json']['data'][number];
type CreatedKey = paths['/api/v1/admin/api-keys']['post']['responses'][201]['content']['application/json'];
type ApiKeyBody = paths['/api/v1/admin/api-keys']['post']['requestBody']['content']['application/json'];

export const EXPIRY_CHOICES = ['30', '90', '180', '365', 'date', 'never'] as const;
export type Expiry = (typeof EXPIRY_CHOICES)[number];

const DAY = 86_400_000;

/** The latest expiry the API accepts: a year from now (a minute less, for the clocks' sake). */
export function latestExpiry(now: Date): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return new Date(d.getTime() - 60_000);
}

export interface KeyValues {
  name: string;
  scopes: StorePermission[];
  expiry: Expiry;
  /** `YYYY-MM-DD` when `expiry` is `date`. */
  date: string;
}

type KeyErrors = Partial<Record<'name' | 'scopes' | 'date', string>>;

export function apiKeyInput(v: KeyValues, now = new Date()): { body: ApiKeyBody; errors: KeyErrors } {
  const errors: KeyErrors = {};
  const name = v.name.trim();
  if (!name) errors.name = 'required';
  if (v.scopes.length === 0) errors.scopes = 'scopeRequired';
  const body: ApiKeyBody = { name, scopes: [...v.scopes] };
  const latest = latestExpiry(now);
  if (v.expiry === 'date') {
    // The end of the chosen local day, but never past the latest the API accepts.
    const end = /^\d{4}-\d{2}-\d{2}$/.test(v.date) ? new Date(`${v.date}T23:59:59`) : null;
    if (!end || Number.isNaN(end.getTime()) || end.getTime() <= now.getTime()) errors.date = 'futureDate';
    else if (end.getTime() > latest.getTime() + DAY) errors.date = 'withinYear';
    else body.expiresAt = new Date(Math.min(end.getTime(), latest.getTime())).toISOString();
  } else if (v.expiry !== 'never') {
    const days = Number(v.expiry);
    body.expiresAt = new Date(Math.min(now.getTime() + days * DAY, latest.getTime())).toISOString();
  }
  return { body, errors };
}

const fetchKeys = (r: ListRequest) => browserApi.GET('/api/v1/admin/api-keys', { params: { query: { ...r.page } } });

type KeyState = 'active' | 'revoked' | 'expired';
const stateOf = (k: ApiKey, now: number): KeyState =>
  k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt).getTime() <= now ? 'expired' : 'active';

/** `/admin/api-keys`: keys for services; a new key's secret is shown once. */
export function ApiKeysPage() {
  return (
    <RequirePermission permission="api_keys:manage">
      <ApiKeys />
    </RequirePermission>
  );
}

function ApiKeys() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchKeys);
  const confirm = useDialogAction();
  const [status, setStatus] = useState('');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [now] = useState(() => Date.now());

  return (
    <>
      <PageHeader title={t('apiKeys.title')} description={t('apiKeys.description')} />
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          setStatus('');
          list.reload();
        }}
      />
      {created && (
        <SecretDialog
          created={created}
          onClose={() => {
            setStatus(t('apiKeys.createdStatus', { name: created.name }));
            // The secret leaves memory with the dialog: it is never shown again.
            setCreated(null);
          }}
        />
      )}
      <StatusHint>{status}</StatusHint>
      <Panel title={t('apiKeys.listTitle')} id="api-keys-list">
        <DataTable
          caption={t('apiKeys.caption')}
          list={list}
          rowKey={(k) => k.id}
          empty={t('apiKeys.empty')}
          columns={[
            { key: 'name', header: t('apiKeys.name'), cell: (k) => k.name },
            {
              key: 'prefix',
              header: t('apiKeys.prefix'),
              cell: (k) => <code className={styles.code}>{k.prefix}…</code>,
            },
            {
              key: 'scopes',
              header: t('apiKeys.scopes'),
              cell: (k) => (
                <ul className={styles.tags}>
                  {k.scopes.map((s) => (
                    <li key={s} className={styles.tag}>
                      {t(permissionKey(s))}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              key: 'state',
              header: t('common.status'),
              cell: (k) => {
                const state = stateOf(k, now);
                return (
                  <StatusBadge tone={state === 'active' ? 'success' : state === 'revoked' ? 'danger' : 'neutral'}>
                    {t(`apiKeys.state.${state}`)}
                  </StatusBadge>
                );
              },
            },
            {
              key: 'expires',
              header: t('apiKeys.expires'),
              cell: (k) => (k.expiresAt ? formatDateTime(k.expiresAt, locale) : t('apiKeys.noExpiry')),
            },
            {
              key: 'used',
              header: t('apiKeys.lastUsed'),
              cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t('users.never')),
            },
            { key: 'created', header: t('users.created'), cell: (k) => formatDate(k.createdAt, locale) },
            {
              key: 'actions',
              header: t('common.actions'),
              cell: (k) =>
                k.revokedAt ? (
                  <span className="muted">{t('apiKeys.revokedAt', { date: formatDate(k.revokedAt, locale) })}</span>
                ) : (
                  <ConfirmAction
                    label={
                      <>
                        {t('apiKeys.revoke')}
                        <span className="visually-hidden"> {k.name}</span>
                      </>
                    }
                    title={t('apiKeys.revokeTitle', { name: k.name })}
                    body={t('apiKeys.revokeBody')}
                    confirmLabel={t('apiKeys.revoke')}
                    danger
                    onConfirm={async () => {
                      const problem = await confirm(() =>
                        browserApi.DELETE('/api/v1/admin/api-keys/{id}', { params: { path: { id: k.id } } }),
                      );
                      if (!problem) {
                        setStatus(t('apiKeys.revoked', { name: k.name }));
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

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const t = useTranslations('settings');
  const id = useId();
  const { me } = useConsole();
  const action = useAction();
  const blank: KeyValues = { name: '', scopes: [], expiry: '90', date: '' };
  const [values, setValues] = useState<KeyValues>(blank);
  const [errors, setErrors] = useState<KeyErrors>({});
  const [today] = useState(() => new Date());

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = apiKeyInput(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const key = await action.run(() => browserApi.POST('/api/v1/admin/api-keys', { body }));
    if (key) {
      setValues(blank);
      onCreated(key);
    }
  }

  const err = (key: keyof KeyErrors, apiPath: string) =>
    (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(apiPath);

  return (
    <Panel title={t('apiKeys.formTitle')} id="api-key-create">
      <ProblemAlert message={action.error} />
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id={`${id}-name`}
          label={t('apiKeys.name')}
          value={values.name}
          maxLength={100}
          onChange={(e) => {
            setValues((v) => ({ ...v, name: e.target.value }));
            setErrors((x) => ({ ...x, name: undefined }));
          }}
          hint={t('apiKeys.nameHint')}
          error={err('name', 'name')}
          required
        />
        <PermissionChecks
          id={`${id}-scopes`}
          legend={t('apiKeys.scopes')}
          value={values.scopes}
          onChange={(scopes) => {
            setValues((v) => ({ ...v, scopes }));
            setErrors((x) => ({ ...x, scopes: undefined }));
          }}
          grantable={(p) => me.permissions.includes(p)}
          hint={t('apiKeys.scopesHint')}
          error={err('scopes', 'scopes')}
        />
        <div className={consoleStyles.grid2}>
          <SelectField
            id={`${id}-expiry`}
            label={t('apiKeys.expiry')}
            value={values.expiry}
            onChange={(e) => {
              const expiry = EXPIRY_CHOICES.find((c) => c === e.target.value) ?? '90';
              setValues((v) => ({ ...v, expiry }));
              setErrors((x) => ({ ...x, date: undefined }));
            }}
            error={action.fieldError('expiresAt')}
          >
            {EXPIRY_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(`apiKeys.expiryChoice.${c}`)}
              </option>
            ))}
          </SelectField>
          {values.expiry === 'date' && (
            <Field
              id={`${id}-date`}
              type="date"
              label={t('apiKeys.expiryDate')}
              value={values.date}
              min={isoDay(new Date(today.getTime() + DAY))}
              max={isoDay(latestExpiry(today))}
              onChange={(e) => {
                setValues((v) => ({ ...v, date: e.target.value }));
                setErrors((x) => ({ ...x, date: undefined }));
              }}
              error={err('date', 'expiresAt')}
              required
            />
          )}
        </div>
        {values.expiry === 'never' && <p className="hint">{t('apiKeys.neverHint')}</p>}
        <div className={styles.buttons}>
          <SubmitButton pending={action.pending}>{t('apiKeys.create')}</SubmitButton>
        </div>
      </form>
    </Panel>
  );
}

/** The new key, once: a read-only field to select, a copy button and the warning that it will not be shown again. */
export function SecretDialog({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const t = useTranslations('settings');
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }

  return (
    <ConfirmDialog open title={t('apiKeys.secretTitle', { name: created.name })} onClose={onClose}>
      <p className={styles.warning} role="alert">
        {t('apiKeys.secretWarning')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('apiKeys.secretLabel')}</label>
        <input
          id={`${id}-key`}
          className={`input ${styles.secret}`}
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p className={styles.buttons}>
        <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
          {t('apiKeys.copy')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('apiKeys.done')}
        </button>
      </p>
      <StatusHint>{copied === 'yes' ? t('apiKeys.copied') : copied === 'no' ? t('apiKeys.copyFailed') : ''}</StatusHint>
    </ConfirmDialog>
  );
}
