'use client';
import { useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { Field, SelectField } from '../../console/fields';
import { VendorPicker } from '../../console/VendorPicker';
import consoleStyles from '../../console/console.module.css';
import { COUNTRY, countryName, parseCodes } from './forms';
import { RecordFormPanel, useRecordForm } from './RecordList';
import type { RecordEditorProps } from './RecordList';
import { emptyRate, MAX_RATES, zoneChanges, zoneInput, zoneValuesOf } from './zoneForm';
import type { RateValues, Zone, ZoneValues } from './zoneForm';
import styles from './settings.module.css';

/** Adds or changes a shipping zone: its countries and regions, and its rates (one per vendor or for all). */
export function ZoneEditor({
  zone,
  currency,
  onSaved,
  onCancel,
  onReload,
}: { zone: Zone | null; currency: string } & RecordEditorProps<Zone>) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const canListVendors = useCan('vendors:approve');
  const addButton = useRef<HTMLButtonElement>(null);
  const [values, setValues] = useState<ZoneValues>(() => zoneValuesOf(zone, currency));
  const form = useRecordForm({
    record: zone,
    check: () => zoneInput(values, currency),
    changes: zoneChanges,
    create: (body) => browserApi.POST('/api/v1/admin/shipping-zones', { body }),
    update: (z, patch, headers) =>
      browserApi.PATCH('/api/v1/admin/shipping-zones/{id}', { params: { path: { id: z.id } }, body: patch, headers }),
    onSaved,
  });
  const { id, action, first, errors, setErrors, setStatus } = form;

  const setField = (key: 'name' | 'countries' | 'regions', value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: '' }));
  };
  const setRate = (index: number, change: Partial<RateValues>) => {
    setValues((v) => ({ ...v, rates: v.rates.map((r, i) => (i === index ? { ...r, ...change } : r)) }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(change)) delete next[`rates.${index}.${key}`];
      return next;
    });
  };
  /** The form's own message for a path, else the API's (which may name a deeper path). */
  const err = (...paths: string[]): string | undefined => {
    for (const path of paths) {
      if (errors[path]) return t(`validation.${errors[path]}`);
    }
    for (const path of paths) {
      const api = action.fieldError(path);
      if (api) return api;
    }
    return undefined;
  };
  const countries = parseCodes(values.countries, COUNTRY).codes;

  return (
    <RecordFormPanel section="shipping" name={zone?.name} form={form} onReload={onReload} onCancel={onCancel}>
      <Field
        id={`${id}-name`}
        inputRef={first}
        label={t('shipping.name')}
        value={values.name}
        maxLength={200}
        onChange={(e) => setField('name', e.target.value)}
        error={err('name')}
        required
      />
      <div className={consoleStyles.grid2}>
        <Field
          id={`${id}-countries`}
          label={t('shipping.countries')}
          value={values.countries}
          onChange={(e) => setField('countries', e.target.value.toUpperCase())}
          hint={
            countries.length > 0 ? countries.map((c) => countryName(c, locale)).join(', ') : t('shipping.countriesHint')
          }
          error={err('countries')}
          required
        />
        <Field
          id={`${id}-regions`}
          label={t('shipping.regions')}
          value={values.regions}
          onChange={(e) => setField('regions', e.target.value.toUpperCase())}
          hint={t('shipping.regionsHint')}
          error={err('regions')}
        />
      </div>

      <h3 className={consoleStyles.h2}>{t('shipping.rates')}</h3>
      <p className="hint">{t('shipping.ratesHint', { currency })}</p>
      {err('rates') && <p className="field-error">{err('rates')}</p>}
      {values.rates.length === 0 && <p className="muted">{t('shipping.noRates')}</p>}
      {values.rates.map((rate, i) => {
        const at = `rates.${i}`;
        const label = rate.name.trim() || t('shipping.rateNumber', { n: i + 1 });
        return (
          <fieldset key={rate.key} className={styles.rate}>
            <legend>{t('shipping.rateLegend', { n: i + 1, name: label })}</legend>
            <div className={consoleStyles.grid2}>
              <Field
                id={`${id}-${rate.key}-name`}
                label={t('shipping.rateName')}
                value={rate.name}
                maxLength={200}
                onChange={(e) => setRate(i, { name: e.target.value })}
                error={err(`${at}.name`)}
                required
              />
              <SelectField
                id={`${id}-${rate.key}-kind`}
                label={t('shipping.kind')}
                value={rate.kind}
                onChange={(e) => setRate(i, { kind: e.target.value === 'weight' ? 'weight' : 'flat' })}
                hint={t(`shipping.kindHint.${rate.kind}`)}
              >
                <option value="flat">{t('shipping.kinds.flat')}</option>
                <option value="weight">{t('shipping.kinds.weight')}</option>
              </SelectField>
            </div>
            {/* Which vendor the rate is for: found by name, or (without vendors:approve) given by its id. */}
            {canListVendors ? (
              <VendorPicker
                label={t('shipping.vendor')}
                emptyLabel={t('shipping.everyVendor')}
                status="approved"
                value={rate.vendorId}
                onChange={(vendor) => setRate(i, { vendorId: vendor?.id ?? '' })}
                error={err(`${at}.vendorId`)}
              />
            ) : (
              <Field
                id={`${id}-${rate.key}-vendor`}
                label={t('shipping.vendorId')}
                value={rate.vendorId}
                onChange={(e) => setRate(i, { vendorId: e.target.value.trim() })}
                hint={t('shipping.vendorIdHint')}
                error={err(`${at}.vendorId`)}
              />
            )}
            <div className={styles.grid3}>
              <Field
                id={`${id}-${rate.key}-amount`}
                label={t('shipping.amount', { currency })}
                inputMode="decimal"
                value={rate.amount}
                onChange={(e) => setRate(i, { amount: e.target.value })}
                error={err(`${at}.amount`, `${at}.amount.amount`)}
                required
              />
              {rate.kind === 'weight' && (
                <Field
                  id={`${id}-${rate.key}-perkg`}
                  label={t('shipping.perKg', { currency })}
                  inputMode="decimal"
                  value={rate.perKg}
                  onChange={(e) => setRate(i, { perKg: e.target.value })}
                  error={err(`${at}.perKgAmount`, `${at}.perKgAmount.amount`)}
                />
              )}
              <Field
                id={`${id}-${rate.key}-free`}
                label={t('shipping.freeOver', { currency })}
                inputMode="decimal"
                value={rate.freeOver}
                onChange={(e) => setRate(i, { freeOver: e.target.value })}
                hint={t('shipping.freeOverHint')}
                error={err(`${at}.freeOver`, `${at}.freeOver.amount`)}
              />
            </div>
            <div className={styles.grid3}>
              <Field
                id={`${id}-${rate.key}-min`}
                label={t('shipping.minDays')}
                inputMode="numeric"
                value={rate.minDays}
                onChange={(e) => setRate(i, { minDays: e.target.value })}
                error={err(`${at}.estimatedDays.min`, `${at}.estimatedDays`)}
              />
              <Field
                id={`${id}-${rate.key}-max`}
                label={t('shipping.maxDays')}
                inputMode="numeric"
                value={rate.maxDays}
                onChange={(e) => setRate(i, { maxDays: e.target.value })}
                error={err(`${at}.estimatedDays.max`)}
              />
            </div>
            <div className={styles.buttons}>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  setValues((v) => ({ ...v, rates: v.rates.filter((_, j) => j !== i) }));
                  setErrors({});
                  setStatus(t('shipping.rateRemoved', { name: label }));
                  // The removed rate's button is gone: keep focus in the form.
                  addButton.current?.focus();
                }}
                aria-label={t('shipping.removeRate', { name: label })}
              >
                {t('shipping.remove')}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className={styles.buttons}>
        <button
          ref={addButton}
          type="button"
          className="btn btn-secondary"
          disabled={values.rates.length >= MAX_RATES}
          onClick={() => setValues((v) => ({ ...v, rates: [...v.rates, emptyRate()] }))}
        >
          {t('shipping.addRate')}
        </button>
      </div>
      <p className="hint">{zone ? t('shipping.removeHint') : null}</p>
    </RecordFormPanel>
  );
}
