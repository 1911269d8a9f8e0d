'use client';
import { useCallback, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { PageHeader, Panel } from '../../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { CheckboxField, Field, SelectField } from '../../console/fields';
import { useAction } from '../../console/useAction';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { SettingsNav } from './SettingsNav';
import { bpsToPercent, COUNTRY, countryName, EMAIL, ifMatch, orNull, percentToBps } from './forms';
import { useRecord } from './useRecord';
import styles from './settings.module.css';

export type Settings = paths['/api/v1/admin/settings']['get']['responses'][200]['content']['application/json'];
export type SettingsChanges = NonNullable<
  paths['/api/v1/admin/settings']['patch']['requestBody']
>['content']['application/json'];
type PaymentMethod = Settings['paymentMethods'][number];

export interface StoreValues {
  name: string;
  currency: string;
  /** Language tags as typed: `en, de`. */
  locales: string;
  defaultLocale: string;
  paymentMethods: PaymentMethod[];
  commission: string;
  pricesIncludeTax: boolean;
  defaultCountry: string;
  orderNumberPrefix: string;
  supportEmail: string;
  logoUrl: string;
}

/** Validation messages by field: keys of `settings.validation`. */
export type StoreErrors = Partial<Record<keyof StoreValues, string>>;

const CURRENCY = /^[A-Z]{3}$/;
const LOCALE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** `en, de ,pt-BR` → `['en', 'de', 'pt-BR']` (empty parts dropped, duplicates once). */
const localesOf = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

const PREFIX = /^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$/;
const LOGO = /^(?:https?:\/\/\S+|\/(?!\/)\S*)$/;

export const storeValuesOf = (s: Settings): StoreValues => ({
  name: s.name,
  currency: s.defaultCurrency,
  locales: s.locales.join(', '),
  defaultLocale: s.defaultLocale,
  paymentMethods: s.paymentMethods,
  commission: bpsToPercent(s.commissionRateBps),
  pricesIncludeTax: s.pricesIncludeTax,
  defaultCountry: s.defaultCountry,
  orderNumberPrefix: s.orderNumberPrefix,
  supportEmail: s.supportEmail ?? '',
  logoUrl: s.logoUrl ?? '',
});

/** The PATCH body (only what changed) and the fields that need fixing first. */
export function storeChanges(s: Settings, v: StoreValues): { body: SettingsChanges; errors: StoreErrors } {
  const body: SettingsChanges = {};
  const errors: StoreErrors = {};

  const name = v.name.trim();
  if (!name || name.length > 200) errors.name = 'name';
  else if (name !== s.name) body.name = name;

  const currency = v.currency.trim().toUpperCase();
  if (!CURRENCY.test(currency)) errors.currency = 'currency';
  else if (currency !== s.defaultCurrency) body.defaultCurrency = currency;

  const locales = localesOf(v.locales);
  if (locales.length === 0 || locales.length > 20 || !locales.every((l) => LOCALE_TAG.test(l))) {
    errors.locales = 'locales';
  } else {
    if (!locales.includes(v.defaultLocale)) errors.defaultLocale = 'defaultLocale';
    else if (v.defaultLocale !== s.defaultLocale) body.defaultLocale = v.defaultLocale;
    if (locales.length !== s.locales.length || locales.some((l, i) => l !== s.locales[i])) body.locales = locales;
  }

  if (v.paymentMethods.length === 0) errors.paymentMethods = 'paymentMethodRequired';
  else if (
    v.paymentMethods.length !== s.paymentMethods.length ||
    v.paymentMethods.some((m) => !s.paymentMethods.includes(m))
  ) {
    body.paymentMethods = s.availablePaymentMethods.filter((m) => v.paymentMethods.includes(m));
  }

  const bps = percentToBps(v.commission);
  if (bps === null) errors.commission = 'percent';
  else if (bps !== s.commissionRateBps) body.commissionRateBps = bps;

  if (v.pricesIncludeTax !== s.pricesIncludeTax) body.pricesIncludeTax = v.pricesIncludeTax;

  const country = v.defaultCountry.trim().toUpperCase();
  if (!COUNTRY.test(country)) errors.defaultCountry = 'countryCode';
  else if (country !== s.defaultCountry) body.defaultCountry = country;

  const prefix = v.orderNumberPrefix.trim().toUpperCase();
  if (prefix && !PREFIX.test(prefix)) errors.orderNumberPrefix = 'orderPrefix';
  else if (prefix !== s.orderNumberPrefix) body.orderNumberPrefix = prefix || null;

  const email = orNull(v.supportEmail);
  if (email && !EMAIL.test(email)) errors.supportEmail = 'email';
  else if (email !== s.supportEmail) body.supportEmail = email;

  const logo = orNull(v.logoUrl);
  if (logo && !LOGO.test(logo)) errors.logoUrl = 'logoUrl';
  else if (logo !== s.logoUrl) body.logoUrl = logo;

  return { body, errors };
}

const loadSettings = () => browserApi.GET('/api/v1/admin/settings');

/** `/admin/settings`: the store's profile, payments, commission and order numbers. */
export function StoreSettingsPage() {
  const t = useTranslations('settings');
  return (
    <RequirePermission permission="settings:manage">
      <PageHeader title={t('store.title')} description={t('store.description')} />
      <SettingsNav />
      <StoreSettings />
    </RequirePermission>
  );
}

function StoreSettings() {
  const record = useRecord(loadSettings);
  const [loads, setLoads] = useState(0);
  if (!record.data) return <Loading error={record.error} />;
  return (
    <StoreSettingsForm
      // Reloaded after a conflict: the form starts again from the latest version.
      key={loads}
      settings={record.data}
      onSaved={record.setData}
      onReload={() => void record.reload().then(() => setLoads((n) => n + 1))}
    />
  );
}

/** The settings form: validates before sending, sends only changes with `If-Match`, shows 412 and field errors. */
export function StoreSettingsForm({
  settings,
  onSaved,
  onReload,
}: {
  settings: Settings;
  onSaved: (settings: Settings) => void;
  onReload: () => void;
}) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const id = useId();
  const action = useAction();
  const [values, setValues] = useState<StoreValues>(() => storeValuesOf(settings));
  const [errors, setErrors] = useState<StoreErrors>({});
  const [status, setStatus] = useState('');

  const set = useCallback(<K extends keyof StoreValues>(key: K, value: StoreValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setStatus('');
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = storeChanges(settings, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus(t('common.fixFields'));
      return;
    }
    if (Object.keys(body).length === 0) {
      setStatus(t('common.nothingChanged'));
      return;
    }
    setStatus('');
    const saved = await action.run(() =>
      browserApi.PATCH('/api/v1/admin/settings', { body, headers: ifMatch(settings.version) }),
    );
    if (saved) {
      onSaved(saved);
      setValues(storeValuesOf(saved));
      setStatus(t('common.saved'));
    }
  }

  const err = (key: keyof StoreValues, apiPath: string) =>
    (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(apiPath);
  const country = values.defaultCountry.trim().toUpperCase();

  return (
    <>
      <Panel title={t('store.formTitle')} id={`${id}-form`}>
        {action.conflict && <ConflictNotice onReload={onReload} />}
        {!action.conflict && <ProblemAlert message={action.error} />}
        <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
          <fieldset className={styles.fieldset}>
            <legend>{t('store.identity')}</legend>
            <Field
              id={`${id}-name`}
              label={t('store.name')}
              value={values.name}
              maxLength={200}
              onChange={(e) => set('name', e.target.value)}
              error={err('name', 'name')}
              required
            />
            <div className={consoleStyles.grid2}>
              <Field
                id={`${id}-currency`}
                label={t('store.currency')}
                value={values.currency}
                maxLength={3}
                autoCapitalize="characters"
                onChange={(e) => set('currency', e.target.value.toUpperCase())}
                hint={t('store.currencyHint')}
                error={err('currency', 'defaultCurrency')}
                required
              />
              <Field
                id={`${id}-locales`}
                label={t('store.locales')}
                value={values.locales}
                onChange={(e) => set('locales', e.target.value)}
                hint={t('store.localesHint')}
                error={err('locales', 'locales')}
                required
              />
            </div>
            <SelectField
              id={`${id}-default-locale`}
              label={t('store.defaultLocale')}
              value={values.defaultLocale}
              onChange={(e) => set('defaultLocale', e.target.value)}
              error={err('defaultLocale', 'defaultLocale')}
            >
              {[...new Set([values.defaultLocale, ...localesOf(values.locales)])].map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </SelectField>
          </fieldset>
          <fieldset
            className={styles.fieldset}
            aria-describedby={
              errors.paymentMethods || action.fieldError('paymentMethods') ? `${id}-pm-error` : `${id}-pm-hint`
            }
          >
            <legend>{t('store.paymentMethods')}</legend>
            <div className={styles.checks}>
              {settings.availablePaymentMethods.map((m) => (
                <CheckboxField
                  key={m}
                  id={`${id}-pm-${m}`}
                  label={t(`paymentMethod.${m}`)}
                  checked={values.paymentMethods.includes(m)}
                  onChange={(on) =>
                    set(
                      'paymentMethods',
                      on ? [...values.paymentMethods, m] : values.paymentMethods.filter((x) => x !== m),
                    )
                  }
                />
              ))}
            </div>
            <p id={`${id}-pm-hint`} className="hint">
              {t('store.paymentMethodsHint', { currency: settings.defaultCurrency })}
            </p>
            {err('paymentMethods', 'paymentMethods') && (
              <p id={`${id}-pm-error`} className="field-error">
                {err('paymentMethods', 'paymentMethods')}
              </p>
            )}
          </fieldset>

          <div className={consoleStyles.grid2}>
            <Field
              id={`${id}-commission`}
              label={t('store.commission')}
              inputMode="decimal"
              value={values.commission}
              onChange={(e) => set('commission', e.target.value)}
              hint={t('store.commissionHint')}
              error={err('commission', 'commissionRateBps')}
              required
            />
            <Field
              id={`${id}-country`}
              label={t('store.defaultCountry')}
              value={values.defaultCountry}
              maxLength={2}
              autoCapitalize="characters"
              onChange={(e) => set('defaultCountry', e.target.value.toUpperCase())}
              hint={COUNTRY.test(country) ? countryName(country, locale) : t('store.defaultCountryHint')}
              error={err('defaultCountry', 'defaultCountry')}
              required
            />
          </div>
          <CheckboxField
            id={`${id}-tax`}
            label={t('store.pricesIncludeTax')}
            checked={values.pricesIncludeTax}
            onChange={(on) => set('pricesIncludeTax', on)}
          />
          <div className={consoleStyles.grid2}>
            <Field
              id={`${id}-prefix`}
              label={t('store.orderNumberPrefix')}
              value={values.orderNumberPrefix}
              maxLength={20}
              autoCapitalize="characters"
              onChange={(e) => set('orderNumberPrefix', e.target.value.toUpperCase())}
              hint={t('store.orderNumberPrefixHint', {
                example: `${values.orderNumberPrefix.trim() || 'SHOP'}-000123`,
              })}
              error={err('orderNumberPrefix', 'orderNumberPrefix')}
            />
            <Field
              id={`${id}-email`}
              type="email"
              label={t('store.supportEmail')}
              value={values.supportEmail}
              autoComplete="off"
              onChange={(e) => set('supportEmail', e.target.value)}
              hint={t('common.optional')}
              error={err('supportEmail', 'supportEmail')}
            />
          </div>
          <Field
            id={`${id}-logo`}
            type="url"
            label={t('store.logoUrl')}
            value={values.logoUrl}
            onChange={(e) => set('logoUrl', e.target.value)}
            hint={t('store.logoUrlHint')}
            error={err('logoUrl', 'logoUrl')}
          />
          <div className={styles.buttons}>
            <SubmitButton pending={action.pending}>{t('common.saveChanges')}</SubmitButton>
          </div>
          <StatusHint>{status}</StatusHint>
        </form>
      </Panel>
    </>
  );
}
