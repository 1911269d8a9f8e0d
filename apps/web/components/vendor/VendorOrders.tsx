'use client';
import Link from 'next/link';
import { useId } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { PageHeader } from '../console/ConsoleShell';
import { DataTable, Toolbar } from '../console/DataTable';
import { SelectField } from '../console/fields';
import { formatDateTime, formatPrice } from '../console/format';
import { useList } from '../console/useList';
import type { ListRequest } from '../console/useList';
import { FulfillmentBadge } from './badges';
import { withFreshToken } from './freshToken';
import { RequireVendor } from './RequireVendor';
import { FULFILLMENT_STATUSES } from './types';
import type { SubOrder } from './types';

const fetchOrders = (r: ListRequest) =>
  withFreshToken(() =>
    browserApi.GET('/api/v1/vendor/orders', {
      params: { query: { ...r.page, fulfillmentStatus: r.oneOf('fulfillmentStatus', FULFILLMENT_STATUSES) } },
    }),
  );

/** `/vendor/orders`: the vendor's parts of orders, newest first, filtered by fulfilment. */
export function VendorOrders() {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('orders.title')}>
      <OrdersTable />
    </RequireVendor>
  );
}

function OrdersTable() {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const locale = useLocale();
  const id = useId();
  const list = useList<SubOrder>(fetchOrders);
  const units = (o: SubOrder) => o.lines.reduce((n, l) => n + l.quantity, 0);
  const unshipped = (o: SubOrder) => o.lines.reduce((n, l) => n + Math.max(0, l.quantity - l.shippedQuantity), 0);

  return (
    <>
      <PageHeader title={t('orders.title')} description={t('orders.description')} />
      <Toolbar label={tc('table.filters')}>
        <SelectField
          id={`${id}-status`}
          label={t('orders.filterStatus')}
          value={list.params.fulfillmentStatus ?? ''}
          onChange={(e) => list.setParam('fulfillmentStatus', e.target.value)}
        >
          <option value="">{tc('table.all')}</option>
          {FULFILLMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fulfillment.${s}`)}
            </option>
          ))}
        </SelectField>
      </Toolbar>
      <DataTable
        caption={t('orders.title')}
        list={list}
        rowKey={(o) => o.id}
        empty={t('orders.empty')}
        columns={[
          {
            key: 'number',
            header: t('orders.number'),
            cell: (o) => <Link href={`/vendor/orders/${o.id}`}>{o.number}</Link>,
          },
          { key: 'placedAt', header: t('orders.placedAt'), cell: (o) => formatDateTime(o.placedAt, locale) },
          { key: 'customer', header: t('orders.shipTo'), cell: (o) => o.shippingAddress?.name ?? '—' },
          {
            key: 'items',
            header: t('orders.items'),
            numeric: true,
            cell: (o) =>
              o.fulfillmentStatus === 'partially_shipped'
                ? t('orders.unitsLeft', { count: units(o), left: unshipped(o) })
                : units(o),
          },
          { key: 'status', header: t('orders.status'), cell: (o) => <FulfillmentBadge status={o.fulfillmentStatus} /> },
          {
            key: 'total',
            header: t('orders.total'),
            numeric: true,
            cell: (o) => formatPrice(o.totals.total, locale),
          },
        ]}
      />
    </>
  );
}
