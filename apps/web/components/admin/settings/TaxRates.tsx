'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { StatusBadge } from '../../console/ConsoleShell';
import { Field } from '../../console/fields';
import { formatBps, formatDate } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { CountryFilters, RecordFormPanel, RecordListPage, useRecordForm } from './RecordList';
import type { RecordEditorProps } from './RecordList';
import { findInPages } from './findInPages';
import { bpsToPercent, COUNTRY, countryName, percentToBps, REGION } from './forms';

type TaxRate = paths['/api/v1/admin/tax-rates']['get']['responses'][200]['content']['application/json']['data'][number];
type TaxRateBody = paths['/api/v1/admin/tax-rates']['post']['requestBody']['content']['application/json'];
type TaxRatePatch = paths['/api/v1/admin/tax-rates/{id}']['patch']['requestBody']['content']['application/json'];

const countryParam = (text: string | undefined): string | undefined => {
  const code = text?.toUpperCase();
  return code && COUNTRY.test(code) ? code : undefined;
};

const fetchRates = (r: ListRequest) =>
  browserApi.GET('/api/v1/admin/tax-rates', {
    params: {
      query: {
        ...r.page,
        country: countryParam(r.text('country')),
        includeDeleted: r.text('deleted') === '1' ? true : undefined,
      },
    },
  });

/** A rate as it is now (after someone else changed it), found by id among the rates of its country. */
async function freshRate(rate: TaxRate): Promise<TaxRate | null> {
  const page = (country: string | undefined) => (cursor: string | undefined) =>
    browserApi.GET('/api/v1/admin/tax-rates', {
      params: { query: { limit: 100, cursor, country, includeDeleted: true } },
    });
  return (await findInPages(page(rate.country), rate.id)) ?? findInPages(page(undefined), rate.id);
}

export interface TaxValues {
  name: string;
  country: string;
  region: string;
  rate: string;
}

export function taxRateInput(v: TaxValues): { body: TaxRateBody; errors: Partial<Record<keyof TaxValues, string>> } {
  const errors: Partial<Record<keyof TaxValues, string>> = {};
  const name = v.name.trim();
  const country = v.country.trim().toUpperCase();
  const region = v.region.trim().toUpperCase();
  const rateBps = percentToBps(v.rate);
  if (!name) errors.name = 'required';
  if (!COUNTRY.test(country)) errors.country = 'countryCode';
  if (region && !REGION.test(region)) errors.region = 'regionCode';
  if (rateBps === null) errors.rate = 'percent';
  return { body: { name, country, region: region || null, rateBps: rateBps ?? 0 }, errors };
}

/** `/admin/settings/taxes`: tax rates by country and region. */
export function TaxRatesPage() {
  return (
    <RequirePermission permission="settings:manage">
      <TaxRates />
    </RequirePermission>
  );
}

function TaxRates() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchRates);

  return (
    <RecordListPage
      section="taxes"
      list={list}
      fresh={freshRate}
      remove={(r, headers) =>
        browserApi.DELETE('/api/v1/admin/tax-rates/{id}', { params: { path: { id: r.id } }, headers })
      }
      deleteBody={() => t('taxes.deleteBody')}
      form={(rate, props) => <TaxRateForm rate={rate} {...props} />}
      filters={<CountryFilters idPrefix="tax" label={t('taxes.filterCountry')} list={list} />}
      columns={[
        {
          key: 'name',
          header: t('taxes.name'),
          cell: (r) => (
            <>
              {r.name} {r.deletedAt && <StatusBadge tone="neutral">{t('common.deleted')}</StatusBadge>}
            </>
          ),
        },
        {
          key: 'country',
          header: t('taxes.country'),
          cell: (r) => `${countryName(r.country, locale)} (${r.country})`,
        },
        { key: 'region', header: t('taxes.region'), cell: (r) => r.region ?? t('taxes.wholeCountry') },
        { key: 'rate', header: t('taxes.rate'), numeric: true, cell: (r) => formatBps(r.rateBps, locale) },
        { key: 'updated', header: t('common.updated'), cell: (r) => formatDate(r.updatedAt, locale) },
      ]}
    />
  );
}

/** Only what changed. */
function taxRateChanges(rate: TaxRate, body: TaxRateBody): TaxRatePatch {
  const patch: TaxRatePatch = {};
  if (body.name !== rate.name) patch.name = body.name;
  if (body.country !== rate.country) patch.country = body.country;
  if (body.region !== rate.region) patch.region = body.region;
  if (body.rateBps !== rate.rateBps) patch.rateBps = body.rateBps;
  return patch;
}

function TaxRateForm({ rate, onSaved, onCancel, onReload }: { rate: TaxRate | null } & RecordEditorProps<TaxRate>) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const [values, setValues] = useState<TaxValues>({
    name: rate?.name ?? '',
    country: rate?.country ?? '',
    region: rate?.region ?? '',
    rate: rate ? bpsToPercent(rate.rateBps) : '',
  });
  const form = useRecordForm({
    record: rate,
    check: () => taxRateInput(values),
    changes: taxRateChanges,
    create: (body) => browserApi.POST('/api/v1/admin/tax-rates', { body }),
    update: (r, patch, headers) =>
      browserApi.PATCH('/api/v1/admin/tax-rates/{id}', { params: { path: { id: r.id } }, body: patch, headers }),
    onSaved,
  });
  const { id, action, first, errors, setErrors } = form;

  const set = (key: keyof TaxValues, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const err = (key: keyof TaxValues, apiPath: string) =>
    (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(apiPath);
  const code = values.country.trim().toUpperCase();

  return (
    <RecordFormPanel section="taxes" name={rate?.name} form={form} onReload={onReload} onCancel={onCancel}>
      <Field
        id={`${id}-name`}
        inputRef={first}
        label={t('taxes.name')}
        value={values.name}
        maxLength={200}
        onChange={(e) => set('name', e.target.value)}
        error={err('name', 'name')}
        required
      />
      <div className={consoleStyles.grid2}>
        <Field
          id={`${id}-country`}
          label={t('taxes.country')}
          value={values.country}
          maxLength={2}
          onChange={(e) => set('country', e.target.value.toUpperCase())}
          hint={COUNTRY.test(code) ? countryName(code, locale) : t('taxes.countryHint')}
          error={err('country', 'country')}
          required
        />
        <Field
          id={`${id}-region`}
          label={t('taxes.region')}
          value={values.region}
          maxLength={3}
          onChange={(e) => set('region', e.target.value.toUpperCase())}
          hint={t('taxes.regionHint')}
          error={err('region', 'region')}
        />
      </div>
      <Field
        id={`${id}-rate`}
        label={t('taxes.ratePercent')}
        inputMode="decimal"
        value={values.rate}
        onChange={(e) => set('rate', e.target.value)}
        hint={t('taxes.rateHint')}
        error={err('rate', 'rateBps')}
        required
      />
    </RecordFormPanel>
  );
}
