/**
 * Real PostgreSQL only: refunds racing each other. Ten refund requests with different
 * idempotency keys hit one order at once; the conditional updates of the refunded totals (and the
 * payment's own claim) let exactly as many succeed as the captured money allows, and the sums in
 * the database never exceed what was captured.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { inStore } from '../checkout-helpers.js';
import { type TestApp, startApp } from '../helpers.js';
import { orderStore, placeOrder, postWithKey, signedIn } from '../order-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

describe('concurrent refunds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ DB_POOL_SIZE: '12' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ten at once never refund more than was captured', async () => {
    const s = await orderStore(t.runtime, { stock: 50 });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [4, 0] });
    const sub = placed.order.subOrders[0]!;
    const captured = placed.order.totals.total.amount;
    // Each asks for 30 % of the total: at most three fit.
    const each = Math.floor(captured * 0.3);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postWithKey(t.app, `/api/v1/admin/orders/${placed.order.id}/refunds`, {
          tenant: s.tenant.slug,
          token: owner.token,
          body: { subOrderId: sub.id, amount: { amount: each, currency: 'USD' }, reason: `Race ${i}` },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(
      codes.filter((c) => c >= 500),
      JSON.stringify(results.map((r) => r.body)),
    ).toEqual([]);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'refund_exceeds_captured' });
    }
    const [row] = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{
        order_refunded: number;
        sub_refunded: number;
        payment_refunded: number;
        captured: number;
        succeeded: number;
        pending: number;
      }>(
        await tx.execute(sql`
          select o.refunded_total as order_refunded, so.refunded_total as sub_refunded,
                 p.refunded_amount as payment_refunded, p.captured_amount as captured,
                 (select coalesce(sum(amount), 0)::int from refunds r where r.order_id = o.id and r.status = 'succeeded') as succeeded,
                 (select count(*)::int from refunds r where r.order_id = o.id and r.status = 'pending') as pending
          from orders o join sub_orders so on so.order_id = o.id join payments p on p.order_id = o.id
          where o.id = ${placed.order.id}`),
      ),
    );
    expect(row).toEqual({
      order_refunded: each * 3,
      sub_refunded: each * 3,
      payment_refunded: each * 3,
      captured,
      succeeded: each * 3,
      pending: 0,
    });
  });

  it('refunds of two sub-orders and a cancellation racing stay within the capture', async () => {
    const s = await orderStore(t.runtime, { stock: 50 });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [2, 2] });
    const [sub1, sub2] = placed.order.subOrders;
    const refund = (subId: string, amount: number) =>
      postWithKey(t.app, `/api/v1/admin/orders/${placed.order.id}/refunds`, {
        tenant: s.tenant.slug,
        token: owner.token,
        body: { subOrderId: subId, amount: { amount, currency: 'USD' }, reason: 'Race' },
      });
    const results = await Promise.all([
      refund(sub1!.id, 1000),
      refund(sub2!.id, 1000),
      refund(sub1!.id, 1500),
      t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/orders/${placed.order.id}/transitions`,
        headers: { 'x-tenant-id': s.tenant.slug, authorization: `Bearer ${owner.token}` },
        payload: { to: 'cancelled' },
      }),
    ]);
    expect(results.filter((r) => r.statusCode >= 500)).toEqual([]);
    const [row] = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{ refunded: number; total: number; payment_refunded: number; captured: number; pending: number }>(
        await tx.execute(sql`
          select o.refunded_total as refunded, o.total, p.refunded_amount as payment_refunded,
                 p.captured_amount as captured,
                 (select count(*)::int from refunds r where r.order_id = o.id and r.status = 'pending') as pending
          from orders o join payments p on p.order_id = o.id where o.id = ${placed.order.id}`),
      ),
    );
    expect(row!.refunded).toBeLessThanOrEqual(row!.captured);
    expect(row!.payment_refunded).toBe(row!.refunded);
    expect(row!.pending).toBe(0);
    // The cancellation refunded whatever the others left.
    expect(row!.refunded).toBe(row!.total);
  });
});
