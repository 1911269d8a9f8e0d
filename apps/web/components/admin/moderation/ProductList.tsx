'use client';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { SelectField } from '../../console/fields';
import { formatDate, formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { FilterButtons, SearchBox } from './shared';
import { PRODUCT_SORTS, PRODUCT_STATUSES, productTone } from './types';
import type { AdminProductRow, ProductStatus } from './types';
import { VendorPicker } from '../../console/VendorPicker';
import { RequirePermission } from '../../console/RequirePermission';
import styles from './moderation.module.css';

type View = ProductStatus | 'all' | 'deleted';
const VIEWS = [...PRODUCT_STATUSES, 'all', 'deleted'] as const satisfies readonly View[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `status` of the URL: the review queue unless another view was chosen. */
const viewOf = (status: string | undefined): View =>
  (VIEWS as readonly string[]).includes(status ?? '') ? (status as View) : 'pending_review';

type Query = NonNullable<paths['/api/v1/admin/products']['get']['parameters']['query']>;

const fetchProducts = (r: ListRequest) => {
  const view = viewOf(r.text('status'));
  const vendor = r.text('vendor');
  const query: Query = {
    ...r.page,
    q: r.text('q'),
    status: view === 'all' || view === 'deleted' ? undefined : view,
    deleted: view === 'deleted' ? true : undefined,
    vendor: vendor && UUID.test(vendor) ? vendor : undefined,
    sort: r.oneOf('sort', PRODUCT_SORTS),
  };
  return browserApi.GET('/api/v1/admin/products', { params: { query } });
};

/** `/admin/products`: the review queue first, then every vendor's products, searched and sorted by the API. */
export function ProductList() {
  return (
    <RequirePermission permission="products:approve">
      <Products />
    </RequirePermission>
  );
}

function Products() {
  const t = useTranslations('moderation');
  const locale = useLocale();
  const list = useList(fetchProducts);
  const mayListVendors = useCan('vendors:approve');
  const view = viewOf(list.params.status);
  const vendor = list.params.vendor;
  const vendorName = list.rows.find((p) => p.vendor.id === vendor)?.vendor.name;

  const columns: Column<AdminProductRow>[] = [
    {
      key: 'title',
      header: t('products.columns.product'),
      sort: 'title',
      cell: (p) => (
        <span className={styles.cellTitle}>
          {p.image ? (
            // Thumbnails come from the API's media route (same origin).
            <img src={p.image.thumbnailUrl} alt="" width={48} height={48} className={styles.thumb} loading="lazy" />
          ) : (
            <span className={styles.noThumb} aria-hidden="true" />
          )}
          <span>
            <Link href={`/admin/products/${p.id}`}>{p.title}</Link>
            <span className={styles.sub}>{p.slug}</span>
          </span>
        </span>
      ),
    },
    {
      key: 'vendor',
      header: t('products.columns.vendor'),
      cell: (p) =>
        mayListVendors ? <Link href={`/admin/vendors/${p.vendor.id}`}>{p.vendor.name}</Link> : p.vendor.name,
    },
    {
      key: 'status',
      header: t('products.columns.status'),
      cell: (p) => <StatusBadge tone={productTone(p.status)}>{t(`products.status.${p.status}`)}</StatusBadge>,
    },
    {
      key: 'price',
      header: t('products.columns.price'),
      numeric: true,
      cell: (p) => (
        <>
          <span className={styles.nowrap}>
            {!p.priceRange
              ? '—'
              : p.priceRange.min.amount === p.priceRange.max.amount
                ? formatPrice(p.priceRange.min, locale)
                : `${formatPrice(p.priceRange.min, locale)} – ${formatPrice(p.priceRange.max, locale)}`}
          </span>
          <span className={styles.sub}>
            {p.inStock ? t('products.inStock') : t('products.outOfStock')} ·{' '}
            {t('products.variantCount', { count: p.variantCount })}
          </span>
        </>
      ),
    },
    {
      key: 'submittedAt',
      header: t('products.columns.submitted'),
      cell: (p) => <span className={styles.nowrap}>{formatDate(p.submittedAt, locale)}</span>,
    },
    {
      key: 'createdAt',
      header: t('products.columns.created'),
      sort: 'createdAt',
      cell: (p) => <span className={styles.nowrap}>{formatDate(p.createdAt, locale)}</span>,
    },
    {
      key: 'updatedAt',
      header: t('products.columns.updated'),
      sort: 'updatedAt',
      cell: (p) => <span className={styles.nowrap}>{formatDate(p.updatedAt, locale)}</span>,
    },
  ];

  return (
    <>
      <PageHeader title={t('products.title')} description={t('products.description')} />
      <Toolbar label={t('common.filters')}>
        <FilterButtons
          label={t('common.status')}
          value={view}
          options={VIEWS.map((v) => ({ value: v, label: t(`products.views.${v}`) }))}
          onChange={(v) => list.setParam('status', v === 'pending_review' ? undefined : v)}
        />
        <SearchBox
          label={t('products.search')}
          hint={t('products.searchHint')}
          value={list.params.q}
          onSearch={(q) => list.setParam('q', q)}
        />
        {mayListVendors ? (
          <VendorPicker
            label={t('products.vendorFilter')}
            emptyLabel={t('products.allVendors')}
            value={vendor ?? null}
            onChange={(v) => list.setParam('vendor', v?.id)}
          />
        ) : (
          vendor && (
            <span className={styles.chip}>
              {t('products.onlyVendor', { name: vendorName ?? vendor })}
              <button type="button" className="btn-link" onClick={() => list.setParam('vendor', undefined)}>
                {t('common.clear')}
              </button>
            </span>
          )
        )}
        <SelectField
          id="admin-products-sort"
          label={t('products.sort.label')}
          value={list.params.sort ?? ''}
          onChange={(e) => list.setParam('sort', e.target.value || undefined)}
        >
          <option value="">{t('products.sort.default')}</option>
          {PRODUCT_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`products.sort.${s.startsWith('-') ? `${s.slice(1)}Desc` : `${s}Asc`}`)}
            </option>
          ))}
        </SelectField>
      </Toolbar>
      <DataTable
        caption={t('products.caption', { view: t(`products.views.${view}`) })}
        columns={columns}
        list={list}
        rowKey={(p) => p.id}
        empty={view === 'pending_review' ? t('products.emptyQueue') : t('products.empty')}
      />
    </>
  );
}
