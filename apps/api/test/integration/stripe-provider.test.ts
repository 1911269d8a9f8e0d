/**
 * The Stripe provider, offline. Stripe's API cannot be reached from here, so the SDK is pointed
 * (`STRIPE_API_BASE`) at a small stand-in for Stripe's API written below: a node:http server on
 * 127.0.0.1 answering the PaymentIntent and Refund calls with Stripe-shaped JSON (and a 402
 * `card_error` for a declining payment method). Webhooks are signed with the SDK's own
 * `generateTestHeaderString` and go through the API like a real delivery.
 */
import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentEvents } from '../../src/modules/payments/index.js';
import { newId } from '../../src/platform/ids.js';
import { type TestApp, startApp } from '../helpers.js';
import { randomIp } from '../identity-helpers.js';
import { orderWithPayment, paymentState, paymentStore, storeRows } from '../payments-helpers.js';

const WEBHOOK_SECRET = 'whsec_standin_0123456789';
const RETURN_URL = 'https://shop.example.test/orders/return';

// ------------------------------------------------------------------ a stand-in for Stripe's API

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: string;
  capture_method: string;
  metadata: Record<string, string>;
  next_action: unknown;
  last_payment_error: unknown;
  latest_charge: string | null;
  created: number;
  livemode: false;
}

interface Recorded {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: URLSearchParams;
}

class StripeStandIn {
  readonly intents = new Map<string, Intent>();
  readonly refunded = new Map<string, number>();
  readonly requests: Recorded[] = [];
  readonly #replays = new Map<string, { status: number; body: unknown }>();
  /** Answer 500 to everything (an outage). */
  failing = false;
  server: Server = createServer((req, res) => {
    void this.#handle(req, res);
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.close();
    await once(this.server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://standin');
    const params = new URLSearchParams(req.method === 'GET' ? url.search : Buffer.concat(chunks).toString('utf8'));
    const key = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey: key, params });
    const send = (status: number, body: unknown) => {
      if (key) this.#replays.set(key, { status, body });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${newId()}` });
      res.end(JSON.stringify(body));
    };
    if (this.failing) return send(500, { error: { type: 'api_error', message: 'Stand-in outage.' } });
    const replay = key ? this.#replays.get(key) : undefined;
    if (replay) return send(replay.status, replay.body);
    const missing = (id: string) =>
      send(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'` },
      });
    const parts = url.pathname.split('/').filter(Boolean); // v1, payment_intents, id, action

    if (req.method === 'POST' && url.pathname === '/v1/payment_intents') return this.#create(params, send);
    if (req.method === 'GET' && url.pathname === '/v1/payment_intents/search') {
      const m = /metadata\['paymentId'\]:'([^']+)'/.exec(params.get('query') ?? '');
      const data = [...this.intents.values()]
        .filter((i) => i.metadata.paymentId === m?.[1])
        .map((i) => this.#view(i, true));
      return send(200, {
        object: 'search_result',
        data,
        has_more: false,
        next_page: null,
        url: '/v1/payment_intents/search',
      });
    }
    if (parts[1] === 'payment_intents' && parts[2]) {
      const pi = this.intents.get(parts[2]);
      if (!pi) return missing(parts[2]);
      if (req.method === 'GET' && parts.length === 3)
        return send(
          200,
          this.#view(
            pi,
            [...params].some(([k, v]) => k.startsWith('expand') && v === 'latest_charge'),
          ),
        );
      if (req.method === 'POST' && parts[3] === 'capture') {
        if (pi.status !== 'requires_capture') {
          return send(400, {
            error: {
              type: 'invalid_request_error',
              code: 'payment_intent_unexpected_state',
              message: 'Cannot capture.',
            },
          });
        }
        const amount = Number(params.get('amount_to_capture') ?? pi.amount_capturable);
        Object.assign(pi, {
          status: 'succeeded',
          amount_received: amount,
          amount_capturable: 0,
          latest_charge: `ch_${pi.id}`,
        });
        return send(200, this.#view(pi, false));
      }
      if (req.method === 'POST' && parts[3] === 'cancel') {
        Object.assign(pi, { status: 'canceled', amount_capturable: 0 });
        return send(200, this.#view(pi, false));
      }
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const pi = this.intents.get(params.get('payment_intent') ?? '');
      if (!pi) return missing(params.get('payment_intent') ?? '');
      const amount = Number(params.get('amount') ?? pi.amount_received);
      this.refunded.set(pi.id, (this.refunded.get(pi.id) ?? 0) + amount);
      return send(200, { id: `re_${newId()}`, object: 'refund', amount, payment_intent: pi.id, status: 'succeeded' });
    }
    return send(404, { error: { type: 'invalid_request_error', message: 'Unrecognized request URL.' } });
  }

  #view(pi: Intent, expandCharge: boolean) {
    return {
      ...pi,
      latest_charge:
        expandCharge && pi.latest_charge
          ? { id: pi.latest_charge, object: 'charge', amount_refunded: this.refunded.get(pi.id) ?? 0 }
          : pi.latest_charge,
    };
  }

  #create(params: URLSearchParams, send: (status: number, body: unknown) => void) {
    const id = `pi_${newId().replace(/-/g, '')}`;
    const amount = Number(params.get('amount'));
    const metadata: Record<string, string> = {};
    for (const [k, v] of params) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m?.[1]) metadata[m[1]] = v;
    }
    const pi: Intent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency: params.get('currency') ?? 'usd',
      status: 'requires_payment_method',
      capture_method: params.get('capture_method') ?? 'automatic',
      metadata,
      next_action: null,
      last_payment_error: null,
      latest_charge: null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    switch (params.get('payment_method')) {
      case 'pm_card_visa':
        Object.assign(pi, { status: 'requires_capture', amount_capturable: amount });
        break;
      case 'pm_card_threeDSecure2Required':
        Object.assign(pi, {
          status: 'requires_action',
          next_action: {
            type: 'redirect_to_url',
            redirect_to_url: { url: `https://hooks.stripe.test/3d_secure/${id}`, return_url: params.get('return_url') },
          },
        });
        break;
      case 'pm_card_chargeDeclined': {
        const error = {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        };
        Object.assign(pi, { last_payment_error: error });
        this.intents.set(id, pi);
        return send(402, { error: { ...error, payment_intent: pi } });
      }
      default:
        return send(400, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'payment_method',
            message: 'No such PaymentMethod.',
          },
        });
    }
    this.intents.set(id, pi);
    return send(200, pi);
  }
}

// ------------------------------------------------------------------------------------- tests

describe('Stripe provider (against a local stand-in for Stripe)', () => {
  const standIn = new StripeStandIn();
  let t: TestApp;

  beforeAll(async () => {
    const base = await standIn.start();
    t = await startApp({
      STRIPE_SECRET_KEY: 'sk_test_standin',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: base,
      PAYMENT_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await standIn.stop();
  });

  const authorizeWith = async (store: Awaited<ReturnType<typeof paymentStore>>, token: string, amount = 5000) => {
    const order = await orderWithPayment(t.runtime, store, { amount });
    expect(order.provider).toBe('stripe');
    const outcome = await t.runtime.services.payments.authorize(store.ctx, {
      paymentId: order.paymentId,
      orderId: order.orderId,
      orderNumber: order.number,
      amount,
      currency: 'USD',
      method: 'card',
      token,
      returnUrl: RETURN_URL,
    });
    return { order, outcome };
  };

  it('authorizes with a manual-capture PaymentIntent, idempotent by payment, then captures, refunds and retrieves', async () => {
    const store = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;
    const { order, outcome } = await authorizeWith(store, 'pm_card_visa');
    expect(outcome).toMatchObject({ status: 'authorized', amount: 5000 });
    if (outcome.status !== 'authorized') throw new Error('expected an authorization');
    expect(outcome.providerRef).toMatch(/^pi_/);

    const create = standIn.requests.find(
      (r) => r.path === '/v1/payment_intents' && r.params.get('metadata[paymentId]') === order.paymentId,
    );
    expect(create?.idempotencyKey).toBe(`authorize:${order.paymentId}`);
    expect(Object.fromEntries(create?.params ?? [])).toMatchObject({
      amount: '5000',
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      capture_method: 'manual',
      return_url: RETURN_URL,
      'metadata[orderId]': order.orderId,
      'metadata[tenant]': store.tenant.slug,
    });

    await t.runtime.services.uow(store.ctx, (ctx) => payments.recordOutcome(ctx, order.paymentId, outcome));
    expect(await payments.retrieve(store.ctx, order.paymentId)).toMatchObject({ state: 'authorized', amount: 5000 });
    expect(await payments.capture(store.ctx, order.paymentId)).toMatchObject({ status: 'paid', capturedAmount: 5000 });
    expect(standIn.intents.get(outcome.providerRef)?.status).toBe('succeeded');

    const { refundRef } = await payments.refund(store.ctx, {
      paymentId: order.paymentId,
      amount: 1500,
      idempotencyKey: 'refund-1',
    });
    expect(refundRef).toMatch(/^re_/);
    const refundCall = standIn.requests.find((r) => r.path === '/v1/refunds' && r.idempotencyKey === 'refund-1');
    expect(refundCall?.params.get('payment_intent')).toBe(outcome.providerRef);
    expect(refundCall?.params.get('amount')).toBe('1500');
    expect(await payments.retrieve(store.ctx, order.paymentId)).toMatchObject({
      state: 'captured',
      amountCaptured: 5000,
      amountRefunded: 1500,
    });
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 1500,
      orderPaymentStatus: 'partially_refunded',
    });
  });

  it('maps declines, 3-D Secure, unknown payment methods, voids and outages', async () => {
    const store = await paymentStore(t.runtime);
    const payments = t.runtime.services.payments;

    const declined = await authorizeWith(store, 'pm_card_chargeDeclined');
    expect(declined.outcome).toMatchObject({
      status: 'declined',
      code: 'generic_decline',
      message: 'Your card was declined.',
    });
    expect(declined.outcome.providerRef).toMatch(/^pi_/);

    const threeDs = await authorizeWith(store, 'pm_card_threeDSecure2Required');
    expect(threeDs.outcome).toMatchObject({
      status: 'requires_action',
      nextAction: {
        type: 'redirect_to_url',
        url: expect.stringMatching(/^https:\/\/hooks\.stripe\.test\/3d_secure\//) as unknown,
      },
    });
    await t.runtime.services.uow(store.ctx, (ctx) =>
      payments.recordOutcome(ctx, threeDs.order.paymentId, threeDs.outcome),
    );
    // Abandoned: the checkout's compensation voids it at Stripe.
    expect(await payments.voidPayment(store.ctx, threeDs.order.paymentId)).toMatchObject({ status: 'voided' });
    expect(standIn.intents.get(threeDs.outcome.providerRef ?? '')?.status).toBe('canceled');
    expect(await payments.retrieve(store.ctx, threeDs.order.paymentId)).toMatchObject({ state: 'voided' });

    const unknown = await authorizeWith(store, 'pm_does_not_exist');
    expect(unknown.outcome).toMatchObject({ status: 'declined', code: 'resource_missing' });

    // A payment Bazaar never learnt the reference of is found by its metadata.
    const visa = await authorizeWith(store, 'pm_card_visa');
    expect(await payments.retrieve(store.ctx, visa.order.paymentId)).toMatchObject({
      state: 'authorized',
      amount: 5000,
    });

    standIn.failing = true;
    try {
      const err = await authorizeWith(store, 'pm_card_visa').catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503, code: 'dependency_unavailable' });
    } finally {
      standIn.failing = false;
    }
    expect(payments.breakerOpen('card')).toBe(false);
  });

  const stripeEvent = (type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)) => ({
    id: `evt_${newId().replace(/-/g, '')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });

  const deliver = (tenant: string, payload: string, header: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/stripe/${tenant}`,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      payload,
    });

  it('verifies webhooks: valid applied once, forged and stale refused', async () => {
    const store = await paymentStore(t.runtime);
    const { order, outcome } = await authorizeWith(store, 'pm_card_threeDSecure2Required', 7000);
    await t.runtime.services.uow(store.ctx, (ctx) =>
      t.runtime.services.payments.recordOutcome(ctx, order.paymentId, outcome),
    );
    const piId = outcome.providerRef ?? '';
    const event = stripeEvent('payment_intent.amount_capturable_updated', {
      id: piId,
      object: 'payment_intent',
      amount: 7000,
      amount_capturable: 7000,
      amount_received: 0,
      status: 'requires_capture',
      metadata: { paymentId: order.paymentId, orderId: order.orderId, tenant: store.tenant.slug },
    });
    const payload = JSON.stringify(event);

    const forged = await deliver(
      store.tenant.slug,
      payload,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }),
    );
    expect(forged.statusCode).toBe(400);
    expect(forged.json<{ code: string }>().code).toBe('webhook_signature_invalid');
    const stale = await deliver(
      store.tenant.slug,
      payload,
      Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: WEBHOOK_SECRET,
        timestamp: Math.floor(Date.now() / 1000) - 301,
      }),
    );
    expect(stale.statusCode).toBe(400);
    expect((await paymentState(t.runtime, store.tenant.id, order.paymentId)).status).toBe('requires_action');

    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const ok = await deliver(store.tenant.slug, payload, header);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ received: true, duplicate: false });
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'authorized',
      authorizedAmount: 7000,
      orderPaymentStatus: 'authorized',
    });
    expect((await deliver(store.tenant.slug, payload, header)).json()).toEqual({ received: true, duplicate: true });

    // Later events find the payment by its PaymentIntent id too (a charge carries no metadata here).
    const succeeded = stripeEvent('payment_intent.succeeded', {
      id: piId,
      object: 'payment_intent',
      amount: 7000,
      amount_capturable: 0,
      amount_received: 7000,
      status: 'succeeded',
      metadata: {},
    });
    const s = JSON.stringify(succeeded);
    expect(
      (
        await deliver(
          store.tenant.slug,
          s,
          Stripe.webhooks.generateTestHeaderString({ payload: s, secret: WEBHOOK_SECRET }),
        )
      ).statusCode,
    ).toBe(200);
    const refunded = stripeEvent('charge.refunded', {
      id: `ch_${piId}`,
      object: 'charge',
      amount: 7000,
      amount_refunded: 7000,
      payment_intent: piId,
      metadata: {},
    });
    const r = JSON.stringify(refunded);
    expect(
      (
        await deliver(
          store.tenant.slug,
          r,
          Stripe.webhooks.generateTestHeaderString({ payload: r, secret: WEBHOOK_SECRET }),
        )
      ).statusCode,
    ).toBe(200);
    expect(await paymentState(t.runtime, store.tenant.id, order.paymentId)).toMatchObject({
      status: 'refunded',
      capturedAmount: 7000,
      refundedAmount: 7000,
      orderPaymentStatus: 'refunded',
    });
    const published = await storeRows<{ type: string }>(
      t.runtime,
      store.tenant.id,
      sql`select type from outbox where tenant_id = ${store.tenant.id}::uuid and aggregate_id = ${order.paymentId} order by seq`,
    );
    expect(published.map((p) => p.type)).toEqual([
      PaymentEvents.authorized,
      PaymentEvents.captured,
      PaymentEvents.refunded,
    ]);

    // An event type Bazaar does not act on is recorded and acknowledged.
    const other = stripeEvent('customer.created', { id: 'cus_1', object: 'customer', metadata: {} });
    const o = JSON.stringify(other);
    expect(
      (
        await deliver(
          store.tenant.slug,
          o,
          Stripe.webhooks.generateTestHeaderString({ payload: o, secret: WEBHOOK_SECRET }),
        )
      ).statusCode,
    ).toBe(200);
  });
});
