/**
 * Real PostgreSQL only: the live status stream across replicas. Two app instances share one
 * database; a client follows an order on instance A over real HTTP while the change is made
 * through instance B, and A's stream carries it within seconds (B's transaction commits a NOTIFY
 * that A's listening connection receives).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { call } from '../http-helpers.js';
import { type TestApp, startApp } from '../helpers.js';
import { openEventStream, orderStore, placeOrder, signedIn, vendorPerson } from '../order-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

describe('order status stream across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let baseA: string;

  beforeAll(async () => {
    // Replicas of one deployment share their keys: a token B issues is good on A.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const env = {
      JWT_SIGNING_KEYS: JSON.stringify([{ ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'shared' }]),
      ENCRYPTION_KEYS: `shared:${randomBytes(32).toString('base64')}`,
    };
    a = await startApp(env);
    b = await startApp(env);
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    baseA = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a change made through B reaches the stream open on A', async () => {
    const s = await orderStore(b.runtime);
    const vendor = await vendorPerson(b.app, b.runtime, s.tenant, s.vendor.id);
    const owner = await signedIn(b.app, b.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(b.app, b.runtime, s, { quantities: [1, 1] });
    const stream = await openEventStream(
      `${baseA}/api/v1/orders/${placed.order.id}/events?token=${encodeURIComponent(placed.order.streamToken!)}`,
      { 'x-tenant-id': s.tenant.slug },
    );
    try {
      expect(stream.status).toBe(200);
      expect((await stream.next(() => true)).data).toMatchObject({ status: 'confirmed', change: 'current' });

      const sub = placed.order.subOrders.find((x) => x.vendor.id === s.vendor.id)!;
      const shipped = await call(b.app, 'POST', `/api/v1/vendor/orders/${sub.id}/shipments`, {
        tenant: s.tenant.slug,
        token: vendor.token,
        body: { carrier: 'dhl', trackingNumber: `X${Date.now()}` },
      });
      expect(shipped.statusCode, shipped.body).toBe(201);
      const processing = await stream.next((e) => e.data.status === 'processing', 5_000);
      expect(processing.data).toMatchObject({ orderId: placed.order.id, paymentStatus: 'paid' });

      const moved = await call(b.app, 'POST', `/api/v1/admin/orders/${placed.order.id}/transitions`, {
        tenant: s.tenant.slug,
        token: owner.token,
        body: { to: 'shipped' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await stream.next((e) => e.data.status === 'shipped' && e.data.change === 'status_changed', 5_000);
      // Nothing was made through A but the stream itself.
      expect(a.runtime.services.orders.streams.size()).toBe(1);
    } finally {
      stream.close();
    }
  });
});
