/**
 * The orders module's queries, built from small fragments. Lists return ids with their keyset
 * position; the reader turns ids into views with a fixed number of queries.
 */
import { type SQL, and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import { currentActorSql } from '../../platform/db/columns.js';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import {
  type Cursor,
  type Keyed,
  type SortKeyed,
  type SortOrder,
  keysetOf,
  positionOf,
  sortKeyText,
  sortedKeysetOf,
} from '../../platform/http/pagination.js';
import type { OrderRow, SubOrderRow } from './orders.read.js';
import type { OrderSort } from './orders.schemas.js';
import {
  type FulfillmentStatus,
  type OrderStatus,
  type PaymentStatus,
  orderEvents,
  orderLines,
  orders,
  refunds,
  shipments,
  subOrders,
} from './orders.tables.js';

export interface OrderFilters {
  userId?: string;
  status?: OrderStatus;
  paymentStatus?: PaymentStatus;
  vendorId?: string;
  from?: string;
  to?: string;
  /** Order number or its beginning, any case. */
  number?: string;
}

/** `%` and `_` of user input taken literally in a LIKE pattern. */
const prefixPattern = (q: string) => `${q.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const byPlaced = sql`${orders.placedAt}`;
const byTotal = sql`${orders.total}`;
const byNumber = sql`${orders.number}`;

/** The orders `sort` names. */
const LIST_ORDERS: Record<OrderSort, SortOrder> = {
  '-placedAt': { tag: 'p-', expr: byPlaced, kind: 'time', descending: true },
  placedAt: { tag: 'p+', expr: byPlaced, kind: 'time', descending: false },
  '-total': { tag: 't-', expr: byTotal, kind: 'integer', descending: true },
  total: { tag: 't+', expr: byTotal, kind: 'integer', descending: false },
  '-number': { tag: 'n-', expr: byNumber, kind: 'text', descending: true },
  number: { tag: 'n+', expr: byNumber, kind: 'text', descending: false },
};

/** The order of a list: `sort` when given, newest placed first otherwise. */
export const listOrderOf = (sort: OrderSort | undefined): SortOrder => LIST_ORDERS[sort ?? '-placedAt'];

/**
 * Ids of orders in `order` (newest placed first unless told otherwise), keyset-paged on
 * `(key, id)`: `limit + 1` rows.
 */
export async function listOrderIds(
  tx: Queryable,
  f: OrderFilters,
  page: { limit: number; cursor: Cursor | null },
  order: SortOrder = listOrderOf(undefined),
): Promise<Array<SortKeyed<string>>> {
  const { where: after, orderBy } = sortedKeysetOf(order, orders.id, page.cursor);
  const where: Array<SQL | undefined> = [
    after,
    f.userId ? eq(orders.userId, f.userId) : undefined,
    f.status ? eq(orders.status, f.status) : undefined,
    f.paymentStatus ? eq(orders.paymentStatus, f.paymentStatus) : undefined,
    f.from ? gte(orders.placedAt, new Date(f.from)) : undefined,
    f.to ? lt(orders.placedAt, new Date(f.to)) : undefined,
    f.number ? sql`${orders.number} like ${prefixPattern(f.number)}` : undefined,
    f.vendorId
      ? sql`exists (select 1 from ${subOrders} where ${subOrders.orderId} = ${orders.id} and ${subOrders.vendorId} = ${f.vendorId})`
      : undefined,
  ];
  const rows = await tx
    .select({ id: orders.id, at: sortKeyText(order) })
    .from(orders)
    .where(and(...where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return rows.map((r) => ({ key: [order.tag, r.at, r.id], item: r.id }));
}

/** A vendor's sub-orders of confirmed orders, newest first: `limit + 1` ids with their positions. */
export async function listVendorSubOrderIds(
  tx: Queryable,
  vendorId: string,
  f: { fulfillmentStatus?: FulfillmentStatus | undefined },
  page: { limit: number; cursor: Cursor | null },
): Promise<Array<Keyed<string>>> {
  const { where: after, orderBy } = keysetOf(subOrders, page.cursor, true);
  const rows = await tx
    .select({ id: subOrders.id, at: positionOf(subOrders.createdAt) })
    .from(subOrders)
    .where(
      and(
        after,
        eq(subOrders.vendorId, vendorId),
        f.fulfillmentStatus ? eq(subOrders.fulfillmentStatus, f.fulfillmentStatus) : undefined,
        visibleToVendor,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return rows.map((r) => ({ key: [r.at, r.id], item: r.id }));
}

/**
 * A sub-order is the vendor's once its order was confirmed (paid, or accepted as cash on
 * delivery): a checkout still waiting for its payment is not work to ship.
 */
const visibleToVendor = sql`exists (select 1 from ${orders} where ${orders.id} = ${subOrders.orderId} and ${orders.confirmedAt} is not null)`;

/** The order, locked for the rest of the transaction. */
export async function lockOrder(tx: Queryable, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return row;
}

export async function findOrder(tx: Queryable, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** The vendor's sub-order (locked), or undefined when it is not theirs or not yet theirs. */
export async function lockVendorSubOrder(
  tx: Queryable,
  vendorId: string,
  id: string,
): Promise<SubOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(subOrders)
    .where(and(eq(subOrders.id, id), eq(subOrders.vendorId, vendorId), visibleToVendor))
    .for('update');
  return row;
}

export async function findVendorSubOrder(
  tx: Queryable,
  vendorId: string,
  id: string,
): Promise<SubOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(subOrders)
    .where(and(eq(subOrders.id, id), eq(subOrders.vendorId, vendorId), visibleToVendor));
  return row;
}

export function subOrdersOf(tx: Queryable, orderId: string) {
  return tx.select().from(subOrders).where(eq(subOrders.orderId, orderId)).orderBy(asc(subOrders.number));
}

export function linesOf(tx: Queryable, orderId: string) {
  return tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.createdAt), asc(orderLines.id));
}

export function linesOfSubOrder(tx: Queryable, subOrderId: string) {
  return tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.subOrderId, subOrderId))
    .orderBy(asc(orderLines.createdAt), asc(orderLines.id));
}

export function shipmentsOfSubOrder(tx: Queryable, subOrderId: string) {
  return tx
    .select()
    .from(shipments)
    .where(eq(shipments.subOrderId, subOrderId))
    .orderBy(asc(shipments.shippedAt), asc(shipments.id));
}

export function timelineOf(tx: Queryable, orderId: string) {
  return tx
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
}

export function refundsOf(tx: Queryable, orderId: string) {
  return tx.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/** Sets the order's columns, bumping its version and stamping who changed it. */
export async function updateOrder(
  ctx: TxContext,
  id: string,
  values: Partial<Pick<OrderRow, 'status' | 'paymentStatus' | 'cancelReason'>> & {
    cancelledAt?: SQL;
    refundedTotal?: SQL;
  },
): Promise<OrderRow> {
  const [row] = await ctx.tx
    .update(orders)
    .set({ ...values, version: sql`${orders.version} + 1`, updatedAt: sql`now()`, updatedBy: currentActorSql })
    .where(eq(orders.id, id))
    .returning();
  if (!row) throw new Error(`order ${id} vanished inside its own transaction`);
  return row;
}

export async function setFulfilment(ctx: TxContext, subOrderIds: string[], to: FulfillmentStatus): Promise<void> {
  if (subOrderIds.length === 0) return;
  await ctx.tx
    .update(subOrders)
    .set({
      fulfillmentStatus: to,
      version: sql`${subOrders.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: currentActorSql,
    })
    .where(and(inArray(subOrders.id, subOrderIds), ne(subOrders.fulfillmentStatus, to)));
}

/** The promotions the order counted a use of (kept with its `order_placed` timeline entry). */
export async function promotionIdsOf(tx: Queryable, orderId: string): Promise<string[]> {
  const rows = rowsOf<{ ids: unknown }>(
    await tx.execute(sql`
      select data -> 'promotionIds' as ids from order_events
      where order_id = ${orderId} and type = 'order_placed' limit 1`),
  );
  const ids = rows[0]?.ids;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether a failed statement broke a unique index (the driver error may be wrapped). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
