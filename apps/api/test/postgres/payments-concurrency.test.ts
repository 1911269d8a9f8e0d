/**
 * Real PostgreSQL only: payments under concurrent writers. Refunds racing each other never take
 * more than was captured (the claim is a conditional UPDATE), and the same webhook event delivered
 * many times at once is applied exactly once.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it, inject } from 'vitest';
import { PaymentEvents } from '../../src/modules/payments/index.js';
import { useApp } from '../helpers.js';
import {
  orderWithPayment,
  paymentState,
  paymentStore,
  sendTestWebhook,
  storeRows,
  testEvent,
} from '../payments-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

const SECRET = 'whsec_concurrency_test';

describe('payments under concurrency', () => {
  const t = useApp({ TEST_PAYMENTS_WEBHOOK_SECRET: SECRET });

  it('concurrent refunds never exceed what was captured', async () => {
    const store = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;
    const order = await orderWithPayment(t.runtime, store, { amount: 5000 });
    const outcome = await payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 5000,
      currency: 'USD',
      method: 'card',
      token: 'tok_visa',
      returnUrl: 'https://shop.example.test/r',
    });
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, order.paymentId, outcome));
    await payments.capture(store.ctx, order.paymentId);

    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        payments.refund(store.ctx, { paymentId: order.paymentId, amount: 1000, idempotencyKey: `race-${i}` }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ status: 422, code: 'refund_exceeds_captured' });
    }
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 5000,
      orderPaymentStatus: 'refunded',
    });
  });

  it('the same event delivered many times at once applies once', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store);
    const body = testEvent('payment.authorized', { paymentId: order.paymentId, amount: 5000 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => sendTestWebhook(t.app, store.tenant.slug, SECRET, body)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => a.json<{ duplicate: boolean }>().duplicate === false)).toHaveLength(1);
    const events = await storeRows<{ type: string }>(
      t.runtime,
      store.tenant.id,
      sql`select type from outbox where tenant_id = ${store.tenant.id}::uuid and aggregate_id = ${order.paymentId}`,
    );
    expect(events.map((e) => e.type)).toEqual([PaymentEvents.authorized]);
    const recorded = await storeRows<{ outcome: string }>(
      t.runtime,
      store.tenant.id,
      sql`select outcome from payment_webhook_events where payment_id = ${order.paymentId}::uuid`,
    );
    expect(recorded).toEqual([{ outcome: 'applied' }]);
    // Authorized by the one applied delivery. (Checkout's handler of that event may already have
    // moved on, in any test file's job runner: this order holds no stock, so it is voided.)
    expect(['authorized', 'voided']).toContain(
      (await paymentState(t.runtime, store.tenant.id, order.paymentId)).status,
    );
  });
});
