/**
 * Refunds by the store: part or all of a sub-order, optionally returning units to stock. Three
 * steps, like a cancellation:
 *
 * 1. One transaction reserves the amount: the refund row is written `pending` and the refunded
 *    totals of the sub-order and the order rise through conditional UPDATEs that keep them within
 *    the sub-order's total, the order's total and what the payment captured. Concurrent refunds
 *    therefore queue on the order row and can never add up to more than was captured.
 * 2. The provider refunds, outside any transaction, with the refund's id as idempotency key.
 * 3. A short transaction marks the refund `succeeded` (units back in stock, payment status,
 *    `order.refunded.v1` with the commission given back, timeline, audit, the shopper's message)
 *    or `failed`, giving the reserved amount and units back.
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BusinessRuleViolation, NotFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { canChangePayment } from './order-state.js';
import { OrderNotFound } from './orders.cancel.js';
import { OrderEvents, type OrderRefundedPayload } from './orders.events.js';
import { formatMoney, proportionHalfUp } from './orders.money.js';
import type { OrderMessage } from './orders.notify.js';
import type { InventoryPort, PaymentsPort } from './orders.ports.js';
import { paymentsOf } from './orders.read.js';
import { linesOfSubOrder, lockOrder, updateOrder } from './orders.repository.js';
import type { RefundBody } from './orders.schemas.js';
import { recordOrderChange } from './orders.timeline.js';
import { type ShipmentItem, orders, refunds, subOrders } from './orders.tables.js';

export type RefundRow = typeof refunds.$inferSelect;

export class RefundExceedsCaptured extends BusinessRuleViolation {
  constructor(detail = 'The refund is more than what was captured and not yet refunded.') {
    super('refund_exceeds_captured', detail);
  }
}

export interface RefundDeps {
  uow: UnitOfWork;
  events: EventBus;
  payments: PaymentsPort;
  inventory: InventoryPort;
  message: (ctx: TxContext, msg: OrderMessage) => Promise<unknown>;
}

interface Reserved {
  refund: RefundRow;
  paymentId: string;
  /** The order as it was before this refund (for the audit entry). */
  before: { paymentStatus: string; refundedTotal: number; subOrderRefundedTotal: number };
}

function mergeItems(items: readonly ShipmentItem[]): ShipmentItem[] {
  const sums = new Map<string, number>();
  for (const i of items) sums.set(i.lineId, (sums.get(i.lineId) ?? 0) + i.quantity);
  return [...sums.entries()].map(([lineId, quantity]) => ({ lineId, quantity }));
}

/** Moves `refunded_quantity` by `sign × quantity` for each item; all or nothing. */
async function moveRefundedQuantities(ctx: TxContext, subOrderId: string, items: ShipmentItem[], sign: 1 | -1) {
  if (items.length === 0) return true;
  const moved = rowsOf<{ id: string }>(
    await ctx.tx.execute(sql`
      update order_lines l set refunded_quantity = l.refunded_quantity + ${sign}::int * v.q, updated_at = now()
      from (values ${sql.join(
        items.map((i) => sql`(${i.lineId}::uuid, ${i.quantity}::int)`),
        sql`, `,
      )}) as v(id, q)
      where l.id = v.id and l.sub_order_id = ${subOrderId}
        and l.refunded_quantity + ${sign}::int * v.q between 0 and l.quantity
      returning l.id`),
  );
  return moved.length === items.length;
}

export function createRefunds(deps: RefundDeps) {
  const { uow, events, payments } = deps;

  /** Step 1. */
  async function reserve(ctx: TxContext, orderId: string, body: RefundBody): Promise<Reserved> {
    // The order row is the queue: concurrent refunds of one order take turns from here on.
    const order = await lockOrder(ctx.tx, orderId);
    if (!order) throw new OrderNotFound();
    if (body.amount.currency !== order.currency) {
      throw new BusinessRuleViolation('currency_mismatch', `This order is in ${order.currency}.`, {
        currency: order.currency,
      });
    }
    const [sub] = await ctx.tx
      .select()
      .from(subOrders)
      .where(and(eq(subOrders.id, body.subOrderId), eq(subOrders.orderId, orderId)));
    if (!sub) throw new NotFound('sub_order_not_found', 'This order has no sub-order with this id.');
    const [payment] = await paymentsOf(ctx.tx, [orderId]);
    if (!payment || payment.capturedAmount === 0) {
      throw new RefundExceedsCaptured(
        'Nothing has been captured for this order yet; cancel it to release the payment.',
      );
    }
    const amount = body.amount.amount;
    const [subBumped] = await ctx.tx
      .update(subOrders)
      .set({ refundedTotal: sql`${subOrders.refundedTotal} + ${amount}`, updatedAt: sql`now()` })
      .where(and(eq(subOrders.id, sub.id), sql`${subOrders.refundedTotal} + ${amount} <= ${subOrders.total}`))
      .returning({ id: subOrders.id });
    if (!subBumped) {
      throw new RefundExceedsCaptured(
        `At most ${formatMoney(sub.total - sub.refundedTotal, order.currency, 'en')} of this sub-order is left to refund.`,
      );
    }
    const [orderBumped] = await ctx.tx
      .update(orders)
      .set({ refundedTotal: sql`${orders.refundedTotal} + ${amount}` })
      .where(
        and(
          eq(orders.id, orderId),
          sql`${orders.refundedTotal} + ${amount} <= ${orders.total}`,
          sql`${orders.refundedTotal} + ${amount} <= ${payment.capturedAmount}`,
        ),
      )
      .returning({ id: orders.id });
    if (!orderBumped) throw new RefundExceedsCaptured();

    let items: ShipmentItem[] = [];
    if (body.restock) {
      const lines = await linesOfSubOrder(ctx.tx, sub.id);
      items = body.items
        ? mergeItems(body.items)
        : lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.refundedQuantity })).filter((i) => i.quantity > 0);
      const known = new Set(lines.map((l) => l.id));
      if (items.some((i) => !known.has(i.lineId))) {
        throw new BusinessRuleViolation('unknown_line', 'Some items are not lines of this sub-order.');
      }
      if (!(await moveRefundedQuantities(ctx, sub.id, items, 1))) {
        throw new BusinessRuleViolation(
          'refund_quantity_exceeded',
          'Some items would return more units than were bought and not yet returned.',
        );
      }
    } else if (body.items) {
      items = mergeItems(body.items);
    }
    const [refund] = await ctx.tx
      .insert(refunds)
      .values({
        id: newId(),
        orderId,
        subOrderId: sub.id,
        paymentId: payment.id,
        amount,
        reason: body.reason,
        restock: body.restock ?? false,
        items,
        status: 'pending',
      })
      .returning();
    if (!refund) throw new Error('the refund just written cannot be read back');
    return {
      refund,
      paymentId: payment.id,
      before: {
        paymentStatus: order.paymentStatus,
        refundedTotal: order.refundedTotal,
        subOrderRefundedTotal: sub.refundedTotal,
      },
    };
  }

  /** Step 3, success. */
  async function succeed(ctx: TxContext, reserved: Reserved, refundRef: string): Promise<RefundRow> {
    const { refund } = reserved;
    const order = await lockOrder(ctx.tx, refund.orderId);
    if (!order) throw new OrderNotFound();
    const [done] = await ctx.tx
      .update(refunds)
      .set({ status: 'succeeded', providerRef: refundRef, version: sql`${refunds.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
      .returning();
    if (!done) throw new Error(`refund ${refund.id} is no longer pending`);
    if (refund.restock && refund.items.length > 0) {
      const lines = await linesOfSubOrder(ctx.tx, refund.subOrderId);
      const variantOf = new Map(lines.map((l) => [l.id, l.variantId]));
      await deps.inventory.restock(
        ctx,
        refund.items.flatMap((i) => {
          const variantId = variantOf.get(i.lineId);
          return variantId ? [{ variantId, quantity: i.quantity }] : [];
        }),
      );
    }
    const [settled] = rowsOf<{ total: number }>(
      await ctx.tx.execute(sql`
        select coalesce(sum(amount), 0)::int as total from refunds
        where order_id = ${order.id} and status = 'succeeded'`),
    );
    const next = (settled?.total ?? 0) >= order.total ? 'refunded' : 'partially_refunded';
    const after = canChangePayment(order.paymentStatus, next)
      ? await updateOrder(ctx, order.id, { paymentStatus: next })
      : order;
    const [sub] = await ctx.tx.select().from(subOrders).where(eq(subOrders.id, refund.subOrderId));
    if (!sub) throw new Error(`sub-order ${refund.subOrderId} vanished`);
    await events.publish<OrderRefundedPayload>(ctx, {
      type: OrderEvents.refunded,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        number: order.number,
        refundId: refund.id,
        subOrderId: sub.id,
        vendorId: sub.vendorId,
        currency: order.currency,
        amount: refund.amount,
        commissionReversal: proportionHalfUp(sub.commissionAmount, refund.amount, sub.total),
        refundedAt: done.updatedAt.toISOString(),
      },
    });
    const amountText = formatMoney(refund.amount, order.currency, order.locale);
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      subOrderId: sub.id,
      type: 'refund_succeeded',
      message: `Refunded ${amountText}: ${refund.reason}`.slice(0, 1000),
      data: {
        refundId: refund.id,
        amount: refund.amount,
        restock: refund.restock,
        items: refund.items,
        providerRef: refundRef,
      },
    });
    await recordAudit(ctx, {
      action: 'order.refunded',
      entityType: 'order',
      entityId: order.id,
      before: {
        paymentStatus: reserved.before.paymentStatus,
        refundedTotal: reserved.before.refundedTotal,
        subOrder: { id: sub.id, refundedTotal: reserved.before.subOrderRefundedTotal },
      },
      after: {
        paymentStatus: after.paymentStatus,
        refundedTotal: reserved.before.refundedTotal + refund.amount,
        subOrder: { id: sub.id, refundedTotal: reserved.before.subOrderRefundedTotal + refund.amount },
        refund: {
          id: refund.id,
          amount: refund.amount,
          reason: refund.reason,
          restock: refund.restock,
          status: 'succeeded',
        },
      },
    });
    await deps.message(ctx, {
      orderId: order.id,
      template: 'order_refunded',
      vars: { amount: amountText, reason: refund.reason },
    });
    return done;
  }

  /** Step 3, failure: the reserved amount and units are given back. */
  async function fail(ctx: TxContext, reserved: Reserved, err: unknown): Promise<void> {
    const { refund } = reserved;
    const order = await lockOrder(ctx.tx, refund.orderId);
    if (!order) return;
    const [failed] = await ctx.tx
      .update(refunds)
      .set({ status: 'failed', version: sql`${refunds.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
      .returning({ id: refunds.id });
    if (!failed) return;
    await ctx.tx
      .update(subOrders)
      .set({ refundedTotal: sql`${subOrders.refundedTotal} - ${refund.amount}`, updatedAt: sql`now()` })
      .where(eq(subOrders.id, refund.subOrderId));
    await ctx.tx
      .update(orders)
      .set({ refundedTotal: sql`${orders.refundedTotal} - ${refund.amount}` })
      .where(eq(orders.id, order.id));
    if (refund.restock) await moveRefundedQuantities(ctx, refund.subOrderId, refund.items, -1);
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'provider_error';
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      subOrderId: refund.subOrderId,
      type: 'refund_failed',
      message: `A refund of ${formatMoney(refund.amount, order.currency, order.locale)} failed (${code}).`,
      data: { refundId: refund.id, amount: refund.amount, code },
    });
    await recordAudit(ctx, {
      action: 'order.refund_failed',
      entityType: 'order',
      entityId: order.id,
      before: { refund: { id: refund.id, status: 'pending' }, refundedTotal: order.refundedTotal },
      after: { refund: { id: refund.id, status: 'failed', code }, refundedTotal: order.refundedTotal - refund.amount },
    });
  }

  /**
   * Refunds `amount` of a sub-order. Resolves with the succeeded refund; a provider failure marks it
   * failed, gives the amount back and rethrows (503 when the provider is down, its 422 otherwise).
   */
  async function refund(ctx: RequestContext, orderId: string, body: RefundBody): Promise<RefundRow> {
    const reserved = await uow(ctx, (tx) => reserve(tx, orderId, body));
    let refundRef: string;
    try {
      ({ refundRef } = await payments.refund(ctx, {
        paymentId: reserved.paymentId,
        amount: reserved.refund.amount,
        idempotencyKey: `refund:${reserved.refund.id}`,
      }));
    } catch (err) {
      await uow(ctx, (tx) => fail(tx, reserved, err));
      throw err;
    }
    return uow(ctx, (tx) => succeed(tx, reserved, refundRef));
  }

  return { refund };
}

export type Refunds = ReturnType<typeof createRefunds>;
