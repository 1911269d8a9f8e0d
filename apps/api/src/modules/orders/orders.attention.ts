/**
 * What waits for store staff in the orders, for the admin dashboard's "needs attention" panel. Read
 * in the caller's transaction (row-level security scopes it to the store); the count is exact.
 */
import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { orders } from './orders.tables.js';

/** Orders whose payment failed, placed in the last `days` days. */
export async function failedPaymentCount(tx: Queryable, days: number): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(orders)
    .where(
      and(eq(orders.paymentStatus, 'failed'), gte(orders.placedAt, sql`now() - make_interval(days => ${days}::int)`)),
    );
  return Number(row?.n ?? 0);
}
