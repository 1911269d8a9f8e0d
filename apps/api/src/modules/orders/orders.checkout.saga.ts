/**
 * The steps of the checkout saga that change an order, each with its compensation beside it:
 *
 * | step (invoke)                                   | compensation                                   |
 * | ----------------------------------------------- | ---------------------------------------------- |
 * | `place`: hold stock, count coupon uses, write   | `cancel`: release the stock, give the uses     |
 * | the order and its payment record                | back, the order `cancelled`                    |
 * | ask the provider (outside any transaction)      | void the payment (best effort)                 |
 * | `confirm`: stock held becomes a sale            | (after confirmation, refunds are the orders    |
 * |                                                 | module's, not the saga's)                      |
 *
 * Every function here runs in the caller's transaction, locks the order row first and acts only
 * on the state it finds, so the checkout request, a webhook, the expiry pass and the recovery pass
 * may all reach the same order in any order and the first one wins; the others change nothing.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { currentActorSql } from '../../platform/db/columns.js';
import { rowsOf } from '../../platform/db/client.js';
import { AppError, BadRequest } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import {
  convertReservations,
  releaseReservations,
  reservationsOf,
  rereserve,
  reserveStockOrThrow,
  vendorCommissionRates,
} from '../catalog/index.js';
import type { CartService, CheckoutCart } from '../cart/index.js';
import type { AuthorizeOutcome, PaymentMethod, PaymentService } from '../payments/index.js';
import { type Quote, chooseShipping, quoteUses, redeemPromotions, releasePromotions } from '../pricing/index.js';
import { newOrderToken, orderAddressContext, orderEmailContext, ORDER_EMAIL_INDEX } from './orders.constants.js';
import {
  OrderEvents,
  type OrderCancelledPayload,
  type OrderMoneyPayload,
  type SubOrderMoney,
} from './orders.events.js';
import { type PaymentRow, paymentsOf } from './orders.read.js';
import type { AddressInput } from './orders.schemas.js';
import { orderLines, orders, subOrders } from './orders.tables.js';
import { recordOrderChange } from './orders.timeline.js';
import { formatMoney } from './orders.money.js';
import { queueOrderMessage } from './orders.notify.js';
import { ShippingOptionUnavailable } from './orders.checkout.errors.js';

export type OrderRow = typeof orders.$inferSelect;

// --------------------------------------------------------------------- what checkout needs of others

/** The cart module's part in checkout. */
export type CheckoutCarts = Pick<CartService, 'prepareCheckout' | 'markCartConverted'>;

/** The payments module's part in checkout. */
export type CheckoutPayments = Pick<
  PaymentService,
  | 'breakerOpen'
  | 'assertMethodConfigured'
  | 'createPayment'
  | 'authorize'
  | 'recordOutcome'
  | 'capture'
  | 'voidPayment'
  | 'refund'
  | 'retrieve'
>;

export interface SagaDeps {
  events: EventBus;
  pii: PiiCipher;
  carts: CheckoutCarts;
  payments: CheckoutPayments;
  /** Minutes a checkout holds stock (`RESERVATION_TTL_MINUTES`). */
  reservationTtlMinutes: number;
  /** Origin of links to the web app (order messages), `{store}` standing for the store's slug. */
  webUrl: string;
  log?: { warn(obj: object, msg: string): void };
}

// ------------------------------------------------------------------------------------ pure helpers

/** `round_half_up(rateBps × base / 10000)` in integers (`base` and `rateBps` are non-negative). */
export function commissionOf(rateBps: number, base: number): number {
  if (base <= 0 || rateBps <= 0) return 0;
  return Math.floor((rateBps * base + 5000) / 10000);
}

/** `DEMO-000123`: the store's prefix and at least six digits. */
export function formatOrderNumber(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/**
 * The shipping rate per vendor that `optionIds` choose, found among each vendor's options in the
 * quote. An id no vendor offers, or two ids for one vendor, is 422 `shipping_option_unavailable`.
 */
export function selectedShippingOf(
  quote: Pick<Quote, 'vendors'>,
  optionIds: readonly string[],
): Record<string, string> {
  const { selected, unknown } = chooseShipping(quote, optionIds);
  if (unknown.length > 0) throw new ShippingOptionUnavailable(unknown);
  return selected;
}

export { quoteUses };

/** The stored form of an address: every field present, absent ones null. */
export function addressJson(a: AddressInput): string {
  return JSON.stringify({
    name: a.name,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    region: a.region ?? null,
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? null,
  });
}

/** The key coupon uses are counted under: the account, else the guest's email blind index. */
export const customerKeyOf = (o: Pick<OrderRow, 'userId' | 'emailHash'>): string | null => o.userId ?? o.emailHash;

// --------------------------------------------------------------------------------------- the saga

export interface PlaceInput {
  orderId: string;
  checkoutKey: string;
  prefix: string;
  commissionRateBps: number;
  cart: CheckoutCart;
  email: string;
  userId: string | null;
  shippingAddress: AddressInput;
  billingAddress: AddressInput | undefined;
  method: PaymentMethod;
}

export interface Placed {
  orderId: string;
  number: string;
  paymentId: string;
  amount: number;
  currency: string;
  method: PaymentMethod;
  /** Guests: the order token, returned once. */
  orderToken: string | null;
  /** The order's amounts as its events carry them. */
  money?: OrderMoneyPayload;
}

export type ConfirmResult = 'confirmed' | 'not_pending' | 'stock_released';

/** How money taken for an order went back, if it did. */
export interface MoneyBack {
  kind: 'voided' | 'refunded' | 'none';
  amount: number;
}

const NOTHING_BACK: MoneyBack = { kind: 'none', amount: 0 };

export function createCheckoutSaga(deps: SagaDeps) {
  const { events, pii, payments } = deps;
  const messages = { pii, events, webUrl: deps.webUrl };

  async function lockOrder(ctx: TxContext, orderId: string): Promise<OrderRow | undefined> {
    const [row] = await ctx.tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    return row;
  }

  async function paymentOf(ctx: TxContext, orderId: string): Promise<PaymentRow | undefined> {
    const [p] = await paymentsOf(ctx.tx, [orderId]);
    return p;
  }

  async function moneyOf(ctx: TxContext, o: OrderRow): Promise<OrderMoneyPayload> {
    const subs = await ctx.tx
      .select()
      .from(subOrders)
      .where(eq(subOrders.orderId, o.id))
      .orderBy(asc(subOrders.number));
    return {
      orderId: o.id,
      number: o.number,
      currency: o.currency,
      total: o.total,
      userId: o.userId,
      placedAt: o.placedAt.toISOString(),
      subOrders: subs.map((s): SubOrderMoney => ({
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
    };
  }

  /** The promotions the order counted a use of (kept with its `order_placed` timeline entry). */
  async function promotionIdsOf(ctx: TxContext, orderId: string): Promise<string[]> {
    const rows = rowsOf<{ ids: unknown }>(
      await ctx.tx.execute(sql`
        select data -> 'promotionIds' as ids from order_events
        where order_id = ${orderId} and type = 'order_placed' limit 1`),
    );
    const ids = rows[0]?.ids;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }

  async function update(ctx: TxContext, orderId: string, values: PgUpdateSetSource<typeof orders>): Promise<OrderRow> {
    const [row] = await ctx.tx
      .update(orders)
      .set({
        ...values,
        version: sql`${orders.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
      })
      .where(eq(orders.id, orderId))
      .returning();
    if (!row) throw new Error(`order ${orderId} vanished inside its own transaction`);
    return row;
  }

  /** `last_number + 1` of the store's counter, taken late in the transaction: the row stays locked until commit. */
  async function nextNumber(ctx: TxContext, prefix: string): Promise<string> {
    const tenantId = ctx.tenantId;
    if (!tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
    const [row] = rowsOf<{ last_number: string | number }>(
      await ctx.tx.execute(sql`
        insert into order_counters (tenant_id, id, last_number) values (${tenantId}, ${tenantId}, 1)
        on conflict (tenant_id, id) do update set last_number = order_counters.last_number + 1
        returning last_number`),
    );
    return formatOrderNumber(prefix, Number(row?.last_number ?? 1));
  }

  /**
   * Step 1 (T1): holds the stock, counts the coupon uses and writes the order, its sub-orders and
   * lines and its payment record, all in the caller's transaction: any failure rolls all of it back.
   * Compensation: `cancel`.
   */
  async function place(ctx: TxContext, input: PlaceInput): Promise<Placed> {
    const { cart, orderId } = input;
    const tenantId = ctx.tenantId;
    if (!tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
    const quote = cart.quote;

    // Contended rows last, so their locks are held as briefly as possible: variants, coupons, the
    // store's order counter.
    await reserveStockOrThrow(ctx, {
      orderId,
      lines: cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      ttlMinutes: deps.reservationTtlMinutes,
    });
    const customerKey = input.userId ?? pii.blindIndex(input.email.toLowerCase(), ORDER_EMAIL_INDEX);
    const promotionIds = [...new Set(quote.applied.map((a) => a.id))];
    if (promotionIds.length > 0) await redeemPromotions(ctx.tx, { promotionIds, customerKey });

    const vendorRates = await vendorCommissionRates(
      ctx.tx,
      quote.vendors.map((v) => v.vendorId),
    );
    const number = await nextNumber(ctx, input.prefix);
    const guest = input.userId === null ? newOrderToken() : null;
    const emailHash = pii.blindIndex(input.email.toLowerCase(), ORDER_EMAIL_INDEX);
    const placedAt = new Date();
    const couponCodes = quote.applied.flatMap((a) => (a.code ? [a.code] : []));
    await ctx.tx.insert(orders).values({
      tenantId,
      id: orderId,
      number,
      checkoutKey: input.checkoutKey,
      cartId: cart.cartId,
      userId: input.userId,
      emailCiphertext: pii.encrypt(input.email, orderEmailContext(tenantId)),
      emailHash,
      orderTokenHash: guest?.hash ?? null,
      status: 'pending',
      paymentStatus: 'pending',
      checkoutState: 'reserved',
      paymentMethod: input.method,
      currency: quote.currency,
      pricesIncludeTax: quote.pricesIncludeTax,
      subtotal: quote.subtotal,
      discountTotal: quote.discountTotal,
      shippingTotal: quote.shippingTotal,
      taxTotal: quote.taxTotal,
      total: quote.total,
      couponCodes,
      shippingAddressCiphertext: pii.encrypt(
        addressJson(input.shippingAddress),
        orderAddressContext(tenantId, 'shipping'),
      ),
      billingAddressCiphertext: pii.encrypt(
        addressJson(input.billingAddress ?? input.shippingAddress),
        orderAddressContext(tenantId, 'billing'),
      ),
      shipCountry: input.shippingAddress.country,
      shipRegion: input.shippingAddress.region ?? null,
      locale: ctx.locale,
      placedAt,
    });

    const subIdOf = new Map<string, string>();
    const subValues = quote.vendors.map((v, i) => {
      const id = newId();
      subIdOf.set(v.vendorId, id);
      const rate = vendorRates.get(v.vendorId) ?? input.commissionRateBps;
      return {
        tenantId,
        id,
        orderId,
        vendorId: v.vendorId,
        number: `${number}-${i + 1}`,
        subtotal: v.subtotal,
        discountTotal: v.discount,
        shippingTotal: v.shippingTotal,
        taxTotal: v.tax,
        total: v.total,
        commissionRateBps: rate,
        commissionAmount: commissionOf(rate, v.subtotal - v.discount),
        shippingRateId: v.shipping?.id ?? null,
        shippingMethod: v.shipping?.name ?? null,
      };
    });
    if (subValues.length > 0) await ctx.tx.insert(subOrders).values(subValues);

    const byLine = new Map(cart.lines.map((l) => [l.lineId, l]));
    const lineValues = quote.lines.map((q) => {
      const line = byLine.get(q.lineId);
      const subOrderId = subIdOf.get(q.vendorId);
      if (!line || !subOrderId) throw new Error(`the quote names line ${q.lineId} that the cart does not hold`);
      return {
        tenantId,
        id: newId(),
        orderId,
        subOrderId,
        vendorId: q.vendorId,
        productId: line.productId,
        variantId: q.variantId,
        sku: line.sku,
        title: line.title,
        options: line.options,
        unitPrice: q.unitPrice,
        quantity: q.quantity,
        subtotal: q.subtotal,
        discountTotal: q.discount,
        taxTotal: q.tax,
        taxRateBps: q.taxRateBps,
        total: q.total,
      };
    });
    if (lineValues.length > 0) await ctx.tx.insert(orderLines).values(lineValues);

    const payment = await payments.createPayment(ctx, {
      orderId,
      method: input.method,
      amount: quote.total,
      currency: quote.currency,
    });
    await recordOrderChange(ctx, events, {
      orderId,
      type: 'order_placed',
      toStatus: 'pending',
      message: 'Order placed; the items are held while the payment is made.',
      data: { promotionIds, paymentMethod: input.method },
    });
    const money: OrderMoneyPayload = {
      orderId,
      number,
      currency: quote.currency,
      total: quote.total,
      userId: input.userId,
      placedAt: placedAt.toISOString(),
      subOrders: subValues.map((v) => ({
        subOrderId: v.id,
        vendorId: v.vendorId,
        subtotal: v.subtotal,
        discountTotal: v.discountTotal,
        shippingTotal: v.shippingTotal,
        taxTotal: v.taxTotal,
        total: v.total,
        commissionRateBps: v.commissionRateBps,
        commissionAmount: v.commissionAmount,
      })),
    };
    await events.publish<OrderMoneyPayload>(ctx, {
      type: OrderEvents.placed,
      aggregateType: 'order',
      aggregateId: orderId,
      payload: money,
    });
    await recordAudit(ctx, {
      action: 'order.created',
      entityType: 'order',
      entityId: orderId,
      after: {
        number,
        status: 'pending',
        paymentStatus: 'pending',
        paymentMethod: input.method,
        total: quote.total,
        currency: quote.currency,
        couponCodes,
      },
    });
    return {
      money,
      orderId,
      number,
      paymentId: payment.id,
      amount: quote.total,
      currency: quote.currency,
      method: input.method,
      orderToken: guest?.token ?? null,
    };
  }

  /** The checkout moves on to the provider: a crash from here on is settled by asking it. */
  async function markPaymentRequested(ctx: TxContext, orderId: string): Promise<void> {
    await ctx.tx
      .update(orders)
      .set({ checkoutState: 'payment_requested', updatedAt: sql`now()` })
      .where(and(eq(orders.id, orderId), eq(orders.checkoutState, 'reserved')));
  }

  /** A resumed guest checkout gets a new order token: the first was never delivered. */
  async function rotateOrderToken(ctx: TxContext, orderId: string): Promise<string> {
    const { token, hash } = newOrderToken();
    await ctx.tx.update(orders).set({ orderTokenHash: hash }).where(eq(orders.id, orderId));
    return token;
  }

  /** The shopper must act (3-D Secure, UPI, the bank's page): the stock stays held meanwhile. */
  async function markAwaitingAction(ctx: TxContext, orderId: string): Promise<void> {
    const order = await lockOrder(ctx, orderId);
    if (!order || order.status !== 'pending' || order.checkoutState === 'awaiting_action') return;
    await update(ctx, orderId, { checkoutState: 'awaiting_action' });
    await recordOrderChange(ctx, events, {
      orderId,
      type: 'payment_action_required',
      message: 'Waiting for the shopper to complete the payment.',
    });
  }

  /**
   * Step 3 (invoke): the payment is authorized (or, for cash on delivery, accepted). The held
   * units become a sale, the order is `confirmed`, the cart converted. When the order's stock was
   * released by expiry meanwhile it is taken again if it is still there; `stock_released` when it
   * is not (the caller gives the money back and cancels). `not_pending`: someone settled it first.
   * The order's `paymentStatus` is the payments module's: it follows the payment record.
   */
  async function confirmLocked(ctx: TxContext, order: OrderRow, money?: OrderMoneyPayload): Promise<ConfirmResult> {
    if (order.status !== 'pending') return 'not_pending';
    const reservations = await reservationsOf(ctx, order.id);
    if (!reservations.some((r) => r.status === 'held') && reservations.some((r) => r.status === 'released')) {
      if (!(await rereserve(ctx, order.id, deps.reservationTtlMinutes))) return 'stock_released';
    }
    // The cart before the variants: a checkout of the same cart locks them in that order too.
    if (order.cartId) {
      try {
        await deps.carts.markCartConverted(ctx, order.cartId, order.id);
      } catch (err) {
        // The cart became another order, or was merged, while this one waited for its payment:
        // the order stands; the cart is what the shopper made of it since.
        if (!(err instanceof AppError && err.status < 500)) throw err;
      }
    }
    await convertReservations(ctx, order.id);
    const after = await update(ctx, order.id, {
      status: 'confirmed',
      checkoutState: 'completed',
      confirmedAt: sql`now()`,
    });
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      type: 'status_changed',
      fromStatus: 'pending',
      toStatus: 'confirmed',
      message:
        after.paymentStatus === 'paid'
          ? 'Payment received; order confirmed.'
          : after.paymentStatus === 'authorized'
            ? 'Payment authorized; order confirmed.'
            : order.paymentMethod === 'cod'
              ? 'Order confirmed; payment is due on delivery.'
              : 'Order confirmed.',
    });
    await events.publish<OrderMoneyPayload>(ctx, {
      type: OrderEvents.confirmed,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: money ?? (await moneyOf(ctx, after)),
    });
    await recordAudit(ctx, {
      action: 'order.confirmed',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status, paymentStatus: order.paymentStatus, checkoutState: order.checkoutState },
      after: { status: after.status, paymentStatus: after.paymentStatus, checkoutState: after.checkoutState },
    });
    // The shopper's confirmation message goes out from `order.confirmed.v1` (the orders module's
    // notifications), however the order was confirmed.
    return 'confirmed';
  }

  /**
   * Compensation of `place`: gives the held stock and the coupon uses back and cancels the order
   * with a reason the shopper can read. The cart is left as it was. The payment is settled by the
   * caller first (declined, voided or refunded through the payments module, which sets the order's
   * `paymentStatus`). `releaseKey` frees the checkout key, so a retry of the same request places a
   * new order; a decline keeps it, so a retry is answered with the same decline. `notify` writes to
   * the shopper (when nobody is waiting for an answer: expiry, a late payment, recovery), saying
   * what was `refunded`, if anything.
   */
  async function cancelLocked(
    ctx: TxContext,
    order: OrderRow,
    reason: string,
    opts: { releaseKey: boolean; notify?: boolean; refunded?: number },
  ): Promise<boolean> {
    if (order.status !== 'pending') return false;
    await releaseReservations(ctx, order.id);
    const promotionIds = await promotionIdsOf(ctx, order.id);
    const customerKey = customerKeyOf(order);
    if (promotionIds.length > 0 && customerKey) await releasePromotions(ctx.tx, { promotionIds, customerKey });
    const after = await update(ctx, order.id, {
      status: 'cancelled',
      checkoutState: 'compensated',
      cancelReason: reason,
      cancelledAt: sql`now()`,
      ...(opts.releaseKey ? { checkoutKey: null } : {}),
    });
    await recordOrderChange(ctx, events, {
      orderId: order.id,
      type: 'status_changed',
      fromStatus: 'pending',
      toStatus: 'cancelled',
      message: reason,
    });
    await events.publish<OrderCancelledPayload>(ctx, {
      type: OrderEvents.cancelled,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: { ...(await moneyOf(ctx, after)), wasConfirmed: false, reason },
    });
    await recordAudit(ctx, {
      action: 'order.cancelled',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status, paymentStatus: order.paymentStatus, checkoutState: order.checkoutState },
      after: { status: after.status, paymentStatus: after.paymentStatus, cancelReason: reason },
    });
    if (opts.notify) {
      await queueOrderMessage(ctx, messages, {
        orderId: order.id,
        template: 'order_cancelled',
        vars: { reason, refund: opts.refunded ? formatMoney(opts.refunded, order.currency, order.locale) : '' },
      });
    }
    return true;
  }

  /** Best effort: a payment that cannot complete is voided (at the provider when it has one). */
  async function tryVoid(ctx: RequestContext, paymentId: string): Promise<boolean> {
    try {
      await payments.voidPayment(ctx, paymentId);
      return true;
    } catch (err) {
      deps.log?.warn({ err, paymentId }, 'could not void a payment while compensating a checkout');
      return false;
    }
  }

  /**
   * Money taken for an order that cannot be fulfilled goes back: a payment not captured is voided,
   * a captured one refunded. A refusal (already voided or refunded) is final and ignored; the
   * provider being down is thrown, so the job that called retries.
   */
  async function giveMoneyBack(ctx: TxContext, payment: PaymentRow): Promise<MoneyBack> {
    try {
      if (payment.status === 'authorized' || payment.status === 'requires_action' || payment.status === 'pending') {
        await payments.voidPayment(ctx, payment.id);
        return { kind: 'voided', amount: 0 };
      }
      if (payment.status === 'paid' || payment.status === 'partially_refunded') {
        const amount = payment.capturedAmount - payment.refundedAmount;
        if (amount > 0) {
          await payments.refund(ctx, {
            paymentId: payment.id,
            amount,
            idempotencyKey: `checkout-refund:${payment.id}`,
          });
        }
        return { kind: 'refunded', amount };
      }
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return { kind: 'none', amount: 0 };
      throw err;
    }
    return { kind: 'none', amount: 0 };
  }

  const soldOutReason = (back: MoneyBack) =>
    'Some items sold out before the payment was completed; the order is cancelled' +
    (back.kind === 'refunded'
      ? ' and the payment refunded.'
      : back.kind === 'voided'
        ? ' and the payment released.'
        : '.');

  /**
   * Confirms the locked order; when its stock was released and is gone, the money goes back and the
   * order is cancelled with a reason.
   */
  async function confirmOrGiveBack(ctx: TxContext, order: OrderRow, money?: OrderMoneyPayload): Promise<ConfirmResult> {
    const result = await confirmLocked(ctx, order, money);
    if (result !== 'stock_released') return result;
    const payment = await paymentOf(ctx, order.id);
    const back = payment ? await giveMoneyBack(ctx, payment) : NOTHING_BACK;
    await cancelLocked(ctx, order, soldOutReason(back), { releaseKey: true, notify: true, refunded: back.amount });
    return result;
  }

  /**
   * A payment the provider authorized for an order, learnt after the request that placed it (a
   * webhook, the action page, the recovery pass): captured and the order confirmed; when its stock
   * is gone, the money goes back and the order is cancelled with a reason. For an order cancelled
   * meanwhile (by its shopper, an administrator or expiry) the money goes back. In the caller's
   * transaction (a job's): provider calls happen inside it, which a background handler may afford.
   */
  async function settleAuthorized(ctx: TxContext, orderId: string): Promise<ConfirmResult> {
    const order = await lockOrder(ctx, orderId);
    if (!order) return 'not_pending';
    const payment = await paymentOf(ctx, orderId);
    if (order.status !== 'pending') {
      if (order.status === 'cancelled' && payment) await giveMoneyBack(ctx, payment);
      return 'not_pending';
    }
    if (!payment) return 'not_pending';
    const reservations = await reservationsOf(ctx, orderId);
    if (!reservations.some((r) => r.status === 'held')) {
      if (!(await rereserve(ctx, orderId, deps.reservationTtlMinutes))) {
        const back = await giveMoneyBack(ctx, payment);
        await cancelLocked(ctx, order, soldOutReason(back), { releaseKey: true, notify: true, refunded: back.amount });
        return 'stock_released';
      }
    }
    if (payment.status === 'authorized') {
      try {
        await payments.capture(ctx, payment.id);
      } catch (err) {
        deps.log?.warn(
          { err, paymentId: payment.id },
          'capture failed; the order is confirmed with the payment authorized',
        );
      }
    }
    // Re-read: the capture moved the order's payment status.
    const current = await lockOrder(ctx, orderId);
    return current ? confirmOrGiveBack(ctx, current) : 'not_pending';
  }

  return {
    lockOrder,
    paymentOf,
    place,
    markPaymentRequested,
    markAwaitingAction,
    rotateOrderToken,
    confirmLocked,
    confirmOrGiveBack,
    cancelLocked,
    tryVoid,
    giveMoneyBack,
    settleAuthorized,
    async recordOutcome(ctx: TxContext, paymentId: string, outcome: AuthorizeOutcome): Promise<void> {
      await payments.recordOutcome(ctx, paymentId, outcome);
    },
    /** Confirms a pending order (no-op otherwise); see `confirmLocked`. */
    async confirmOrder(ctx: TxContext, orderId: string): Promise<ConfirmResult> {
      const order = await lockOrder(ctx, orderId);
      return order ? confirmOrGiveBack(ctx, order) : 'not_pending';
    },
    /**
     * Cancels a pending order, giving its stock and coupon uses back and voiding its payment if it
     * was not captured (no-op for an order that is not pending).
     */
    async compensateOrder(ctx: TxContext, orderId: string, reason: string): Promise<boolean> {
      const order = await lockOrder(ctx, orderId);
      if (order?.status !== 'pending') return false;
      const payment = await paymentOf(ctx, orderId);
      const back = payment ? await giveMoneyBack(ctx, payment) : NOTHING_BACK;
      return cancelLocked(ctx, order, reason, { releaseKey: true, notify: true, refunded: back.amount });
    },
  };
}

export type CheckoutSaga = ReturnType<typeof createCheckoutSaga>;
