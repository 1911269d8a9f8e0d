/**
 * Real PostgreSQL only: checkouts racing each other under real row locks (the embedded database
 * runs one transaction at a time). Many shoppers, one variant: exactly the stock is sold, never
 * more, and every loser is told 409; one request sent fifty times at once: one order; a coupon
 * with five uses and twenty shoppers: five orders with the discount; two expiry passes at once:
 * nothing released twice.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import { useApp } from '../helpers.js';
import {
  checkoutBody,
  checkoutStore,
  createCoupon,
  guestCarts,
  inStore,
  ordersIn,
  pool,
  postCheckout,
  reservationsIn,
  stockOf,
} from '../checkout-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

const t = useApp({ DB_POOL_SIZE: '20' });

const statusCounts = (codes: number[]) =>
  codes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

describe('checkouts racing for stock', () => {
  it('500 shoppers, 50 units: exactly 50 orders, 450 × 409, no 5xx, nothing left reserved', async () => {
    const s = await checkoutStore(t.runtime, { stock: 50 });
    const carts = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 500);
    const responses = await pool(
      carts.map((c) => () => postCheckout(t.app, s.tenant.slug, checkoutBody(c.id), { cartToken: c.token })),
      50,
    );
    const codes = responses.map((r) => r.statusCode);
    expect(statusCounts(codes)).toEqual({ 201: 50, 409: 450 });
    for (const r of responses.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toMatchObject({
        code: 'insufficient_inventory',
        variants: [{ variantId: s.variantId, requested: 1, available: 0 }],
      });
    }
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 0, reserved: 0 });
    const orders = await ordersIn(t.runtime, s.tenant.id);
    expect(orders).toHaveLength(50);
    expect(orders.every((o) => o.status === 'confirmed' && o.payment_status === 'paid')).toBe(true);
    // Numbers without gaps or repeats.
    const numbers = orders.map((o) => Number(o.number.split('-').pop())).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const held = await reservationsIn(t.runtime, s.tenant.id);
    expect(held.filter((r) => r.status === 'held')).toEqual([]);
    expect(held.filter((r) => r.status === 'converted')).toHaveLength(50);
  }, 120_000);

  it('one request sent 50 times at once: one order, every answer that order or 409 in progress', async () => {
    const s = await checkoutStore(t.runtime, { stock: 10 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const key = newId();
    const body = checkoutBody(cart!.id);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postCheckout(t.app, s.tenant.slug, body, { cartToken: cart!.token, key })),
    );
    const orders = await ordersIn(t.runtime, s.tenant.id);
    expect(orders).toHaveLength(1);
    for (const r of responses) {
      if (r.statusCode === 201) expect(r.json<{ order: { id: string } }>().order.id).toBe(orders[0]!.id);
      else {
        expect(r.statusCode).toBe(409);
        expect(r.json()).toMatchObject({ code: 'idempotency_in_progress' });
      }
    }
    expect(responses.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    const reused = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id, { email: 'other@example.test' }), {
      cartToken: cart!.token,
      key,
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 9, reserved: 0 });
  }, 60_000);

  it('a coupon with 5 uses and 20 shoppers at once: 5 orders with the discount, 15 × 422, no stock held', async () => {
    const s = await checkoutStore(t.runtime, { stock: 100, price: 2000 });
    const couponId = await createCoupon(t.runtime, s.tenant.id, { code: 'FIVEONLY', value: 1000, usageLimit: 5 });
    const carts = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 20, {
      couponCodes: ['FIVEONLY'],
    });
    const responses = await Promise.all(
      carts.map((c, i) =>
        postCheckout(t.app, s.tenant.slug, checkoutBody(c.id, { email: `shopper${i}@example.test` }), {
          cartToken: c.token,
        }),
      ),
    );
    expect(statusCounts(responses.map((r) => r.statusCode))).toEqual({ 201: 5, 422: 15 });
    for (const r of responses.filter((x) => x.statusCode === 422)) {
      expect(r.json()).toMatchObject({ code: 'coupon_usage_limit_reached' });
    }
    for (const r of responses.filter((x) => x.statusCode === 201)) {
      expect(r.json()).toMatchObject({ order: { couponCodes: ['FIVEONLY'], totals: { discount: { amount: 200 } } } });
    }
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 95, reserved: 0 });
    expect(await reservationsIn(t.runtime, s.tenant.id)).toHaveLength(5);
    const [coupon] = await inStore(t.runtime, s.tenant.id, async (tx) =>
      rowsOf<{ used_count: number }>(await tx.execute(sql`select used_count from coupons where id = ${couponId}`)),
    );
    expect(coupon?.used_count).toBe(5);
  }, 60_000);

  it('two expiry passes at once release each reservation once', async () => {
    const s = await checkoutStore(t.runtime, { stock: 30 });
    const carts = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }], 20);
    const placed = await pool(
      carts.map(
        (c) => () =>
          postCheckout(t.app, s.tenant.slug, checkoutBody(c.id, { paymentToken: 'tok_3ds' }), { cartToken: c.token }),
      ),
      10,
    );
    expect(placed.every((r) => r.statusCode === 201)).toBe(true);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 30, reserved: 20 });
    await inStore(t.runtime, s.tenant.id, async (tx) => {
      await tx.execute(sql`update stock_reservations set expires_at = now() - interval '1 second'`);
      await tx.execute(sql`update orders set placed_at = now() - interval '3 hours'`);
    });
    const checkout = t.runtime.services.checkout;
    const only = { tenantIds: [s.tenant.id], limit: 5 };
    const passes = await Promise.all([
      checkout.runExpiryPass(only),
      checkout.runExpiryPass(only),
      checkout.runExpiryPass(only),
    ]);
    let settled = passes.reduce((a, b) => a + b, 0);
    while (settled < 20) {
      const more = await checkout.runExpiryPass(only);
      if (more === 0) break;
      settled += more;
    }
    expect(settled).toBe(20);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 30, reserved: 0 });
    const orders = await ordersIn(t.runtime, s.tenant.id);
    expect(orders.every((o) => o.status === 'cancelled')).toBe(true);
    expect((await reservationsIn(t.runtime, s.tenant.id)).every((r) => r.status === 'released')).toBe(true);
  }, 60_000);
});
