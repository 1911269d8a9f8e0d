'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { fieldErrorsOf, problemText } from './problems';
import { Field } from './Field';
import { ADDRESS_FIELDS, validateAddress } from './addressForm';
import type { AddressField, AddressValues } from './addressForm';
import styles from './account.module.css';

const AUTOCOMPLETE: Record<AddressField, string> = {
  label: 'off',
  name: 'name',
  line1: 'address-line1',
  line2: 'address-line2',
  city: 'address-level2',
  region: 'address-level1',
  postalCode: 'postal-code',
  country: 'country',
  phone: 'tel',
};

const REQUIRED = new Set<AddressField>(['name', 'line1', 'city', 'postalCode', 'country']);

/**
 * Add or edit an address. `onSave` resolves to the API's problem (shown per field where it names
 * one) or null when saved.
 */
export function AddressForm({
  idPrefix,
  initial,
  submitLabel,
  onSave,
  onCancel,
}: {
  idPrefix: string;
  initial: AddressValues;
  submitLabel: string;
  onSave: (values: AddressValues) => Promise<Problem | null>;
  onCancel?: () => void;
}) {
  const t = useTranslations('account');
  const [values, setValues] = useState<AddressValues>(initial);
  const [errors, setErrors] = useState<Partial<Record<AddressField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (field: AddressField, value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    const found = validateAddress(values);
    const messages: Partial<Record<AddressField, string>> = {};
    for (const [field, key] of Object.entries(found)) {
      messages[field as AddressField] = t(`addresses.errors.${key}`);
    }
    setErrors(messages);
    const first = ADDRESS_FIELDS.find((f) => messages[f]);
    if (first) {
      document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    setPending(true);
    const problem = await onSave(values);
    setPending(false);
    if (!problem) return;
    const fields = fieldErrorsOf(t, problem, ADDRESS_FIELDS);
    if (Object.keys(fields).length > 0) {
      setErrors(fields);
      const f = ADDRESS_FIELDS.find((x) => fields[x]);
      if (f) document.getElementById(`${idPrefix}-${f}`)?.focus();
    } else {
      setError(problemText(t, problem));
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className={styles.form}>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <div className={styles.grid}>
        {ADDRESS_FIELDS.map((field) => (
          <Field
            key={field}
            id={`${idPrefix}-${field}`}
            label={
              REQUIRED.has(field)
                ? t(`addresses.fields.${field}`)
                : t('addresses.optional', { label: t(`addresses.fields.${field}`) })
            }
            name={field}
            autoComplete={AUTOCOMPLETE[field]}
            required={REQUIRED.has(field)}
            type={field === 'phone' ? 'tel' : 'text'}
            value={values[field]}
            onChange={(e) => set(field, e.target.value)}
            error={errors[field]}
            hint={field === 'country' ? t('addresses.countryHint') : undefined}
            maxLength={field === 'country' ? 2 : undefined}
          />
        ))}
      </div>
      <div className={styles.check}>
        <input
          id={`${idPrefix}-defaultShipping`}
          type="checkbox"
          checked={values.isDefaultShipping}
          onChange={(e) => setValues((v) => ({ ...v, isDefaultShipping: e.target.checked }))}
        />
        <label htmlFor={`${idPrefix}-defaultShipping`}>{t('addresses.defaultShipping')}</label>
      </div>
      <div className={styles.check}>
        <input
          id={`${idPrefix}-defaultBilling`}
          type="checkbox"
          checked={values.isDefaultBilling}
          onChange={(e) => setValues((v) => ({ ...v, isDefaultBilling: e.target.checked }))}
        />
        <label htmlFor={`${idPrefix}-defaultBilling`}>{t('addresses.defaultBilling')}</label>
      </div>
      <div className={styles.actions}>
        <button type="submit" className="btn" disabled={pending} aria-busy={pending || undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('addresses.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
