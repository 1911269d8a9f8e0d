/**
 * Catalog constants shared with the database. The price buckets match `catalog_price_bucket()` in
 * migration 0006: bucket `i` holds prices in `[PRICE_BUCKET_BOUNDS[i-1], PRICE_BUCKET_BOUNDS[i])`
 * minor units (the first starts at 0, the last has no upper bound).
 */
export const PRICE_BUCKET_BOUNDS = [1000, 2500, 5000, 10000, 25000, 50000] as const;

/** `category_id` of products without a category in `catalog_facet_counts`. */
export const NO_CATEGORY = '00000000-0000-0000-0000-000000000000';

/** The text-search configuration of `products.search_vector`; queries must use the same. */
export const SEARCH_CONFIG = 'english';

export function priceBucketOf(price: number | null): number {
  if (price === null) return -1;
  let i = 0;
  while (i < PRICE_BUCKET_BOUNDS.length && price >= (PRICE_BUCKET_BOUNDS[i] as number)) i++;
  return i;
}

/** `{ min, max }` of bucket `i` in minor units; `max` is null for the open-ended last bucket. */
export function priceBucketRange(i: number): { min: number; max: number | null } {
  return { min: i === 0 ? 0 : (PRICE_BUCKET_BOUNDS[i - 1] as number), max: PRICE_BUCKET_BOUNDS[i] ?? null };
}

/** The encryption context of a vendor's sealed contact details in a store. */
export const vendorContactContext = (tenantId: string): string => `catalog.vendor_contact:${tenantId}`;

/** Sealed columns of the catalog, for key rotation (`npm run keys:rotate`). */
export const CATALOG_SEALED_COLUMNS = [
  { table: 'vendors', column: 'contact_ciphertext', context: vendorContactContext },
] as const;
