/**
 * Vendors' own commission rates, for checkout to price each sub-order's commission: one query for
 * any number of ids.
 */
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { vendors } from './catalog.tables.js';

/** Id → the vendor's commission rate in basis points, or null where the store's rate applies. */
export async function vendorCommissionRates(
  tx: Queryable,
  ids: readonly string[],
): Promise<Map<string, number | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: vendors.id, rate: vendors.commissionRateBps })
    .from(vendors)
    .where(inArray(vendors.id, unique));
  return new Map(rows.map((r) => [r.id, r.rate]));
}
