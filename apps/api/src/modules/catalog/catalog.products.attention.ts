/**
 * What waits for store staff in the catalog, for the admin dashboard's "needs attention" panel:
 * vendor applications and products to review, and variants on sale that are running out. Each is
 * read in the caller's transaction (row-level security scopes it to the store); counts are exact.
 */
import { and, asc, count, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { products, variants, vendors } from './catalog.tables.js';

export interface LowStockItem {
  productId: string;
  variantId: string;
  productTitle: string;
  sku: string;
  /** Units on hand. */
  stock: number;
  vendor: { id: string; name: string };
}

/** Vendor applications waiting for a decision. */
export async function pendingVendorCount(tx: Queryable): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(vendors)
    .where(and(eq(vendors.status, 'pending'), isNull(vendors.deletedAt)));
  return Number(row?.n ?? 0);
}

/** Products submitted for review and not yet approved or rejected. */
export async function pendingProductCount(tx: Queryable): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(products)
    .where(and(eq(products.status, 'pending_review'), isNull(products.deletedAt)));
  return Number(row?.n ?? 0);
}

/**
 * Active variants of active products with at most `threshold` units on hand: how many there are,
 * and the `limit` lowest (then by product title, SKU and id, so the list is stable).
 */
export async function lowStockVariants(
  tx: Queryable,
  threshold: number,
  limit: number,
): Promise<{ count: number; items: LowStockItem[] }> {
  const running = and(
    eq(products.status, 'active'),
    isNull(products.deletedAt),
    eq(variants.active, true),
    isNull(variants.deletedAt),
    lte(variants.onHand, threshold),
  );
  const onProduct = and(eq(products.tenantId, variants.tenantId), eq(products.id, variants.productId));
  const [total] = await tx.select({ n: count() }).from(variants).innerJoin(products, onProduct).where(running);
  const n = Number(total?.n ?? 0);
  if (n === 0) return { count: 0, items: [] };
  const rows = await tx
    .select({
      productId: products.id,
      variantId: variants.id,
      productTitle: products.title,
      sku: variants.sku,
      stock: variants.onHand,
      vendorId: vendors.id,
      vendorName: vendors.name,
    })
    .from(variants)
    .innerJoin(products, onProduct)
    .innerJoin(vendors, and(eq(vendors.tenantId, products.tenantId), eq(vendors.id, products.vendorId)))
    .where(running)
    .orderBy(asc(variants.onHand), sql`lower(${products.title})`, asc(variants.sku), asc(variants.id))
    .limit(limit);
  return {
    count: n,
    items: rows.map(({ vendorId, vendorName, ...r }) => ({ ...r, vendor: { id: vendorId, name: vendorName } })),
  };
}
