/**
 * Listing state ⇄ URL: every filter, the sort and the cursor live in the query string, so a listing is
 * shareable and the filter form works as a plain GET form. Pure (used by pages, components and tests).
 */
import type { ListingQuery, Sort } from './catalog-types';

export const SORTS: readonly Sort[] = ['relevance', 'newest', 'price_asc', 'price_desc', 'rating'];

type RawParams = Record<string, string | string[] | undefined>;

function one(params: RawParams, key: string, max = 200): string | undefined {
  const raw = params[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, max) : undefined;
}

const PRICE = /^\d{1,9}(?:[.,]\d{1,3})?$/;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

/** Reads a listing's search params, dropping anything the API would refuse. */
export function parseListingQuery(params: RawParams): ListingQuery {
  const query: ListingQuery = {};
  const q = one(params, 'q');
  if (q) query.q = q;
  const category = one(params, 'category', 100);
  if (category) query.category = category;
  const vendor = one(params, 'vendor', 100);
  if (vendor) query.vendor = vendor;
  for (const key of ['minPrice', 'maxPrice'] as const) {
    const v = one(params, key);
    if (v && PRICE.test(v)) query[key] = v.replace(',', '.');
  }
  if (one(params, 'inStock') === 'true') query.inStock = true;
  const sort = one(params, 'sort');
  if (sort && (SORTS as readonly string[]).includes(sort)) query.sort = sort as Sort;
  const cursor = one(params, 'cursor', 512);
  if (cursor && CURSOR.test(cursor)) query.cursor = cursor;
  return query;
}

/**
 * The URL of a listing: `base` (`/search`, `/c/kitchen`) with the query's parameters; `fixed` names the
 * parameters the path already implies (a category page never repeats `category=`).
 */
export function listingHref(base: string, query: ListingQuery, fixed: readonly (keyof ListingQuery)[] = []): string {
  const params = new URLSearchParams();
  const order: (keyof ListingQuery)[] = [
    'q',
    'category',
    'vendor',
    'minPrice',
    'maxPrice',
    'inStock',
    'sort',
    'cursor',
  ];
  for (const key of order) {
    const value = query[key];
    if (fixed.includes(key) || value === undefined || value === false || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/** Whether the listing shows anything but its plain first page (filters, sort or a cursor). */
export function isFiltered(query: ListingQuery, fixed: readonly (keyof ListingQuery)[] = []): boolean {
  return (Object.keys(query) as (keyof ListingQuery)[]).some((k) => !fixed.includes(k) && k !== 'q' && query[k]);
}
