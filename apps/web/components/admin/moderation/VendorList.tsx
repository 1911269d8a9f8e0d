'use client';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { formatBps, formatDateTime } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from '../../console/RequirePermission';
import { FilterButtons, SearchBox } from './shared';
import { VENDOR_SORTS, VENDOR_STATUSES, vendorTone } from './types';
import type { AdminVendor, VendorStatus } from './types';
import styles from './moderation.module.css';

type View = VendorStatus | 'all';
const VIEWS = [...VENDOR_STATUSES, 'all'] as const satisfies readonly View[];

/** The `status` of the URL: the review queue unless another view was chosen. */
const viewOf = (status: string | undefined): View =>
  (VIEWS as readonly string[]).includes(status ?? '') ? (status as View) : 'pending';

const fetchVendors = (r: ListRequest) => {
  const view = viewOf(r.text('status'));
  return browserApi.GET('/api/v1/admin/vendors', {
    params: {
      query: {
        ...r.page,
        q: r.text('q'),
        status: view === 'all' ? undefined : view,
        sort: r.oneOf('sort', VENDOR_SORTS),
      },
    },
  });
};

/**
 * `/admin/vendors`: applications waiting for review first, then every vendor by status, searchable,
 * oldest first or sorted by name or creation (the sort in the URL, applied by the API).
 */
export function VendorList() {
  return (
    <RequirePermission permission="vendors:approve">
      <Vendors />
    </RequirePermission>
  );
}

function Vendors() {
  const t = useTranslations('moderation');
  const locale = useLocale();
  const list = useList(fetchVendors);
  const view = viewOf(list.params.status);

  const columns: Column<AdminVendor>[] = [
    {
      key: 'name',
      header: t('vendors.columns.name'),
      sort: 'name',
      cell: (v) => (
        <>
          <Link href={`/admin/vendors/${v.id}`}>{v.name}</Link>
          <span className={styles.sub}>{v.slug}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('vendors.columns.status'),
      cell: (v) => <StatusBadge tone={vendorTone(v.status)}>{t(`vendors.status.${v.status}`)}</StatusBadge>,
    },
    { key: 'contact', header: t('vendors.columns.contact'), cell: (v) => v.contact?.email ?? '—' },
    {
      key: 'commission',
      header: t('vendors.columns.commission'),
      numeric: true,
      cell: (v) =>
        v.commissionRateBps === null ? (
          <span className="muted">{t('vendors.storeRate')}</span>
        ) : (
          formatBps(v.commissionRateBps, locale)
        ),
    },
    {
      key: 'createdAt',
      header: t('vendors.columns.applied'),
      sort: 'createdAt',
      cell: (v) => <span className={styles.nowrap}>{formatDateTime(v.createdAt, locale)}</span>,
    },
    {
      key: 'reviewedAt',
      header: t('vendors.columns.reviewed'),
      cell: (v) => <span className={styles.nowrap}>{formatDateTime(v.reviewedAt, locale)}</span>,
    },
  ];

  return (
    <>
      <PageHeader title={t('vendors.title')} description={t('vendors.description')} />
      <Toolbar label={t('common.filters')}>
        <FilterButtons
          label={t('common.status')}
          value={view}
          options={VIEWS.map((v) => ({ value: v, label: t(`vendors.views.${v}`) }))}
          onChange={(v) => list.setParam('status', v === 'pending' ? undefined : v)}
        />
        <SearchBox label={t('vendors.search')} value={list.params.q} onSearch={(q) => list.setParam('q', q)} />
      </Toolbar>
      <DataTable
        caption={t('vendors.caption', { view: t(`vendors.views.${view}`) })}
        columns={columns}
        list={list}
        rowKey={(v) => v.id}
        defaultSort={VENDOR_SORTS[0]}
        empty={view === 'pending' ? t('vendors.emptyQueue') : t('vendors.empty')}
      />
    </>
  );
}
