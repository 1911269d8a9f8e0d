'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { ConflictNotice, ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { CheckboxField, Field } from '../../console/fields';
import { formatBps, formatDate } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from './RequirePermission';
import { SettingsNav } from './SettingsNav';
import { findInPages } from './findInPages';
import { bpsToPercent, COUNTRY, countryName, ifMatch, percentToBps, REGION } from './forms';
import { useDialogAction } from './useDialogAction';
import styles from './settings.module.css';

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

type Editing = { rate: TaxRate | null } | null;

function TaxRates() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchRates);
  const confirm = useDialogAction();
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState('');
  const [country, setCountry] = useState(list.params.country ?? '');
  const [countryError, setCountryError] = useState<string>();

  function filter(e: FormEvent) {
    e.preventDefault();
    const code = country.trim().toUpperCase();
    if (code && !COUNTRY.test(code)) {
      setCountryError(t('validation.countryCode'));
      return;
    }
    setCountryError(undefined);
    list.setParam('country', code);
  }

  return (
    <>
      <PageHeader
        title={t('taxes.title')}
        description={t('taxes.description')}
        actions={
          <button
            type="button"
            className="btn"
            onClick={() => {
              setStatus('');
              setEditing({ rate: null });
            }}
          >
            {t('taxes.add')}
          </button>
        }
      />
      <SettingsNav />
      <StatusHint>{status}</StatusHint>
      {editing && (
        <TaxRateForm
          key={editing.rate ? `${editing.rate.id}:${editing.rate.version}` : 'new'}
          rate={editing.rate}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setStatus(t('taxes.saved', { name: saved.name }));
            list.reload();
          }}
          onReload={async () => {
            if (!editing.rate) return;
            const fresh = await freshRate(editing.rate);
            list.reload();
            setEditing(fresh && !fresh.deletedAt ? { rate: fresh } : null);
            if (!fresh || fresh.deletedAt) setStatus(t('common.goneNow'));
          }}
        />
      )}
      <Toolbar label={t('common.filters')}>
        <form className={styles.filterForm} onSubmit={filter}>
          <Field
            id="tax-filter-country"
            label={t('taxes.filterCountry')}
            value={country}
            maxLength={2}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            error={countryError}
          />
          <div className={styles.filterButtons}>
            <button type="submit" className="btn btn-secondary">
              {t('common.applyFilters')}
            </button>
          </div>
        </form>
        <CheckboxField
          id="tax-filter-deleted"
          label={t('common.showDeleted')}
          checked={list.params.deleted === '1'}
          onChange={(on) => list.setParam('deleted', on ? '1' : undefined)}
        />
      </Toolbar>
      <DataTable
        caption={t('taxes.caption')}
        list={list}
        rowKey={(r) => r.id}
        empty={t('taxes.empty')}
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
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (r) =>
              r.deletedAt ? null : (
                <div className={styles.rowActions}>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    aria-label={t('taxes.editNamed', { name: r.name })}
                    onClick={() => {
                      setStatus('');
                      setEditing({ rate: r });
                    }}
                  >
                    {t('common.edit')}
                  </button>
                  <ConfirmAction
                    label={
                      <>
                        {t('common.delete')}
                        <span className="visually-hidden"> {r.name}</span>
                      </>
                    }
                    title={t('taxes.deleteTitle', { name: r.name })}
                    body={t('taxes.deleteBody')}
                    confirmLabel={t('common.delete')}
                    danger
                    onConfirm={async () => {
                      const problem = await confirm(
                        () =>
                          browserApi.DELETE('/api/v1/admin/tax-rates/{id}', {
                            params: { path: { id: r.id } },
                            headers: ifMatch(r.version),
                          }),
                        list.reload,
                      );
                      if (!problem) {
                        if (editing?.rate?.id === r.id) setEditing(null);
                        setStatus(t('taxes.deleted', { name: r.name }));
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

function TaxRateForm({
  rate,
  onSaved,
  onCancel,
  onReload,
}: {
  rate: TaxRate | null;
  onSaved: (rate: TaxRate) => void;
  onCancel: () => void;
  onReload: () => Promise<void>;
}) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const id = useId();
  const action = useAction();
  const first = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState<TaxValues>({
    name: rate?.name ?? '',
    country: rate?.country ?? '',
    region: rate?.region ?? '',
    rate: rate ? bpsToPercent(rate.rateBps) : '',
  });
  const [errors, setErrors] = useState<Partial<Record<keyof TaxValues, string>>>({});
  const [status, setStatus] = useState('');

  useEffect(() => first.current?.focus(), []);

  const set = (key: keyof TaxValues, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = taxRateInput(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus(t('common.fixFields'));
      return;
    }
    setStatus('');
    if (!rate) {
      const saved = await action.run(() => browserApi.POST('/api/v1/admin/tax-rates', { body }));
      if (saved) onSaved(saved);
      return;
    }
    const patch: TaxRatePatch = {};
    if (body.name !== rate.name) patch.name = body.name;
    if (body.country !== rate.country) patch.country = body.country;
    if (body.region !== rate.region) patch.region = body.region;
    if (body.rateBps !== rate.rateBps) patch.rateBps = body.rateBps;
    if (Object.keys(patch).length === 0) {
      setStatus(t('common.nothingChanged'));
      return;
    }
    const saved = await action.run(() =>
      browserApi.PATCH('/api/v1/admin/tax-rates/{id}', {
        params: { path: { id: rate.id } },
        body: patch,
        headers: ifMatch(rate.version),
      }),
    );
    if (saved) onSaved(saved);
  }

  const err = (key: keyof TaxValues, apiPath: string) =>
    (errors[key] && t(`validation.${errors[key]}`)) || action.fieldError(apiPath);
  const code = values.country.trim().toUpperCase();

  return (
    <Panel title={rate ? t('taxes.editTitle', { name: rate.name }) : t('taxes.addTitle')} id={`${id}-panel`}>
      {action.conflict && <ConflictNotice onReload={() => void onReload()} />}
      {!action.conflict && <ProblemAlert message={action.error} />}
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
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
        <div className={styles.buttons}>
          <SubmitButton pending={action.pending}>{rate ? t('common.saveChanges') : t('taxes.create')}</SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
        <StatusHint>{status}</StatusHint>
      </form>
    </Panel>
  );
}
