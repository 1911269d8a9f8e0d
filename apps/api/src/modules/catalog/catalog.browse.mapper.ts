/**
 * Rows of the catalog's read SQL → the shopper-facing representations: money with the product's
 * currency, media URLs for stored images, facets in display order.
 */
import {
  type Facets,
  MAX_CATEGORY_FACETS,
  MAX_VENDOR_FACETS,
  type ProductDetail,
  type ProductSummary,
  type Suggestions,
} from './catalog.browse.schemas.js';
import { priceBucketRange } from './catalog.constants.js';
import type { DetailRow, FacetRow, ListRow, SuggestRow } from './catalog.search.js';

/** Where a stored object is served. */
const mediaUrl = (key: string): string => `/api/v1/media/${key}`;

const money = (amount: number, currency: string) => ({ amount, currency });

/** A price bucket as the facet shows it: inclusive bounds, `max` null when open-ended. */
function bucketBounds(i: number): { min: number; max: number | null } {
  const { min, max } = priceBucketRange(i);
  return { min, max: max === null ? null : max - 1 };
}

function imageOf(r: Pick<ListRow, 'image_key' | 'image_thumbnail_key' | 'image_alt' | 'image_width' | 'image_height'>) {
  if (r.image_key === null || r.image_thumbnail_key === null) return null;
  return {
    url: mediaUrl(r.image_key),
    thumbnailUrl: mediaUrl(r.image_thumbnail_key),
    alt: r.image_alt ?? '',
    width: r.image_width ?? 1,
    height: r.image_height ?? 1,
  };
}

function summaryOf(r: Omit<ListRow, 'sort_key' | 'compare_at_price'>) {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    price: money(r.price_min, r.currency),
    priceRange: { min: money(r.price_min, r.currency), max: money(r.price_max, r.currency) },
    image: imageOf(r),
    vendor: { id: r.vendor_id, slug: r.vendor_slug, name: r.vendor_name },
    category:
      r.category_id !== null && r.category_slug !== null
        ? { id: r.category_id, slug: r.category_slug, name: r.category_name ?? r.category_slug }
        : null,
    rating: { average: Number(r.rating_avg), count: r.rating_count },
    inStock: r.in_stock,
    featured: r.featured,
    createdAt: r.created_at,
  };
}

export function toProductSummary(r: ListRow): ProductSummary {
  const { image, vendor, category, rating, inStock, featured, createdAt, ...head } = summaryOf(r);
  // The compare-at price sits with the prices, and only when there is one.
  const compareAt =
    r.compare_at_price !== null && r.compare_at_price > r.price_min
      ? { compareAtPrice: money(r.compare_at_price, r.currency) }
      : {};
  return { ...head, ...compareAt, image, vendor, category, rating, inStock, featured, createdAt };
}

export function toFacets(rows: FacetRow[]): { facets: Facets; total: number } {
  const byCount = <T extends { count: number; name: string }>(a: T, b: T) =>
    b.count - a.count || a.name.localeCompare(b.name);
  const categories = rows
    .filter((r) => r.kind === 'category')
    .map((r) => ({
      id: r.id as string,
      slug: r.slug as string,
      name: r.name as string,
      parentId: r.parent_id,
      count: r.count,
    }))
    .sort(byCount)
    .slice(0, MAX_CATEGORY_FACETS);
  const vendors = rows
    .filter((r) => r.kind === 'vendor')
    .map((r) => ({ id: r.id as string, slug: r.slug as string, name: r.name as string, count: r.count }))
    .sort(byCount)
    .slice(0, MAX_VENDOR_FACETS);
  const price = rows
    .filter((r) => r.kind === 'price' && r.bucket !== null)
    .sort((a, b) => (a.bucket as number) - (b.bucket as number))
    .map((r) => ({ ...bucketBounds(r.bucket as number), count: r.count }));
  const total = rows.find((r) => r.kind === 'total')?.count ?? 0;
  return { facets: { categories, vendors, price }, total };
}

export function toProductDetail(r: DetailRow): ProductDetail {
  const summary = summaryOf(r);
  const cheapest = r.variants.reduce<DetailRow['variants'][number] | undefined>(
    (best, v) => (best === undefined || v.price < best.price ? v : best),
    undefined,
  );
  const compareAt =
    cheapest?.compare_at_price != null && cheapest.compare_at_price > r.price_min
      ? { compareAtPrice: money(cheapest.compare_at_price, r.currency) }
      : {};
  const [one = 0, two = 0, three = 0, four = 0, five = 0] = r.rating_histogram;
  return {
    ...summary,
    ...compareAt,
    description: r.description,
    options: r.options,
    variants: r.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      options: v.options,
      price: money(v.price, r.currency),
      compareAtPrice: v.compare_at_price === null ? null : money(v.compare_at_price, r.currency),
      available: v.available,
      inStock: v.available > 0,
      weight: v.weight_grams,
    })),
    images: r.images.map((i) => ({
      id: i.id,
      url: mediaUrl(i.key),
      thumbnailUrl: mediaUrl(i.thumbnail_key),
      alt: i.alt,
      width: i.width,
      height: i.height,
    })),
    rating: { ...summary.rating, histogram: { '1': one, '2': two, '3': three, '4': four, '5': five } },
    category: summary.category ? { ...summary.category, breadcrumb: r.breadcrumb } : null,
  };
}

export const toSuggestions = (rows: SuggestRow[]): Suggestions => ({
  data: rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title })),
});
