/**
 * Which vendor a user acts for. The catalog's vendor model decides who sells; identity keeps the
 * link on the account (`users.vendor_id`) and the `vendor` role that comes with it. A token issued
 * before the link was made carries the old roles until the user refreshes it.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { users } from './identity.tables.js';

/** The vendor an active account acts for, or null. */
export async function vendorIdOfUser(tx: Queryable, userId: string): Promise<string | null> {
  const [row] = await tx
    .select({ vendorId: users.vendorId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.status, 'active'), isNull(users.deletedAt)));
  return row?.vendorId ?? null;
}

/** Links the account to the vendor and gives it the `vendor` role; false when there is no such account. */
export async function assignVendor(tx: Queryable, userId: string, vendorId: string): Promise<boolean> {
  const res = await tx
    .update(users)
    .set({
      vendorId,
      roles: sql`case when 'vendor' = any(${users.roles}) then ${users.roles} else array_append(${users.roles}, 'vendor') end`,
      version: sql`${users.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .returning({ id: users.id });
  return res.length > 0;
}

/** The accounts that act for a vendor. */
export async function vendorUserIds(tx: Queryable, vendorId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.vendorId, vendorId), isNull(users.deletedAt)));
  return rows.map((r) => r.id);
}
