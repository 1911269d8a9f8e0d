/**
 * Fulfilment: a vendor ships (part of) its sub-order, shipments are delivered (by the vendor or a
 * carrier's tracking webhook), and the order's status follows its sub-orders one step at a time.
 * Shipped quantities are guarded by the database: a line's `shipped_quantity` rises only through a
 * conditional UPDATE that keeps it within the line's quantity, so two parcels sent at once can
 * never ship a unit twice.
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { TxContext } from '../../platform/context.js';
import { currentActorSql } from '../../platform/db/columns.js';
import { rowsOf } from '../../platform/db/client.js';
import { BusinessRuleViolation, Conflict, NotFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { assertFulfilment, canChangePayment, fulfilmentPath } from './order-state.js';
import { OrderEvents } from './orders.events.js';
import type { OrderMessage } from './orders.notify.js';
import type { PaymentsPort } from './orders.ports.js';
import type { OrderRow, ShipmentRow, SubOrderRow } from './orders.read.js';
import {
  isUniqueViolation,
  linesOfSubOrder,
  lockOrder,
  shipmentsOfSubOrder,
  subOrdersOf,
  updateOrder,
} from './orders.repository.js';
import type { CreateShipmentBody } from './orders.schemas.js';
import { recordOrderChange } from './orders.timeline.js';
import { type FulfillmentStatus, type ShipmentItem, orderLines, shipments, subOrders } from './orders.tables.js';

/** Payload of `order.shipment_created.v1`. */
export interface OrderShipmentPayload {
  orderId: string;
  subOrderId: string;
  vendorId: string;
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  items: ShipmentItem[];
  shippedAt: string;
}

export class SubOrderNotFound extends NotFound {
  constructor() {
    super('sub_order_not_found', 'No sub-order of yours has this id.');
  }
}

export class ShipmentNotFound extends NotFound {
  constructor() {
    super('shipment_not_found', 'This sub-order has no shipment with this id.');
  }
}

export interface FulfilmentDeps {
  events: EventBus;
  payments: PaymentsPort;
  message: (ctx: TxContext, msg: OrderMessage) => Promise<unknown>;
  vendorName: (ctx: TxContext, vendorId: string) => Promise<string>;
}

/** Sums quantities per line (a parcel may name a line twice). */
function mergeItems(items: readonly ShipmentItem[]): ShipmentItem[] {
  const sums = new Map<string, number>();
  for (const i of items) sums.set(i.lineId, (sums.get(i.lineId) ?? 0) + i.quantity);
  return [...sums.entries()].map(([lineId, quantity]) => ({ lineId, quantity }));
}

export function createFulfilment(deps: FulfilmentDeps) {
  const { events } = deps;

  /**
   * Moves the order along what its sub-orders now say, one recorded step at a time; a cash on
   * delivery order that arrives is paid.
   */
  async function followFulfilment(ctx: TxContext, order: OrderRow, reason: string): Promise<OrderRow> {
    const subs = await subOrdersOf(ctx.tx, order.id);
    let current = order;
    for (const step of fulfilmentPath(
      current.status,
      subs.map((s) => s.fulfillmentStatus),
    )) {
      const before = current;
      current = await updateOrder(ctx, order.id, { status: step });
      await recordOrderChange(ctx, events, {
        orderId: order.id,
        type: 'status_changed',
        fromStatus: before.status,
        toStatus: step,
        message: reason,
      });
      await recordAudit(ctx, {
        action: 'order.status_changed',
        entityType: 'order',
        entityId: order.id,
        before: { status: before.status },
        after: { status: step },
      });
      if (step === 'delivered') current = await collectCashOnDelivery(ctx, current);
    }
    return current;
  }

  /**
   * Cash on delivery is paid when the order arrives. The payments module records the cash and
   * moves the order's payment status (with its own timeline entry); the order is read back.
   */
  async function collectCashOnDelivery(ctx: TxContext, order: OrderRow): Promise<OrderRow> {
    if (order.paymentMethod !== 'cod' || !canChangePayment(order.paymentStatus, 'paid')) return order;
    await deps.payments.markCodPaid(ctx, order.id);
    return (await lockOrder(ctx.tx, order.id)) ?? order;
  }

  async function setSubOrderStatus(ctx: TxContext, sub: SubOrderRow, to: FulfillmentStatus): Promise<SubOrderRow> {
    if (sub.fulfillmentStatus === to && to !== 'partially_shipped') return sub;
    assertFulfilment(sub.fulfillmentStatus, to);
    const [row] = await ctx.tx
      .update(subOrders)
      .set({
        fulfillmentStatus: to,
        version: sql`${subOrders.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
      })
      .where(eq(subOrders.id, sub.id))
      .returning();
    if (!row) throw new SubOrderNotFound();
    return row;
  }

  /** A parcel of the vendor's sub-order (locked by the caller). 201 + the shipment. */
  async function createShipment(ctx: TxContext, sub: SubOrderRow, body: CreateShipmentBody): Promise<ShipmentRow> {
    const order = await lockOrder(ctx.tx, sub.orderId);
    if (!order) throw new SubOrderNotFound();
    if (order.status !== 'confirmed' && order.status !== 'processing') {
      throw new BusinessRuleViolation('order_not_shippable', `An order that is ${order.status} cannot be shipped.`, {
        status: order.status,
      });
    }
    if (sub.fulfillmentStatus !== 'unfulfilled' && sub.fulfillmentStatus !== 'partially_shipped') {
      throw new BusinessRuleViolation('nothing_to_ship', `This sub-order is ${sub.fulfillmentStatus}.`, {
        fulfillmentStatus: sub.fulfillmentStatus,
      });
    }
    const lines = await linesOfSubOrder(ctx.tx, sub.id);
    const items = body.items
      ? mergeItems(body.items)
      : lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.shippedQuantity })).filter((i) => i.quantity > 0);
    if (items.length === 0)
      throw new BusinessRuleViolation('nothing_to_ship', 'Everything in this sub-order has shipped.');
    const known = new Set(lines.map((l) => l.id));
    const unknown = items.filter((i) => !known.has(i.lineId));
    if (unknown.length > 0) {
      throw new BusinessRuleViolation('unknown_line', 'Some items are not lines of this sub-order.', {
        lineIds: unknown.map((i) => i.lineId),
      });
    }
    // One statement for the whole parcel; every line must take its quantity or none does.
    const shipped = rowsOf<{ id: string }>(
      await ctx.tx.execute(sql`
        update order_lines l set shipped_quantity = l.shipped_quantity + v.q, updated_at = now(),
          version = l.version + 1
        from (values ${sql.join(
          items.map((i) => sql`(${i.lineId}::uuid, ${i.quantity}::int)`),
          sql`, `,
        )}) as v(id, q)
        where l.id = v.id and l.sub_order_id = ${sub.id} and l.shipped_quantity + v.q <= l.quantity
        returning l.id`),
    );
    if (shipped.length !== items.length) {
      const ok = new Set(shipped.map((r) => r.id));
      throw new BusinessRuleViolation(
        'shipment_exceeds_unshipped',
        'Some items would ship more units than are left to ship.',
        { lineIds: items.filter((i) => !ok.has(i.lineId)).map((i) => i.lineId) },
      );
    }
    const id = newId();
    let shipment: ShipmentRow | undefined;
    try {
      [shipment] = await ctx.tx
        .insert(shipments)
        .values({
          id,
          orderId: order.id,
          subOrderId: sub.id,
          carrier: body.carrier,
          trackingNumber: body.trackingNumber,
          items,
        })
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new Conflict('tracking_number_taken', 'A shipment with this carrier and tracking number already exists.');
      }
      throw err;
    }
    if (!shipment) throw new Error('the shipment just written cannot be read back');
    const after = await ctx.tx
      .select({ quantity: orderLines.quantity, shipped: orderLines.shippedQuantity })
      .from(orderLines)
      .where(eq(orderLines.subOrderId, sub.id));
    const complete = after.every((l) => l.shipped >= l.quantity);
    await setSubOrderStatus(ctx, sub, complete ? 'shipped' : 'partially_shipped');
    await events.publish<OrderShipmentPayload>(ctx, {
      type: OrderEvents.shipped,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        subOrderId: sub.id,
        vendorId: sub.vendorId,
        shipmentId: id,
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
        items,
        shippedAt: shipment.shippedAt.toISOString(),
      },
    });
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      subOrderId: sub.id,
      type: 'shipment_created',
      fromStatus: sub.fulfillmentStatus,
      toStatus: complete ? 'shipped' : 'partially_shipped',
      message: `Shipped with ${body.carrier}, tracking number ${body.trackingNumber}.`,
      data: { shipmentId: id, carrier: body.carrier, trackingNumber: body.trackingNumber, items },
    });
    await followFulfilment(ctx, order, 'Items of the order have shipped.');
    await deps.message(ctx, {
      orderId: order.id,
      template: 'order_shipped',
      vars: {
        vendor: await deps.vendorName(ctx, sub.vendorId),
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
      },
    });
    return shipment;
  }

  /**
   * Marks the shipment delivered (again is a no-op); a fully shipped sub-order whose parcels have
   * all arrived is delivered, and the order follows.
   */
  async function markDelivered(ctx: TxContext, sub: SubOrderRow, shipmentId: string, at?: Date): Promise<void> {
    const [shipment] = await ctx.tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.id, shipmentId), eq(shipments.subOrderId, sub.id)));
    if (!shipment) throw new ShipmentNotFound();
    if (shipment.status === 'delivered') return;
    const order = await lockOrder(ctx.tx, sub.orderId);
    if (!order) throw new SubOrderNotFound();
    await ctx.tx
      .update(shipments)
      .set({
        status: 'delivered',
        deliveredAt: at ?? sql`now()`,
        version: sql`${shipments.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
      })
      .where(eq(shipments.id, shipmentId));
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      subOrderId: sub.id,
      type: 'shipment_delivered',
      message: `The ${shipment.carrier} parcel ${shipment.trackingNumber} was delivered.`,
      data: { shipmentId },
    });
    const all = await shipmentsOfSubOrder(ctx.tx, sub.id);
    if (sub.fulfillmentStatus === 'shipped' && all.every((s) => s.status === 'delivered')) {
      await setSubOrderStatus(ctx, sub, 'delivered');
      await recordOrderChange(ctx, events, {
        orderId: order.id,
        subOrderId: sub.id,
        type: 'sub_order_delivered',
        fromStatus: 'shipped',
        toStatus: 'delivered',
        message: 'Every parcel of this part of the order was delivered.',
      });
      await followFulfilment(ctx, order, 'Every part of the order was delivered.');
    }
  }

  /** A carrier's tracking update for one of this store's shipments. */
  async function markInTransit(ctx: TxContext, shipment: ShipmentRow): Promise<void> {
    if (shipment.status !== 'shipped') return;
    await ctx.tx
      .update(shipments)
      .set({ status: 'in_transit', version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(shipments.id, shipment.id), eq(shipments.status, 'shipped')));
    await recordOrderChange(ctx, events, {
      orderId: shipment.orderId,
      subOrderId: shipment.subOrderId,
      type: 'shipment_in_transit',
      message: `The ${shipment.carrier} parcel ${shipment.trackingNumber} is in transit.`,
      data: { shipmentId: shipment.id },
    });
  }

  return { createShipment, markDelivered, markInTransit, followFulfilment, collectCashOnDelivery };
}

export type Fulfilment = ReturnType<typeof createFulfilment>;
