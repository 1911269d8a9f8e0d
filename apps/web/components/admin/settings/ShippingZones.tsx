'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useStore } from '../../layout/StoreContext';
import { ConfirmAction } from '../../console/ConfirmAction';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { StatusHint } from '../../console/feedback';
import { CheckboxField, Field } from '../../console/fields';
import { formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from './RequirePermission';
import { SettingsNav } from './SettingsNav';
import { ZoneEditor } from './ZoneEditor';
import { findInPages } from './findInPages';
import { COUNTRY, ifMatch } from './forms';
import { useDialogAction } from './useDialogAction';
import type { Zone } from './zoneForm';
import styles from './settings.module.css';

const fetchZones = (r: ListRequest) => {
  const country = r.text('country')?.toUpperCase();
  return browserApi.GET('/api/v1/admin/shipping-zones', {
    params: {
      query: {
        ...r.page,
        country: country && COUNTRY.test(country) ? country : undefined,
        includeDeleted: r.text('deleted') === '1' ? true : undefined,
      },
    },
  });
};

/** The zone as it is now, found by id (there is no single read of a zone). */
const freshZone = (zone: Zone) =>
  findInPages(
    (cursor) =>
      browserApi.GET('/api/v1/admin/shipping-zones', {
        params: { query: { limit: 100, cursor, includeDeleted: true, country: zone.countries[0] } },
      }),
    zone.id,
  ).then(
    (found) =>
      found ??
      findInPages(
        (cursor) =>
          browserApi.GET('/api/v1/admin/shipping-zones', {
            params: { query: { limit: 100, cursor, includeDeleted: true } },
          }),
        zone.id,
      ),
  );

/** `/admin/settings/shipping`: shipping zones (countries, regions) and their rates. */
export function ShippingZonesPage() {
  return (
    <RequirePermission permission="settings:manage">
      <ShippingZones />
    </RequirePermission>
  );
}

function ShippingZones() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const store = useStore();
  const list = useList(fetchZones);
  const confirm = useDialogAction();
  const [editing, setEditing] = useState<{ zone: Zone | null } | null>(null);
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

  const rateText = (r: Zone['rates'][number]) => {
    const price =
      r.kind === 'weight'
        ? t('shipping.weightPrice', {
            base: formatPrice(r.amount, locale),
            perKg: formatPrice(r.perKgAmount, locale),
          })
        : formatPrice(r.amount, locale);
    const free = r.freeOver ? ` · ${t('shipping.freeFrom', { amount: formatPrice(r.freeOver, locale) })}` : '';
    const vendor = r.vendorId ? ` · ${t('shipping.oneVendor')}` : '';
    return `${r.name}: ${price}${free}${vendor}`;
  };

  return (
    <>
      <PageHeader
        title={t('shipping.title')}
        description={t('shipping.description')}
        actions={
          <button
            type="button"
            className="btn"
            onClick={() => {
              setStatus('');
              setEditing({ zone: null });
            }}
          >
            {t('shipping.add')}
          </button>
        }
      />
      <SettingsNav />
      <StatusHint>{status}</StatusHint>
      {editing && (
        <ZoneEditor
          key={editing.zone ? `${editing.zone.id}:${editing.zone.version}` : 'new'}
          zone={editing.zone}
          currency={store.currency}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setStatus(t('shipping.saved', { name: saved.name }));
            list.reload();
          }}
          onReload={async () => {
            if (!editing.zone) return;
            const fresh = await freshZone(editing.zone);
            list.reload();
            setEditing(fresh && !fresh.deletedAt ? { zone: fresh } : null);
            if (!fresh || fresh.deletedAt) setStatus(t('common.goneNow'));
          }}
        />
      )}
      <Toolbar label={t('common.filters')}>
        <form className={styles.filterForm} onSubmit={filter}>
          <Field
            id="zone-filter-country"
            label={t('shipping.filterCountry')}
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
          id="zone-filter-deleted"
          label={t('common.showDeleted')}
          checked={list.params.deleted === '1'}
          onChange={(on) => list.setParam('deleted', on ? '1' : undefined)}
        />
      </Toolbar>
      <DataTable
        caption={t('shipping.caption')}
        list={list}
        rowKey={(z) => z.id}
        empty={t('shipping.empty')}
        columns={[
          {
            key: 'name',
            header: t('shipping.name'),
            cell: (z) => (
              <>
                {z.name} {z.deletedAt && <StatusBadge tone="neutral">{t('common.deleted')}</StatusBadge>}
              </>
            ),
          },
          { key: 'countries', header: t('shipping.countries'), cell: (z) => z.countries.join(', ') },
          {
            key: 'regions',
            header: t('shipping.regions'),
            cell: (z) => (z.regions.length > 0 ? z.regions.join(', ') : t('shipping.allRegions')),
          },
          {
            key: 'rates',
            header: t('shipping.rates'),
            cell: (z) =>
              z.rates.length === 0 ? (
                <span className="muted">{t('shipping.noRates')}</span>
              ) : (
                <ul className={styles.tags}>
                  {z.rates.map((r) => (
                    <li key={r.id} className={styles.tag}>
                      {rateText(r)}
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (z) =>
              z.deletedAt ? null : (
                <div className={styles.rowActions}>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    aria-label={t('shipping.editNamed', { name: z.name })}
                    onClick={() => {
                      setStatus('');
                      setEditing({ zone: z });
                    }}
                  >
                    {t('common.edit')}
                  </button>
                  <ConfirmAction
                    label={
                      <>
                        {t('common.delete')}
                        <span className="visually-hidden"> {z.name}</span>
                      </>
                    }
                    title={t('shipping.deleteTitle', { name: z.name })}
                    body={t('shipping.deleteBody', { count: z.rates.length })}
                    confirmLabel={t('common.delete')}
                    danger
                    onConfirm={async () => {
                      const problem = await confirm(
                        () =>
                          browserApi.DELETE('/api/v1/admin/shipping-zones/{id}', {
                            params: { path: { id: z.id } },
                            headers: ifMatch(z.version),
                          }),
                        list.reload,
                      );
                      if (!problem) {
                        if (editing?.zone?.id === z.id) setEditing(null);
                        setStatus(t('shipping.deleted', { name: z.name }));
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
