/**
 * `POST /api/v1/checkout`: the checkout saga, driven by the request.
 *
 * 1. Guards that cost nothing: no card numbers in the body (the route's preValidation), the payment
 *    method offered by the store, the provider's circuit breaker closed (else 503 before any stock
 *    is touched).
 * 2. A retry of a request that failed half-way (a 5xx or a crash, which the idempotency layer does
 *    not store) finds its order by the checkout key and resumes it instead of placing another.
 * 3. T1 (`saga.place`): the cart priced and locked, stock held, coupon uses counted, the order with
 *    its sub-orders, lines and payment record written, `order.placed.v1` published. All or nothing.
 * 4. `payment_requested` is recorded in a short transaction of its own, then the provider is asked
 *    outside any transaction (through the payments module's timeout and circuit breaker).
 * 5. T2 on the answer: authorized → captured at once (outside the transaction) and the order
 *    confirmed as paid; cash on delivery → confirmed, paid on delivery; an action needed → the
 *    order waits (stock held until it expires); declined → compensated (402); the provider down or
 *    slow → compensated, the payment voided if it can be (503, Retry-After).
 *
 * Payments are captured as soon as they are authorized: the order is then `paid`, refunds work on
 * captured money from the first minute, and nothing is left to capture at shipment (an authorization
 * would lapse after 7 days at most providers). A capture that fails leaves the order confirmed with
 * its payment `authorized`.
 *
 * The shopper's return URL after a payment action is the store's web page of the order:
 * `<WEB_URL for the store>/orders/<id>`.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest, DependencyUnavailable, Forbidden, ValidationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { JobQueue } from '../../platform/outbox/jobs.js';
import type { Scheduler } from '../../platform/outbox/scheduler.js';
import type { AuthorizeOutcome, PaymentMethod } from '../payments/index.js';
import { getStoreSettings } from '../tenancy/index.js';
import type { CheckoutBody, CheckoutPayment } from './orders.checkout.schemas.js';
import {
  CouponRejected,
  PaymentDeclined,
  PaymentMethodNotOffered,
  ShippingUnavailable,
} from './orders.checkout.errors.js';
import { createCheckoutRecovery } from './orders.checkout.recovery.js';
import type { CartAccess, CheckoutCart } from '../cart/index.js';
import {
  type OrderRow,
  type Placed,
  type SagaDeps,
  createCheckoutSaga,
  quoteUses,
  selectedShippingOf,
} from './orders.checkout.saga.js';
import { ORDER_EMAIL_INDEX } from './orders.constants.js';
import type { OrderReader } from './orders.read.js';
import type { OrderView } from './orders.schemas.js';
import { orders } from './orders.tables.js';

/**
 * Test-only crash points: each, when set, is called at its step and is expected to throw, leaving
 * the checkout where a crashed process would (never wired outside tests).
 */
export interface CheckoutFaults {
  /** After T1 committed (order written, stock held), before the provider is asked. */
  afterReserve?: () => void;
  /** After the provider's authorization was recorded, before capture and confirmation. */
  afterAuthorize?: () => void;
}

export interface CheckoutDeps extends SagaDeps {
  uow: UnitOfWork;
  database: Database;
  jobs: JobQueue;
  scheduler: Scheduler;
  orderReader: Pick<OrderReader, 'views'>;
  /** The signed-in shopper's account email (an order is mailed there). */
  accountEmail: (ctx: TxContext) => Promise<string>;
  /** Minutes a shopper has to finish a payment action before the order is cancelled (default 60). */
  actionWindowMinutes?: number;
  faults?: CheckoutFaults;
}

export interface CheckoutRequest {
  body: CheckoutBody;
  cartToken: string | null;
  idempotencyKey: string;
}

export interface CheckoutAnswer {
  order: OrderView;
  payment: CheckoutPayment;
  orderToken?: string;
  streamToken: string;
}

/** Who the request is from, as the idempotency layer scopes keys: account, guest cart or address. */
function callerOf(ctx: RequestContext, cartToken: string | null): string {
  if (ctx.actor) return `${ctx.actor.kind}:${ctx.actor.id}`;
  if (cartToken) return `cart:${createHash('sha256').update(cartToken).digest('hex')}`;
  return `ip:${ctx.ip}`;
}

/** One order per checkout request: sha256(store + caller + Idempotency-Key). */
export function checkoutKeyOf(tenantId: string, caller: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${tenantId}\n${caller}\n${idempotencyKey}`).digest('base64url');
}

const UNAVAILABLE_REASON =
  'The payment could not be processed and nothing was charged; the order is cancelled. Please try again.';

/** The name of the unique index a failed statement broke, if that is why it failed. */
function uniqueViolationOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

export function createCheckoutService(deps: CheckoutDeps) {
  const { uow, payments } = deps;
  const saga = createCheckoutSaga(deps);
  const recovery = createCheckoutRecovery({
    events: deps.events,
    jobs: deps.jobs,
    scheduler: deps.scheduler,
    database: deps.database,
    payments,
    saga,
    actionWindowMinutes: deps.actionWindowMinutes ?? 60,
    ...(deps.log ? { log: deps.log } : {}),
  });

  const returnUrlOf = (ctx: RequestContext, orderId: string) =>
    `${deps.webUrl.replace('{store}', ctx.tenant?.slug ?? '')}/orders/${orderId}`;

  /** The answer: the order as its shopper reads it, read in the transaction that last changed it. */
  async function answer(tx: TxContext, orderId: string, orderToken: string | null): Promise<CheckoutAnswer> {
    const [view] = await deps.orderReader.views(tx.tx, [orderId], { audience: 'customer' });
    if (!view?.payment || !view.streamToken) throw new Error(`order ${orderId} cannot be read back`);
    const p = view.payment;
    return {
      order: view,
      payment: {
        id: p.id,
        status: p.status,
        method: p.method,
        amount: p.amount,
        ...(p.nextAction ? { nextAction: p.nextAction } : {}),
      },
      ...(orderToken ? { orderToken } : {}),
      streamToken: view.streamToken,
    };
  }

  /** Prices and locks the cart, with the shipping options the shopper chose. */
  async function priceCart(
    tx: TxContext,
    body: CheckoutBody,
    access: CartAccess,
    customerKey: string,
  ): Promise<CheckoutCart> {
    const base = {
      cartId: body.cartId,
      access,
      address: { country: body.shippingAddress.country, region: body.shippingAddress.region ?? null },
      customerKey,
    };
    let cart = await deps.carts.prepareCheckout(tx, { ...base, selectedShipping: {} });
    const chosen = body.shippingOptionIds ?? [];
    if (chosen.length > 0) {
      const selected = selectedShippingOf(cart.quote, chosen);
      if (!quoteUses(cart.quote, selected)) {
        cart = await deps.carts.prepareCheckout(tx, { ...base, selectedShipping: selected });
      }
    }
    if (cart.quote.unshippableVendorIds.length > 0) throw new ShippingUnavailable(cart.quote.unshippableVendorIds);
    if (cart.quote.rejected.length > 0) throw new CouponRejected(cart.quote.rejected);
    return cart;
  }

  /** Cancels the order in a transaction of its own (compensation of T1), after `before`. */
  async function compensate(
    ctx: RequestContext,
    orderId: string,
    reason: string,
    opts: { releaseKey: boolean },
    before?: (tx: TxContext) => Promise<void>,
  ): Promise<void> {
    await uow(ctx, async (tx) => {
      await before?.(tx);
      const order = await saga.lockOrder(tx, orderId);
      if (order) await saga.cancelLocked(tx, order, reason, opts);
    });
  }

  /** Steps 4–5: ask the provider, then settle the order on its answer. */
  async function pay(
    ctx: RequestContext,
    placed: Placed,
    token: string | undefined,
    faults: CheckoutFaults,
  ): Promise<CheckoutAnswer> {
    const { orderId, paymentId } = placed;
    await uow(ctx, (tx) => saga.markPaymentRequested(tx, orderId));
    let outcome: AuthorizeOutcome;
    try {
      outcome = await payments.authorize(ctx, {
        paymentId,
        orderId,
        orderNumber: placed.number,
        amount: placed.amount,
        currency: placed.currency,
        method: placed.method,
        ...(token ? { token } : {}),
        returnUrl: returnUrlOf(ctx, orderId),
      });
    } catch (err) {
      // Compensation of "ask the provider": it may have taken the payment before failing to answer,
      // so the payment is voided (best effort), then everything T1 did is undone. The key is
      // freed: a retry places a new order.
      await saga.tryVoid(ctx, paymentId);
      await compensate(ctx, orderId, UNAVAILABLE_REASON, { releaseKey: true });
      throw err;
    }

    switch (outcome.status) {
      case 'declined': {
        const declined = outcome;
        await compensate(
          ctx,
          orderId,
          `The payment was declined (${declined.message}); the order is cancelled.`,
          { releaseKey: false },
          (tx) => saga.recordOutcome(tx, paymentId, declined),
        );
        throw new PaymentDeclined(orderId, declined.code, declined.message);
      }
      case 'requires_action': {
        const pending = outcome;
        return uow(ctx, async (tx) => {
          await saga.recordOutcome(tx, paymentId, pending);
          await saga.markAwaitingAction(tx, orderId);
          return answer(tx, orderId, placed.orderToken);
        });
      }
      case 'deferred': {
        const deferred = outcome;
        return uow(ctx, async (tx) => {
          await saga.recordOutcome(tx, paymentId, deferred);
          await confirm(tx, placed);
          return answer(tx, orderId, placed.orderToken);
        });
      }
      case 'authorized': {
        const authorized = outcome;
        await uow(ctx, (tx) => saga.recordOutcome(tx, paymentId, authorized));
        faults.afterAuthorize?.();
        try {
          await payments.capture(ctx, paymentId);
        } catch (err) {
          deps.log?.warn({ err, paymentId }, 'capture failed; the order is confirmed with the payment authorized');
        }
        return uow(ctx, async (tx) => {
          await confirm(tx, placed);
          return answer(tx, orderId, placed.orderToken);
        });
      }
    }
  }

  async function confirm(tx: TxContext, placed: Placed): Promise<void> {
    const order = await saga.lockOrder(tx, placed.orderId);
    if (order) await saga.confirmOrGiveBack(tx, order, placed.money);
  }

  /** A retry of a checkout request whose order exists: carry on from where it stopped. */
  async function resume(
    ctx: RequestContext,
    existing: OrderRow,
    req: CheckoutRequest,
    faults: CheckoutFaults,
  ): Promise<CheckoutAnswer> {
    // The first attempt's order token never reached the guest (its answer was not stored): a new one.
    const rotate = existing.userId === null;
    switch (existing.checkoutState) {
      case 'reserved':
      case 'payment_requested': {
        const method = existing.paymentMethod as PaymentMethod;
        if (method !== 'cod' && payments.breakerOpen(method)) throw new DependencyUnavailable('payment provider');
        const { payment, orderToken } = await uow(ctx, async (tx) => ({
          payment: await saga.paymentOf(tx, existing.id),
          orderToken: rotate ? await saga.rotateOrderToken(tx, existing.id) : null,
        }));
        if (!payment) throw new Error(`order ${existing.id} has no payment record`);
        return pay(
          ctx,
          {
            orderId: existing.id,
            number: existing.number,
            paymentId: payment.id,
            amount: existing.total,
            currency: existing.currency,
            method,
            orderToken,
          },
          req.body.paymentToken,
          faults,
        );
      }
      case 'awaiting_action':
      case 'completed':
        return uow(ctx, async (tx) =>
          answer(tx, existing.id, rotate ? await saga.rotateOrderToken(tx, existing.id) : null),
        );
      case 'compensated': {
        // Only a declined checkout keeps its key (every other compensation frees it).
        throw new PaymentDeclined(
          existing.id,
          'payment_declined',
          existing.cancelReason ?? 'The payment was declined.',
        );
      }
    }
  }

  /** Places the order of the caller's cart and takes its payment (see the file comment). */
  async function checkout(ctx: RequestContext, req: CheckoutRequest, faults: CheckoutFaults): Promise<CheckoutAnswer> {
    const tenant = ctx.tenant;
    if (!tenant || !ctx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
    const actor = ctx.actor;
    if (actor && actor.kind !== 'user') {
      throw new Forbidden('checkout_shoppers_only', 'Checkout is for shoppers: a signed-in customer or a guest.');
    }
    const userId = actor?.id ?? null;
    const { body } = req;
    if (userId === null && !body.email) {
      throw new ValidationFailed([
        { path: 'body.email', message: 'is required for a guest checkout', code: 'required' },
      ]);
    }
    const checkoutKey = checkoutKeyOf(tenant.id, callerOf(ctx, req.cartToken), req.idempotencyKey);

    // T1. It first looks for an earlier attempt of this request and checks what costs nothing
    // (method, breaker) before the cart is locked or any stock touched.
    type Step1 = { kind: 'resume'; existing: OrderRow } | { kind: 'placed'; placed: Placed };
    let step1: Step1;
    try {
      step1 = await uow(ctx, async (tx): Promise<Step1> => {
        const [existing] = await tx.tx.select().from(orders).where(eq(orders.checkoutKey, checkoutKey));
        if (existing) return { kind: 'resume', existing };
        const settings = await getStoreSettings(tx.tx, tenant);
        if (!settings.paymentMethods.includes(body.paymentMethod)) {
          throw new PaymentMethodNotOffered(body.paymentMethod, settings.paymentMethods, tenant.defaultCurrency);
        }
        payments.assertMethodConfigured(body.paymentMethod);
        if (body.paymentMethod !== 'cod' && payments.breakerOpen(body.paymentMethod)) {
          throw new DependencyUnavailable('payment provider');
        }
        // Stored as identity stores account emails: trimmed, lower case (lookups hash that form).
        const email = (userId ? await deps.accountEmail(tx) : (body.email ?? '')).trim().toLowerCase();
        const customerKey = userId ?? deps.pii.blindIndex(email, ORDER_EMAIL_INDEX);
        const cart = await priceCart(tx, body, { userId, cartToken: req.cartToken }, customerKey);
        const placed = await saga.place(tx, {
          orderId: newId(),
          checkoutKey,
          prefix: settings.orderNumberPrefix,
          commissionRateBps: settings.commissionRateBps,
          cart,
          email,
          userId,
          shippingAddress: body.shippingAddress,
          billingAddress: body.billingAddress,
          method: body.paymentMethod,
        });
        return { kind: 'placed', placed };
      });
    } catch (err) {
      // The same request, racing itself past an expired idempotency lease: resume the winner's order.
      if (uniqueViolationOf(err) !== 'orders_checkout_key_idx') throw err;
      const [existing] = await uow(ctx, (tx) => tx.tx.select().from(orders).where(eq(orders.checkoutKey, checkoutKey)));
      if (!existing) throw err;
      return resume(ctx, existing, req, faults);
    }
    if (step1.kind === 'resume') return resume(ctx, step1.existing, req, faults);
    const { placed } = step1;
    faults.afterReserve?.();
    return pay(ctx, placed, body.paymentToken, faults);
  }

  const noFaults: CheckoutFaults = deps.faults ?? {};
  return {
    saga,
    recovery,
    /** Confirms a pending order: its held stock becomes a sale (see the saga). */
    confirmOrder: (ctx: TxContext, orderId: string) => saga.confirmOrder(ctx, orderId),
    /** Cancels a pending order, giving back its stock, coupon uses and any money taken. */
    compensateOrder: (ctx: TxContext, orderId: string, reason: string) => saga.compensateOrder(ctx, orderId, reason),
    /** Runs one expiry pass now (what the `checkout.expire-reservations` job does every minute). */
    runExpiryPass: recovery.runExpiryPass,
    /** Runs one recovery pass now (what the `checkout.recover` job does every minute). */
    runRecoveryPass: recovery.runRecoveryPass,
    /** Places the order of the caller's cart and takes its payment (see the file comment). */
    checkout: (ctx: RequestContext, req: CheckoutRequest) => checkout(ctx, req, noFaults),
    /** Tests only: the same checkout, stopping at the given crash points. */
    withFaults: (faults: CheckoutFaults) => ({
      checkout: (ctx: RequestContext, req: CheckoutRequest) => checkout(ctx, req, faults),
    }),
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
