/**
 * One way to record that something happened to an order: a timeline row (`order_events`), the
 * `order.status_changed.v1` outbox event, and a `pg_notify` on `bazaar_orders` that every API
 * replica listening on the database receives when the transaction commits (the live status stream).
 * Call it in the transaction of the change, after the order's rows were updated.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { OrderEvents, type OrderStatusChangedPayload } from './orders.events.js';
import { orderEvents, orders, subOrders } from './orders.tables.js';

/** The channel the live status stream listens on; the payload is `{ tenantId, orderId, eventId }`. */
export const ORDER_NOTIFY_CHANNEL = 'bazaar_orders';

export interface OrderChange {
  orderId: string;
  /** `status_changed`, `payment_authorized`, `payment_failed`, `shipment_created`, `refund_succeeded`, … */
  type: string;
  subOrderId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  /** A sentence for the timeline, shown to staff and (for status changes) to the shopper. */
  message?: string | null;
  data?: Record<string, unknown>;
}

export async function recordOrderChange(ctx: TxContext, events: EventBus, change: OrderChange): Promise<string> {
  const id = newId();
  await ctx.tx.insert(orderEvents).values({
    id,
    orderId: change.orderId,
    subOrderId: change.subOrderId ?? null,
    type: change.type,
    fromStatus: change.fromStatus ?? null,
    toStatus: change.toStatus ?? null,
    message: change.message ?? null,
    data: change.data ?? {},
  });
  const [order] = await ctx.tx
    .select({ number: orders.number, status: orders.status, paymentStatus: orders.paymentStatus })
    .from(orders)
    .where(eq(orders.id, change.orderId));
  if (!order) return id;
  const subs = await ctx.tx
    .select({ subOrderId: subOrders.id, vendorId: subOrders.vendorId, fulfillmentStatus: subOrders.fulfillmentStatus })
    .from(subOrders)
    .where(and(eq(subOrders.orderId, change.orderId)))
    .orderBy(subOrders.number);
  const payload: OrderStatusChangedPayload = {
    orderId: change.orderId,
    number: order.number,
    status: order.status,
    paymentStatus: order.paymentStatus,
    subOrders: subs,
    change: change.type,
    at: new Date().toISOString(),
  };
  await events.publish(ctx, {
    type: OrderEvents.statusChanged,
    aggregateType: 'order',
    aggregateId: change.orderId,
    payload,
  });
  await ctx.tx.execute(
    sql`select pg_notify(${ORDER_NOTIFY_CHANNEL}, ${JSON.stringify({ tenantId: ctx.tenantId, orderId: change.orderId, eventId: id })})`,
  );
  return id;
}
