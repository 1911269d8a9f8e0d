'use client';
/**
 * The store's orders (`/admin/orders`): filters by status, payment status, order number, placement
 * dates and vendor, and the sort by placing time, total or number, all in the URL and applied by the
 * API, pages by cursor; and the CSV export of a date range.
 */
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { RequirePermission } from '../../console/RequirePermission';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { Field, SelectField } from '../../console/fields';
import { formatDateTime, formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { ExportOrders } from './ExportOrders';
import { VendorPicker } from '../../console/VendorPicker';
import {
  ORDER_SORTS,
  ORDER_STATUSES,
  ORDER_TONE,
  PAYMENT_STATUSES,
  PAYMENT_TONE,
  endOfDay,
  startOfDay,
  uuidOr,
} from './types';
import type { AdminOrder } from './types';

const fetchOrders = (r: ListRequest) =>
  browserApi.GET('/api/v1/admin/orders', {
    params: {
      query: {
        ...r.page,
        status: r.oneOf('status', ORDER_STATUSES),
        paymentStatus: r.oneOf('paymentStatus', PAYMENT_STATUSES),
        q: r.text('q')?.slice(0, 60),
        vendorId: uuidOr(r.text('vendorId')),
        from: startOfDay(r.text('from')),
        to: endOfDay(r.text('to')),
        sort: r.oneOf('sort', ORDER_SORTS),
      },
    },
  });

export function OrdersList() {
  const t = useTranslations('admin.orders');
  return (
    <RequirePermission permission="orders:read:any" title={t('title')} message={t('forbidden')}>
      <Orders />
    </RequirePermission>
  );
}

function Orders() {
  const t = useTranslations('admin.orders');
  const ts = useTranslations('admin.status');
  const tc = useTranslations('console');
  const locale = useLocale();
  const id = useId();
  const list = useList(fetchOrders);
  const [exporting, setExporting] = useState(false);
  const { setParams } = list;
  const q = list.params.q ?? '';
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    // The URL changed (back button, a link, "Clear filters"): the box shows it.
    setShownQ(q);
    setText(q);
  }

  // The order number filter follows typing after a pause (never a request per keystroke).
  useEffect(() => {
    const next = text.trim();
    if (next === q) return undefined;
    const timer = setTimeout(() => setParams({ q: next }), 300);
    return () => clearTimeout(timer);
  }, [text, q, setParams]);

  const columns: Column<AdminOrder>[] = [
    {
      key: 'number',
      header: t('columns.number'),
      sort: 'number',
      cell: (o) => <Link href={`/admin/orders/${o.id}`}>{o.number}</Link>,
    },
    {
      key: 'placed',
      header: t('columns.placed'),
      sort: 'placedAt',
      cell: (o) => formatDateTime(o.placedAt, locale),
    },
    {
      key: 'customer',
      header: t('columns.customer'),
      cell: (o) => o.email ?? <span className="muted">{t('erased')}</span>,
    },
    {
      key: 'vendors',
      header: t('columns.vendors'),
      cell: (o) => o.subOrders.map((s) => s.vendor.name).join(', '),
    },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (o) => <StatusBadge tone={ORDER_TONE[o.status]}>{ts(`order.${o.status}`)}</StatusBadge>,
    },
    {
      key: 'payment',
      header: t('columns.payment'),
      cell: (o) => <StatusBadge tone={PAYMENT_TONE[o.paymentStatus]}>{ts(`payment.${o.paymentStatus}`)}</StatusBadge>,
    },
    {
      key: 'total',
      header: t('columns.total'),
      sort: 'total',
      numeric: true,
      cell: (o) => (
        <>
          {formatPrice(o.totals.total, locale)}
          {o.totals.refunded.amount > 0 && (
            <>
              <br />
              <span className="muted">{t('refundedAmount', { amount: formatPrice(o.totals.refunded, locale) })}</span>
            </>
          )}
        </>
      ),
    },
  ];

  const filtered = ['status', 'paymentStatus', 'q', 'from', 'to', 'vendorId'].some((k) => list.params[k]);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <button
            type="button"
            className="btn btn-secondary"
            aria-expanded={exporting}
            aria-controls={`${id}-export`}
            onClick={() => setExporting((v) => !v)}
          >
            {t('export.open')}
          </button>
        }
      />
      <div id={`${id}-export`} hidden={!exporting}>
        {exporting && <ExportOrders from={list.params.from} to={list.params.to} />}
      </div>
      <Toolbar label={tc('table.filters')}>
        <Field
          id={`${id}-q`}
          label={t('filters.number')}
          type="search"
          value={text}
          maxLength={60}
          placeholder={t('filters.numberPlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <SelectField
          id={`${id}-status`}
          label={t('filters.status')}
          value={list.params.status ?? ''}
          onChange={(e) => list.setParam('status', e.target.value)}
        >
          <option value="">{tc('table.all')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ts(`order.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-payment`}
          label={t('filters.payment')}
          value={list.params.paymentStatus ?? ''}
          onChange={(e) => list.setParam('paymentStatus', e.target.value)}
        >
          <option value="">{tc('table.all')}</option>
          {PAYMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ts(`payment.${s}`)}
            </option>
          ))}
        </SelectField>
        <Field
          id={`${id}-from`}
          label={t('filters.from')}
          type="date"
          value={list.params.from ?? ''}
          max={list.params.to}
          onChange={(e) => list.setParam('from', e.target.value)}
        />
        <Field
          id={`${id}-to`}
          label={t('filters.to')}
          type="date"
          value={list.params.to ?? ''}
          min={list.params.from}
          onChange={(e) => list.setParam('to', e.target.value)}
        />
        <VendorPicker
          label={t('filters.vendor')}
          emptyLabel={t('filters.allVendors')}
          value={uuidOr(list.params.vendorId)}
          onChange={(v) => list.setParam('vendorId', v?.id)}
        />
        {filtered && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setText('');
              list.setParams({
                status: undefined,
                paymentStatus: undefined,
                q: undefined,
                from: undefined,
                to: undefined,
                vendorId: undefined,
              });
            }}
          >
            {t('filters.clear')}
          </button>
        )}
      </Toolbar>
      <DataTable
        caption={t('caption')}
        columns={columns}
        list={list}
        rowKey={(o) => o.id}
        defaultSort={ORDER_SORTS[0]}
        empty={filtered ? t('emptyFiltered') : t('empty')}
      />
    </>
  );
}
