/**
 * Catalog data for the storefront pages (home, listings, product, vendor, sitemap): cached reads through
 * `catalogApi`, reshaped into the view types the catalog components take. Listing state lives in the URL;
 * `parseListingQuery` / `listingHref` convert between search params and API filters in one place.
 */
import 'server-only';
import { catalogApi, failed } from './api';
import { minorDigits } from './format';
import type { paths } from '@bazaar/sdk';
import type {
  CategoryPage,
  CategoryTreeNode,
  ListingQuery,
  ProductDetail,
  ProductList,
  ReviewPage,
  VendorProfile,
} from './catalog-types';

export type * from './catalog-types';
export { isFiltered, listingHref, parseListingQuery, SORTS } from './catalog-query';

type ProductQuery = NonNullable<paths['/api/v1/products']['get']['parameters']['query']>;

/** Products per listing page. */
export const PAGE_SIZE = 24;

/** Major units typed by a shopper (`12.5`) → minor units for the API (`1250`); undefined when empty or bad. */
function toMinor(value: string | undefined, currency: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.min(Math.round(n * 10 ** minorDigits(currency)), 2147483647);
}

/** The cursor parameter of an API pagination link (`links.next` / `links.prev`). */
export function cursorOf(link: string | null | undefined): string | null {
  if (!link) return null;
  return new URL(link, 'http://x').searchParams.get('cursor');
}

/** The previous page's cursor: null when there is none, '' when it is the first page (no cursor). */
function prevCursor(link: string | null | undefined): string | null {
  return link ? (cursorOf(link) ?? '') : null;
}

/** One page of products for a listing (search, category, vendor), with facets and cursors. */
export async function listProducts(
  tenant: string,
  query: ListingQuery,
  currency: string,
  limit = PAGE_SIZE,
): Promise<ProductList> {
  const apiQuery: ProductQuery = { limit };
  if (query.q) apiQuery.q = query.q;
  if (query.category) apiQuery.category = query.category;
  if (query.vendor) apiQuery.vendor = query.vendor;
  const min = toMinor(query.minPrice, currency);
  const max = toMinor(query.maxPrice, currency);
  if (min !== undefined) apiQuery.minPrice = min;
  if (max !== undefined) apiQuery.maxPrice = max;
  if (query.inStock) apiQuery.inStock = true;
  if (query.featured) apiQuery.featured = true;
  if (query.sort) apiQuery.sort = query.sort;
  if (query.cursor) apiQuery.cursor = query.cursor;
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/products', { params: { query: apiQuery } });
  if (!data) {
    // A stale or hand-edited cursor is not worth an error page: show the first page instead.
    if (response.status === 400 && query.cursor) return listProducts(tenant, { ...query, cursor: undefined }, currency);
    failed(error, response);
  }
  return {
    items: data.data,
    total: data.meta.total ?? null,
    next: cursorOf(data.links.next),
    prev: prevCursor(data.links.prev),
    facets: data.facets,
    fuzzy: data.meta.searchMode === 'fuzzy',
  };
}

/** The category tree (top level first). */
export async function getCategoryTree(tenant: string): Promise<CategoryTreeNode[]> {
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/categories', {});
  if (!data) failed(error, response);
  return data.data;
}

/** A category with its subcategories and ancestors; 404 page when unknown. */
export async function getCategory(tenant: string, slug: string): Promise<CategoryPage> {
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/categories/{slug}', {
    params: { path: { slug } },
  });
  if (!data) failed(error, response);
  return data;
}

/** A product with variants, images and rating; 404 page when unknown. */
export async function getProduct(tenant: string, slug: string): Promise<ProductDetail> {
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/products/{idOrSlug}', {
    params: { path: { idOrSlug: slug } },
  });
  if (!data) failed(error, response);
  return data;
}

/** One page of a product's visible reviews (newest first). */
export async function getReviews(tenant: string, productId: string, cursor?: string, limit = 10): Promise<ReviewPage> {
  const query: { limit: number; cursor?: string } = { limit };
  if (cursor) query.cursor = cursor;
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/products/{id}/reviews', {
    params: { path: { id: productId }, query },
  });
  if (!data) {
    if (response.status === 400 && cursor) return getReviews(tenant, productId, undefined, limit);
    failed(error, response);
  }
  return {
    reviews: data.data,
    total: data.meta.total ?? null,
    next: cursorOf(data.links.next),
    prev: prevCursor(data.links.prev),
    summary: data.summary,
  };
}

/** A vendor's public profile; 404 page when unknown. */
export async function getVendor(tenant: string, slug: string): Promise<VendorProfile> {
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/vendors/{slug}', {
    params: { path: { slug } },
  });
  if (!data) failed(error, response);
  return data;
}

/** Every category of the tree, depth first. */
export function flattenCategories(nodes: readonly CategoryTreeNode[]): CategoryTreeNode[] {
  return nodes.flatMap((node) => [node, ...flattenCategories(node.children)]);
}

export interface SitemapEntry {
  path: string;
  lastModified?: string;
}

/** Catalog URLs for the sitemap: home, categories, vendors, then active products (paged, capped). */
export async function sitemapEntries(tenant: string, cap = 50_000): Promise<SitemapEntry[]> {
  const api = catalogApi(tenant);
  const entries: SitemapEntry[] = [{ path: '/' }];
  const categories = await getCategoryTree(tenant);
  for (const c of flattenCategories(categories)) entries.push({ path: `/c/${c.slug}` });
  const vendors = new Set<string>();
  const products: SitemapEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: ProductQuery = { limit: 100, sort: 'newest' };
    if (cursor) query.cursor = cursor;
    const { data, error, response } = await api.GET('/api/v1/products', { params: { query } });
    if (!data) failed(error, response);
    for (const v of data.facets.vendors) vendors.add(v.slug);
    for (const p of data.data) {
      vendors.add(p.vendor.slug);
      products.push({ path: `/p/${p.slug}`, lastModified: p.createdAt });
    }
    cursor = cursorOf(data.links.next);
  } while (cursor && entries.length + products.length + vendors.size < cap);
  for (const slug of vendors) entries.push({ path: `/v/${slug}` });
  return [...entries, ...products].slice(0, cap);
}
