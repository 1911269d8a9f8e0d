/**
 * Payment records: one per order, created pending with the order, authorized through the provider
 * (outside any transaction: a slow provider must not hold database locks), then captured, voided or
 * refunded; and the provider's webhooks, which move a payment only forward and tell the checkout
 * (`PaymentEvents`) so it confirms or compensates the order.
 *
 * Every change of a payment is audited with its before and after, sets the order's public
 * `paymentStatus` and goes on the order's timeline (`recordOrderChange`), in the transaction of
 * the change.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import { type RequestContext, type TxContext, systemActor } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { rowsOf } from '../../platform/db/client.js';
import { currentActorSql } from '../../platform/db/columns.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BusinessRuleViolation } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { type PaymentStatus, canChangePayment, recordOrderChange } from '../orders/index.js';
import { getStoreSettings, tenants } from '../tenancy/index.js';
import { codRefOf, createCodProvider } from './payments.cod.js';
import {
  ActionTokenInvalid,
  PaymentAlreadyCaptured,
  PaymentMethodUnavailable,
  PaymentNotCapturable,
  PaymentNotCaptured,
  PaymentNotFound,
  PaymentProviderNotFound,
  RefundExceedsCaptured,
} from './payments.errors.js';
import { type GatewayOptions, type PaymentGateway, createPaymentGateway } from './payments.gateway.js';
import type {
  AuthorizeOutcome,
  PaymentProvider,
  ProviderEvent,
  ProviderMethod,
  ProviderPayment,
  StoredPayment,
} from './payments.provider.js';
import {
  type ActionClaims,
  TEST_SIGNATURE_HEADER,
  actionKeyOf,
  signTestWebhook,
  verifyActionToken,
} from './payments.signing.js';
import { type PaymentChange, canMovePayment, decideEvent, orderPaymentStatusOf } from './payments.state.js';
import { createStripeProvider } from './payments.stripe.js';
import { type PaymentRecordStatus, paymentWebhookEvents, payments } from './payments.tables.js';
import { type TestWebhookBody, createTestProvider, paymentIdOfTestRef, testRefOf } from './payments.test-provider.js';

export type PaymentMethod = ProviderMethod;
export type PaymentRecord = typeof payments.$inferSelect;
export type ProviderName = PaymentProvider['name'];

/** Published when a webhook (or the test provider's action page) changes a payment. */
export const PaymentEvents = {
  authorized: 'payment.authorized.v1',
  failed: 'payment.failed.v1',
  captured: 'payment.captured.v1',
  refunded: 'payment.refunded.v1',
  voided: 'payment.voided.v1',
} as const;

export interface PaymentEventPayload {
  paymentId: string;
  orderId: string;
  providerRef: string | null;
  /** Authorized: the amount authorized; captured: captured; refunded: the refunded total; else the payment's amount. */
  amount: number;
  status: PaymentRecordStatus;
  failureCode?: string;
  failureMessage?: string;
}

/** What the payments module reads of the configuration. */
export interface PaymentsConfig {
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; apiBase: string | undefined };
  payments: { testWebhookSecret: string | undefined; testProvider?: boolean; timeoutMs: number };
  apiUrl: string;
}

export interface PaymentServiceDeps {
  uow: UnitOfWork;
  events: EventBus;
  pii: PiiCipher;
  config: PaymentsConfig;
  /** Breaker settings other than the timeout (tests shorten them). */
  gateway?: Omit<GatewayOptions, 'timeoutMs'>;
  /** Replaces built-in providers (tests). */
  providers?: Partial<Record<ProviderName, PaymentProvider>>;
  now?: () => Date;
}

const STATUSES_BEFORE_CAPTURE: PaymentRecordStatus[] = ['pending', 'requires_action', 'authorized'];
const CAPTURED_STATUSES: PaymentRecordStatus[] = ['paid', 'partially_refunded', 'refunded'];

const storedOf = (r: PaymentRecord): StoredPayment => ({
  status: r.status,
  amount: r.amount,
  authorizedAmount: r.authorizedAmount,
  capturedAmount: r.capturedAmount,
  refundedAmount: r.refundedAmount,
});

/** The audited view of a payment: states and amounts, never anything of the shopper's. */
const auditOf = (r: PaymentRecord) => ({
  status: r.status,
  provider: r.provider,
  method: r.method,
  currency: r.currency,
  amount: r.amount,
  authorizedAmount: r.authorizedAmount,
  capturedAmount: r.capturedAmount,
  refundedAmount: r.refundedAmount,
  providerRef: r.providerRef,
  failureCode: r.failureCode,
});

const bump = { version: sql`${payments.version} + 1`, updatedAt: sql`now()`, updatedBy: currentActorSql };

/** Locks an order's row: every writer takes the order before its payment, so none waits on the other in reverse. */
async function lockOrder(ctx: TxContext, orderId: string): Promise<void> {
  await ctx.tx.execute(sql`select 1 from orders where id = ${orderId}::uuid for update`);
}

/**
 * A payment; with `lock`, its order's row and then its own are locked for the rest of the
 * transaction (the checkout locks in the same order).
 */
async function loadPayment(ctx: TxContext, paymentId: string, lock = false): Promise<PaymentRecord | undefined> {
  if (!isUuid(paymentId)) return undefined;
  const q = () => ctx.tx.select().from(payments).where(eq(payments.id, paymentId));
  const [row] = await q();
  if (!row || !lock) return row;
  await lockOrder(ctx, row.orderId);
  const [locked] = await q().for('update');
  return locked;
}

/** The methods the store has enabled (its settings, or the defaults). */
async function enabledMethods(ctx: TxContext): Promise<string[]> {
  let tenant: { id: string; slug: string; defaultCurrency: string } | undefined = ctx.tenant ?? undefined;
  if (!tenant && ctx.tenantId) {
    [tenant] = await ctx.tx
      .select({ id: tenants.id, slug: tenants.slug, defaultCurrency: tenants.defaultCurrency })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenantId));
  }
  if (!tenant) return [];
  return (await getStoreSettings(ctx.tx, tenant)).paymentMethods;
}

const INR_ONLY: readonly PaymentMethod[] = ['upi', 'netbanking'];

/**
 * 422 `payment_method_unavailable` unless the store has `method` enabled and it fits `currency`
 * (UPI and net banking are Indian rails: INR only). Runs in the caller's transaction.
 */
export async function assertMethodAvailable(ctx: TxContext, method: PaymentMethod, currency: string): Promise<void> {
  if (INR_ONLY.includes(method) && currency.toUpperCase() !== 'INR') {
    throw new PaymentMethodUnavailable(
      method,
      'UPI and net banking are available for payments in Indian rupees (INR) only.',
    );
  }
  const methods = await enabledMethods(ctx);
  if (!methods.includes(method)) {
    throw new PaymentMethodUnavailable(method, `This store does not take ${method} payments.`);
  }
}

export function createPaymentService(deps: PaymentServiceDeps) {
  const { uow, events, config } = deps;
  const now = deps.now ?? (() => new Date());
  const gateway: PaymentGateway = createPaymentGateway({ timeoutMs: config.payments.timeoutMs, ...deps.gateway });

  /** Signs the test provider's webhooks: configured, else derived from the encryption keys (stable per deployment). */
  const testWebhookSecret =
    config.payments.testWebhookSecret ?? deps.pii.blindIndex('test-payments-webhook', 'payments.webhook');
  const actionKey = actionKeyOf(testWebhookSecret);

  const providers: Partial<Record<ProviderName, PaymentProvider>> = {
    // The test provider takes fake tokens: only where the deployment allows it (never by default in
    // production). Its webhooks and action pages then answer as for an unknown provider.
    ...(config.payments.testProvider === false
      ? {}
      : { test: createTestProvider({ webhookSecret: testWebhookSecret, actionKey, apiUrl: config.apiUrl, now }) }),
    cod: createCodProvider(),
    ...(config.stripe.secretKey
      ? {
          stripe: createStripeProvider({
            secretKey: config.stripe.secretKey,
            webhookSecret: config.stripe.webhookSecret,
            apiBase: config.stripe.apiBase,
            timeoutMs: config.payments.timeoutMs,
          }),
        }
      : {}),
    ...deps.providers,
  };

  const providerNameFor = (method: PaymentMethod): ProviderName => {
    if (method === 'cod') return 'cod';
    if (method === 'card' && providers.stripe) return 'stripe';
    return 'test';
  };

  const providerOf = (name: string): PaymentProvider => {
    const p = providers[name as ProviderName];
    if (!p) throw new Error(`payment provider "${name}" is not configured`);
    return p;
  };

  /**
   * The order follows its payment: `paymentStatus` (only along the order state machine's payment
   * moves) and a timeline entry, in the transaction of the payment's change.
   */
  async function followOrder(
    ctx: TxContext,
    p: PaymentRecord,
    change: { type: string; message: string; data?: Record<string, unknown> },
  ): Promise<void> {
    const target = orderPaymentStatusOf(p.status);
    // The orders table is the orders module's: its one column that follows the payment is set here.
    const [order] = rowsOf<{ paymentStatus: PaymentStatus }>(
      await ctx.tx.execute(
        sql`select payment_status as "paymentStatus" from orders where id = ${p.orderId}::uuid for update`,
      ),
    );
    if (!order) return;
    if (order.paymentStatus !== target && canChangePayment(order.paymentStatus, target)) {
      await ctx.tx.execute(
        sql`update orders set payment_status = ${target}, version = version + 1, updated_at = now(), updated_by = ${currentActorSql} where id = ${p.orderId}::uuid`,
      );
    }
    await recordOrderChange(ctx, events, {
      orderId: p.orderId,
      type: change.type,
      message: change.message,
      data: {
        paymentId: p.id,
        paymentStatus: p.status,
        orderPaymentStatus: target,
        ...change.data,
      },
    });
  }

  async function audit(ctx: TxContext, action: string, before: PaymentRecord | null, after: PaymentRecord) {
    await recordAudit(ctx, {
      action,
      entityType: 'payment',
      entityId: after.id,
      before: before ? auditOf(before) : null,
      after: auditOf(after),
    });
  }

  async function update(ctx: TxContext, id: string, values: Partial<PaymentRecord>): Promise<PaymentRecord> {
    const [row] = await ctx.tx
      .update(payments)
      .set({ ...values, ...bump })
      .where(eq(payments.id, id))
      .returning();
    if (!row) throw new PaymentNotFound();
    return row;
  }

  const load = async (ctx: RequestContext, paymentId: string): Promise<PaymentRecord> => {
    const row = await uow(ctx, (tx) => loadPayment(tx, paymentId));
    if (!row) throw new PaymentNotFound();
    return row;
  };

  // ------------------------------------------------------------------------------------ webhooks

  const EVENT_OF: Record<Exclude<ProviderEvent['type'], 'other'>, string> = {
    'payment.authorized': PaymentEvents.authorized,
    'payment.captured': PaymentEvents.captured,
    'payment.failed': PaymentEvents.failed,
    'payment.voided': PaymentEvents.voided,
    'payment.refunded': PaymentEvents.refunded,
  };

  const TIMELINE_OF: Record<Exclude<ProviderEvent['type'], 'other'>, { type: string; message: string }> = {
    'payment.authorized': { type: 'payment_authorized', message: 'Payment authorized.' },
    'payment.captured': { type: 'payment_captured', message: 'Payment captured.' },
    'payment.failed': { type: 'payment_failed', message: 'Payment failed.' },
    'payment.voided': { type: 'payment_voided', message: 'Payment voided.' },
    'payment.refunded': { type: 'payment_refunded', message: 'Payment refunded by the provider.' },
  };

  async function paymentOfEvent(ctx: TxContext, provider: ProviderName, e: ProviderEvent) {
    const echoed = e.paymentId && isUuid(e.paymentId) ? e.paymentId : null;
    const paymentId = echoed ?? (provider === 'test' && e.providerRef ? paymentIdOfTestRef(e.providerRef) : null);
    const where = paymentId
      ? eq(payments.id, paymentId)
      : e.providerRef
        ? eq(payments.providerRef, e.providerRef)
        : undefined;
    if (!where) return undefined;
    const [row] = await ctx.tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(where, eq(payments.provider, provider)));
    return row ? loadPayment(ctx, row.id, true) : undefined;
  }

  async function applyEvent(ctx: TxContext, before: PaymentRecord, e: ProviderEvent, change: PaymentChange) {
    if (e.type === 'other') return;
    const after = await update(ctx, before.id, {
      ...change,
      providerRef: before.providerRef ?? e.providerRef,
      nextAction: change.status === before.status ? before.nextAction : null,
      lastEventAt: e.occurredAt,
    });
    await audit(ctx, `payment.${e.type.slice('payment.'.length)}`, before, after);
    await followOrder(ctx, after, { ...TIMELINE_OF[e.type], data: { providerEventId: e.id } });
    const amount =
      e.type === 'payment.authorized'
        ? after.authorizedAmount
        : e.type === 'payment.captured'
          ? after.capturedAmount
          : e.type === 'payment.refunded'
            ? after.refundedAmount
            : after.amount;
    const payload: PaymentEventPayload = {
      paymentId: after.id,
      orderId: after.orderId,
      providerRef: after.providerRef,
      amount,
      status: after.status,
      ...(after.failureCode ? { failureCode: after.failureCode } : {}),
      ...(after.failureMessage ? { failureMessage: after.failureMessage } : {}),
    };
    await events.publish(ctx, { type: EVENT_OF[e.type], aggregateType: 'payment', aggregateId: after.id, payload });
  }

  /** Cash collected on delivery: the order's cash-on-delivery payment becomes paid. Others: unchanged. */
  async function markCodPaid(ctx: TxContext, orderId: string): Promise<PaymentRecord | null> {
    if (!isUuid(orderId)) return null;
    await lockOrder(ctx, orderId);
    const [before] = await ctx.tx.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
    if (!before) return null;
    if (before.provider !== 'cod' || before.status !== 'pending') return before;
    const after = await update(ctx, before.id, {
      status: 'paid',
      authorizedAmount: before.amount,
      capturedAmount: before.amount,
      providerRef: before.providerRef ?? codRefOf(before.id),
    });
    await audit(ctx, 'payment.captured', before, after);
    await followOrder(ctx, after, { type: 'payment_captured', message: 'Cash collected on delivery.' });
    return after;
  }

  /**
   * Handles a webhook delivery: checks its signature (400 `webhook_signature_invalid`, nothing
   * changes), records it by the provider's event id (a replay answers `duplicate` and changes
   * nothing), applies it when it moves the payment forward and is not older than the last
   * applied, and publishes the matching `PaymentEvents` event.
   */
  async function handleWebhook(
    ctx: RequestContext,
    providerName: string,
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ duplicate: boolean; outcome: string }> {
    const provider = providerName === 'test' || providerName === 'stripe' ? providers[providerName] : undefined;
    if (!provider) throw new PaymentProviderNotFound(providerName);
    const event = provider.verifyWebhook(rawBody, headers, now());
    // The provider acts, not the anonymous caller that delivered the request.
    return uow({ ...ctx, actor: systemActor }, async (tx) => {
      const payment = await paymentOfEvent(tx, provider.name, event);
      const decision = payment ? decideEvent(payment, event) : ({ apply: false, outcome: 'ignored_unknown' } as const);
      const outcome = decision.apply ? 'applied' : decision.outcome;
      const recorded = await tx.tx
        .insert(paymentWebhookEvents)
        .values({
          id: newId(),
          provider: provider.name,
          providerEventId: event.id,
          type: event.rawType,
          paymentId: payment?.id ?? null,
          outcome,
          occurredAt: event.occurredAt,
        })
        .onConflictDoNothing()
        .returning({ id: paymentWebhookEvents.id });
      if (recorded.length === 0) return { duplicate: true, outcome: 'duplicate' };
      if (payment && decision.apply) await applyEvent(tx, payment, event, decision.change);
      return { duplicate: false, outcome };
    });
  }

  async function actionPayment(ctx: RequestContext, claims: ActionClaims): Promise<PaymentRecord> {
    const row = await uow(ctx, (tx) => loadPayment(tx, claims.paymentId));
    if (!row || row.provider !== 'test') throw new ActionTokenInvalid();
    return row;
  }

  return {
    gateway,
    /** The test provider's signing secret (the action page signs its deliveries with it). */
    testWebhookSecret,

    providerNameFor,

    /** Whether calls to the provider for `method` (any online provider when absent) would fail at once. */
    breakerOpen(method?: PaymentMethod): boolean {
      if (method) return gateway.isOpen(providerNameFor(method));
      return (['test', 'stripe'] as const).some((p) => gateway.isOpen(p));
    },

    assertMethodAvailable,

    /**
     * Refuses a method no configured provider takes on this deployment (cards without Stripe or the
     * test provider; UPI and net banking without the test provider): 422 `payment_method_unavailable`.
     */
    assertMethodConfigured(method: PaymentMethod): void {
      if (!providers[providerNameFor(method)]) {
        throw new PaymentMethodUnavailable(method, `This deployment has no payment provider for ${method} payments.`);
      }
    },

    /** A pending payment for an order; the provider follows from the method and the configuration. */
    async createPayment(
      ctx: TxContext,
      p: { orderId: string; method: PaymentMethod; amount: number; currency: string },
    ): Promise<{ id: string; provider: string }> {
      const id = newId();
      const provider = providerNameFor(p.method);
      const [row] = await ctx.tx
        .insert(payments)
        .values({
          id,
          orderId: p.orderId,
          provider,
          method: p.method,
          status: 'pending',
          currency: p.currency.toUpperCase(),
          amount: p.amount,
        })
        .returning();
      if (row) await audit(ctx, 'payment.created', null, row);
      return { id, provider };
    },

    /**
     * Asks the provider to authorize. Never inside a transaction (the caller's `ctx` must not be
     * one): the call may take up to the timeout. Timeouts, outages and an open breaker → 503
     * `dependency_unavailable` with `Retry-After`; declines are outcomes.
     */
    async authorize(
      ctx: RequestContext,
      p: {
        paymentId: string;
        orderId: string;
        orderNumber: string;
        amount: number;
        currency: string;
        method: PaymentMethod;
        token?: string;
        returnUrl: string;
      },
    ): Promise<AuthorizeOutcome> {
      if ('tx' in ctx) throw new Error('payments.authorize must be called outside a transaction');
      if (!ctx.tenantId) throw new Error('payments.authorize needs a tenant');
      const provider = providerOf(providerNameFor(p.method));
      return gateway.run(provider.name, () =>
        provider.authorize({
          paymentId: p.paymentId,
          orderId: p.orderId,
          orderNumber: p.orderNumber,
          tenantId: ctx.tenantId as string,
          tenantSlug: ctx.tenant?.slug ?? (ctx.tenantId as string),
          amount: p.amount,
          currency: p.currency.toUpperCase(),
          method: p.method,
          ...(p.token ? { token: p.token } : {}),
          returnUrl: p.returnUrl,
        }),
      );
    },

    /**
     * Records what `authorize` answered. A webhook may have moved the payment further already; the
     * record then stays as it is (payments only move forward) and is returned.
     */
    async recordOutcome(ctx: TxContext, paymentId: string, outcome: AuthorizeOutcome): Promise<PaymentRecord> {
      const before = await loadPayment(ctx, paymentId, true);
      if (!before) throw new PaymentNotFound();
      let values: Partial<PaymentRecord> & { status: PaymentRecordStatus };
      let timeline: { type: string; message: string };
      let action: string;
      switch (outcome.status) {
        case 'authorized':
          values = {
            status: 'authorized',
            authorizedAmount: Math.min(outcome.amount, before.amount),
            providerRef: outcome.providerRef,
            nextAction: null,
          };
          timeline = { type: 'payment_authorized', message: 'Payment authorized.' };
          action = 'payment.authorized';
          break;
        case 'requires_action':
          values = { status: 'requires_action', providerRef: outcome.providerRef, nextAction: outcome.nextAction };
          timeline = { type: 'payment_action_required', message: 'Waiting for the shopper to complete the payment.' };
          action = 'payment.action_required';
          break;
        case 'deferred':
          values = { status: 'pending', providerRef: outcome.providerRef };
          timeline = { type: 'payment_deferred', message: 'Cash on delivery: payment is due when the order arrives.' };
          action = 'payment.deferred';
          break;
        case 'declined':
          values = {
            status: 'failed',
            providerRef: outcome.providerRef ?? before.providerRef,
            nextAction: null,
            failureCode: outcome.code,
            failureMessage: outcome.message,
          };
          timeline = { type: 'payment_failed', message: `Payment declined: ${outcome.message}` };
          action = 'payment.failed';
          break;
      }
      // The same status again changes nothing, except a new action (or a cash-on-delivery reference
      // not yet recorded); a webhook that got further first is not undone.
      const refresh =
        values.status === 'requires_action' || (values.status === 'pending' && before.providerRef === null);
      const moves = values.status === before.status ? refresh : canMovePayment(before.status, values.status);
      if (!moves) return before;
      const after = await update(ctx, paymentId, values);
      await audit(ctx, action, before, after);
      await followOrder(ctx, after, {
        ...timeline,
        data: outcome.status === 'declined' ? { failureCode: outcome.code } : {},
      });
      return after;
    },

    /** Captures an authorized payment in full (cash on delivery: records the cash as collected). */
    async capture(ctx: RequestContext, paymentId: string): Promise<PaymentRecord> {
      const row = await load(ctx, paymentId);
      if (CAPTURED_STATUSES.includes(row.status)) return row;
      if (row.provider === 'cod' && row.status === 'pending') {
        return uow(ctx, async (tx) => (await markCodPaid(tx, row.orderId)) ?? row);
      }
      if (row.status !== 'authorized' || !row.providerRef) throw new PaymentNotCapturable(row.status);
      const provider = providerOf(row.provider);
      const ref = row.providerRef;
      const amount = row.authorizedAmount > 0 ? row.authorizedAmount : row.amount;
      const { amountCaptured } = await gateway.run(provider.name, () =>
        provider.capture(ref, amount, `capture:${row.id}`),
      );
      return uow(ctx, async (tx) => {
        const before = await loadPayment(tx, paymentId, true);
        if (!before) throw new PaymentNotFound();
        // A webhook may have recorded the capture meanwhile.
        if (before.status !== 'authorized') return before;
        const captured = Math.min(amountCaptured, before.amount);
        const after = await update(tx, paymentId, {
          status: 'paid',
          capturedAmount: captured,
          authorizedAmount: Math.max(before.authorizedAmount, captured),
        });
        await audit(tx, 'payment.captured', before, after);
        await followOrder(tx, after, { type: 'payment_captured', message: 'Payment captured.' });
        return after;
      });
    },

    /** Releases a payment that was not captured (compensation). Already failed or voided: unchanged. */
    async voidPayment(ctx: RequestContext, paymentId: string): Promise<PaymentRecord> {
      const row = await load(ctx, paymentId);
      if (row.status === 'voided' || row.status === 'failed') return row;
      if (CAPTURED_STATUSES.includes(row.status)) throw new PaymentAlreadyCaptured(row.status);
      const provider = providerOf(row.provider);
      const ref = row.providerRef;
      if (ref && provider.name !== 'cod') {
        await gateway.run(provider.name, () => provider.void(ref, `void:${row.id}`));
      }
      return uow(ctx, async (tx) => {
        const before = await loadPayment(tx, paymentId, true);
        if (!before) throw new PaymentNotFound();
        if (!STATUSES_BEFORE_CAPTURE.includes(before.status)) return before;
        const after = await update(tx, paymentId, { status: 'voided', nextAction: null });
        await audit(tx, 'payment.voided', before, after);
        await followOrder(tx, after, { type: 'payment_voided', message: 'Payment voided.' });
        return after;
      });
    },

    /**
     * Refunds `amount` of a captured payment. The amount is first claimed in the database (a
     * conditional update: never more than captured less refunded, whatever runs concurrently), then
     * refunded at the provider outside any transaction, then recorded; a provider failure gives
     * the claim back. `idempotencyKey` makes a retried call refund once at the provider.
     */
    async refund(
      ctx: RequestContext,
      p: { paymentId: string; amount: number; idempotencyKey: string },
    ): Promise<{ refundRef: string }> {
      if (!Number.isSafeInteger(p.amount) || p.amount <= 0) {
        throw new BusinessRuleViolation('refund_amount_invalid', 'A refund must be a positive amount.');
      }
      const claimed = await uow(ctx, async (tx) => {
        if (!isUuid(p.paymentId)) throw new PaymentNotFound();
        const [row] = await tx.tx
          .update(payments)
          .set({ refundedAmount: sql`${payments.refundedAmount} + ${p.amount}` })
          .where(
            and(
              eq(payments.id, p.paymentId),
              inArray(payments.status, ['paid', 'partially_refunded']),
              sql`${payments.refundedAmount} + ${p.amount} <= ${payments.capturedAmount}`,
            ),
          )
          .returning();
        if (row) return row;
        const current = await loadPayment(tx, p.paymentId);
        if (!current) throw new PaymentNotFound();
        if (current.status !== 'paid' && current.status !== 'partially_refunded') {
          throw new PaymentNotCaptured(current.status);
        }
        throw new RefundExceedsCaptured(current.capturedAmount - current.refundedAmount);
      });
      const provider = providerOf(claimed.provider);
      let refundRef: string;
      try {
        ({ refundRef } = await gateway.run(provider.name, () =>
          provider.refund(claimed.providerRef ?? codRefOf(claimed.id), p.amount, p.idempotencyKey),
        ));
      } catch (err) {
        await uow(ctx, (tx) =>
          tx.tx
            .update(payments)
            .set({ refundedAmount: sql`${payments.refundedAmount} - ${p.amount}` })
            .where(eq(payments.id, p.paymentId)),
        );
        throw err;
      }
      await uow(ctx, async (tx) => {
        const current = await loadPayment(tx, p.paymentId, true);
        if (!current) throw new PaymentNotFound();
        const status: PaymentRecordStatus =
          current.refundedAmount >= current.capturedAmount ? 'refunded' : 'partially_refunded';
        const after = await update(tx, p.paymentId, { status });
        const before = { ...current, refundedAmount: current.refundedAmount - p.amount };
        await audit(tx, 'payment.refunded', before, after);
        await followOrder(tx, after, {
          type: 'payment_refunded',
          message: 'Payment refunded.',
          data: { amount: p.amount, refundRef },
        });
      });
      return { refundRef };
    },

    /** What the provider says of a payment now (the checkout's recovery job). */
    async retrieve(ctx: RequestContext, paymentId: string): Promise<ProviderPayment> {
      const row = await load(ctx, paymentId);
      const provider = providerOf(row.provider);
      const stored = storedOf(row);
      const ref = row.providerRef;
      if (!ref) {
        const found = await gateway.run(provider.name, () => provider.findByPaymentId(row.id, stored));
        return (
          found ?? { providerRef: '', state: 'not_found', amount: row.amount, amountCaptured: 0, amountRefunded: 0 }
        );
      }
      return gateway.run(provider.name, () => provider.retrieve({ providerRef: ref, paymentId: row.id, stored }));
    },

    markCodPaid,

    /** The payment of an order, if any (checkout answers with its status and next action). */
    async paymentOfOrder(ctx: TxContext, orderId: string): Promise<PaymentRecord | null> {
      if (!isUuid(orderId)) return null;
      const [row] = await ctx.tx.select().from(payments).where(eq(payments.orderId, orderId));
      return row ?? null;
    },

    handleWebhook,

    /** The claims of an action page link (400 `payment_action_invalid` when forged or expired). */
    verifyAction(token: string, returnUrl: string): ActionClaims {
      const claims = verifyActionToken(actionKey, token, returnUrl, now());
      if (!claims) throw new ActionTokenInvalid();
      return claims;
    },

    /** The test payment an action page is about, in the store its link names. */
    actionPayment,

    /**
     * The shopper's answer on an action page, delivered as a signed test webhook through the same
     * path as a provider's: approve → `payment.authorized`, decline → `payment.failed`.
     */
    async submitAction(ctx: RequestContext, claims: ActionClaims, decision: 'approve' | 'decline'): Promise<void> {
      const payment = await actionPayment(ctx, claims);
      // Answered already (or settled otherwise): a second answer has nothing to change.
      if (payment.status !== 'requires_action' && payment.status !== 'pending') return;
      const at = Math.floor(now().getTime() / 1000);
      const declined =
        claims.kind === 'three_d_secure'
          ? { failureCode: 'authentication_failed', failureMessage: 'The shopper did not pass the 3-D Secure check.' }
          : { failureCode: 'payment_declined', failureMessage: 'The shopper declined the payment.' };
      const body: TestWebhookBody = {
        id: `evt_test_${randomUUID()}`,
        type: decision === 'approve' ? 'payment.authorized' : 'payment.failed',
        created: at,
        data: {
          paymentId: payment.id,
          providerRef: payment.providerRef ?? testRefOf(payment.id),
          amount: payment.amount,
          ...(decision === 'decline' ? declined : {}),
        },
      };
      const raw = Buffer.from(JSON.stringify(body), 'utf8');
      await handleWebhook(ctx, 'test', raw, { [TEST_SIGNATURE_HEADER]: signTestWebhook(testWebhookSecret, raw, at) });
    },

    /** Releases the breakers' timers (process shutdown, tests). */
    shutdown(): void {
      gateway.shutdown();
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
