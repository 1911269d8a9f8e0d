/**
 * What settles checkouts after their request is gone:
 *
 * - Payment events (a webhook, the test provider's action page): `payment.authorized.v1` confirms
 *   a pending order (taking its stock again if expiry released it; when it is gone, the money goes
 *   back and the order is cancelled with a reason), or gives the money back for an order cancelled
 *   meanwhile; `payment.failed.v1` compensates a pending order.
 * - `checkout.expire-reservations`, every minute: held stock past its expiry is released and the
 *   order cancelled (its payment voided when authorized). An order whose shopper is still at the
 *   payment page (3-D Secure, UPI, the bank) keeps waiting until the action window closes
 *   (`checkout.cancel-unpaid`, a one-off job at that time); a payment completed meanwhile takes the
 *   stock again if it is still there.
 * - `checkout.recover`, every minute: orders left `reserved` or `payment_requested` for over two
 *   minutes (a crash between steps) are settled by asking the provider.
 *
 * The two scheduled passes run as the system (any store) and enter each store's tenant setting in
 * a savepoint of their own, so one store's failure does not hold up the others; rows are claimed
 * with `FOR UPDATE SKIP LOCKED`, so passes on several replicas never settle an order twice.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type TxContext, systemContext } from '../../platform/context.js';
import { type Database, rowsOf } from '../../platform/db/client.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import type { JobQueue } from '../../platform/outbox/jobs.js';
import type { Scheduler } from '../../platform/outbox/scheduler.js';
import { newId } from '../../platform/ids.js';
import { releaseReservations } from '../catalog/index.js';
import { type PaymentEventPayload, PaymentEvents, type ProviderPayment } from '../payments/index.js';
import { tenants } from '../tenancy/index.js';
import type { CheckoutPayments, CheckoutSaga, OrderRow } from './orders.checkout.saga.js';
import { orders } from './orders.tables.js';
import { recordOrderChange } from './orders.timeline.js';

export const CheckoutJobs = {
  expire: 'checkout.expire-reservations',
  recover: 'checkout.recover',
  cancelUnpaid: 'checkout.cancel-unpaid',
} as const;

export interface RecoveryDeps {
  events: EventBus;
  jobs: JobQueue;
  scheduler: Scheduler;
  database: Database;
  payments: CheckoutPayments;
  saga: CheckoutSaga;
  actionWindowMinutes: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface PassOptions {
  /** Orders untouched for longer than this are recovered (default two minutes). */
  olderThanMs?: number;
  /** Rows claimed per store and pass. */
  limit?: number;
  /** Only these stores (default: every store). */
  tenantIds?: readonly string[];
}

const EXPIRED_REASON = 'The payment was not completed in time; the order is cancelled and the items released.';
const UNSETTLED_REASON =
  'The payment could not be completed and nothing was charged; the order is cancelled. Please try again.';

/**
 * The job runner commits a handler's transaction itself and runs no after-commit callbacks: run
 * them at the handler's end (they bump caches and wake the relay; a moment early is harmless).
 */
function flushAfterCommit(ctx: TxContext): void {
  const callbacks = ctx.afterCommit.splice(0);
  for (const cb of callbacks) cb();
}

export function createCheckoutRecovery(deps: RecoveryDeps) {
  const { events, jobs, saga, payments } = deps;
  const warn = (obj: object, msg: string) => deps.log?.warn(obj, msg);

  /** Runs `fn` inside each store's tenant setting, each in a savepoint of its own. */
  async function inEachStore(
    ctx: TxContext,
    name: string,
    only: readonly string[] | undefined,
    fn: (store: TxContext) => Promise<void>,
  ): Promise<void> {
    const stores = await ctx.tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(only ? inArray(tenants.id, [...only]) : undefined)
      .orderBy(tenants.id);
    for (const store of stores) {
      try {
        await ctx.tx.transaction(async (sp) => {
          await sp.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
          const scoped: TxContext = { ...ctx, tenantId: store.id, tx: sp };
          await fn(scoped);
        });
      } catch (err) {
        warn({ err, tenantId: store.id, job: name }, 'checkout pass failed for a store; it is retried next pass');
      }
    }
  }

  /** Locks a pending order for this pass, skipping one another process is settling right now. */
  async function claimOrder(ctx: TxContext, orderId: string): Promise<OrderRow | undefined> {
    const tenantId = ctx.tenantId;
    if (!tenantId) return undefined;
    const [row] = await ctx.tx
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)))
      .for('update', { skipLocked: true });
    return row;
  }

  /** Voids the payment if it can, then cancels: the end of an order nobody paid for. */
  async function cancelUnpaid(ctx: TxContext, order: OrderRow, reason: string): Promise<void> {
    const payment = await saga.paymentOf(ctx, order.id);
    if (
      payment &&
      (payment.status === 'authorized' || payment.status === 'requires_action' || payment.status === 'pending')
    ) {
      await saga.tryVoid(ctx, payment.id);
    }
    await saga.cancelLocked(ctx, order, reason, { releaseKey: true, notify: true });
  }

  // ------------------------------------------------------------------------------- expiry pass

  async function expireStore(ctx: TxContext, opts: PassOptions): Promise<number> {
    const candidates = rowsOf<{ order_id: string }>(
      await ctx.tx.execute(sql`
        select distinct order_id from (
          select order_id from stock_reservations
          where tenant_id = ${ctx.tenantId} and status = 'held' and expires_at <= now()
          order by expires_at limit ${opts.limit ?? 200}
        ) expired`),
    );
    let settled = 0;
    for (const { order_id: orderId } of candidates) {
      // The order row first, as every other path locks it (order, then its reservations).
      const order = await claimOrder(ctx, orderId);
      if (!order) continue;
      // Only reservations that are still held and expired: a re-reservation is not released early.
      const [stillExpired] = rowsOf<{ n: number }>(
        await ctx.tx.execute(sql`
          select count(*)::int as n from stock_reservations
          where tenant_id = ${ctx.tenantId} and order_id = ${orderId} and status = 'held' and expires_at <= now()`),
      );
      if (!stillExpired?.n) continue;
      await releaseReservations(ctx, orderId);
      settled++;
      if (order.status !== 'pending') continue;
      const windowEnds = new Date(order.placedAt.getTime() + deps.actionWindowMinutes * 60_000);
      if (order.checkoutState === 'awaiting_action' && windowEnds.getTime() > Date.now()) {
        // The shopper may still complete the payment: the order waits, without its stock, until
        // the action window closes; a payment completed meanwhile takes the stock again.
        await recordOrderChange(ctx, events, {
          orderId,
          type: 'reservation_expired',
          message:
            'The items were released while the payment is pending; they are taken again if it completes in time.',
        });
        await jobs.enqueue(ctx.tx, {
          name: CheckoutJobs.cancelUnpaid,
          tenantId: ctx.tenantId,
          payload: { orderId },
          runAt: windowEnds,
          orderingKey: `checkout:${orderId}`,
        });
        continue;
      }
      await cancelUnpaid(ctx, order, EXPIRED_REASON);
    }
    return settled;
  }

  async function expirePass(ctx: TxContext, opts: PassOptions = {}): Promise<number> {
    let n = 0;
    await inEachStore(ctx, CheckoutJobs.expire, opts.tenantIds, async (store) => {
      n += await expireStore(store, opts);
    });
    flushAfterCommit(ctx);
    return n;
  }

  // ----------------------------------------------------------------------------- recovery pass

  async function recoverOrder(ctx: TxContext, order: OrderRow): Promise<void> {
    const payment = await saga.paymentOf(ctx, order.id);
    if (!payment) {
      await saga.cancelLocked(ctx, order, UNSETTLED_REASON, { releaseKey: true, notify: true });
      return;
    }
    let state: ProviderPayment;
    try {
      state = await payments.retrieve(ctx, payment.id);
    } catch (err) {
      warn({ err, orderId: order.id }, 'the provider could not be asked about a checkout; retried next pass');
      return;
    }
    switch (state.state) {
      case 'authorized':
      case 'captured':
        if (payment.status === 'pending' || payment.status === 'requires_action') {
          await payments.recordOutcome(ctx, payment.id, {
            status: 'authorized',
            providerRef: state.providerRef,
            amount: state.amount,
          });
        }
        await saga.settleAuthorized(ctx, order.id);
        return;
      case 'requires_action':
        await saga.markAwaitingAction(ctx, order.id);
        return;
      case 'not_found':
      case 'declined':
      case 'voided':
      case 'refunded':
        // Nothing was taken (or it was given back): the record is closed and the order compensated.
        await saga.tryVoid(ctx, payment.id);
        await saga.cancelLocked(ctx, order, UNSETTLED_REASON, { releaseKey: true, notify: true });
        return;
    }
  }

  async function recoverStore(ctx: TxContext, opts: PassOptions): Promise<number> {
    const olderThan = `${Math.max(0, Math.floor(opts.olderThanMs ?? 120_000))} milliseconds`;
    const candidates = rowsOf<{ id: string }>(
      await ctx.tx.execute(sql`
        select id from orders
        where tenant_id = ${ctx.tenantId} and checkout_state in ('reserved', 'payment_requested')
          and updated_at <= now() - ${olderThan}::interval
        order by updated_at limit ${opts.limit ?? 100}`),
    );
    let settled = 0;
    for (const { id } of candidates) {
      const order = await claimOrder(ctx, id);
      if (!order || (order.checkoutState !== 'reserved' && order.checkoutState !== 'payment_requested')) continue;
      if (order.status !== 'pending') continue;
      await recoverOrder(ctx, order);
      settled++;
    }
    return settled;
  }

  async function recoverPass(ctx: TxContext, opts: PassOptions = {}): Promise<number> {
    let n = 0;
    await inEachStore(ctx, CheckoutJobs.recover, opts.tenantIds, async (store) => {
      n += await recoverStore(store, opts);
    });
    flushAfterCommit(ctx);
    return n;
  }

  /** One pass in a transaction of its own, as the system (what the job does; tests call it). */
  function runPass(pass: (ctx: TxContext, opts: PassOptions) => Promise<number>, opts: PassOptions): Promise<number> {
    return deps.database.db.transaction(async (tx) => {
      const ctx: TxContext = { ...systemContext(null, `checkout-pass:${newId()}`), tx, afterCommit: [] };
      return pass(ctx, opts);
    });
  }

  // ---------------------------------------------------------------------------------- wiring

  events.subscribe<PaymentEventPayload>(PaymentEvents.authorized, 'checkout.payment-authorized', async (ctx, event) => {
    await saga.settleAuthorized(ctx, event.payload.orderId);
    flushAfterCommit(ctx);
  });
  events.subscribe<PaymentEventPayload>(PaymentEvents.failed, 'checkout.payment-failed', async (ctx, event) => {
    const order = await saga.lockOrder(ctx, event.payload.orderId);
    if (order?.status !== 'pending') return;
    const why = event.payload.failureMessage ?? 'the payment was declined';
    await saga.cancelLocked(ctx, order, `The payment failed (${why}); the order is cancelled.`, {
      releaseKey: false,
      notify: true,
    });
    flushAfterCommit(ctx);
  });
  jobs.register<PassOptions>(CheckoutJobs.expire, {
    runAs: 'system',
    maxAttempts: 3,
    handler: async (ctx) => {
      await expirePass(ctx);
    },
  });
  jobs.register<PassOptions>(CheckoutJobs.recover, {
    runAs: 'system',
    maxAttempts: 3,
    handler: async (ctx) => {
      await recoverPass(ctx);
    },
  });
  jobs.register<{ orderId: string }>(CheckoutJobs.cancelUnpaid, {
    runAs: 'tenant',
    handler: async (ctx, { orderId }) => {
      const order = await saga.lockOrder(ctx, orderId);
      if (order?.status !== 'pending') return;
      const payment = await saga.paymentOf(ctx, orderId);
      // Authorized but its event not handled yet: settle it as the event would.
      if (payment && (payment.status === 'authorized' || payment.status === 'paid')) {
        await saga.settleAuthorized(ctx, orderId);
      } else {
        await cancelUnpaid(ctx, order, EXPIRED_REASON);
      }
      flushAfterCommit(ctx);
    },
  });
  deps.scheduler.every({ name: 'checkout-expire-reservations', intervalMs: 60_000, job: CheckoutJobs.expire });
  deps.scheduler.every({ name: 'checkout-recover', intervalMs: 60_000, job: CheckoutJobs.recover });

  return {
    expirePass,
    recoverPass,
    runExpiryPass: (opts: PassOptions = {}) => runPass(expirePass, opts),
    runRecoveryPass: (opts: PassOptions = {}) => runPass(recoverPass, opts),
  };
}
