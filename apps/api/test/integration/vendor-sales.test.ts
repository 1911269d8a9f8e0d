/**
 * A vendor's own sales report (`GET /api/v1/vendor/analytics/sales`): only the vendor's orders,
 * revenue and refunds, its own row in `vendors`, none of the store's traffic (carts and conversion
 * are 0), the range rules of the admin report, and who may ask.
 */
import { describe, expect, it } from 'vitest';
import { CartEvents } from '../../src/modules/cart/index.js';
import { OrderEvents } from '../../src/modules/orders/index.js';
import { newId } from '../../src/platform/ids.js';
import { createVendor, createVendorUser } from '../catalog-factories.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { login } from '../identity-helpers.js';
import { orderMoney, publishEvent, publishOrderEvent, refunded, settle } from '../marketplace-helpers.js';
import { personOf, storeWithOwner } from '../settings-helpers.js';

interface Money {
  amount: number;
  currency: string;
}

interface Figures {
  orders: number;
  revenue: Money;
  refunds: Money;
  averageOrderValue: Money;
  carts: number;
  conversionRate: number;
}

interface Report {
  currency: string;
  interval: string;
  from: string;
  to: string;
  vendorId: string | null;
  series: Array<Figures & { period: string }>;
  totals: Figures;
  vendors: Array<{ vendorId: string; name: string | null; orders: number; revenue: Money }>;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });
const REPORT = '/api/v1/vendor/analytics/sales';

describe('vendor sales analytics', () => {
  const t = useApp();

  /** A store with two vendors (a signed-in person for each), orders of both, carts and a refund. */
  async function setup() {
    const { store, token: ownerToken } = await storeWithOwner(t);
    const a = await createVendor(t.runtime, store.id, { name: 'Alpha Goods' });
    const b = await createVendor(t.runtime, store.id, { name: 'Beta Wares' });
    const signIn = async (vendorId: string) =>
      (await login(t.app, await createVendorUser(t.runtime, store.id, vendorId), { tenant: store.slug })).accessToken;
    const aToken = await signIn(a.id);
    const bToken = await signIn(b.id);

    const today = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) {
      const cartId = newId();
      await publishEvent(t.runtime, store.id, CartEvents.created, { cartId }, { type: 'cart', id: cartId });
    }
    const both = orderMoney({
      placedAt: '2025-03-04T10:00:00Z',
      subOrders: [
        { vendorId: a.id, total: 10_000, commissionAmount: 1_000 },
        { vendorId: b.id, total: 5_000, commissionAmount: 500 },
      ],
    });
    await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, both);
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.confirmed,
      orderMoney({
        placedAt: '2025-03-06T10:00:00Z',
        subOrders: [{ vendorId: a.id, total: 2_000, commissionAmount: 200 }],
      }),
    );
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.confirmed,
      orderMoney({
        placedAt: '2025-03-05T10:00:00Z',
        subOrders: [{ vendorId: b.id, total: 7_000, commissionAmount: 700 }],
      }),
    );
    // Vendor b refunds part of its share of the first order.
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.refunded,
      refunded(both, 1, 1_500, 150, '2025-03-06T12:00:00Z'),
    );
    // Today: an order of a's, among the store's five carts.
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.confirmed,
      orderMoney({ subOrders: [{ vendorId: a.id, total: 3_000, commissionAmount: 300 }] }),
    );
    await settle(t.runtime, store.id);
    return { store, ownerToken, a, b, aToken, bToken, today };
  }

  it("shows the vendor its own orders and revenue only, and none of the store's traffic", async () => {
    const { store, ownerToken, a, b, aToken, bToken, today } = await setup();
    const report = async (token: string, query: string) => {
      const res = await call(t.app, 'GET', `${REPORT}?${query}`, { token, tenant: store.slug });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Report>();
    };

    const ofA = await report(aToken, 'from=2025-03-03&to=2025-03-07');
    expect(ofA).toMatchObject({
      currency: 'USD',
      interval: 'day',
      from: '2025-03-03',
      to: '2025-03-07',
      vendorId: a.id,
    });
    expect(ofA.series.map((p) => [p.period, p.orders, p.revenue.amount, p.refunds.amount])).toEqual([
      ['2025-03-03', 0, 0, 0],
      ['2025-03-04', 1, 10_000, 0],
      ['2025-03-05', 0, 0, 0],
      ['2025-03-06', 1, 2_000, 0],
      ['2025-03-07', 0, 0, 0],
    ]);
    expect(ofA.totals).toEqual({
      orders: 2,
      revenue: usd(12_000),
      refunds: usd(0),
      averageOrderValue: usd(6_000),
      carts: 0,
      conversionRate: 0,
    });
    expect(ofA.vendors).toEqual([{ vendorId: a.id, name: 'Alpha Goods', orders: 2, revenue: usd(12_000) }]);

    const ofB = await report(bToken, 'from=2025-03-01&to=2025-03-31&interval=month');
    expect(ofB.vendorId).toBe(b.id);
    expect(ofB.series).toEqual([
      {
        period: '2025-03-01',
        orders: 2,
        revenue: usd(12_000),
        refunds: usd(1_500),
        averageOrderValue: usd(6_000),
        carts: 0,
        conversionRate: 0,
      },
    ]);
    expect(ofB.vendors).toEqual([{ vendorId: b.id, name: 'Beta Wares', orders: 2, revenue: usd(12_000) }]);

    // The default range ends today: the store had carts today, but the vendor does not see them.
    const recent = await report(aToken, '');
    expect(recent.to).toBe(today);
    expect(recent.series).toHaveLength(30);
    expect(recent.series.at(-1)).toMatchObject({ period: today, orders: 1, revenue: usd(3_000), carts: 0 });
    expect(recent.series.every((p) => p.carts === 0 && p.conversionRate === 0)).toBe(true);
    expect(recent.totals).toMatchObject({ orders: 1, carts: 0, conversionRate: 0 });

    // The same day in the store's report, for comparison: carts and conversion are there.
    const admin = await call(t.app, 'GET', `/api/v1/admin/analytics/sales?from=${today}&to=${today}`, {
      token: ownerToken,
      tenant: store.slug,
    });
    expect(admin.json<Report>().totals).toMatchObject({ orders: 1, carts: 5, conversionRate: 0.2 });
  });

  it('keeps the range rules and takes no vendorId', async () => {
    const { store, aToken } = await setup();
    const get = (query: string) => call(t.app, 'GET', `${REPORT}?${query}`, { token: aToken, tenant: store.slug });
    expect((await get('from=2024-01-01&to=2024-12-31')).statusCode).toBe(200); // 366 days
    const long = await get('from=2024-01-01&to=2025-01-01');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'range_too_long' });
    const backwards = await get('from=2025-03-02&to=2025-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'invalid_range' });
    for (const query of ['from=2025-02-30', 'interval=year', `vendorId=${newId()}`, 'other=1']) {
      expect((await get(query)).statusCode, query).toBe(400);
    }
  });

  it('is for people who act for a vendor', async () => {
    const { store, ownerToken } = await setup();
    const customer = await personOf(t, store, ['customer']);
    const analyst = await personOf(t, store, ['staff'], ['analytics:read']);
    // A vendor role without a vendor of the store behind it.
    const orphan = await personOf(t, store, ['vendor', 'customer']);
    expect((await call(t.app, 'GET', REPORT, { tenant: store.slug })).statusCode).toBe(401);
    for (const token of [customer.token, analyst.token, ownerToken]) {
      expect((await call(t.app, 'GET', REPORT, { token, tenant: store.slug })).statusCode).toBe(403);
    }
    const res = await call(t.app, 'GET', REPORT, { token: orphan.token, tenant: store.slug });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'not_a_vendor' });
  });
});
