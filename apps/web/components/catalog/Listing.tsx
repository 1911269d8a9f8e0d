import Form from 'next/form';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { listingHref, SORTS } from '../../lib/catalog-query';
import type { Facets, ListingQuery, ProductList } from '../../lib/catalog-types';
import { ProductGrid } from './ProductGrid';
import { SortSelect } from './SortSelect';
import styles from './Listing.module.css';

const FORM_ID = 'listing-filters';

export interface ListingProps {
  /** Path of the listing without the query: `/search`, `/c/kitchen`, `/v/demo-crafts`. */
  base: string;
  query: ListingQuery;
  /** Parameters the path implies (`category` on a category page, `vendor` on a vendor page). */
  fixed?: readonly ('category' | 'vendor')[];
  list: ProductList;
  /** Store locale and currency, for prices and the price inputs. */
  locale: string;
  currency: string;
}

/** Facet categories in tree order (parents before their children) with their depth. */
function categoryTree(categories: Facets['categories']): { item: Facets['categories'][number]; depth: number }[] {
  const ids = new Set(categories.map((c) => c.id));
  const out: { item: Facets['categories'][number]; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const c of categories) {
      const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
      if (parent !== parentId) continue;
      out.push({ item: c, depth });
      if (depth < 8) visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/**
 * A product listing: filters as a plain GET form (works without JS; `next/form` navigates client-side
 * when JS runs), sort, result count, grid, keyset pagination. All state is in the URL.
 */
export function Listing({ base, query, fixed = [], list, locale, currency }: ListingProps) {
  const t = useTranslations('catalog');
  const { facets } = list;
  const hasFilters = Boolean(
    (query.category && !fixed.includes('category')) ||
    (query.vendor && !fixed.includes('vendor')) ||
    query.minPrice ||
    query.maxPrice ||
    query.inStock,
  );
  const clearHref = listingHref(base, { q: query.q, sort: query.sort }, fixed);
  const sortValue = query.sort ?? (query.q ? 'relevance' : 'newest');
  const sorts = SORTS.filter((s) => s !== 'relevance' || query.q);
  const key = listingHref(base, { ...query, cursor: undefined }, fixed);
  const showCategories = !fixed.includes('category') && facets.categories.length > 0;
  const showVendors = !fixed.includes('vendor') && facets.vendors.length > 0;

  return (
    <div className={styles.layout}>
      <details className={styles.filters}>
        <summary className={styles.summary}>{t('filters.show')}</summary>
        <Form action={base} id={FORM_ID} key={key} className={styles.form}>
          <h2 className={styles.filtersTitle}>{t('filters.title')}</h2>
          {query.q && <input type="hidden" name="q" value={query.q} />}
          {showCategories && (
            <fieldset className={styles.group}>
              <legend>{t('filters.category')}</legend>
              <label className={styles.option}>
                <input type="radio" name="category" value="" defaultChecked={!query.category} />
                {t('filters.anyCategory')}
              </label>
              {categoryTree(facets.categories).map(({ item, depth }) => (
                <label key={item.id} className={styles.option} style={{ paddingLeft: `${depth * 1.25}rem` }}>
                  <input
                    type="radio"
                    name="category"
                    value={item.slug}
                    defaultChecked={query.category === item.slug || query.category === item.id}
                  />
                  {t('filters.withCount', { name: item.name, count: item.count })}
                </label>
              ))}
            </fieldset>
          )}
          {showVendors && (
            <fieldset className={styles.group}>
              <legend>{t('filters.vendor')}</legend>
              <label className={styles.option}>
                <input type="radio" name="vendor" value="" defaultChecked={!query.vendor} />
                {t('filters.anyVendor')}
              </label>
              {facets.vendors.map((v) => (
                <label key={v.id} className={styles.option}>
                  <input
                    type="radio"
                    name="vendor"
                    value={v.slug}
                    defaultChecked={query.vendor === v.slug || query.vendor === v.id}
                  />
                  {t('filters.withCount', { name: v.name, count: v.count })}
                </label>
              ))}
            </fieldset>
          )}
          <fieldset className={styles.group}>
            <legend>{t('filters.price')}</legend>
            <div className={styles.prices}>
              <div className="field">
                <label htmlFor="filter-min-price">{t('filters.minPrice', { currency })}</label>
                <input
                  id="filter-min-price"
                  name="minPrice"
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="any"
                  defaultValue={query.minPrice}
                />
              </div>
              <div className="field">
                <label htmlFor="filter-max-price">{t('filters.maxPrice', { currency })}</label>
                <input
                  id="filter-max-price"
                  name="maxPrice"
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="any"
                  defaultValue={query.maxPrice}
                />
              </div>
            </div>
          </fieldset>
          <label className={styles.option}>
            <input type="checkbox" name="inStock" value="true" defaultChecked={query.inStock === true} />
            {t('filters.inStock')}
          </label>
          <div className={styles.actions}>
            <button type="submit" className="btn">
              {t('filters.apply')}
            </button>
            {hasFilters && <Link href={clearHref}>{t('listing.clear')}</Link>}
          </div>
        </Form>
      </details>

      <section className={styles.results} aria-labelledby="listing-results">
        <h2 id="listing-results" className="visually-hidden">
          {t('listing.results')}
        </h2>
        <div className={styles.toolbar}>
          <p className={styles.count} role="status">
            {list.total !== null ? t('listing.count', { count: list.total }) : null}
          </p>
          <div className={styles.sort} key={key}>
            <SortSelect
              form={FORM_ID}
              label={t('filters.sort')}
              value={sortValue}
              options={sorts.map((s) => ({ value: s, label: t(`filters.sortOptions.${s}`) }))}
            />
            <noscript>
              <button type="submit" form={FORM_ID} className="btn btn-secondary">
                {t('filters.apply')}
              </button>
            </noscript>
          </div>
        </div>
        {list.fuzzy && query.q && <p className="hint">{t('listing.fuzzy', { q: query.q })}</p>}
        {list.items.length === 0 ? (
          <div className="empty">
            <p>
              <strong>{t('listing.empty')}</strong>
            </p>
            <p>{t('listing.emptyHint')}</p>
            {hasFilters && <Link href={clearHref}>{t('listing.clear')}</Link>}
          </div>
        ) : (
          <ProductGrid products={list.items} locale={locale} eager={query.cursor ? 0 : 2} />
        )}
        {(list.next !== null || list.prev !== null) && (
          <nav aria-label={t('listing.pagination')} className={styles.pager}>
            {list.prev !== null && (
              <Link
                className="btn btn-secondary"
                rel="prev"
                href={listingHref(base, { ...query, cursor: list.prev || undefined }, fixed)}
              >
                {t('listing.prev')}
              </Link>
            )}
            {list.next !== null && (
              <Link
                className="btn btn-secondary"
                rel="next"
                href={listingHref(base, { ...query, cursor: list.next }, fixed)}
              >
                {t('listing.next')}
              </Link>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}
