'use client';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { platformApi } from '../../lib/platform-api';
import { PageHeader, StatusBadge } from '../console/ConsoleShell';
import { DataTable, Toolbar } from '../console/DataTable';
import type { Column } from '../console/DataTable';
import { SelectField } from '../console/fields';
import { formatDate } from '../console/format';
import { useList } from '../console/useList';
import type { ListRequest } from '../console/useList';
import { TENANT_SORTS, TENANT_STATUSES } from './storeForm';
import type { Tenant, TenantStatus } from './storeForm';
import styles from './platform.module.css';

// Module level: `useList` needs a stable fetcher.
const fetchStores = (r: ListRequest) =>
  platformApi.GET('/api/v1/platform/tenants', {
    params: {
      query: { ...r.page, status: r.oneOf('status', TENANT_STATUSES), sort: r.oneOf('sort', TENANT_SORTS) },
    },
  });

/** The stores' status as a badge. */
export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const t = useTranslations('platform');
  return <StatusBadge tone={status === 'active' ? 'success' : 'danger'}>{t(`status.${status}`)}</StatusBadge>;
}

/**
 * `/platform`: every store of the platform, filtered by status, sorted by name, slug or creation
 * (the sort in the URL) and paged on the server.
 */
export function StoresList() {
  const t = useTranslations('platform');
  const locale = useLocale();
  const list = useList(fetchStores);

  const columns: Column<Tenant>[] = [
    {
      key: 'name',
      header: t('stores.columns.name'),
      sort: 'name',
      cell: (s) => <Link href={`/platform/stores/${s.id}`}>{s.name}</Link>,
    },
    {
      key: 'slug',
      header: t('stores.columns.slug'),
      sort: 'slug',
      cell: (s) => <span className={styles.mono}>{s.slug}</span>,
    },
    { key: 'status', header: t('stores.columns.status'), cell: (s) => <TenantStatusBadge status={s.status} /> },
    { key: 'currency', header: t('stores.columns.currency'), cell: (s) => s.defaultCurrency },
    { key: 'locales', header: t('stores.columns.locales'), cell: (s) => s.locales.join(', ') },
    {
      key: 'domains',
      header: t('stores.columns.domains'),
      cell: (s) =>
        s.domains.length > 0 ? (
          <ul className={styles.list}>
            {s.domains.map((d) => (
              <li key={d} className={styles.mono}>
                {d}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">{t('stores.noDomains')}</span>
        ),
    },
    {
      key: 'created',
      header: t('stores.columns.created'),
      sort: 'createdAt',
      cell: (s) => formatDate(s.createdAt, locale),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('stores.title')}
        description={t('stores.description')}
        actions={
          <Link href="/platform/stores/new" className="btn">
            {t('stores.new')}
          </Link>
        }
      />
      <Toolbar label={t('stores.filters')}>
        <SelectField
          id="stores-status"
          label={t('stores.status')}
          value={list.params.status ?? ''}
          onChange={(e) => list.setParam('status', e.target.value)}
        >
          <option value="">{t('stores.all')}</option>
          {TENANT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
      </Toolbar>
      <DataTable
        caption={t('stores.caption')}
        columns={columns}
        list={list}
        rowKey={(s) => s.id}
        defaultSort={TENANT_SORTS[0]}
        empty={list.params.status ? t('stores.emptyFiltered') : t('stores.empty')}
      />
    </>
  );
}
