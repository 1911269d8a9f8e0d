/**
 * Cancelling an order, by its shopper (until anything ships) or by the store. Two steps with a
 * commit between them, so a crash or a provider outage leaves a state that can be finished:
 *
 * 1. In one transaction: the order becomes `cancelled` with its reason, its sub-orders too; held
 *    stock is released (pending) or deducted stock put back (confirmed); coupon uses are given
 *    back; a paid order gets `pending` refund rows for what was captured; `order.cancelled.v1`,
 *    the timeline, the audit entry and the shopper's message commit with it.
 * 2. Outside any transaction: the provider voids the authorization or refunds the capture (with an
 *    idempotency key of the order, so a retry never pays twice); then a short transaction records
 *    the outcome (payment status, refund rows).
 *
 * When step 2 fails the order stays cancelled with its payment still `authorized`/`paid` and its
 * refunds `pending` (the timeline says so); cancelling it again, from the shop or the admin, runs
 * step 2 again.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BusinessRuleViolation, NotFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { assertTransition, canChangePayment, customerMayCancel } from './order-state.js';
import { OrderEvents, type OrderCancelledPayload } from './orders.events.js';
import { formatMoney } from './orders.money.js';
import type { OrderMessage } from './orders.notify.js';
import type { InventoryPort, PaymentsPort, PromotionsPort } from './orders.ports.js';
import { type OrderRow, type PaymentRow, paymentsOf } from './orders.read.js';
import { linesOf, lockOrder, promotionIdsOf, setFulfilment, subOrdersOf, updateOrder } from './orders.repository.js';
import { recordOrderChange } from './orders.timeline.js';
import { orders, refunds, subOrders } from './orders.tables.js';

export class OrderNotFound extends NotFound {
  constructor() {
    super('order_not_found', 'No order with this id exists, or it is not yours.');
  }
}

export interface CancelDeps {
  uow: UnitOfWork;
  events: EventBus;
  payments: PaymentsPort;
  inventory: InventoryPort;
  promotions: PromotionsPort;
  message: (ctx: TxContext, msg: OrderMessage) => Promise<unknown>;
  log?: Logger | undefined;
}

export interface CancelRequest {
  reason: string;
  by: 'customer' | 'admin';
  /** Throws (404) when the caller may not touch this order; runs with the order locked. */
  authorize: (ctx: TxContext, order: OrderRow) => Promise<void> | void;
}

type Settlement =
  | { kind: 'none' }
  | { kind: 'void'; paymentId: string }
  | { kind: 'refund'; paymentId: string; amount: number; refundIds: string[] };

/** Payment record statuses that still hold the shopper's money without having taken it. */
const VOIDABLE: ReadonlyArray<PaymentRow['status']> = ['pending', 'requires_action', 'authorized'];
const REFUNDABLE: ReadonlyArray<PaymentRow['status']> = ['paid', 'partially_refunded'];

const CANCEL_EVENT = 'status_changed';

export function createCancellation(deps: CancelDeps) {
  const { uow, events, payments } = deps;

  /** The moneyless part of a cancellation: what a cancelled order still owes its shopper. */
  async function pendingSettlement(ctx: TxContext, order: OrderRow): Promise<Settlement> {
    const [payment] = await paymentsOf(ctx.tx, [order.id]);
    if (!payment) return { kind: 'none' };
    if (VOIDABLE.includes(payment.status) && order.paymentStatus !== 'voided' && order.paymentStatus !== 'failed') {
      return { kind: 'void', paymentId: payment.id };
    }
    const rows = rowsOf<{ ids: unknown }>(
      await ctx.tx.execute(sql`
        select data -> 'refundIds' as ids from order_events
        where order_id = ${order.id} and type = ${CANCEL_EVENT} and to_status = 'cancelled'
        order by created_at desc limit 1`),
    );
    const ids = Array.isArray(rows[0]?.ids)
      ? (rows[0].ids as unknown[]).filter((x): x is string => typeof x === 'string')
      : [];
    if (ids.length === 0) return { kind: 'none' };
    const open = await ctx.tx
      .select({ id: refunds.id, amount: refunds.amount })
      .from(refunds)
      .where(and(inArray(refunds.id, ids), eq(refunds.status, 'pending')));
    if (open.length === 0) return { kind: 'none' };
    return {
      kind: 'refund',
      paymentId: payment.id,
      amount: open.reduce((n, r) => n + r.amount, 0),
      refundIds: open.map((r) => r.id),
    };
  }

  /**
   * Pending refunds of what was captured and is not yet refunded, one per sub-order, counted in the
   * refunded totals at once (with the same conditional updates as any refund), so nothing can be
   * refunded twice while the provider is asked.
   */
  async function reserveRefunds(ctx: TxContext, order: OrderRow, payment: PaymentRow, reason: string) {
    let refundable = Math.max(0, payment.capturedAmount - order.refundedTotal);
    const ids: string[] = [];
    let total = 0;
    for (const s of await subOrdersOf(ctx.tx, order.id)) {
      const take = Math.min(s.total - s.refundedTotal, refundable);
      if (take <= 0) continue;
      const [bumped] = await ctx.tx
        .update(subOrders)
        .set({ refundedTotal: sql`${subOrders.refundedTotal} + ${take}`, updatedAt: sql`now()` })
        .where(and(eq(subOrders.id, s.id), sql`${subOrders.refundedTotal} + ${take} <= ${subOrders.total}`))
        .returning({ id: subOrders.id });
      if (!bumped) continue;
      const id = newId();
      await ctx.tx.insert(refunds).values({
        id,
        orderId: order.id,
        subOrderId: s.id,
        paymentId: payment.id,
        amount: take,
        reason: `Order cancelled: ${reason}`.slice(0, 500),
        restock: false,
        items: [],
        status: 'pending',
      });
      ids.push(id);
      total += take;
      refundable -= take;
    }
    if (total > 0) {
      await ctx.tx
        .update(orders)
        .set({ refundedTotal: sql`${orders.refundedTotal} + ${total}` })
        .where(eq(orders.id, order.id));
    }
    return { ids, total };
  }

  /** Step 1: everything but the provider, in one transaction. */
  async function cancelLocked(ctx: TxContext, order: OrderRow, req: CancelRequest): Promise<void> {
    const subs = await subOrdersOf(ctx.tx, order.id);
    const fulfilment = subs.map((s) => s.fulfillmentStatus);
    if (req.by === 'customer') {
      if (!customerMayCancel(order.status, fulfilment)) {
        throw new BusinessRuleViolation(
          'order_not_cancellable',
          'This order can no longer be cancelled: part of it has shipped. Contact the store to return it.',
          { status: order.status },
        );
      }
    } else {
      assertTransition(order.status, 'cancelled');
      if (fulfilment.some((f) => f !== 'unfulfilled' && f !== 'cancelled')) {
        throw new BusinessRuleViolation(
          'order_has_shipments',
          'Part of this order has shipped; refund what comes back instead of cancelling it.',
          { status: order.status },
        );
      }
    }
    const wasConfirmed = order.status !== 'pending';
    if (wasConfirmed) {
      // Deducted at confirmation: what has not left the warehouse (nor already come back through
      // a refund with restock) goes back on the shelf.
      const back = (await linesOf(ctx.tx, order.id))
        .map((l) => ({
          variantId: l.variantId,
          quantity: l.quantity - Math.max(l.shippedQuantity, l.refundedQuantity),
        }))
        .filter((l) => l.quantity > 0);
      await deps.inventory.restock(ctx, back);
    } else {
      await deps.inventory.releaseReservations(ctx, order.id);
    }
    await setFulfilment(
      ctx,
      subs.filter((s) => s.fulfillmentStatus !== 'cancelled').map((s) => s.id),
      'cancelled',
    );
    const promotionIds = await promotionIdsOf(ctx.tx, order.id);
    const customerKey = order.userId ?? order.emailHash;
    if (promotionIds.length > 0 && customerKey) {
      await deps.promotions.releasePromotions(ctx.tx, { promotionIds, customerKey });
    }
    const [payment] = await paymentsOf(ctx.tx, [order.id]);
    const reserved =
      payment && REFUNDABLE.includes(payment.status)
        ? await reserveRefunds(ctx, order, payment, req.reason)
        : { ids: [], total: 0 };
    const updated = await updateOrder(ctx, order.id, {
      status: 'cancelled',
      cancelReason: req.reason,
      cancelledAt: sql`now()`,
    });
    await events.publish<OrderCancelledPayload>(ctx, {
      type: OrderEvents.cancelled,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        number: order.number,
        currency: order.currency,
        total: order.total,
        userId: order.userId,
        placedAt: order.placedAt.toISOString(),
        subOrders: subs.map((s) => ({
          subOrderId: s.id,
          vendorId: s.vendorId,
          subtotal: s.subtotal,
          discountTotal: s.discountTotal,
          shippingTotal: s.shippingTotal,
          taxTotal: s.taxTotal,
          total: s.total,
          commissionRateBps: s.commissionRateBps,
          commissionAmount: s.commissionAmount,
        })),
        wasConfirmed,
        reason: req.reason,
      },
    });
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      type: CANCEL_EVENT,
      fromStatus: order.status,
      toStatus: 'cancelled',
      message: `Cancelled by ${req.by === 'customer' ? 'the shopper' : 'the store'}: ${req.reason}`.slice(0, 1000),
      data: { by: req.by, refundIds: reserved.ids, refundAmount: reserved.total },
    });
    await recordAudit(ctx, {
      action: 'order.cancelled',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status, paymentStatus: order.paymentStatus, refundedTotal: order.refundedTotal },
      after: {
        status: updated.status,
        paymentStatus: updated.paymentStatus,
        refundedTotal: updated.refundedTotal,
        cancelReason: req.reason,
      },
    });
    await deps.message(ctx, {
      orderId: order.id,
      template: 'order_cancelled',
      vars: {
        reason: req.reason,
        refund: reserved.total > 0 ? formatMoney(reserved.total, order.currency, order.locale) : '',
      },
    });
  }

  /** Step 2: the provider, outside any transaction, then the outcome in a short one. */
  async function settle(ctx: RequestContext, orderId: string, plan: Settlement): Promise<void> {
    if (plan.kind === 'none') return;
    try {
      if (plan.kind === 'void') {
        await payments.voidPayment(ctx, plan.paymentId);
        // The payments module moves the order's payment status with the payment; an order whose
        // payment was already void before is brought in line here.
        await uow(ctx, async (tx) => {
          const order = await lockOrder(tx.tx, orderId);
          if (!order || !canChangePayment(order.paymentStatus, 'voided')) return;
          await updateOrder(tx, orderId, { paymentStatus: 'voided' });
          await recordOrderChange(tx, events, {
            orderId,
            type: 'payment_voided',
            message: 'The payment was released: nothing was charged.',
            data: { paymentId: plan.paymentId },
          });
          await recordAudit(tx, {
            action: 'order.payment_voided',
            entityType: 'order',
            entityId: orderId,
            before: { paymentStatus: order.paymentStatus },
            after: { paymentStatus: 'voided' },
          });
        });
        return;
      }
      const { refundRef } = await payments.refund(ctx, {
        paymentId: plan.paymentId,
        amount: plan.amount,
        idempotencyKey: `order-cancel:${orderId}`,
      });
      await uow(ctx, async (tx) => {
        const order = await lockOrder(tx.tx, orderId);
        if (!order) return;
        const done = await tx.tx
          .update(refunds)
          .set({ status: 'succeeded', providerRef: refundRef, updatedAt: sql`now()` })
          .where(and(inArray(refunds.id, plan.refundIds), eq(refunds.status, 'pending')))
          .returning({ id: refunds.id });
        if (done.length === 0) return;
        const next = order.refundedTotal >= order.total ? 'refunded' : 'partially_refunded';
        if (canChangePayment(order.paymentStatus, next)) await updateOrder(tx, orderId, { paymentStatus: next });
        await recordOrderChange(tx, events, {
          orderId,
          type: 'refund_succeeded',
          message: `Refunded ${formatMoney(plan.amount, order.currency, order.locale)} for the cancellation.`,
          data: { refundIds: plan.refundIds, amount: plan.amount, providerRef: refundRef },
        });
        await recordAudit(tx, {
          action: 'order.refunded',
          entityType: 'order',
          entityId: orderId,
          before: {
            paymentStatus: order.paymentStatus,
            refunds: plan.refundIds.map((id) => ({ id, status: 'pending' })),
          },
          after: {
            paymentStatus: canChangePayment(order.paymentStatus, next) ? next : order.paymentStatus,
            refunds: plan.refundIds.map((id) => ({ id, status: 'succeeded' })),
          },
        });
      });
    } catch (err) {
      deps.log?.warn(
        { err, orderId, settlement: plan.kind },
        'cancelled order: the payment step failed; cancel again to retry',
      );
      await uow(ctx, async (tx) => {
        await recordOrderChange(tx, events, {
          orderId,
          type: 'payment_settlement_failed',
          message:
            plan.kind === 'void'
              ? 'The payment could not be released yet; cancelling again retries.'
              : 'The refund could not be made yet; cancelling again retries.',
          data: { settlement: plan.kind },
        });
      }).catch(() => undefined);
    }
  }

  /**
   * Cancels the order (or, when it is already cancelled, finishes what its payment still owes).
   * Resolves once the payment step has been tried; its failure is recorded, not thrown.
   */
  async function cancel(ctx: RequestContext, orderId: string, req: CancelRequest): Promise<void> {
    const plan = await uow(ctx, async (tx) => {
      const order = await lockOrder(tx.tx, orderId);
      if (!order) throw new OrderNotFound();
      await req.authorize(tx, order);
      if (order.status !== 'cancelled') await cancelLocked(tx, order, req);
      const current = await lockOrder(tx.tx, orderId);
      return pendingSettlement(tx, current ?? order);
    });
    await settle(ctx, orderId, plan);
  }

  return { cancel };
}

export type Cancellation = ReturnType<typeof createCancellation>;
