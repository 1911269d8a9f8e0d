/**
 * The live order status stream over real HTTP on one app instance: the current status first, then
 * each change as it commits (delivered through the database's NOTIFY, as across replicas); access
 * by stream token, order token or the owner's credentials, 404 for anyone else; the server ends
 * open streams when it closes. Two instances sharing a database: `test/postgres/order-stream.test.ts`.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../http-helpers.js';
import { type TestApp, startApp } from '../helpers.js';
import { openEventStream, orderStore, placeOrder, signedIn, vendorPerson } from '../order-helpers.js';

describe('order status stream', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the current status, then every change as it commits', async () => {
    const s = await orderStore(t.runtime);
    const vendor = await vendorPerson(t.app, t.runtime, s.tenant, s.vendor.id);
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    const stream = await openEventStream(
      `${base}/api/v1/orders/${placed.order.id}/events?token=${encodeURIComponent(placed.order.streamToken!)}`,
      { 'x-tenant-id': s.tenant.slug },
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers.get('x-request-id')).toBeTruthy();
      const first = await stream.next(() => true);
      expect(first).toMatchObject({
        event: 'status',
        data: { orderId: placed.order.id, status: 'confirmed', paymentStatus: 'paid', change: 'current' },
      });

      const shipped = await call(t.app, 'POST', `/api/v1/vendor/orders/${placed.order.subOrders[0]!.id}/shipments`, {
        tenant: s.tenant.slug,
        token: vendor.token,
        body: { carrier: 'dhl', trackingNumber: `S${Date.now()}` },
      });
      expect(shipped.statusCode).toBe(201);
      const change = await stream.next((e) => e.data.status === 'shipped');
      expect(change.data).toMatchObject({
        orderId: placed.order.id,
        paymentStatus: 'paid',
        subOrders: [{ id: placed.order.subOrders[0]!.id, vendorId: s.vendor.id, fulfillmentStatus: 'shipped' }],
      });
      expect(change.id).toEqual(expect.any(String));
      // Each change of the commit arrives as its own event (the snapshot is read when it arrives).
      await stream.next((e) => e.data.change === 'status_changed');
      expect(stream.events.map((e) => e.data.change)).toEqual(
        expect.arrayContaining(['current', 'shipment_created', 'status_changed']),
      );
    } finally {
      stream.close();
    }
  });

  it('lets in the owner, the order token and the stream token; nobody else', async () => {
    const s = await orderStore(t.runtime);
    const ada = await signedIn(t.app, t.runtime, s.tenant);
    const mine = await placeOrder(t.app, t.runtime, s, { customer: ada });
    const guest = await placeOrder(t.app, t.runtime, s);
    const url = (id: string, query = '') => `${base}/api/v1/orders/${id}/events${query}`;
    const tenant = { 'x-tenant-id': s.tenant.slug };
    const opened = [
      await openEventStream(url(mine.order.id), { ...tenant, authorization: `Bearer ${ada.token}` }),
      await openEventStream(url(guest.order.id), { ...tenant, 'x-order-token': guest.orderToken! }),
    ];
    for (const st of opened) {
      expect(st.status).toBe(200);
      await st.next(() => true);
      st.close();
    }
    const refused = [
      await fetch(url(guest.order.id), { headers: { ...tenant, authorization: `Bearer ${ada.token}` } }),
      await fetch(url(mine.order.id, `?token=${encodeURIComponent(guest.order.streamToken!)}`), { headers: tenant }),
      await fetch(url(mine.order.id, '?token=not.a.token'), { headers: tenant }),
      await fetch(url(mine.order.id), { headers: tenant }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      await r.body?.cancel();
    }
  });
});

describe('shutting down', () => {
  it('ends open streams when the server closes', async () => {
    const app = await startApp();
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.app.server.address() as AddressInfo).port;
    const s = await orderStore(app.runtime);
    const placed = await placeOrder(app.app, app.runtime, s, { quantities: [1, 0] });
    const stream = await openEventStream(
      `http://127.0.0.1:${port}/api/v1/orders/${placed.order.id}/events?token=${encodeURIComponent(placed.order.streamToken!)}`,
      { 'x-tenant-id': s.tenant.slug },
    );
    await stream.next(() => true);
    expect(app.runtime.services.orders.streams.size()).toBe(1);
    const started = Date.now();
    await app.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
