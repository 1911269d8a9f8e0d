/**
 * Fulfilment through the API: a vendor sees only its own sub-orders of confirmed orders, ships
 * them in one or several parcels (never more units than are left), marks parcels delivered, and
 * the order follows step by step (confirmed → processing → shipped → delivered); cash on delivery
 * is paid when the order arrives; carriers' signed tracking webhooks move parcels once per event.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { carrierWebhookSecretOf, signCarrierWebhook } from '../../src/modules/orders/index.js';
import { checkoutBody, guestCarts, postCheckout } from '../checkout-helpers.js';
import { call } from '../http-helpers.js';
import { useApp } from '../helpers.js';
import { drainUntil, messagesTo } from '../identity-helpers.js';
import { type OrderBody, orderStore, outboxOf, placeOrder, signedIn, vendorPerson } from '../order-helpers.js';

const t = useApp();

interface SubOrderBody {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  orderStatus: string;
  fulfillmentStatus: string;
  shippingAddress: { name: string; city: string } | null;
  commission: { rateBps: number };
  lines: Array<{ id: string; quantity: number; shippedQuantity: number }>;
  shipments: Array<{ id: string; status: string; items: Array<{ lineId: string; quantity: number }> }>;
}

const tracking = () => `TRK${newId().replace(/-/g, '').slice(-12)}`;

describe('the vendor’s sub-orders', () => {
  it('lists and reads only its own parts of confirmed orders', async () => {
    const s = await orderStore(t.runtime);
    const v1 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const v2 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor2.id);
    const customer = await signedIn(t.app, t.runtime, s.tenant);
    const both = await placeOrder(t.app, t.runtime, s, { quantities: [2, 1] });
    const onlyFirst = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    // A pending order (waiting for 3-D Secure) is not the vendor's work yet.
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const pending = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { paymentToken: 'tok_3ds' }), {
      cartToken: cart!.token,
    });
    expect(pending.json<{ order: OrderBody }>().order.status).toBe('pending');

    const list1 = await call(t.app, 'GET', '/api/v1/vendor/orders', { tenant: s.tenant.slug, token: v1.token });
    expect(list1.statusCode, list1.body).toBe(200);
    const subs1 = list1.json<{ data: SubOrderBody[] }>().data;
    expect(subs1.map((x) => x.orderId)).toEqual([onlyFirst.order.id, both.order.id]);
    const list2 = await call(t.app, 'GET', '/api/v1/vendor/orders', { tenant: s.tenant.slug, token: v2.token });
    expect(list2.json<{ data: SubOrderBody[] }>().data.map((x) => x.orderId)).toEqual([both.order.id]);

    const mine = both.order.subOrders.find((x) => x.vendor.id === s.vendor.id)!;
    const theirs = both.order.subOrders.find((x) => x.vendor.id === s.vendor2.id)!;
    const read = await call(t.app, 'GET', `/api/v1/vendor/orders/${mine.id}`, {
      tenant: s.tenant.slug,
      token: v1.token,
    });
    expect(read.statusCode).toBe(200);
    const sub = read.json<SubOrderBody>();
    expect(sub).toMatchObject({
      orderNumber: both.order.number,
      orderStatus: 'confirmed',
      fulfillmentStatus: 'unfulfilled',
      shippingAddress: { name: 'Ada Shopper', city: 'Springfield' },
      commission: { rateBps: 1000 },
    });
    expect(sub.lines).toHaveLength(1);
    expect(JSON.stringify(sub)).not.toContain(s.variant2Id);
    expect(
      (await call(t.app, 'GET', `/api/v1/vendor/orders/${theirs.id}`, { tenant: s.tenant.slug, token: v1.token }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(t.app, 'GET', '/api/v1/vendor/orders', { tenant: s.tenant.slug, token: customer.token })).statusCode,
    ).toBe(403);
    const filtered = await call(t.app, 'GET', '/api/v1/vendor/orders?fulfillmentStatus=shipped', {
      tenant: s.tenant.slug,
      token: v1.token,
    });
    expect(filtered.json<{ data: unknown[] }>().data).toEqual([]);
  });
});

describe('shipping and delivering', () => {
  it('parcels move the sub-order and the order step by step, and tell the shopper', async () => {
    const s = await orderStore(t.runtime);
    const v1 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const v2 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor2.id);
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [3, 1], email: 'ship@example.test' });
    const sub1 = placed.order.subOrders.find((x) => x.vendor.id === s.vendor.id)!;
    const sub2 = placed.order.subOrders.find((x) => x.vendor.id === s.vendor2.id)!;
    const line1 = sub1.lines[0]!;
    const ship = (subId: string, token: string, body: Record<string, unknown>) =>
      call(t.app, 'POST', `/api/v1/vendor/orders/${subId}/shipments`, { tenant: s.tenant.slug, token, body });
    const orderNow = async () =>
      (
        await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}`, {
          tenant: s.tenant.slug,
          headers: { 'x-order-token': placed.orderToken! },
        })
      ).json<OrderBody>();

    // Too many units, a line of another sub-order, someone else's sub-order.
    const tooMany = await ship(sub1.id, v1.token, {
      carrier: 'dhl',
      trackingNumber: tracking(),
      items: [{ lineId: line1.id, quantity: 4 }],
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({ code: 'shipment_exceeds_unshipped' });
    const foreign = await ship(sub1.id, v1.token, {
      carrier: 'dhl',
      trackingNumber: tracking(),
      items: [{ lineId: sub2.lines[0]!.id, quantity: 1 }],
    });
    expect(foreign.json()).toMatchObject({ code: 'unknown_line' });
    expect((await ship(sub2.id, v1.token, { carrier: 'dhl', trackingNumber: tracking() })).statusCode).toBe(404);
    expect((await ship(sub1.id, v1.token, { carrier: 'dhl', trackingNumber: 'bad<tracking>' })).statusCode).toBe(400);

    // Two of three units: partially shipped, the order processing.
    const t1 = tracking();
    const first = await ship(sub1.id, v1.token, {
      carrier: 'dhl',
      trackingNumber: t1,
      items: [{ lineId: line1.id, quantity: 2 }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/vendor/orders/${sub1.id}`);
    const parcel1 = first.json<{ id: string; status: string; items: unknown[] }>();
    expect(parcel1).toMatchObject({ status: 'shipped', items: [{ lineId: line1.id, quantity: 2 }] });
    let order = await orderNow();
    expect(order.status).toBe('processing');
    expect(order.subOrders.find((x) => x.id === sub1.id)).toMatchObject({ fulfillmentStatus: 'partially_shipped' });
    const dup = await ship(sub1.id, v1.token, {
      carrier: 'dhl',
      trackingNumber: t1,
      items: [{ lineId: line1.id, quantity: 1 }],
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'tracking_number_taken' });

    // The rest (no items: everything not yet shipped), then the other vendor: the order is shipped.
    const second = await ship(sub1.id, v1.token, { carrier: 'ups', trackingNumber: tracking() });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ items: [{ lineId: line1.id, quantity: 1 }] });
    const nothing = await ship(sub1.id, v1.token, { carrier: 'ups', trackingNumber: tracking() });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json()).toMatchObject({ code: 'nothing_to_ship' });
    expect((await orderNow()).status).toBe('processing');
    const third = await ship(sub2.id, v2.token, { carrier: 'dhl', trackingNumber: tracking() });
    expect(third.statusCode).toBe(201);
    order = await orderNow();
    expect(order.status).toBe('shipped');
    expect(order.subOrders.map((x) => x.fulfillmentStatus)).toEqual(['shipped', 'shipped']);
    expect(order.subOrders.find((x) => x.id === sub1.id)?.lines[0]?.shippedQuantity).toBe(3);

    // Delivered: per parcel; the sub-order once all its parcels arrived; the order once every part has.
    const deliver = (subId: string, shipmentId: string, token: string) =>
      call(t.app, 'POST', `/api/v1/vendor/orders/${subId}/shipments/${shipmentId}/delivered`, {
        tenant: s.tenant.slug,
        token,
      });
    const d1 = await deliver(sub1.id, parcel1.id, v1.token);
    expect(d1.statusCode, d1.body).toBe(200);
    expect(d1.json<SubOrderBody>().fulfillmentStatus).toBe('shipped');
    expect((await deliver(sub1.id, parcel1.id, v2.token)).statusCode).toBe(404);
    expect((await deliver(sub1.id, newId(), v1.token)).statusCode).toBe(404);
    const d2 = await deliver(sub1.id, second.json<{ id: string }>().id, v1.token);
    expect(d2.json<SubOrderBody>()).toMatchObject({ fulfillmentStatus: 'delivered', orderStatus: 'shipped' });
    const d3 = await deliver(sub2.id, third.json<{ id: string }>().id, v2.token);
    expect(d3.json<SubOrderBody>()).toMatchObject({ fulfillmentStatus: 'delivered', orderStatus: 'delivered' });
    expect((await deliver(sub2.id, third.json<{ id: string }>().id, v2.token)).statusCode).toBe(200);

    const statuses = (await outboxOf(t.runtime, placed.order.id))
      .filter((e) => e.type === 'order.status_changed.v1')
      .map((e) => e.payload.status);
    expect([...new Set(statuses)]).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered']);
    await drainUntil(
      t.runtime,
      async () =>
        (await messagesTo(t.runtime, s.tenant.id, 'ship@example.test')).filter((m) => m.template === 'order_shipped')
          .length === 3,
    );
    const [shippedMsg] = (await messagesTo(t.runtime, s.tenant.id, 'ship@example.test')).filter(
      (m) => m.template === 'order_shipped',
    );
    expect(shippedMsg?.body).toContain('tracking number');
  });

  it('a cash on delivery order is paid when it arrives', async () => {
    const s = await orderStore(t.runtime, { methods: ['card', 'cod'] });
    const v1 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0], method: 'cod' });
    expect(placed.order).toMatchObject({ status: 'confirmed', paymentStatus: 'pending' });
    const sub = placed.order.subOrders[0]!;
    const shipped = await call(t.app, 'POST', `/api/v1/vendor/orders/${sub.id}/shipments`, {
      tenant: s.tenant.slug,
      token: v1.token,
      body: { carrier: 'india-post', trackingNumber: tracking() },
    });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const delivered = await call(
      t.app,
      'POST',
      `/api/v1/vendor/orders/${sub.id}/shipments/${shipped.json<{ id: string }>().id}/delivered`,
      { tenant: s.tenant.slug, token: v1.token },
    );
    expect(delivered.statusCode, delivered.body).toBe(200);
    const order = (
      await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}`, {
        tenant: s.tenant.slug,
        headers: { 'x-order-token': placed.orderToken! },
      })
    ).json<OrderBody>();
    expect(order).toMatchObject({ status: 'delivered', paymentStatus: 'paid', payment: { status: 'paid' } });
  });

  it('only confirmed or processing orders ship', async () => {
    const s = await orderStore(t.runtime);
    const v1 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    await call(t.app, 'POST', `/api/v1/admin/orders/${placed.order.id}/transitions`, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { to: 'cancelled' },
    });
    const res = await call(t.app, 'POST', `/api/v1/vendor/orders/${placed.order.subOrders[0]!.id}/shipments`, {
      tenant: s.tenant.slug,
      token: v1.token,
      body: { carrier: 'dhl', trackingNumber: tracking() },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'order_not_shippable' });
  });
});

describe('carrier tracking webhooks', () => {
  it('are signed, applied once per event, and ignore parcels the store does not have', async () => {
    const s = await orderStore(t.runtime);
    const v1 = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    const sub = placed.order.subOrders[0]!;
    const trackingNumber = tracking();
    const shipped = await call(t.app, 'POST', `/api/v1/vendor/orders/${sub.id}/shipments`, {
      tenant: s.tenant.slug,
      token: v1.token,
      body: { carrier: 'dhl', trackingNumber },
    });
    expect(shipped.statusCode).toBe(201);
    const secret = carrierWebhookSecretOf(t.runtime.pii);
    const send = (body: Record<string, unknown>, opts: { secret?: string; at?: number; carrier?: string } = {}) => {
      const raw = Buffer.from(JSON.stringify(body));
      const at = opts.at ?? Math.floor(Date.now() / 1000);
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/shipping/webhooks/${opts.carrier ?? 'dhl'}/${s.tenant.slug}`,
        headers: {
          'content-type': 'application/json',
          'bazaar-signature': signCarrierWebhook(opts.secret ?? secret, raw, at),
        },
        payload: raw,
      });
    };
    const event = (status: string, id = `evt_${newId()}`) => ({
      id,
      trackingNumber,
      status,
      occurredAt: new Date().toISOString(),
    });

    expect((await send(event('in_transit'), { secret: 'wrong' })).json()).toMatchObject({
      code: 'webhook_signature_invalid',
    });
    expect((await send(event('in_transit'), { at: Math.floor(Date.now() / 1000) - 3600 })).statusCode).toBe(400);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shipping/webhooks/dhl/${s.tenant.slug}`,
      headers: { 'content-type': 'application/json' },
      payload: event('in_transit'),
    });
    expect(unsigned.statusCode).toBe(400);
    expect((await send({ ...event('lost') })).statusCode).toBe(400);

    const transit = event('in_transit');
    const r1 = await send(transit);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await send(transit)).json()).toEqual({ received: true, outcome: 'duplicate' });
    expect((await send(event('in_transit'), { carrier: 'ups' })).json()).toEqual({
      received: true,
      outcome: 'ignored_unknown',
    });

    const delivered = await send(event('delivered'));
    expect(delivered.json()).toMatchObject({ outcome: 'applied' });
    const order = (
      await call(t.app, 'GET', `/api/v1/orders/${placed.order.id}`, {
        tenant: s.tenant.slug,
        headers: { 'x-order-token': placed.orderToken! },
      })
    ).json<OrderBody>();
    expect(order.status).toBe('delivered');
    expect(order.subOrders[0]?.shipments[0]?.status).toBe('delivered');
    expect(
      (await call(t.app, 'POST', `/api/v1/shipping/webhooks/dhl/no-such-store`, { body: transit })).statusCode,
    ).toBe(404);
  });
});
