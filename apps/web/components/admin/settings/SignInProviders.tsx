'use client';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { StatusBadge } from '../../console/ConsoleShell';
import { CheckboxField, Field } from '../../console/fields';
import { formatDate } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { RecordFormPanel, RecordListPage, useRecordForm } from './RecordList';
import type { RecordEditorProps } from './RecordList';
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

  return (
    <RecordListPage
      section="signIn"
      list={list}
      fresh={async (p) => {
        const { data } = await browserApi.GET('/api/v1/admin/oidc-providers/{id}', { params: { path: { id: p.id } } });
        return data ?? null;
      }}
      remove={(p, headers) =>
        browserApi.DELETE('/api/v1/admin/oidc-providers/{id}', { params: { path: { id: p.id } }, headers })
      }
      deleteBody={() => t('signIn.deleteBody')}
      form={(provider, props) => <ProviderForm provider={provider} {...props} />}
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
      ]}
    />
  );
}

function ProviderForm({
  provider,
  onSaved,
  onCancel,
  onReload,
}: { provider: Provider | null } & RecordEditorProps<Provider>) {
  const t = useTranslations('settings');
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
  const form = useRecordForm({
    record: provider,
    check: () => providerInput(values),
    changes: (p, body) => providerChanges(p, body, values.removeSecret),
    create: (body) => browserApi.POST('/api/v1/admin/oidc-providers', { body }),
    update: (p, patch, headers) =>
      browserApi.PATCH('/api/v1/admin/oidc-providers/{id}', { params: { path: { id: p.id } }, body: patch, headers }),
    onSaved,
  });
  const { id, action, first, errors, setErrors } = form;
  const [origin, setOrigin] = useState('');

  useEffect(() => setOrigin(window.location.origin), []);

  const set = <K extends keyof ProviderValues>(key: K, value: ProviderValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const err = (key: keyof ProviderValues) => (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(key);
  const slug = SLUG.test(values.slug.trim()) ? values.slug.trim() : '{slug}';

  return (
    <RecordFormPanel section="signIn" name={provider?.name} form={form} onReload={onReload} onCancel={onCancel}>
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
    </RecordFormPanel>
  );
}
