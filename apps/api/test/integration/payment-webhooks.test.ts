/**
 * Payment records and the test provider's webhooks through the API: signatures (forged, stale),
 * replays, out-of-order deliveries, unknown payments; the action page (3-D Secure, UPI) answering
 * through the webhook path; and what a change does to the order (payment status, timeline), the
 * audit log and the outbox. Orders are minimal rows: the checkout is not under test here.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPaymentService, PaymentEvents, signTestWebhook } from '../../src/modules/payments/index.js';
import { newId } from '../../src/platform/ids.js';
import { useApp } from '../helpers.js';
import { randomIp } from '../identity-helpers.js';
import {
  orderWithPayment,
  paymentState,
  paymentStore,
  sendTestWebhook,
  storeRows,
  testEvent,
} from '../payments-helpers.js';

const SECRET = 'whsec_integration_test_secret';
const RETURN_URL = 'https://shop.example.test/orders/return?x=1';

interface Receipt {
  received: boolean;
  duplicate: boolean;
}

describe('payment webhooks', () => {
  const t = useApp({ TEST_PAYMENTS_WEBHOOK_SECRET: SECRET, API_URL: 'http://api.example.test' });

  const webhookRows = (tenantId: string, paymentId: string | null) =>
    storeRows<{ outcome: string; providerEventId: string; type: string }>(
      t.runtime,
      tenantId,
      paymentId
        ? sql`select outcome, provider_event_id as "providerEventId", type from payment_webhook_events where tenant_id = ${tenantId}::uuid and payment_id = ${paymentId}::uuid order by created_at`
        : sql`select outcome, provider_event_id as "providerEventId", type from payment_webhook_events where tenant_id = ${tenantId}::uuid and payment_id is null`,
    );
  const outboxOf = (tenantId: string, paymentId: string) =>
    storeRows<{ type: string; payload: Record<string, unknown> }>(
      t.runtime,
      tenantId,
      sql`select type, payload from outbox where tenant_id = ${tenantId}::uuid and aggregate_id = ${paymentId} order by seq`,
    );
  const auditOf = (tenantId: string, paymentId: string) =>
    storeRows<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> }>(
      t.runtime,
      tenantId,
      sql`select action, before, after from audit_log where tenant_id = ${tenantId}::uuid and entity_type = 'payment' and entity_id = ${paymentId} order by created_at`,
    );
  const timelineOf = (tenantId: string, orderId: string) =>
    storeRows<{ type: string; data: Record<string, unknown> }>(
      t.runtime,
      tenantId,
      sql`select type, data from order_events where tenant_id = ${tenantId}::uuid and order_id = ${orderId}::uuid order by created_at, id`,
    );

  it('refuses forged and stale signatures and changes nothing', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store);
    const body = testEvent('payment.authorized', { paymentId: order.paymentId, amount: 5000 });

    const forged = await sendTestWebhook(t.app, store.tenant.slug, 'not the secret', body);
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'webhook_signature_invalid', status: 400 });

    const stale = await sendTestWebhook(t.app, store.tenant.slug, SECRET, body, {
      at: Math.floor(Date.now() / 1000) - 301,
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json<{ code: string }>().code).toBe('webhook_signature_invalid');

    // The right signature over other bytes.
    const raw = JSON.stringify(body);
    const tampered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/test/${store.tenant.slug}`,
      remoteAddress: randomIp(),
      headers: {
        'content-type': 'application/json',
        'bazaar-signature': signTestWebhook(SECRET, raw, Math.floor(Date.now() / 1000)),
      },
      payload: raw.replace('5000', '5001'),
    });
    expect(tampered.statusCode).toBe(400);

    const unsigned = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/test/${store.tenant.slug}`,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    expect(unsigned.statusCode).toBe(400);

    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'pending',
      orderPaymentStatus: 'pending',
    });
    expect(await webhookRows(store.tenant.id, order.paymentId)).toEqual([]);
    expect(await outboxOf(store.tenant.id, order.paymentId)).toEqual([]);
  });

  it('applies a valid event once; a replay is a duplicate that changes nothing', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store);
    expect(order.provider).toBe('test');
    const body = testEvent('payment.authorized', { paymentId: order.paymentId, amount: 5000 });

    const first = await sendTestWebhook(t.app, store.tenant.slug, SECRET, body);
    expect(first.statusCode).toBe(200);
    expect(first.json<Receipt>()).toEqual({ received: true, duplicate: false });
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'authorized',
      authorizedAmount: 5000,
      providerRef: `pi_test_${order.paymentId}`,
      orderPaymentStatus: 'authorized',
    });

    // The same event again (a provider retry), by slug or by id of the store.
    for (const ref of [store.tenant.slug, store.tenant.id]) {
      const replay = await sendTestWebhook(t.app, ref, SECRET, body);
      expect(replay.statusCode).toBe(200);
      expect(replay.json<Receipt>()).toEqual({ received: true, duplicate: true });
    }

    expect(await webhookRows(store.tenant.id, order.paymentId)).toEqual([
      { outcome: 'applied', providerEventId: body.id, type: 'payment.authorized' },
    ]);
    const events = await outboxOf(store.tenant.id, order.paymentId);
    expect(events.map((e) => e.type)).toEqual([PaymentEvents.authorized]);
    expect(events[0]?.payload).toEqual({
      paymentId: order.paymentId,
      orderId: order.orderId,
      providerRef: `pi_test_${order.paymentId}`,
      amount: 5000,
      status: 'authorized',
    });
    const audit = await auditOf(store.tenant.id, order.paymentId);
    expect(audit.map((a) => a.action)).toEqual(['payment.created', 'payment.authorized']);
    expect(audit[1]?.before).toMatchObject({ status: 'pending', authorizedAmount: 0 });
    expect(audit[1]?.after).toMatchObject({ status: 'authorized', authorizedAmount: 5000 });
    const timeline = await timelineOf(store.tenant.id, order.orderId);
    expect(timeline.map((e) => e.type)).toEqual(['payment_authorized']);
    expect(timeline[0]?.data).toMatchObject({ paymentId: order.paymentId, orderPaymentStatus: 'authorized' });
  });

  it('ignores an event older than the last applied one, and backward moves', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store);
    const now = Math.floor(Date.now() / 1000);

    const captured = testEvent('payment.captured', { paymentId: order.paymentId, amount: 5000 }, { created: now });
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, captured)).statusCode).toBe(200);
    // Delivered late: a failure from before the capture.
    const older = testEvent(
      'payment.failed',
      { paymentId: order.paymentId, failureCode: 'card_declined' },
      { created: now - 60 },
    );
    const late = await sendTestWebhook(t.app, store.tenant.slug, SECRET, older);
    expect(late.statusCode).toBe(200);
    expect(late.json<Receipt>()).toEqual({ received: true, duplicate: false });
    // Newer, but backwards: a captured payment cannot be authorized again.
    const backwards = testEvent(
      'payment.authorized',
      { paymentId: order.paymentId, amount: 5000 },
      { created: now + 1 },
    );
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, backwards)).statusCode).toBe(200);

    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'paid',
      capturedAmount: 5000,
      failureCode: null,
      orderPaymentStatus: 'paid',
    });
    expect((await webhookRows(store.tenant.id, order.paymentId)).map((r) => r.outcome)).toEqual([
      'applied',
      'ignored_stale',
      'ignored_stale',
    ]);
    expect((await outboxOf(store.tenant.id, order.paymentId)).map((e) => e.type)).toEqual([PaymentEvents.captured]);

    // A refund reported by the provider (its running total) moves it on.
    const refunded = testEvent('payment.refunded', { paymentId: order.paymentId, amount: 2000 }, { created: now + 2 });
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, refunded)).statusCode).toBe(200);
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 2000,
      orderPaymentStatus: 'partially_refunded',
    });
  });

  it('records events about unknown payments and answers 200; unknown providers and stores are 404', async () => {
    const store = await paymentStore(t.runtime);
    const body = testEvent('payment.authorized', { paymentId: newId(), amount: 1 });
    const res = await sendTestWebhook(t.app, store.tenant.slug, SECRET, body);
    expect(res.statusCode).toBe(200);
    expect(res.json<Receipt>()).toEqual({ received: true, duplicate: false });
    expect(await webhookRows(store.tenant.id, null)).toEqual([
      { outcome: 'ignored_unknown', providerEventId: body.id, type: 'payment.authorized' },
    ]);
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, body)).json<Receipt>().duplicate).toBe(true);

    // Another store's payment is unknown here.
    const other = await paymentStore(t.runtime);
    const theirs = await orderWithPayment(t.runtime, other);
    const foreign = testEvent('payment.authorized', { paymentId: theirs.paymentId, amount: 5000 });
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, foreign)).statusCode).toBe(200);
    expect((await paymentState(t.runtime, other.tenant.id, theirs.paymentId)).status).toBe('pending');

    const unknownProvider = await sendTestWebhook(t.app, store.tenant.slug, SECRET, body, { provider: 'paypal' });
    expect(unknownProvider.statusCode).toBe(404);
    expect(unknownProvider.json<{ code: string }>().code).toBe('payment_provider_not_found');
    // Stripe is not configured in this app.
    expect((await sendTestWebhook(t.app, store.tenant.slug, SECRET, body, { provider: 'stripe' })).statusCode).toBe(
      404,
    );
    const unknownStore = await sendTestWebhook(t.app, 'no-such-store-here', SECRET, body);
    expect(unknownStore.statusCode).toBe(404);
    expect(unknownStore.json<{ code: string }>().code).toBe('tenant_not_found');

    const notJson = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/test/${store.tenant.slug}`,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/json', 'bazaar-signature': 't=1,v1=00' },
      payload: '{not json',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('3-D Secure: the action page approves through the webhook path, then returns the shopper', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store, { amount: 4321 });
    const payments = t.runtime.services.payments;
    const outcome = await payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 4321,
      currency: 'USD',
      method: 'card',
      token: 'tok_3ds',
      returnUrl: RETURN_URL,
    });
    expect(outcome).toMatchObject({ status: 'requires_action', nextAction: { type: 'three_d_secure' } });
    if (outcome.status !== 'requires_action') throw new Error('expected an action');
    const recorded = await t.runtime.services.uow(store.ctx, (ctx) =>
      payments.recordOutcome(ctx, order.paymentId, outcome),
    );
    expect(recorded).toMatchObject({ status: 'requires_action', nextAction: outcome.nextAction });
    expect((await paymentState(t.runtime, store.tenant.id, order.paymentId)).orderPaymentStatus).toBe('pending');

    const url = new URL(outcome.nextAction.url);
    expect(url.origin).toBe('http://api.example.test');
    const path = url.pathname + url.search;

    const page = await t.app.inject({ method: 'GET', url: path, remoteAddress: randomIp() });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' https://shop.example.test");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).toContain('<meta charset="utf-8">');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('value="approve"');
    expect(page.body).toContain('value="decline"');
    expect(page.body).toContain('$43.21');
    expect(page.body).not.toContain('<script');

    const answer = await t.app.inject({
      method: 'POST',
      url: path,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=approve',
    });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe(RETURN_URL);
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'authorized',
      authorizedAmount: 4321,
      orderPaymentStatus: 'authorized',
    });
    expect((await webhookRows(store.tenant.id, order.paymentId)).map((r) => r.outcome)).toEqual(['applied']);
    expect((await outboxOf(store.tenant.id, order.paymentId)).map((e) => e.type)).toEqual([PaymentEvents.authorized]);

    // Answering again changes nothing; the page now says so and offers no form.
    const again = await t.app.inject({
      method: 'POST',
      url: path,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=decline',
    });
    expect(again.statusCode).toBe(303);
    expect((await paymentState(t.runtime, store.tenant.id, order.paymentId)).status).toBe('authorized');
    const settled = await t.app.inject({ method: 'GET', url: path, remoteAddress: randomIp() });
    expect(settled.body).toContain('already authorized');
    expect(settled.body).not.toContain('<form');
  });

  it('UPI in a rupee store: declining on the bank page fails the payment', async () => {
    const store = await paymentStore(t.runtime, { currency: 'INR', methods: ['card', 'upi', 'netbanking', 'cod'] });
    await t.runtime.services.uow(store.ctx, async (ctx) => {
      await t.runtime.services.payments.assertMethodAvailable(ctx, 'upi', 'INR');
    });
    const order = await orderWithPayment(t.runtime, store, { method: 'upi', amount: 99_900 });
    const outcome = await t.runtime.services.payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 99_900,
      currency: 'INR',
      method: 'upi',
      returnUrl: '/orders/return',
    });
    if (outcome.status !== 'requires_action') throw new Error('expected an action');
    expect(outcome.nextAction.upiUri).toMatch(/^upi:\/\/pay\?.*am=999\.00.*cu=INR/);
    await t.runtime.services.uow(store.ctx, (ctx) =>
      t.runtime.services.payments.recordOutcome(ctx, order.paymentId, outcome),
    );
    const url = new URL(outcome.nextAction.url);
    const answer = await t.app.inject({
      method: 'POST',
      url: url.pathname + url.search,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=decline',
    });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/orders/return');
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'failed',
      failureCode: 'payment_declined',
      orderPaymentStatus: 'failed',
    });
    const [event] = await outboxOf(store.tenant.id, order.paymentId);
    expect(event).toMatchObject({
      type: PaymentEvents.failed,
      payload: { status: 'failed', failureCode: 'payment_declined' },
    });
  });

  it('refuses forged, altered and unknown action links', async () => {
    const store = await paymentStore(t.runtime);
    const order = await orderWithPayment(t.runtime, store);
    const outcome = await t.runtime.services.payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 5000,
      currency: 'USD',
      method: 'card',
      token: 'tok_3ds',
      returnUrl: RETURN_URL,
    });
    if (outcome.status !== 'requires_action') throw new Error('expected an action');
    const url = new URL(outcome.nextAction.url);
    const elsewhere = `${url.pathname}?returnUrl=${encodeURIComponent('https://evil.example.test/')}`;
    for (const path of [elsewhere, `/api/v1/payments/test/actions/AAAA?returnUrl=${encodeURIComponent(RETURN_URL)}`]) {
      const get = await t.app.inject({ method: 'GET', url: path, remoteAddress: randomIp() });
      expect(get.statusCode).toBe(400);
      expect(get.json<{ code: string }>().code).toBe('payment_action_invalid');
      const post = await t.app.inject({
        method: 'POST',
        url: path,
        remoteAddress: randomIp(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'decision=approve',
      });
      expect(post.statusCode).toBe(400);
    }
    const bad = await t.app.inject({
      method: 'POST',
      url: url.pathname + url.search,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=maybe',
    });
    expect(bad.statusCode).toBe(400);
    expect((await paymentState(t.runtime, store.tenant.id, order.paymentId)).status).toBe('pending');
  });
});

describe('payment records', () => {
  const t = useApp({ TEST_PAYMENTS_WEBHOOK_SECRET: SECRET });

  it('authorize → capture → partial refunds, never more than captured', async () => {
    const store = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;
    const order = await orderWithPayment(t.runtime, store, { amount: 3000 });
    const outcome = await payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 3000,
      currency: 'USD',
      method: 'card',
      token: 'tok_visa',
      returnUrl: RETURN_URL,
    });
    expect(outcome).toEqual({ status: 'authorized', providerRef: `pi_test_${order.paymentId}`, amount: 3000 });
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, order.paymentId, outcome));
    // Recording the same answer again changes nothing.
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, order.paymentId, outcome));

    await expect(
      payments.refund(store.ctx, { paymentId: order.paymentId, amount: 100, idempotencyKey: 'r0' }),
    ).rejects.toMatchObject({
      code: 'payment_not_captured',
      status: 422,
    });
    const captured = await payments.capture(store.ctx, order.paymentId);
    expect(captured).toMatchObject({ status: 'paid', capturedAmount: 3000 });
    expect((await payments.capture(store.ctx, order.paymentId)).status).toBe('paid');

    const r1 = await payments.refund(store.ctx, { paymentId: order.paymentId, amount: 1000, idempotencyKey: 'r1' });
    expect(r1.refundRef).toMatch(/^re_test_/);
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 1000,
      orderPaymentStatus: 'partially_refunded',
    });
    await expect(
      payments.refund(store.ctx, { paymentId: order.paymentId, amount: 2001, idempotencyKey: 'r2' }),
    ).rejects.toMatchObject({ code: 'refund_exceeds_captured', status: 422, extensions: { refundable: 2000 } });
    await payments.refund(store.ctx, { paymentId: order.paymentId, amount: 2000, idempotencyKey: 'r3' });
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 3000,
      orderPaymentStatus: 'refunded',
    });
    await expect(payments.voidPayment(store.ctx, order.paymentId)).rejects.toMatchObject({
      code: 'payment_already_captured',
    });

    const timeline = await storeRows<{ type: string }>(
      t.runtime,
      store.tenant.id,
      sql`select type from order_events where tenant_id = ${store.tenant.id}::uuid and order_id = ${order.orderId}::uuid order by created_at, id`,
    );
    expect(timeline.map((e) => e.type)).toEqual([
      'payment_authorized',
      'payment_captured',
      'payment_refunded',
      'payment_refunded',
    ]);
    const audit = await storeRows<{ action: string }>(
      t.runtime,
      store.tenant.id,
      sql`select action from audit_log where tenant_id = ${store.tenant.id}::uuid and entity_id = ${order.paymentId} order by created_at`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'payment.created',
      'payment.authorized',
      'payment.captured',
      'payment.refunded',
      'payment.refunded',
    ]);
    expect(await payments.retrieve(store.ctx, order.paymentId)).toMatchObject({
      state: 'refunded',
      amountRefunded: 3000,
    });
  });

  it('declines and voids', async () => {
    const store = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;
    const declined = await orderWithPayment(t.runtime, store);
    const outcome = await payments.authorize(store.ctx, {
      paymentId: declined.paymentId,
      orderId: declined.orderId,
      orderNumber: declined.number,
      amount: 5000,
      currency: 'USD',
      method: 'card',
      token: 'tok_insufficientFunds',
      returnUrl: RETURN_URL,
    });
    expect(outcome).toMatchObject({ status: 'declined', code: 'insufficient_funds' });
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, declined.paymentId, outcome));
    expect(await paymentState(t.runtime, store.tenant.id, declined.paymentId)).toMatchObject({
      status: 'failed',
      failureCode: 'insufficient_funds',
      orderPaymentStatus: 'failed',
    });
    // Voiding a failed payment changes nothing.
    expect((await payments.voidPayment(store.ctx, declined.paymentId)).status).toBe('failed');

    const voided = await orderWithPayment(t.runtime, store);
    const ok = await payments.authorize(store.ctx, {
      paymentId: voided.paymentId,
      orderId: voided.orderId,
      orderNumber: voided.number,
      amount: 5000,
      currency: 'USD',
      method: 'card',
      token: 'tok_visa',
      returnUrl: RETURN_URL,
    });
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, voided.paymentId, ok));
    // Inside a transaction (the checkout's compensation runs in a job's).
    await t.runtime.services.uow(store.ctx, (ctx) => payments.voidPayment(ctx, voided.paymentId));
    expect(await paymentState(t.runtime, store.tenant.id, voided.paymentId)).toMatchObject({
      status: 'voided',
      orderPaymentStatus: 'voided',
    });
    expect(await payments.retrieve(store.ctx, voided.paymentId)).toMatchObject({ state: 'voided' });
    // The recovery job's question about a payment whose answer was never recorded.
    const lost = await orderWithPayment(t.runtime, store);
    expect(await payments.retrieve(store.ctx, lost.paymentId)).toMatchObject({ state: 'not_found' });
    // authorize must not hold a transaction open.
    await expect(
      t.runtime.services.uow(store.ctx, (ctx) =>
        payments.authorize(ctx, {
          paymentId: lost.paymentId,
          orderId: lost.orderId,
          orderNumber: lost.number,
          amount: 5000,
          currency: 'USD',
          method: 'card',
          token: 'tok_visa',
          returnUrl: RETURN_URL,
        }),
      ),
    ).rejects.toThrow('outside a transaction');
  });

  it('cash on delivery: deferred, then paid when the cash is collected', async () => {
    const store = await paymentStore(t.runtime, { methods: ['card', 'cod'] });
    const payments = t.runtime.services.payments;
    const order = await orderWithPayment(t.runtime, store, { method: 'cod', amount: 2500 });
    expect(order.provider).toBe('cod');
    const outcome = await payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount: 2500,
      currency: 'USD',
      method: 'cod',
      returnUrl: RETURN_URL,
    });
    expect(outcome).toEqual({ status: 'deferred', providerRef: `cod_${order.paymentId}` });
    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, order.paymentId, outcome));
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'pending',
      providerRef: `cod_${order.paymentId}`,
      orderPaymentStatus: 'pending',
    });
    expect(await payments.retrieve(store.ctx, order.paymentId)).toMatchObject({ state: 'authorized' });
    const paid = await t.runtime.services.uow(store.ctx, (ctx) => payments.markCodPaid(ctx, order.orderId));
    expect(paid).toMatchObject({ status: 'paid', capturedAmount: 2500 });
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      orderPaymentStatus: 'paid',
    });
    // Collected once.
    const again = await t.runtime.services.uow(store.ctx, (ctx) => payments.markCodPaid(ctx, order.orderId));
    expect(again?.status).toBe('paid');
    const { refundRef } = await payments.refund(store.ctx, {
      paymentId: order.paymentId,
      amount: 500,
      idempotencyKey: 'c1',
    });
    expect(refundRef).toMatch(/^re_cod_/);
  });

  it('payment methods: enabled in the store, UPI and net banking in rupees only', async () => {
    const usd = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;
    const check = (store: typeof usd, method: 'card' | 'upi' | 'netbanking' | 'cod', currency: string) =>
      t.runtime.services.uow(store.ctx, (ctx) => payments.assertMethodAvailable(ctx, method, currency));
    await expect(check(usd, 'card', 'USD')).resolves.toBeUndefined();
    await expect(check(usd, 'cod', 'USD')).rejects.toMatchObject({ status: 422, code: 'payment_method_unavailable' });
    await expect(check(usd, 'upi', 'USD')).rejects.toMatchObject({ status: 422, code: 'payment_method_unavailable' });
    const inr = await paymentStore(t.runtime, { currency: 'INR', methods: ['card', 'upi'] });
    await expect(check(inr, 'upi', 'INR')).resolves.toBeUndefined();
    await expect(check(inr, 'netbanking', 'INR')).rejects.toMatchObject({ code: 'payment_method_unavailable' });
    // A context without the store's profile (a job's) reads it.
    await expect(
      t.runtime.services.uow({ ...inr.ctx, tenant: null }, (ctx) => payments.assertMethodAvailable(ctx, 'upi', 'INR')),
    ).resolves.toBeUndefined();
    expect(payments.providerNameFor('card')).toBe('test');
    expect(payments.providerNameFor('upi')).toBe('test');
    expect(payments.providerNameFor('cod')).toBe('cod');
  });

  it('a failing provider: 503 with Retry-After, then the breaker opens', async () => {
    const store = await paymentStore(t.runtime);
    // Its own service, so the app's breaker stays closed for the other tests.
    const service = createPaymentService({
      uow: t.runtime.services.uow,
      events: t.runtime.events,
      pii: t.runtime.pii,
      config: { ...t.runtime.config, payments: { ...t.runtime.config.payments, timeoutMs: 200 } },
      gateway: { resetTimeoutMs: 20_000 },
    });
    try {
      const order = await orderWithPayment(t.runtime, store);
      const attempt = (token: string) =>
        service.authorize(store.ctx, {
          paymentId: order.paymentId,
          orderId: order.orderId,
          orderNumber: order.number,
          amount: 5000,
          currency: 'USD',
          method: 'card',
          token,
          returnUrl: RETURN_URL,
        });
      await expect(attempt('tok_timeout')).rejects.toMatchObject({ status: 503, code: 'dependency_unavailable' });
      for (let i = 0; i < 4; i++) await expect(attempt('tok_error')).rejects.toMatchObject({ status: 503 });
      expect(service.breakerOpen()).toBe(true);
      expect(service.breakerOpen('card')).toBe(true);
      expect(service.breakerOpen('cod')).toBe(false);
      const err = await attempt('tok_visa').catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503 });
      const retryAfter = Number((err as { headers: Record<string, string> }).headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(1);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(t.runtime.services.payments.breakerOpen()).toBe(false);
    } finally {
      service.shutdown();
    }
  });
});
