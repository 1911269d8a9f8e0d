/**
 * `POST /api/v1/checkout` end to end, on the embedded database and on PostgreSQL: every payment
 * method's path, declines and shortfalls with their compensations, the guards that run before any
 * stock is touched, idempotency, crash recovery, reservation expiry, late payments, and the money
 * invariants of every order placed (a property test). Concurrency under real row locks is in
 * `test/postgres/checkout-concurrency.test.ts`.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/platform/context.js';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, useApp } from '../helpers.js';
import { createProduct, createVendor } from '../catalog-factories.js';
import { createUser, drainUntil, login, messagesTo } from '../identity-helpers.js';
import {
  IN_ADDRESS,
  cartStatus,
  checkoutBody,
  checkoutStore,
  createCoupon,
  guestCarts,
  inStore,
  orderById,
  ordersIn,
  postCheckout,
  reservationsIn,
  stockOf,
} from '../checkout-helpers.js';

const t = useApp();

interface Money {
  amount: number;
  currency: string;
}
interface OrderBody {
  id: string;
  number: string;
  status: string;
  paymentStatus: string;
  email?: string;
  cancelReason: string | null;
  totals: Record<'subtotal' | 'discount' | 'shipping' | 'tax' | 'total', Money>;
  couponCodes: string[];
  subOrders: Array<{
    number: string;
    vendor: { id: string };
    totals: Record<'subtotal' | 'discount' | 'shipping' | 'tax' | 'total', Money>;
    lines: Array<{ variantId: string; quantity: number; total: Money; discount: Money; tax: Money }>;
  }>;
}
interface CheckoutBodyOut {
  order: OrderBody;
  payment: { id: string; status: string; method: string; amount: Money; nextAction?: { url: string; upiUri?: string } };
  orderToken?: string;
  streamToken: string;
}

const outboxTypes = async (runtime: Runtime, orderId: string): Promise<string[]> =>
  rowsOf<{ type: string }>(
    await runtime.database.db.execute(sql`select type from outbox where aggregate_id = ${orderId} order by seq`),
  ).map((r) => r.type);

/** Answers a test provider's action page as the shopper would (a form post). */
function answerAction(app: FastifyInstance, url: string, decision: 'approve' | 'decline') {
  const u = new URL(url);
  return app.inject({
    method: 'POST',
    url: `${u.pathname}${u.search}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `decision=${decision}`,
  });
}

async function untilStatus(runtime: Runtime, tenantId: string, orderId: string, status: string): Promise<void> {
  await drainUntil(runtime, async () => (await orderById(runtime, tenantId, orderId))?.status === status);
}

describe('paying by card', () => {
  it('tok_visa: 201, confirmed and paid, stock deducted, cart converted, events, audit and message', async () => {
    const s = await checkoutStore(t.runtime, { stock: 10, price: 2500 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { email: 'Ada@Example.test' }), {
      cartToken: cart!.token,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<CheckoutBodyOut>();
    expect(res.headers.location).toBe(`/api/v1/orders/${body.order.id}`);
    expect(body.order).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
      email: 'ada@example.test',
      totals: { subtotal: { amount: 5000 }, shipping: { amount: 500 }, total: { amount: 5500, currency: 'USD' } },
    });
    expect(body.order.number).toMatch(new RegExp(`^${s.tenant.slug.toUpperCase()}-\\d{6}$`));
    expect(body.order.subOrders[0]?.number).toBe(`${body.order.number}-1`);
    expect(body.payment).toMatchObject({ status: 'paid', method: 'card', amount: { amount: 5500, currency: 'USD' } });
    expect(body.orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.streamToken.length).toBeGreaterThan(20);

    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 8, reserved: 0 });
    expect(await cartStatus(t.runtime, s.tenant.id, cart!.id)).toBe('converted');
    expect((await reservationsIn(t.runtime, s.tenant.id, body.order.id)).map((r) => r.status)).toEqual(['converted']);
    const types = await outboxTypes(t.runtime, body.order.id);
    expect(types).toContain('order.placed.v1');
    expect(types).toContain('order.confirmed.v1');
    const [row] = await ordersIn(t.runtime, s.tenant.id);
    expect(row).toMatchObject({ checkout_state: 'completed', status: 'confirmed' });
    const audit = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{ action: string }>(
        await tx.execute(sql`select action from audit_log where entity_id = ${body.order.id} order by created_at`),
      ),
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['order.created', 'order.confirmed']));
    // Personal data only sealed.
    const raw = JSON.stringify(await ordersIn(t.runtime, s.tenant.id));
    expect(raw.toLowerCase()).not.toContain('ada@example.test');
    expect(raw).not.toContain('1 Main Street');
    await drainUntil(t.runtime, async () =>
      (await messagesTo(t.runtime, s.tenant.id, 'ada@example.test')).some((m) => m.template === 'order_confirmed'),
    );
    const confirmations = (await messagesTo(t.runtime, s.tenant.id, 'ada@example.test')).filter(
      (m) => m.template === 'order_confirmed',
    );
    expect(confirmations).toHaveLength(1);
  });

  it('a signed-in customer checks out their own cart: the account email, no order token, numbers in sequence', async () => {
    const s = await checkoutStore(t.runtime);
    const user = await createUser(t.runtime, s.tenant.id, { roles: ['customer'] });
    const { accessToken } = await login(t.app, user, { tenant: s.tenant.slug });
    const [first] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 1, {
      userId: user.id,
    });
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(first!.id, { email: undefined }), {
      token: accessToken,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<CheckoutBodyOut>();
    expect(body.order.email).toBe(user.email);
    expect(body.orderToken).toBeUndefined();
    // Someone else's cart is not found.
    const [other] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const denied = await postCheckout(t.app, s.tenant.slug, checkoutBody(other!.id), { token: accessToken });
    expect(denied.statusCode).toBe(404);
    // The next order of the store takes the next number.
    const [second] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const next = await postCheckout(t.app, s.tenant.slug, checkoutBody(second!.id), { cartToken: second!.token });
    expect(next.statusCode).toBe(201);
    const n = (x: string) => Number(x.split('-').pop());
    expect(n(next.json<CheckoutBodyOut>().order.number)).toBe(n(body.order.number) + 1);
  });

  it('chosen shipping options apply; an option the cart is not offered is 422', async () => {
    const s = await checkoutStore(t.runtime);
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 1);
    const bad = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { shippingOptionIds: [newId()] }), {
      cartToken: cart!.token,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'shipping_option_unavailable' });
    const ok = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { shippingOptionIds: [s.rateId] }), {
      cartToken: cart!.token,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<CheckoutBodyOut>().order.totals.shipping.amount).toBe(500);
  });

  it('tok_chargeDeclined: 402 with the order id; the order cancelled, nothing held, the coupon use back, the cart kept', async () => {
    const s = await checkoutStore(t.runtime, { stock: 5 });
    const couponId = await createCoupon(t.runtime, s.tenant.id, { code: 'TENOFF', value: 1000, usageLimit: 10 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }], 1, {
      couponCodes: ['TENOFF'],
    });
    const res = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody(cart!.id, { paymentToken: 'tok_chargeDeclined' }),
      { cartToken: cart!.token },
    );
    expect(res.statusCode, res.body).toBe(402);
    const problem = res.json<{ code: string; orderId: string; declineCode: string }>();
    expect(problem).toMatchObject({ code: 'payment_declined', declineCode: 'card_declined' });
    const order = await orderById(t.runtime, s.tenant.id, problem.orderId);
    expect(order).toMatchObject({ status: 'cancelled', payment_status: 'failed', checkout_state: 'compensated' });
    expect(order?.cancel_reason).toMatch(/declined/);
    expect(order?.discount_total).toBe(500);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 5, reserved: 0 });
    expect((await reservationsIn(t.runtime, s.tenant.id)).every((r) => r.status === 'released')).toBe(true);
    expect(await cartStatus(t.runtime, s.tenant.id, cart!.id)).toBe('active');
    const [coupon] = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{ used_count: number }>(await tx.execute(sql`select used_count from coupons where id = ${couponId}`)),
    );
    expect(coupon?.used_count).toBe(0);
    // The shopper tries again with another card and the same cart.
    const retry = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json<CheckoutBodyOut>().order.couponCodes).toEqual(['TENOFF']);
  });
});

describe('cash on delivery, 3-D Secure, UPI', () => {
  it('cod: confirmed at once, payment pending, stock deducted', async () => {
    const s = await checkoutStore(t.runtime, { methods: ['card', 'cod'], stock: 3 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 3 }]);
    const res = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody(cart!.id, { paymentMethod: 'cod', paymentToken: undefined }),
      { cartToken: cart!.token },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<CheckoutBodyOut>()).toMatchObject({
      order: { status: 'confirmed', paymentStatus: 'pending' },
      payment: { method: 'cod', status: 'pending' },
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('tok_3ds: requires action with the stock held; approving on the action page confirms it', async () => {
    const s = await checkoutStore(t.runtime, { stock: 4 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<CheckoutBodyOut>();
    expect(body.order).toMatchObject({ status: 'pending', paymentStatus: 'pending' });
    expect(body.payment.status).toBe('requires_action');
    expect(body.payment.nextAction?.url).toContain('/api/v1/payments/test/actions/');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 4, reserved: 1 });
    expect(await cartStatus(t.runtime, s.tenant.id, cart!.id)).toBe('active');
    expect((await orderById(t.runtime, s.tenant.id, body.order.id))?.checkout_state).toBe('awaiting_action');

    const answered = await answerAction(t.app, body.payment.nextAction!.url, 'approve');
    expect(answered.statusCode, answered.body).toBe(303);
    await untilStatus(t.runtime, s.tenant.id, body.order.id, 'confirmed');
    expect(await orderById(t.runtime, s.tenant.id, body.order.id)).toMatchObject({
      payment_status: 'paid',
      checkout_state: 'completed',
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect(await cartStatus(t.runtime, s.tenant.id, cart!.id)).toBe('converted');
  });

  it('upi in an INR store: a UPI intent; approved → confirmed; declined → cancelled and the stock back', async () => {
    const s = await checkoutStore(t.runtime, { currency: 'INR', methods: ['card', 'upi', 'netbanking'], stock: 5 });
    const carts = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }], 2, {
      currency: 'INR',
    });
    const bodyFor = (cartId: string) =>
      checkoutBody(cartId, { paymentMethod: 'upi', paymentToken: undefined, shippingAddress: IN_ADDRESS });
    const first = await postCheckout(t.app, s.tenant.slug, bodyFor(carts[0]!.id), { cartToken: carts[0]!.token });
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json<CheckoutBodyOut>();
    expect(a.payment).toMatchObject({ method: 'upi', status: 'requires_action' });
    expect(a.payment.nextAction?.upiUri).toMatch(/^upi:\/\/pay\?/);
    expect(a.order.totals.total.currency).toBe('INR');
    expect((await answerAction(t.app, a.payment.nextAction!.url, 'approve')).statusCode).toBe(303);
    await untilStatus(t.runtime, s.tenant.id, a.order.id, 'confirmed');

    const second = await postCheckout(t.app, s.tenant.slug, bodyFor(carts[1]!.id), { cartToken: carts[1]!.token });
    const b = second.json<CheckoutBodyOut>();
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 3, reserved: 2 });
    expect((await answerAction(t.app, b.payment.nextAction!.url, 'decline')).statusCode).toBe(303);
    await untilStatus(t.runtime, s.tenant.id, b.order.id, 'cancelled');
    expect(await orderById(t.runtime, s.tenant.id, b.order.id)).toMatchObject({
      payment_status: 'failed',
      checkout_state: 'compensated',
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 3, reserved: 0 });
  });
});

describe('refused before anything is held', () => {
  it('a shortfall is 409 insufficient_inventory naming the variants, and writes nothing', async () => {
    const s = await checkoutStore(t.runtime, { stock: 3 });
    const vendor = await createVendor(t.runtime, s.tenant.id);
    const more = await createProduct(t.runtime, s.tenant.id, {
      vendorId: vendor.id,
      variants: [
        { price: 1000, onHand: 50 },
        { price: 1200, onHand: 1 },
      ],
    });
    const [plenty, scarce] = more.variantIds as [string, string];
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [
      { variantId: s.variantId, quantity: 4 },
      { variantId: plenty, quantity: 2 },
      { variantId: scarce, quantity: 2 },
    ]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token });
    expect(res.statusCode, res.body).toBe(409);
    const problem = res.json<{
      code: string;
      variants: Array<{ variantId: string; requested: number; available: number }>;
    }>();
    expect(problem.code).toBe('insufficient_inventory');
    expect(problem.variants).toEqual(
      expect.arrayContaining([
        { variantId: s.variantId, requested: 4, available: 3 },
        { variantId: scarce, requested: 2, available: 1 },
      ]),
    );
    expect(problem.variants.map((v) => v.variantId)).not.toContain(plenty);
    expect(await ordersIn(t.runtime, s.tenant.id)).toEqual([]);
    expect(await reservationsIn(t.runtime, s.tenant.id)).toEqual([]);
    for (const [id, onHand] of [
      [s.variantId, 3],
      [plenty, 50],
      [scarce, 1],
    ] as const) {
      expect(await stockOf(t.runtime, s.tenant.id, id)).toEqual({ onHand, reserved: 0 });
    }
    expect(await cartStatus(t.runtime, s.tenant.id, cart!.id)).toBe('active');
  });

  it('needs Idempotency-Key; refuses card numbers anywhere; guests need an email; methods the store does not take are 422', async () => {
    const s = await checkoutStore(t.runtime);
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const opts = { cartToken: cart!.token };
    const noKey = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { ...opts, key: null });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json()).toMatchObject({ code: 'idempotency_key_required' });

    const pan = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody(cart!.id, { paymentToken: '4242424242424242' }),
      opts,
    );
    expect(pan.statusCode).toBe(400);
    expect(pan.json()).toMatchObject({ code: 'card_number_rejected' });
    expect(pan.body).not.toContain('4242424242424242');
    const inAddress = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody(cart!.id, { shippingAddress: { ...IN_ADDRESS, line2: 'card 4000 0566 5566 5556' } }),
      opts,
    );
    expect(inAddress.json()).toMatchObject({ code: 'card_number_rejected' });

    // An id whose digit groups pass the Luhn check is still an id, not a card number.
    const idLikeCard = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody('01a229f7-6586-7574-b929-931532336124'),
      opts,
    );
    expect(idLikeCard.statusCode).toBe(404);

    const noEmail = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { email: undefined }), opts);
    expect(noEmail.statusCode).toBe(400);
    const cod = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentMethod: 'cod' }), opts);
    expect(cod.statusCode).toBe(422);
    expect(cod.json()).toMatchObject({ code: 'payment_method_unavailable' });
    const upi = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentMethod: 'upi' }), opts);
    expect(upi.statusCode).toBe(422);
    const malformed = await postCheckout(t.app, s.tenant.slug, { cartId: 'nope' }, opts);
    expect(malformed.statusCode).toBe(400);
    expect(await ordersIn(t.runtime, s.tenant.id)).toEqual([]);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('the same key and body answer the same order; another body with that key is 422', async () => {
    const s = await checkoutStore(t.runtime);
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const key = newId();
    const first = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token, key });
    const again = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token, key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<CheckoutBodyOut>().order.id).toBe(first.json<CheckoutBodyOut>().order.id);
    const other = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { email: 'x@example.test' }), {
      cartToken: cart!.token,
      key,
    });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await ordersIn(t.runtime, s.tenant.id)).toHaveLength(1);
  });
});

/** The request context a route would build for a guest of `tenant`. */
function guestContext(runtime: Runtime, tenant: { id: string; slug: string; defaultCurrency: string }): RequestContext {
  void runtime;
  return {
    tenantId: tenant.id,
    tenant: { ...tenant, name: tenant.slug, status: 'active', defaultLocale: 'en' },
    actor: null,
    requestId: `test-${newId()}`,
    locale: 'en',
    ip: '127.0.0.1',
  };
}

class Crash extends Error {}

describe('crashes between steps', () => {
  it('after T1: the recovery pass asks the provider (not found) and compensates; a retry of the request places anew', async () => {
    const s = await checkoutStore(t.runtime, { stock: 5 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }]);
    const crashing = t.runtime.services.checkout.withFaults({
      afterReserve: () => {
        throw new Crash('crash after T1');
      },
    });
    const req = { body: checkoutBody(cart!.id) as never, cartToken: cart!.token, idempotencyKey: 'crash-1' };
    await expect(crashing.checkout(guestContext(t.runtime, s.tenant), req)).rejects.toBeInstanceOf(Crash);
    const [order] = await ordersIn(t.runtime, s.tenant.id);
    expect(order).toMatchObject({ status: 'pending', checkout_state: 'reserved' });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 5, reserved: 2 });
    // Too recent for the pass by default; settled when older than the threshold.
    expect(await t.runtime.services.checkout.runRecoveryPass({ tenantIds: [s.tenant.id] })).toBe(0);
    expect(await t.runtime.services.checkout.runRecoveryPass({ olderThanMs: 0, tenantIds: [s.tenant.id] })).toBe(1);
    expect(await orderById(t.runtime, s.tenant.id, order!.id)).toMatchObject({
      status: 'cancelled',
      checkout_state: 'compensated',
      payment_status: 'voided',
      checkout_key: null,
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 5, reserved: 0 });
    // The client retries the same request: the freed key places a new order.
    const retried = await t.runtime.services.checkout.checkout(guestContext(t.runtime, s.tenant), req);
    expect(retried.order).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('after the authorization was recorded: the recovery pass captures and confirms', async () => {
    const s = await checkoutStore(t.runtime, { stock: 5 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const crashing = t.runtime.services.checkout.withFaults({
      afterAuthorize: () => {
        throw new Crash('crash after authorize');
      },
    });
    const req = { body: checkoutBody(cart!.id) as never, cartToken: cart!.token, idempotencyKey: 'crash-2' };
    await expect(crashing.checkout(guestContext(t.runtime, s.tenant), req)).rejects.toBeInstanceOf(Crash);
    const [order] = await ordersIn(t.runtime, s.tenant.id);
    expect(order).toMatchObject({
      status: 'pending',
      checkout_state: 'payment_requested',
      payment_status: 'authorized',
    });
    expect(await t.runtime.services.checkout.runRecoveryPass({ olderThanMs: 0, tenantIds: [s.tenant.id] })).toBe(1);
    expect(await orderById(t.runtime, s.tenant.id, order!.id)).toMatchObject({
      status: 'confirmed',
      payment_status: 'paid',
      checkout_state: 'completed',
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 4, reserved: 0 });
    // A retry of the request now answers the confirmed order.
    const retried = await t.runtime.services.checkout.checkout(guestContext(t.runtime, s.tenant), req);
    expect(retried.order.id).toBe(order!.id);
    expect(retried.orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

/** Moves an order's reservations (and optionally its placing) into the past. */
async function age(runtime: Runtime, tenantId: string, orderId: string, opts: { placedMinutesAgo?: number } = {}) {
  await inStore(runtime, tenantId, async (tx) => {
    await tx.execute(
      sql`update stock_reservations set expires_at = now() - interval '1 second' where order_id = ${orderId} and status = 'held'`,
    );
    if (opts.placedMinutesAgo) {
      await tx.execute(
        sql`update orders set placed_at = now() - ${`${opts.placedMinutesAgo} minutes`}::interval where id = ${orderId}`,
      );
    }
  });
}

describe('reservation expiry and late payments', () => {
  it('an unpaid order past the action window: expiry releases the stock and cancels it, voiding the payment', async () => {
    const s = await checkoutStore(t.runtime, { stock: 2 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    const { order } = res.json<CheckoutBodyOut>();
    await age(t.runtime, s.tenant.id, order.id, { placedMinutesAgo: 120 });
    // Two passes at once never release the same units twice.
    const passes = await Promise.all([
      t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] }),
      t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] }),
    ]);
    expect(passes[0] + passes[1]).toBe(1);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 2, reserved: 0 });
    expect(await orderById(t.runtime, s.tenant.id, order.id)).toMatchObject({
      status: 'cancelled',
      payment_status: 'voided',
      checkout_state: 'compensated',
    });
    expect(await t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] })).toBe(0);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('an order crashed after T1 is cancelled by expiry', async () => {
    const s = await checkoutStore(t.runtime, { stock: 2 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const crashing = t.runtime.services.checkout.withFaults({
      afterReserve: () => {
        throw new Crash('crash');
      },
    });
    await expect(
      crashing.checkout(guestContext(t.runtime, s.tenant), {
        body: checkoutBody(cart!.id) as never,
        cartToken: cart!.token,
        idempotencyKey: 'crash-3',
      }),
    ).rejects.toBeInstanceOf(Crash);
    const [order] = await ordersIn(t.runtime, s.tenant.id);
    await age(t.runtime, s.tenant.id, order!.id);
    expect(await t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] })).toBe(1);
    expect((await orderById(t.runtime, s.tenant.id, order!.id))?.status).toBe('cancelled');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('a payment completed after expiry takes the stock again when it is there, and confirms', async () => {
    const s = await checkoutStore(t.runtime, { stock: 3 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    const body = res.json<CheckoutBodyOut>();
    await age(t.runtime, s.tenant.id, body.order.id);
    expect(await t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] })).toBe(1);
    // Still within the action window: released, but the order waits.
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect((await orderById(t.runtime, s.tenant.id, body.order.id))?.status).toBe('pending');
    expect((await answerAction(t.app, body.payment.nextAction!.url, 'approve')).statusCode).toBe(303);
    await untilStatus(t.runtime, s.tenant.id, body.order.id, 'confirmed');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('an order still waiting for its payment action is cancelled when the action window closes', async () => {
    const s = await checkoutStore(t.runtime, { stock: 2 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    const { order } = res.json<CheckoutBodyOut>();
    await age(t.runtime, s.tenant.id, order.id);
    expect(await t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] })).toBe(1);
    expect((await orderById(t.runtime, s.tenant.id, order.id))?.status).toBe('pending');
    // The window closes: the one-off job due then cancels the order and voids its payment.
    const due = rowsOf<{ id: string }>(
      await t.runtime.database.db.execute(
        sql`update jobs set run_at = now() where name = 'checkout.cancel-unpaid' and payload ->> 'orderId' = ${order.id} returning id`,
      ),
    );
    expect(due).toHaveLength(1);
    await untilStatus(t.runtime, s.tenant.id, order.id, 'cancelled');
    expect(await orderById(t.runtime, s.tenant.id, order.id)).toMatchObject({
      payment_status: 'voided',
      checkout_state: 'compensated',
    });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 2, reserved: 0 });
    await drainUntil(t.runtime, async () =>
      (await messagesTo(t.runtime, s.tenant.id, 'guest@example.test')).some((m) => m.template === 'order_cancelled'),
    );
  });

  it('a payment completed after expiry when the stock is gone: the money goes back and the order is cancelled with a reason', async () => {
    const s = await checkoutStore(t.runtime, { stock: 2 });
    const carts = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 2 }], 2);
    const slow = await postCheckout(t.app, s.tenant.slug, checkoutBody(carts[0]!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: carts[0]!.token,
      key: 'slow',
    });
    const body = slow.json<CheckoutBodyOut>();
    await age(t.runtime, s.tenant.id, body.order.id);
    await t.runtime.services.checkout.runExpiryPass({ tenantIds: [s.tenant.id] });
    const fast = await postCheckout(t.app, s.tenant.slug, checkoutBody(carts[1]!.id, { email: 'fast@example.test' }), {
      cartToken: carts[1]!.token,
    });
    expect(fast.statusCode, fast.body).toBe(201);
    expect((await answerAction(t.app, body.payment.nextAction!.url, 'approve')).statusCode).toBe(303);
    await untilStatus(t.runtime, s.tenant.id, body.order.id, 'cancelled');
    const order = await orderById(t.runtime, s.tenant.id, body.order.id);
    expect(order?.cancel_reason).toMatch(/sold out/);
    expect(order?.payment_status).toBe('voided');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 0, reserved: 0 });
    await drainUntil(t.runtime, async () =>
      (await messagesTo(t.runtime, s.tenant.id, 'guest@example.test')).some((m) => m.template === 'order_cancelled'),
    );
  });
});

describe('the provider unavailable', () => {
  it('a timeout is 503 with Retry-After and compensated; an open breaker is 503 before any stock is held', async () => {
    const own = await startApp({ PAYMENT_TIMEOUT_MS: '150' });
    try {
      const s = await checkoutStore(own.runtime, { stock: 20, methods: ['card', 'cod'] });
      const carts = await guestCarts(own.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 8);
      const key = newId();
      const slow = await postCheckout(
        own.app,
        s.tenant.slug,
        checkoutBody(carts[0]!.id, { paymentToken: 'tok_timeout' }),
        {
          cartToken: carts[0]!.token,
          key,
        },
      );
      expect(slow.statusCode).toBe(503);
      expect(slow.headers['retry-after']).toBeDefined();
      expect(slow.json()).toMatchObject({ code: 'dependency_unavailable' });
      const [timedOut] = await ordersIn(own.runtime, s.tenant.id);
      expect(timedOut).toMatchObject({ status: 'cancelled', checkout_key: null });
      expect(await stockOf(own.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 20, reserved: 0 });
      // Retried with the same key once the provider answers: a new order.
      const retried = await postCheckout(own.app, s.tenant.slug, checkoutBody(carts[0]!.id), {
        cartToken: carts[0]!.token,
        key,
      });
      expect(retried.statusCode, retried.body).toBe(201);

      // Provider errors open the breaker.
      for (let i = 1; i <= 5; i++) {
        const failed = await postCheckout(
          own.app,
          s.tenant.slug,
          checkoutBody(carts[i]!.id, { paymentToken: 'tok_error' }),
          {
            cartToken: carts[i]!.token,
          },
        );
        expect(failed.statusCode).toBe(503);
      }
      expect(own.runtime.services.payments.breakerOpen('card')).toBe(true);
      const before = (await reservationsIn(own.runtime, s.tenant.id)).length;
      const ordersBefore = (await ordersIn(own.runtime, s.tenant.id)).length;
      const refused = await postCheckout(own.app, s.tenant.slug, checkoutBody(carts[6]!.id), {
        cartToken: carts[6]!.token,
      });
      expect(refused.statusCode).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await reservationsIn(own.runtime, s.tenant.id)).length).toBe(before);
      expect((await ordersIn(own.runtime, s.tenant.id)).length).toBe(ordersBefore);
      expect(await stockOf(own.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 19, reserved: 0 });
      // Cash on delivery needs no provider: it still works.
      const cod = await postCheckout(
        own.app,
        s.tenant.slug,
        checkoutBody(carts[7]!.id, { paymentMethod: 'cod', paymentToken: undefined }),
        { cartToken: carts[7]!.token },
      );
      expect(cod.statusCode, cod.body).toBe(201);
    } finally {
      own.runtime.services.payments.shutdown();
      await own.close();
    }
  });
});

describe('money invariants', () => {
  it('every order placed: total = Σ sub-order totals = Σ line totals + shipping (+ tax when added) − 0', async () => {
    const s = await checkoutStore(t.runtime, { stock: 100_000, price: 1999 });
    const vendorB = await createVendor(t.runtime, s.tenant.id);
    const productB = await createProduct(t.runtime, s.tenant.id, {
      vendorId: vendorB.id,
      variants: [
        { price: 350, onHand: 100_000 },
        { price: 12_345, onHand: 100_000 },
      ],
    });
    await createCoupon(t.runtime, s.tenant.id, { code: 'PCT15', value: 1500 });
    await createCoupon(t.runtime, s.tenant.id, { code: 'FIVE', kind: 'fixed', value: 500 });
    await inStore(t.runtime, s.tenant.id, (tx) =>
      tx.execute(
        sql`insert into tax_rates (tenant_id, id, name, country, rate_bps) values (${s.tenant.id}, ${newId()}, 'US', 'US', 725)`,
      ),
    );
    const variants = [s.variantId, ...productB.variantIds];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...variants), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom<string[]>([], ['PCT15'], ['FIVE']),
        async (chosen, quantities, codes) => {
          const [cart] = await guestCarts(
            t.runtime,
            s.tenant.id,
            chosen.map((variantId, i) => ({ variantId, quantity: quantities[i] ?? 1 })),
            1,
            { couponCodes: codes },
          );
          const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token });
          expect(res.statusCode, res.body).toBe(201);
          const o = res.json<CheckoutBodyOut>().order;
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          const subs = o.subOrders;
          expect(sum(subs.map((x) => x.totals.total.amount))).toBe(o.totals.total.amount);
          const lines = subs.flatMap((x) => x.lines);
          // Line totals are after discount and with tax (tax is added in this store).
          expect(sum(lines.map((l) => l.total.amount)) + o.totals.shipping.amount + shippingTax(o)).toBe(
            o.totals.total.amount,
          );
          expect(o.totals.total.amount).toBe(
            o.totals.subtotal.amount - o.totals.discount.amount + o.totals.shipping.amount + o.totals.tax.amount,
          );
          for (const key of ['subtotal', 'discount', 'shipping', 'tax'] as const) {
            expect(sum(subs.map((x) => x.totals[key].amount))).toBe(o.totals[key].amount);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** Tax charged on shipping: the order's tax less its lines' tax. */
function shippingTax(o: OrderBody): number {
  const lineTax = o.subOrders.flatMap((x) => x.lines).reduce((a, l) => a + l.tax.amount, 0);
  return o.totals.tax.amount - lineTax;
}
