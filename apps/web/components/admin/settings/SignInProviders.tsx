'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { DataTable } from '../../console/DataTable';
import { ConflictNotice, ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { CheckboxField, Field } from '../../console/fields';
import { formatDate } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from './RequirePermission';
import { SettingsNav } from './SettingsNav';
import { ifMatch } from './forms';
import { useDialogAction } from './useDialogAction';
import styles from './settings.module.css';

type Provider =
  paths['/api/v1/admin/oidc-providers']['get']['responses'][200]['content']['application/json']['data'][number];
type ProviderBody = paths['/api/v1/admin/oidc-providers']['post']['requestBody']['content']['application/json'];
type ProviderPatch = paths['/api/v1/admin/oidc-providers/{id}']['patch']['requestBody']['content']['application/json'];

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SCOPES = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;
const DEFAULT_SCOPES = 'openid email profile';

export interface ProviderValues {
  name: string;
  slug: string;
  issuer: string;
  clientId: string;
  /** A new secret; empty keeps the stored one (or none, for a public client). */
  clientSecret: string;
  removeSecret: boolean;
  scopes: string;
  enabled: boolean;
}

type ProviderErrors = Partial<Record<keyof ProviderValues, string>>;

const isIssuer = (text: string) => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

export function providerInput(v: ProviderValues): { body: ProviderBody; errors: ProviderErrors } {
  const errors: ProviderErrors = {};
  const body: ProviderBody = {
    name: v.name.trim(),
    slug: v.slug.trim(),
    issuer: v.issuer.trim(),
    clientId: v.clientId.trim(),
    scopes: v.scopes.trim().replace(/\s+/g, ' ') || DEFAULT_SCOPES,
    enabled: v.enabled,
  };
  if (v.clientSecret) body.clientSecret = v.clientSecret;
  if (!body.name) errors.name = 'required';
  if (!SLUG.test(body.slug)) errors.slug = 'slug';
  if (!isIssuer(body.issuer)) errors.issuer = 'issuer';
  if (!body.clientId) errors.clientId = 'required';
  if (!SCOPES.test(body.scopes ?? '')) errors.scopes = 'scopes';
  return { body, errors };
}

/** Only what changed; the secret when a new one is typed (or null to remove the stored one). */
export function providerChanges(p: Provider, body: ProviderBody, removeSecret: boolean): ProviderPatch {
  const patch: ProviderPatch = {};
  if (body.name !== p.name) patch.name = body.name;
  if (body.slug !== p.slug) patch.slug = body.slug;
  if (body.issuer !== p.issuer) patch.issuer = body.issuer;
  if (body.clientId !== p.clientId) patch.clientId = body.clientId;
  if (body.scopes !== p.scopes) patch.scopes = body.scopes ?? DEFAULT_SCOPES;
  if (body.enabled !== p.enabled) patch.enabled = body.enabled ?? true;
  if (body.clientSecret) patch.clientSecret = body.clientSecret;
  else if (removeSecret && p.hasClientSecret) patch.clientSecret = null;
  return patch;
}

const fetchProviders = (r: ListRequest) =>
  browserApi.GET('/api/v1/admin/oidc-providers', { params: { query: { ...r.page } } });

/** `/admin/settings/sign-in`: OpenID Connect providers shoppers and staff may sign in with. */
export function SignInProvidersPage() {
  return (
    <RequirePermission permission="settings:manage">
      <SignInProviders />
    </RequirePermission>
  );
}

function SignInProviders() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchProviders);
  const confirm = useDialogAction();
  const [editing, setEditing] = useState<{ provider: Provider | null } | null>(null);
  const [status, setStatus] = useState('');

  return (
    <>
      <PageHeader
        title={t('signIn.title')}
        description={t('signIn.description')}
        actions={
          <button
            type="button"
            className="btn"
            onClick={() => {
              setStatus('');
              setEditing({ provider: null });
            }}
          >
            {t('signIn.add')}
          </button>
        }
      />
      <SettingsNav />
      <StatusHint>{status}</StatusHint>
      {editing && (
        <ProviderForm
          key={editing.provider ? `${editing.provider.id}:${editing.provider.version}` : 'new'}
          provider={editing.provider}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setStatus(t('signIn.saved', { name: saved.name }));
            list.reload();
          }}
          onReload={async () => {
            if (!editing.provider) return;
            const { data } = await browserApi.GET('/api/v1/admin/oidc-providers/{id}', {
              params: { path: { id: editing.provider.id } },
            });
            list.reload();
            setEditing(data ? { provider: data } : null);
            if (!data) setStatus(t('common.goneNow'));
          }}
        />
      )}
      <DataTable
        caption={t('signIn.caption')}
        list={list}
        rowKey={(p) => p.id}
        empty={t('signIn.empty')}
        columns={[
          { key: 'name', header: t('signIn.name'), cell: (p) => p.name },
          { key: 'slug', header: t('signIn.slug'), cell: (p) => <code className={styles.code}>{p.slug}</code> },
          { key: 'issuer', header: t('signIn.issuer'), cell: (p) => <span className={styles.code}>{p.issuer}</span> },
          {
            key: 'status',
            header: t('common.status'),
            cell: (p) =>
              p.enabled ? (
                <StatusBadge tone="success">{t('signIn.enabled')}</StatusBadge>
              ) : (
                <StatusBadge tone="neutral">{t('signIn.disabled')}</StatusBadge>
              ),
          },
          {
            key: 'secret',
            header: t('signIn.clientSecret'),
            cell: (p) => (p.hasClientSecret ? t('signIn.secretStored') : t('signIn.publicClient')),
          },
          { key: 'updated', header: t('common.updated'), cell: (p) => formatDate(p.updatedAt, locale) },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (p) => (
              <div className={styles.rowActions}>
                <button
                  type="button"
                  className="btn btn-secondary"
                  aria-label={t('signIn.editNamed', { name: p.name })}
                  onClick={() => {
                    setStatus('');
                    setEditing({ provider: p });
                  }}
                >
                  {t('common.edit')}
                </button>
                <ConfirmAction
                  label={
                    <>
                      {t('common.delete')}
                      <span className="visually-hidden"> {p.name}</span>
                    </>
                  }
                  title={t('signIn.deleteTitle', { name: p.name })}
                  body={t('signIn.deleteBody')}
                  confirmLabel={t('common.delete')}
                  danger
                  onConfirm={async () => {
                    const problem = await confirm(
                      () =>
                        browserApi.DELETE('/api/v1/admin/oidc-providers/{id}', {
                          params: { path: { id: p.id } },
                          headers: ifMatch(p.version),
                        }),
                      list.reload,
                    );
                    if (!problem) {
                      if (editing?.provider?.id === p.id) setEditing(null);
                      setStatus(t('signIn.deleted', { name: p.name }));
                      list.reload();
                    }
                    return problem;
                  }}
                />
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

function ProviderForm({
  provider,
  onSaved,
  onCancel,
  onReload,
}: {
  provider: Provider | null;
  onSaved: (p: Provider) => void;
  onCancel: () => void;
  onReload: () => Promise<void>;
}) {
  const t = useTranslations('settings');
  const id = useId();
  const action = useAction();
  const first = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState<ProviderValues>({
    name: provider?.name ?? '',
    slug: provider?.slug ?? '',
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    removeSecret: false,
    scopes: provider?.scopes ?? DEFAULT_SCOPES,
    enabled: provider?.enabled ?? true,
  });
  const [errors, setErrors] = useState<ProviderErrors>({});
  const [status, setStatus] = useState('');
  const [origin, setOrigin] = useState('');

  useEffect(() => {
    first.current?.focus();
    setOrigin(window.location.origin);
  }, []);

  const set = <K extends keyof ProviderValues>(key: K, value: ProviderValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = providerInput(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus(t('common.fixFields'));
      return;
    }
    setStatus('');
    if (!provider) {
      const saved = await action.run(() => browserApi.POST('/api/v1/admin/oidc-providers', { body }));
      if (saved) onSaved(saved);
      return;
    }
    const patch = providerChanges(provider, body, values.removeSecret);
    if (Object.keys(patch).length === 0) {
      setStatus(t('common.nothingChanged'));
      return;
    }
    const saved = await action.run(() =>
      browserApi.PATCH('/api/v1/admin/oidc-providers/{id}', {
        params: { path: { id: provider.id } },
        body: patch,
        headers: ifMatch(provider.version),
      }),
    );
    if (saved) onSaved(saved);
  }

  const err = (key: keyof ProviderValues) => (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(key);
  const slug = SLUG.test(values.slug.trim()) ? values.slug.trim() : '{slug}';

  return (
    <Panel title={provider ? t('signIn.editTitle', { name: provider.name }) : t('signIn.addTitle')} id={`${id}-panel`}>
      {action.conflict && <ConflictNotice onReload={() => void onReload()} />}
      {!action.conflict && <ProblemAlert message={action.error} />}
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
        <div className={consoleStyles.grid2}>
          <Field
            id={`${id}-name`}
            inputRef={first}
            label={t('signIn.name')}
            value={values.name}
            maxLength={100}
            onChange={(e) => set('name', e.target.value)}
            hint={t('signIn.nameHint')}
            error={err('name')}
            required
          />
          <Field
            id={`${id}-slug`}
            label={t('signIn.slug')}
            value={values.slug}
            maxLength={63}
            onChange={(e) => set('slug', e.target.value.toLowerCase())}
            hint={t('signIn.slugHint')}
            error={err('slug')}
            required
          />
        </div>
        <Field
          id={`${id}-issuer`}
          type="url"
          label={t('signIn.issuer')}
          value={values.issuer}
          onChange={(e) => set('issuer', e.target.value)}
          hint={t('signIn.issuerHint')}
          error={err('issuer')}
          required
        />
        <p className="hint">
          {t('signIn.redirectUri')} <code className={styles.code}>{`${origin}/api/v1/auth/oidc/${slug}/callback`}</code>
        </p>
        <div className={consoleStyles.grid2}>
          <Field
            id={`${id}-client`}
            label={t('signIn.clientId')}
            value={values.clientId}
            maxLength={512}
            autoComplete="off"
            onChange={(e) => set('clientId', e.target.value)}
            error={err('clientId')}
            required
          />
          <Field
            id={`${id}-secret`}
            type="password"
            label={t('signIn.clientSecret')}
            value={values.clientSecret}
            maxLength={2048}
            autoComplete="new-password"
            disabled={values.removeSecret}
            onChange={(e) => set('clientSecret', e.target.value)}
            hint={
              provider?.hasClientSecret
                ? t('signIn.secretKeepHint')
                : provider
                  ? t('signIn.secretNoneHint')
                  : t('signIn.secretNewHint')
            }
            error={err('clientSecret')}
          />
        </div>
        {provider?.hasClientSecret && (
          <CheckboxField
            id={`${id}-remove-secret`}
            label={t('signIn.removeSecret')}
            checked={values.removeSecret}
            onChange={(on) => {
              set('removeSecret', on);
              if (on) set('clientSecret', '');
            }}
          />
        )}
        <Field
          id={`${id}-scopes`}
          label={t('signIn.scopes')}
          value={values.scopes}
          maxLength={1024}
          onChange={(e) => set('scopes', e.target.value)}
          hint={t('signIn.scopesHint')}
          error={err('scopes')}
        />
        <CheckboxField
          id={`${id}-enabled`}
          label={t('signIn.enabledLabel')}
          checked={values.enabled}
          onChange={(on) => set('enabled', on)}
        />
        <div className={styles.buttons}>
          <SubmitButton pending={action.pending}>
            {provider ? t('common.saveChanges') : t('signIn.create')}
          </SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
        <StatusHint>{status}</StatusHint>
      </form>
    </Panel>
  );
}
