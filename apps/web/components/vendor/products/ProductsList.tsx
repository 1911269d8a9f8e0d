'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useConsole } from '../../console/ConsoleProvider';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { Field, SelectField } from '../../console/fields';
import { formatDateTime, formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { NotAVendor } from './NotAVendor';
import { SORTS, STATUSES, STATUS_TONE } from './types';
import type { ProductRow, ProductSort } from './types';
import styles from './products.module.css';

const SORT_KEYS: Record<ProductSort, string> = {
  '-createdAt': 'newest',
  createdAt: 'oldest',
  title: 'titleAsc',
  '-title': 'titleDesc',
  '-updatedAt': 'updatedDesc',
  updatedAt: 'updatedAsc',
};

/** Module level, so the list's fetcher is stable. */
const fetchProducts = (r: ListRequest) =>
  browserApi.GET('/api/v1/vendor/products', {
    params: { query: { ...r.page, q: r.text('q'), status: r.oneOf('status', STATUSES), sort: r.oneOf('sort', SORTS) } },
  });

/** `/vendor/products`: the vendor's products, searched, filtered, sorted and paged by the API. */
export function ProductsList() {
  const { hasRole } = useConsole();
  if (!hasRole('vendor')) return <NotAVendor />;
  return <Products />;
}

function Products() {
  const t = useTranslations('vendorProducts');
  const locale = useLocale();
  const search = useSearchParams();
  const list = useList<ProductRow>(fetchProducts);
  const applied = list.params.q ?? '';
  const [text, setText] = useState(applied);
  /** The `q` the box last saw in the address, and the searches it sent there that are still on their way. */
  const [shown, setShown] = useState<{ q: string; sent: string[] }>({ q: applied, sent: [] });
  if (applied !== shown.q) {
    const mine = shown.sent.indexOf(applied);
    if (mine >= 0) {
      // The box's own search arrived: what was typed since stays.
      setShown({ q: applied, sent: shown.sent.slice(mine + 1) });
    } else {
      // The address changed otherwise (the back button, a link): the box shows it.
      setShown({ q: applied, sent: [] });
      setText(applied);
    }
  }
  const setParam = useRef(list.setParam);
  useEffect(() => {
    setParam.current = list.setParam;
  });

  /** Puts the box's text in the address (`q`). */
  const searchFor = useCallback(
    (value: string) => {
      const q = value.trim();
      if (q !== applied) setShown((s) => ({ ...s, sent: [...s.sent, q] }));
      setParam.current('q', q || undefined);
    },
    [applied],
  );
  const [deleted] = useState(() => search.get('deleted') !== null);

  // The editor sends `?deleted=1` after a deletion: said once, then dropped from the address.
  useEffect(() => {
    if (search.get('deleted') === null) return;
    const next = new URLSearchParams(search.toString());
    next.delete('deleted');
    const qs = next.toString();
    window.history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
  }, [search]);

  // The search waits for a pause in typing; Enter applies it at once.
  useEffect(() => {
    if (text.trim() === applied.trim()) return undefined;
    const timer = setTimeout(() => searchFor(text), 300);
    return () => clearTimeout(timer);
  }, [text, applied, searchFor]);

  function applySearch(e: FormEvent) {
    e.preventDefault();
    searchFor(text);
  }

  const filtered = Boolean(list.params.q || list.params.status);

  const columns: Column<ProductRow>[] = [
    {
      key: 'image',
      header: t('list.columns.image'),
      cell: (p) =>
        p.image ? (
          <img src={p.image.thumbnailUrl} alt="" width={48} height={48} loading="lazy" className={styles.rowThumb} />
        ) : (
          <span className={styles.noThumb} aria-label={t('list.noImage')} role="img" />
        ),
    },
    {
      key: 'title',
      header: t('list.columns.title'),
      sort: 'title',
      cell: (p) => (
        <>
          <Link href={`/vendor/products/${p.id}`}>{p.title}</Link>
          <span className={styles.slug}>{p.slug}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('list.columns.status'),
      cell: (p) => (
        <>
          <StatusBadge tone={STATUS_TONE[p.status]}>{t(`status.${p.status}`)}</StatusBadge>
          {p.status === 'rejected' && p.statusReason && (
            <span className={styles.rowReason}>{t('list.reason', { reason: p.statusReason })}</span>
          )}
        </>
      ),
    },
    {
      key: 'price',
      header: t('list.columns.price'),
      numeric: true,
      cell: (p) => {
        if (!p.priceRange) return <span className="muted">{t('list.noPrice')}</span>;
        const { min, max } = p.priceRange;
        return min.amount === max.amount
          ? formatPrice(min, locale)
          : t('list.priceRange', { min: formatPrice(min, locale), max: formatPrice(max, locale) });
      },
    },
    {
      key: 'stock',
      header: t('list.columns.stock'),
      cell: (p) => (
        <StatusBadge tone={p.inStock ? 'success' : 'danger'}>
          {p.inStock ? t('list.inStock') : t('list.outOfStock')}
        </StatusBadge>
      ),
    },
    { key: 'variants', header: t('list.columns.variants'), numeric: true, cell: (p) => p.variantCount },
    {
      key: 'updated',
      header: t('list.columns.updated'),
      sort: 'updatedAt',
      cell: (p) => <time dateTime={p.updatedAt}>{formatDateTime(p.updatedAt, locale)}</time>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        actions={
          <Link href="/vendor/products/new" className="btn">
            {t('list.new')}
          </Link>
        }
      />
      {deleted && (
        <p role="status" className="alert alert-success">
          {t('list.deleted')}
        </p>
      )}
      <Toolbar label={t('list.filters')}>
        <form onSubmit={applySearch} className={styles.searchForm}>
          <Field
            id="products-q"
            type="search"
            label={t('list.search')}
            placeholder={t('list.searchHint')}
            value={text}
            maxLength={100}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn btn-secondary">
            {t('list.searchButton')}
          </button>
        </form>
        <SelectField
          id="products-status"
          label={t('list.status')}
          value={list.params.status ?? ''}
          onChange={(e) => list.setParam('status', e.target.value || undefined)}
        >
          <option value="">{t('list.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="products-sort"
          label={t('list.sort')}
          value={
            list.params.sort && (SORTS as readonly string[]).includes(list.params.sort)
              ? list.params.sort
              : '-createdAt'
          }
          onChange={(e) => list.setParam('sort', e.target.value === '-createdAt' ? undefined : e.target.value)}
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`list.sorts.${SORT_KEYS[s]}`)}
            </option>
          ))}
        </SelectField>
      </Toolbar>
      <DataTable
        caption={t('list.caption')}
        columns={columns}
        list={list}
        rowKey={(p) => p.id}
        empty={
          filtered ? (
            t('list.emptyFiltered')
          ) : (
            <>
              {t('list.empty')} <Link href="/vendor/products/new">{t('list.emptyAction')}</Link>
            </>
          )
        }
      />
    </>
  );
}
