/**
 * A shopper's orders through the API, from real checkouts: history and one order (owner, guest
 * token, lookup by number and email, nobody else), the invoice, cancellation in each state with
 * its compensations (stock, payment, coupon uses, events, audit, message), the admin's reads and
 * transitions, and the statements a page costs whatever its size.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import { checkoutBody, createCoupon, guestCarts, inStore, postCheckout, stockOf } from '../checkout-helpers.js';
import { call } from '../http-helpers.js';
import { type TestApp, startApp, testDatabase, useApp } from '../helpers.js';
import { recording } from '../statement-recorder.js';
import { drainUntil, messagesTo } from '../identity-helpers.js';
import { type OrderBody, auditOf, orderStore, outboxOf, placeOrder, signedIn, vendorPerson } from '../order-helpers.js';

const t = useApp();

interface ListBody {
  data: OrderBody[];
  links: { next: string | null; prev: string | null };
}

describe('reading orders', () => {
  it('a customer lists and reads their own orders; others get 404', async () => {
    const s = await orderStore(t.runtime);
    const ada = await signedIn(t.app, t.runtime, s.tenant);
    const bob = await signedIn(t.app, t.runtime, s.tenant);
    const first = await placeOrder(t.app, t.runtime, s, { customer: ada });
    const second = await placeOrder(t.app, t.runtime, s, { customer: ada, quantities: [1, 0] });
    await placeOrder(t.app, t.runtime, s, { customer: bob });

    const list = await call(t.app, 'GET', '/api/v1/orders?limit=1', { tenant: s.tenant.slug, token: ada.token });
    expect(list.statusCode, list.body).toBe(200);
    const page1 = list.json<ListBody>();
    expect(page1.data.map((o) => o.id)).toEqual([second.order.id]);
    expect(page1.data[0]?.streamToken).toBeUndefined();
    const page2 = (
      await call(t.app, 'GET', page1.links.next!, { tenant: s.tenant.slug, token: ada.token })
    ).json<ListBody>();
    expect(page2.data.map((o) => o.id)).toEqual([first.order.id]);
    expect(page2.links.next).toBeNull();
    const back = (
      await call(t.app, 'GET', page2.links.prev!, { tenant: s.tenant.slug, token: ada.token })
    ).json<ListBody>();
    expect(back.data.map((o) => o.id)).toEqual([second.order.id]);

    const filtered = await call(t.app, 'GET', '/api/v1/orders?status=cancelled', {
      tenant: s.tenant.slug,
      token: ada.token,
    });
    expect(filtered.json<ListBody>().data).toEqual([]);

    const mine = await call(t.app, 'GET', `/api/v1/orders/${first.order.id}`, {
      tenant: s.tenant.slug,
      token: ada.token,
    });
    expect(mine.statusCode).toBe(200);
    const order = mine.json<OrderBody>();
    expect(order).toMatchObject({
      id: first.order.id,
      status: 'confirmed',
      paymentStatus: 'paid',
      email: ada.email,
      allowedActions: { cancel: true },
      shippingAddress: { name: 'Ada Shopper', city: 'Springfield', country: 'US', line2: null },
      payment: { method: 'card', status: 'paid', amount: { amount: order.totals.total.amount, currency: 'USD' } },
    });
    expect(order.subOrders).toHaveLength(2);
    expect(order.subOrders[0]?.vendor).toEqual({ id: s.vendor.id, slug: s.vendor.slug, name: s.vendor.name });
    expect(order.subOrders[0]?.commission).toBeUndefined();
    expect(order.streamToken).toEqual(expect.any(String));

    for (const [who, token] of [
      ['another customer', bob.token],
      ['a guest', undefined],
    ] as const) {
      const res = await call(t.app, 'GET', `/api/v1/orders/${first.order.id}`, { tenant: s.tenant.slug, token });
      expect(res.statusCode, who).toBe(404);
      expect(res.json()).toMatchObject({ code: 'order_not_found' });
    }
    expect((await call(t.app, 'GET', '/api/v1/orders', { tenant: s.tenant.slug })).statusCode).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/orders/not-a-uuid', { tenant: s.tenant.slug })).statusCode).toBe(400);
    expect(
      (await call(t.app, 'GET', '/api/v1/orders?limit=101', { tenant: s.tenant.slug, token: ada.token })).statusCode,
    ).toBe(400);
  });

  it('a guest reads with the order token, or finds the order by number and email', async () => {
    const s = await orderStore(t.runtime);
    const placed = await placeOrder(t.app, t.runtime, s, { email: 'Guest.Person@Example.test' });
    const other = await placeOrder(t.app, t.runtime, s);
    expect(placed.orderToken).toBeTruthy();
    const withToken = (token: string, id = placed.order.id) =>
      call(t.app, 'GET', `/api/v1/orders/${id}`, { tenant: s.tenant.slug, headers: { 'x-order-token': token } });

    expect((await withToken(placed.orderToken!)).statusCode).toBe(200);
    expect((await withToken(other.orderToken!)).statusCode).toBe(404);
    expect((await withToken('x'.repeat(43))).statusCode).toBe(404);

    const lookup = (number: string, email: string) =>
      call(t.app, 'POST', '/api/v1/orders/lookup', { tenant: s.tenant.slug, body: { number, email } });
    const found = await lookup(placed.order.number.toLowerCase(), 'guest.person@example.TEST');
    expect(found.statusCode, found.body).toBe(200);
    const body = found.json<{ order: OrderBody; orderToken: string }>();
    expect(body.order.id).toBe(placed.order.id);
    expect(body.order.email).toBe('guest.person@example.test');
    // The lookup's token works like the checkout's; the checkout's still works too.
    expect((await withToken(body.orderToken)).statusCode).toBe(200);
    expect((await withToken(body.orderToken, other.order.id)).statusCode).toBe(404);
    expect((await withToken(placed.orderToken!)).statusCode).toBe(200);

    for (const [number, email] of [
      [placed.order.number, 'someone@example.test'],
      [other.order.number, 'guest.person@example.test'],
      ['NOPE-000001', 'guest.person@example.test'],
    ] as const) {
      const miss = await lookup(number, email);
      expect(miss.statusCode).toBe(404);
      expect(miss.json()).toMatchObject({ code: 'order_not_found' });
    }
    expect((await lookup(placed.order.number, 'not-an-email')).statusCode).toBe(400);

    // The order's read-only stream token (and the lookup's order token) are no access tokens.
    for (const token of [placed.order.streamToken, body.orderToken]) {
      const me = await call(t.app, 'GET', '/api/v1/orders', { tenant: s.tenant.slug, token: token! });
      expect(me.statusCode).toBe(401);
    }
  });

  it('rate-limits the lookup to 10 a minute per address', async () => {
    const s = await orderStore(t.runtime);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders/lookup',
        remoteAddress: '10.250.250.7',
        headers: { 'x-tenant-id': s.tenant.slug },
        payload: { number: 'X-1', email: 'a@example.test' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('serves the invoice as a PDF to the owner, the token holder and the staff', async () => {
    const s = await orderStore(t.runtime);
    const placed = await placeOrder(t.app, t.runtime, s);
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const url = `/api/v1/orders/${placed.order.id}/invoice`;
    const asGuest = await call(t.app, 'GET', url, {
      tenant: s.tenant.slug,
      headers: { 'x-order-token': placed.orderToken! },
    });
    expect(asGuest.statusCode, asGuest.body.slice(0, 200)).toBe(200);
    expect(asGuest.headers['content-type']).toBe('application/pdf');
    expect(asGuest.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(asGuest.headers['content-disposition']).toContain(placed.order.number);
    const asOwner = await call(t.app, 'GET', url, { tenant: s.tenant.slug, token: owner.token });
    expect(asOwner.statusCode).toBe(200);
    const stranger = await signedIn(t.app, t.runtime, s.tenant);
    expect((await call(t.app, 'GET', url, { tenant: s.tenant.slug, token: stranger.token })).statusCode).toBe(404);
  });

  it('an INR order in German renders its invoice too', async () => {
    const s = await orderStore(t.runtime, { currency: 'INR', methods: ['card', 'cod'] });
    const placed = await placeOrder(t.app, t.runtime, s, { method: 'cod' });
    const res = await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}/invoice`, {
      tenant: s.tenant.slug,
      headers: { 'x-order-token': placed.orderToken!, 'accept-language': 'de-DE' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('cancelling', () => {
  it('a paid order: refunded in full, stock back, sub-orders cancelled, coupon use back, event, audit and message', async () => {
    const s = await orderStore(t.runtime, { stock: 10 });
    const couponId = await createCoupon(t.runtime, s.tenant.id, { code: 'SAVE10', value: 1000, usageLimit: 5 });
    const [cart] = await guestCarts(
      t.runtime,
      s.tenant.id,
      [
        { variantId: s.variantId, quantity: 2 },
        { variantId: s.variant2Id, quantity: 3 },
      ],
      1,
      { couponCodes: ['SAVE10'] },
    );
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { email: 'cancel@example.test' }), {
      cartToken: cart!.token,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { order, orderToken } = res.json<{ order: OrderBody; orderToken: string }>();
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 8, reserved: 0 });

    const cancel = await call(t.app, 'POST', `/api/v1/orders/${order.id}/cancel`, {
      tenant: s.tenant.slug,
      headers: { 'x-order-token': orderToken },
      body: { reason: 'Ordered the wrong size' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const cancelled = cancel.json<OrderBody>();
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
      cancelReason: 'Ordered the wrong size',
      allowedActions: { cancel: false },
      totals: { refunded: { amount: order.totals.total.amount } },
      payment: { status: 'refunded' },
    });
    expect(cancelled.subOrders.map((x) => x.fulfillmentStatus)).toEqual(['cancelled', 'cancelled']);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await stockOf(t.runtime, s.tenant.id, s.variant2Id)).toEqual({ onHand: 10, reserved: 0 });
    const [coupon] = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{ used_count: number }>(await tx.execute(sql`select used_count from coupons where id = ${couponId}`)),
    );
    expect(coupon?.used_count).toBe(0);

    const events = await outboxOf(t.runtime, order.id);
    const cancelledEvent = events.find((e) => e.type === 'order.cancelled.v1');
    expect(cancelledEvent?.payload).toMatchObject({
      wasConfirmed: true,
      reason: 'Ordered the wrong size',
      orderId: order.id,
    });
    expect(events.filter((e) => e.type === 'order.status_changed.v1').length).toBeGreaterThan(2);
    const audit = await auditOf(t.runtime, s.tenant.id, order.id);
    expect(audit.find((a) => a.action === 'order.cancelled')).toMatchObject({
      before: { status: 'confirmed', paymentStatus: 'paid' },
      after: { status: 'cancelled' },
    });
    await drainUntil(t.runtime, async () =>
      (await messagesTo(t.runtime, s.tenant.id, 'cancel@example.test')).some((m) => m.template === 'order_cancelled'),
    );
    const [msg] = (await messagesTo(t.runtime, s.tenant.id, 'cancel@example.test')).filter(
      (m) => m.template === 'order_cancelled',
    );
    expect(msg?.body).toContain('Ordered the wrong size');

    // Again: nothing changes, nothing is refunded twice.
    const again = await call(t.app, 'POST', `/api/v1/orders/${order.id}/cancel`, {
      tenant: s.tenant.slug,
      headers: { 'x-order-token': orderToken },
      body: {},
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<OrderBody>().totals.refunded.amount).toBe(order.totals.total.amount);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('a pending order: held stock released and the payment voided', async () => {
    const s = await orderStore(t.runtime, { stock: 10 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 3 }]);
    // A card that needs 3-D Secure leaves the order pending with its stock held.
    const res = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { order, orderToken } = res.json<{ order: OrderBody; orderToken: string }>();
    expect(order.status).toBe('pending');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 3 });

    const cancel = await call(t.app, 'POST', `/api/v1/orders/${order.id}/cancel`, {
      tenant: s.tenant.slug,
      headers: { 'x-order-token': orderToken },
      body: {},
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json<OrderBody>()).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 0 });
    const cancelledEvent = (await outboxOf(t.runtime, order.id)).find((e) => e.type === 'order.cancelled.v1');
    expect(cancelledEvent?.payload).toMatchObject({ wasConfirmed: false });
  });

  it('is refused once anything has shipped, and to strangers', async () => {
    const s = await orderStore(t.runtime);
    const ada = await signedIn(t.app, t.runtime, s.tenant);
    const placed = await placeOrder(t.app, t.runtime, s, { customer: ada });
    const bob = await signedIn(t.app, t.runtime, s.tenant);
    const url = `/api/v1/orders/${placed.order.id}/cancel`;
    expect((await call(t.app, 'POST', url, { tenant: s.tenant.slug, token: bob.token, body: {} })).statusCode).toBe(
      404,
    );

    const vendor = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const sub = placed.order.subOrders.find((x) => x.vendor.id === s.vendor.id)!;
    const shipped = await call(t.app, 'POST', `/api/v1/vendor/orders/${sub.id}/shipments`, {
      tenant: s.tenant.slug,
      token: vendor.token,
      body: { carrier: 'dhl', trackingNumber: `T${newId().slice(-10)}` },
    });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const refused = await call(t.app, 'POST', url, { tenant: s.tenant.slug, token: ada.token, body: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'order_not_cancellable' });
    const read = await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}`, {
      tenant: s.tenant.slug,
      token: ada.token,
    });
    expect(read.json<OrderBody>()).toMatchObject({ status: 'processing', allowedActions: { cancel: false } });
  });
});

describe('administration', () => {
  it('lists with filters, shows the timeline, moves the order by hand and cancels it', async () => {
    const s = await orderStore(t.runtime);
    const staff = await signedIn(t.app, t.runtime, s.tenant, {
      roles: ['staff'],
      permissions: ['orders:read:any', 'orders:manage'],
    });
    const viewer = await signedIn(t.app, t.runtime, s.tenant, { roles: ['staff'], permissions: ['orders:read:any'] });
    const customer = await signedIn(t.app, t.runtime, s.tenant);
    const a = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    const b = await placeOrder(t.app, t.runtime, s, { quantities: [0, 1] });
    const list = (q: string, token = staff.token) =>
      call(t.app, 'GET', `/api/v1/admin/orders${q}`, { tenant: s.tenant.slug, token });

    expect((await list('', customer.token)).statusCode).toBe(403);
    const all = (await list('')).json<ListBody>();
    expect(all.data.map((o) => o.id)).toEqual([b.order.id, a.order.id]);
    expect(all.data[0]?.subOrders[0]?.commission).toMatchObject({ rateBps: 1000 });
    expect((await list(`?vendorId=${s.vendor2.id}`)).json<ListBody>().data.map((o) => o.id)).toEqual([b.order.id]);
    expect((await list(`?q=${a.order.number.toLowerCase()}`)).json<ListBody>().data.map((o) => o.id)).toEqual([
      a.order.id,
    ]);
    expect((await list('?paymentStatus=refunded')).json<ListBody>().data).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(`?from=${encodeURIComponent(future)}`)).json<ListBody>().data).toEqual([]);
    expect((await list(`?to=${encodeURIComponent(future)}&status=confirmed`)).json<ListBody>().data).toHaveLength(2);
    expect((await list('?from=yesterday')).statusCode).toBe(400);

    const move = (to: string, token = staff.token, id = a.order.id) =>
      call(t.app, 'POST', `/api/v1/admin/orders/${id}/transitions`, { tenant: s.tenant.slug, token, body: { to } });
    expect((await move('processing', viewer.token)).statusCode).toBe(403);
    const bad = await move('delivered');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_transition', allowed: ['processing', 'cancelled'] });
    const processing = await move('processing');
    expect(processing.statusCode, processing.body).toBe(200);
    expect(processing.json<OrderBody>()).toMatchObject({
      status: 'processing',
      allowedActions: { transitions: ['shipped', 'cancelled'] },
    });
    expect((await move('bogus')).statusCode).toBe(400);

    const cancelled = await call(t.app, 'POST', `/api/v1/admin/orders/${b.order.id}/transitions`, {
      tenant: s.tenant.slug,
      token: staff.token,
      body: { to: 'cancelled', reason: 'Out of stock at the warehouse' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<OrderBody>()).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });

    const detail = await call(t.app, 'GET', `/api/v1/admin/orders/${b.order.id}`, {
      tenant: s.tenant.slug,
      token: viewer.token,
    });
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json<
      OrderBody & { timeline: Array<{ type: string; toStatus: string | null }>; refunds: Array<{ status: string }> }
    >();
    expect(d.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['order_placed', 'status_changed', 'refund_succeeded']),
    );
    expect(d.refunds.map((r) => r.status)).toEqual(['succeeded']);
    expect(
      (await call(t.app, 'GET', `/api/v1/admin/orders/${newId()}`, { tenant: s.tenant.slug, token: viewer.token }))
        .statusCode,
    ).toBe(404);
    const audit = await auditOf(t.runtime, s.tenant.id, a.order.id);
    expect(audit.find((x) => x.action === 'order.status_changed')).toMatchObject({
      before: { status: 'confirmed' },
      after: { status: 'processing' },
    });
  });

  it('a store never sees another store’s orders', async () => {
    const s1 = await orderStore(t.runtime);
    const s2 = await orderStore(t.runtime);
    const placed = await placeOrder(t.app, t.runtime, s1);
    const owner2 = await signedIn(t.app, t.runtime, s2.tenant, { roles: ['owner'] });
    expect(
      (
        await call(t.app, 'GET', `/api/v1/admin/orders/${placed.order.id}`, {
          tenant: s2.tenant.slug,
          token: owner2.token,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call(t.app, 'GET', '/api/v1/admin/orders', { tenant: s2.tenant.slug, token: owner2.token })
      ).json<ListBody>().data,
    ).toEqual([]);
    const viaToken = await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}`, {
      tenant: s2.tenant.slug,
      headers: { 'x-order-token': placed.orderToken! },
    });
    expect(viaToken.statusCode).toBe(404);
  });
});

describe('statements per order read', () => {
  let app: TestApp;
  let rec: ReturnType<typeof recording>;

  beforeAll(async () => {
    rec = recording(await testDatabase());
    app = await startApp({ REDIS_URL: '' }, { database: rec.database });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a page of 2 orders and a page of 12 cost the same statements (customer, admin)', async () => {
    const s = await orderStore(app.runtime, { stock: 100 });
    const ada = await signedIn(app.app, app.runtime, s.tenant);
    const owner = await signedIn(app.app, app.runtime, s.tenant, { roles: ['owner'] });
    for (let i = 0; i < 12; i++)
      await placeOrder(app.app, app.runtime, s, { customer: ada, quantities: [1 + (i % 2), i % 3] });
    const measure = async (url: string, token: string) => {
      const from = rec.statements.length;
      const res = await app.app.inject({
        method: 'GET',
        url,
        headers: { 'x-tenant-id': s.tenant.slug, authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return { count: rec.statements.length - from, size: res.json<ListBody>().data.length };
    };
    for (const [url, token] of [
      ['/api/v1/orders', ada.token],
      ['/api/v1/admin/orders', owner.token],
    ] as const) {
      const small = await measure(`${url}?limit=2`, token);
      const large = await measure(`${url}?limit=12`, token);
      expect([small.size, large.size]).toEqual([2, 12]);
      expect(small.count, url).toBe(large.count);
      // The page's ids, then orders, sub-orders, lines, payments, shipments and vendors.
      expect(small.count, url).toBeLessThanOrEqual(8);
    }
  });
});
