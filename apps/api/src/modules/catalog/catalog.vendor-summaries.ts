/**
 * The few public facts of vendors other modules show beside their own rows (an order's sub-orders
 * name their vendor): one query for any number of ids.
 */
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { vendors } from './catalog.tables.js';

export interface VendorSummary {
  id: string;
  slug: string;
  name: string;
}

/** Id → `{ id, slug, name }` of the vendors named (soft-deleted ones included: history keeps them). */
export async function vendorSummaries(tx: Queryable, ids: readonly string[]): Promise<Map<string, VendorSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: vendors.id, slug: vendors.slug, name: vendors.name })
    .from(vendors)
    .where(inArray(vendors.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}
