'use client';
import { useCallback, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { Field, TextAreaField } from '../console/fields';
import { problemOf } from '../console/problems';
import type { Answer, useAction } from '../console/useAction';
import { FIELD_OF_CODE } from './storeForm';
import type { Invalid, StoreDraft } from './storeForm';
import styles from '../console/console.module.css';

type Action = ReturnType<typeof useAction>;

/** The id of each field of the store forms, by the path the API gives its errors. */
export const FIELD_IDS: Record<string, string> = {
  name: 'store-name',
  slug: 'store-slug',
  defaultCurrency: 'store-currency',
  defaultLocale: 'store-locale',
  locales: 'store-locales',
  domains: 'store-domains',
  'owner.email': 'owner-email',
  'owner.name': 'owner-name',
  'owner.password': 'owner-password',
};

/** The rule a field breaks when the API's schema refuses it (a `pattern`, `format` or length rule). */
const RULE_OF_PATH: Record<string, string> = {
  name: 'name',
  slug: 'slug',
  defaultCurrency: 'currency',
  defaultLocale: 'locale',
  locales: 'localesFormat',
  domains: 'domainsFormat',
  'owner.email': 'email',
  'owner.name': 'name',
  'owner.password': 'passwordLength',
};

/** The password rules the API names (`code` of a field error), by their message in `platform.validation`. */
const PASSWORD_RULES: Record<string, string> = {
  password_too_short: 'passwordLength',
  password_too_long: 'passwordLength',
  minLength: 'passwordLength',
  maxLength: 'passwordLength',
  password_common: 'passwordCommon',
  password_contains_email: 'passwordEmail',
};

/** Schema rules a field's own rule (`RULE_OF_PATH`) explains better than the generic wording. */
const SCHEMA_RULES = new Set(['pattern', 'format', 'minLength', 'maxLength', 'type', 'minItems', 'maxItems', 'enum']);

/** Moves focus to the first field of `paths` that the form shows. */
export function focusFirst(paths: readonly string[]): void {
  const order = Object.keys(FIELD_IDS);
  const first = [...paths].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
  const id = first ? FIELD_IDS[first] : undefined;
  if (id) requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** `locales.2` → `locales`, `owner.email` stays: the field that shows an error of the API. */
const fieldPath = (path: string) => {
  const parts = path.split('.');
  if (parts[0] === 'owner') return parts.slice(0, 2).join('.');
  return parts[0] ?? path;
};

/**
 * The messages of a store form: what the form itself found before sending, else what the API said
 * about the field (worded by the rule it names, in the page's language), and a
 * `send` that runs the call and turns the API's store problems (slug taken, domain taken, unknown
 * currency) into messages on their fields.
 */
export function useStoreErrors(action: Action) {
  const t = useTranslations('platform');
  const tc = useTranslations('console');
  const [local, setLocal] = useState<Record<string, string>>({});

  const api = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [path, message] of Object.entries(action.fieldErrors)) {
      const field = fieldPath(path);
      if (out[field]) continue;
      const code = action.fieldCodes[path];
      const password = code ? PASSWORD_RULES[code] : undefined;
      if (field === 'owner.password') out[field] = t(`validation.${password ?? 'passwordWeak'}`);
      else if (code && SCHEMA_RULES.has(code) && RULE_OF_PATH[field])
        out[field] = t(`validation.${RULE_OF_PATH[field]}`);
      else out[field] = message;
    }
    return out;
  }, [action.fieldErrors, action.fieldCodes, t]);

  const errorFor = useCallback((path: string): string | undefined => local[path] ?? api[path], [local, api]);

  /** Shows what the form found; answers whether it may be sent. */
  const checked = useCallback(
    (invalid: readonly Invalid[]): boolean => {
      const out: Record<string, string> = {};
      for (const i of invalid) {
        out[i.path] ??= i.key === 'required' ? tc('validation.required') : t(`validation.${i.key}`, i.values);
      }
      setLocal(out);
      action.reset();
      if (invalid.length > 0) {
        action.setError(tc('validation.summary'));
        focusFirst(Object.keys(out));
      }
      return invalid.length === 0;
    },
    [action, t, tc],
  );

  /** Runs a store call; the API's store problems land on their fields. */
  const send = useCallback(
    async <T,>(call: () => Promise<Answer<T>>): Promise<T | null> => {
      let problem: Problem | null = null;
      const data = await action.run(async () => {
        const answer = await call();
        if (!answer.response.ok) problem = problemOf(answer.error, answer.response);
        return answer;
      });
      const failed = problem as Problem | null;
      if (data || !failed) return data;
      const field = FIELD_OF_CODE[failed.code];
      if (field) {
        const domains = Array.isArray(failed.domains) ? (failed.domains as unknown[]).map(String).join(', ') : '';
        action.setFieldErrors({ [field]: t(`errors.${failed.code}`, { domains }) });
        action.setError(tc('validation.summary'));
        focusFirst([field]);
      } else if (failed.errors?.length) {
        action.setError(tc('validation.summary'));
        focusFirst(failed.errors.map((e) => fieldPath(e.path.replace(/^\/?body[./]/, '').replace(/\//g, '.'))));
      }
      return null;
    },
    [action, t, tc],
  );

  return { errorFor, checked, send, clear: (path: string) => setLocal(({ [path]: _, ...rest }) => rest) };
}

/** The currencies the browser knows, for the currency field's suggestions. */
function currencyCodes(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: 'currency') => string[] }).supportedValuesOf;
  return typeof supported === 'function' ? supported('currency') : ['EUR', 'GBP', 'INR', 'USD'];
}

/**
 * The fields a store has in both forms: name, (slug, when creating), currency, default language,
 * other languages and domains.
 */
export function StoreFields({
  draft,
  onChange,
  errorFor,
  withSlug = false,
  onSlugEdited,
}: {
  draft: StoreDraft;
  onChange: (patch: Partial<StoreDraft>, path: string) => void;
  errorFor: (path: string) => string | undefined;
  withSlug?: boolean;
  onSlugEdited?: () => void;
}) {
  const t = useTranslations('platform');
  const codes = useMemo(currencyCodes, []);
  return (
    <>
      <div className={styles.grid2}>
        <Field
          id={FIELD_IDS.name!}
          label={t('form.name')}
          required
          maxLength={200}
          autoComplete="off"
          value={draft.name}
          error={errorFor('name')}
          onChange={(e) => onChange({ name: e.target.value }, 'name')}
        />
        {withSlug && (
          <Field
            id={FIELD_IDS.slug!}
            label={t('form.slug')}
            hint={t('form.slugHint')}
            required
            maxLength={63}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            value={draft.slug}
            error={errorFor('slug')}
            onChange={(e) => {
              onSlugEdited?.();
              onChange({ slug: e.target.value.toLowerCase() }, 'slug');
            }}
          />
        )}
        <Field
          id={FIELD_IDS.defaultCurrency!}
          label={t('form.currency')}
          hint={t('form.currencyHint')}
          required
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          list="platform-currency-codes"
          value={draft.currency}
          error={errorFor('defaultCurrency')}
          onChange={(e) => onChange({ currency: e.target.value.toUpperCase() }, 'defaultCurrency')}
        />
        <datalist id="platform-currency-codes">
          {codes.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Field
          id={FIELD_IDS.defaultLocale!}
          label={t('form.defaultLocale')}
          hint={t('form.defaultLocaleHint')}
          required
          maxLength={35}
          autoComplete="off"
          spellCheck={false}
          value={draft.defaultLocale}
          error={errorFor('defaultLocale')}
          onChange={(e) => onChange({ defaultLocale: e.target.value }, 'defaultLocale')}
        />
        <Field
          id={FIELD_IDS.locales!}
          label={t('form.locales')}
          hint={t('form.localesHint')}
          autoComplete="off"
          spellCheck={false}
          value={draft.locales}
          error={errorFor('locales')}
          onChange={(e) => onChange({ locales: e.target.value }, 'locales')}
        />
      </div>
      <TextAreaField
        id={FIELD_IDS.domains!}
        label={t('form.domains')}
        hint={t('form.domainsHint')}
        spellCheck={false}
        autoCapitalize="none"
        rows={3}
        value={draft.domains}
        error={errorFor('domains')}
        onChange={(e) => onChange({ domains: e.target.value }, 'domains')}
      />
    </>
  );
}
