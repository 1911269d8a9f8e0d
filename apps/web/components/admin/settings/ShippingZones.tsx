'use client';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useStore } from '../../layout/StoreContext';
import { StatusBadge } from '../../console/ConsoleShell';
import { formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from '../../console/RequirePermission';
import { CountryFilters, RecordListPage } from './RecordList';
import { ZoneEditor } from './ZoneEditor';
import { findInPages } from './findInPages';
import { COUNTRY } from './forms';
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
    <RecordListPage
      section="shipping"
      list={list}
      fresh={freshZone}
      remove={(z, headers) =>
        browserApi.DELETE('/api/v1/admin/shipping-zones/{id}', { params: { path: { id: z.id } }, headers })
      }
      deleteBody={(z) => t('shipping.deleteBody', { count: z.rates.length })}
      form={(zone, props) => <ZoneEditor zone={zone} currency={store.currency} {...props} />}
      filters={<CountryFilters idPrefix="zone" label={t('shipping.filterCountry')} list={list} />}
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
      ]}
    />
  );
}
