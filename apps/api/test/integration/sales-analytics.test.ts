/**
 * Sales analytics from the daily aggregate: order, cancellation, refund and cart events counted on
 * the right UTC day and vendor, zero-filled series by day, week and month, totals, average order
 * value, conversion, the vendors by revenue, one vendor's view, the range rules, permissions, and a
 * redelivered event counted once.
 */
import { describe, expect, it } from 'vitest';
import { CartEvents } from '../../src/modules/cart/index.js';
import { OrderEvents } from '../../src/modules/orders/index.js';
import { newId } from '../../src/platform/ids.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { createVendor } from '../catalog-factories.js';
import {
  cancelled,
  orderMoney,
  publishEvent,
  publishOrderEvent,
  redeliver,
  refunded,
  settle,
} from '../marketplace-helpers.js';
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

describe('sales analytics', () => {
  const t = useApp();

  it('series, totals and vendors from order events, by day, week and month', async () => {
    const { store, token } = await storeWithOwner(t);
    const a = await createVendor(t.runtime, store.id, { name: 'Alpha Goods' });
    const b = await createVendor(t.runtime, store.id, { name: 'Beta Wares' });
    const report = async (query: string) => {
      const res = await call(t.app, 'GET', `/api/v1/admin/analytics/sales?${query}`, { token, tenant: store.slug });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Report>();
    };

    const o1 = orderMoney({
      placedAt: '2025-03-03T23:30:00-05:00', // 2025-03-04 in UTC
      subOrders: [
        { vendorId: a.id, total: 10_000, commissionAmount: 1_000 },
        { vendorId: b.id, total: 5_000, commissionAmount: 500 },
      ],
    });
    const o2 = orderMoney({
      placedAt: '2025-03-06T10:00:00Z',
      subOrders: [{ vendorId: a.id, total: 2_000, commissionAmount: 200 }],
    });
    const o3 = orderMoney({
      placedAt: '2025-03-12T10:00:00Z',
      subOrders: [{ vendorId: b.id, total: 3_000, commissionAmount: 300 }],
    });
    const o1Confirmed = await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, o1);
    await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, o2);
    await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, o3);
    await publishOrderEvent(t.runtime, store.id, OrderEvents.cancelled, cancelled(o3));
    // A pending order's cancellation never counted.
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.cancelled,
      cancelled(orderMoney({ subOrders: [] }), false),
    );
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.refunded,
      refunded(o1, 0, 1_000, 100, '2025-04-02T08:00:00Z'),
    );
    await settle(t.runtime, store.id);

    const days = await report('from=2025-03-03&to=2025-03-07');
    expect(days).toMatchObject({
      currency: 'USD',
      interval: 'day',
      from: '2025-03-03',
      to: '2025-03-07',
      vendorId: null,
    });
    expect(days.series.map((p) => [p.period, p.orders, p.revenue.amount])).toEqual([
      ['2025-03-03', 0, 0],
      ['2025-03-04', 1, 15_000],
      ['2025-03-05', 0, 0],
      ['2025-03-06', 1, 2_000],
      ['2025-03-07', 0, 0],
    ]);
    expect(days.series[1]).toEqual({
      period: '2025-03-04',
      orders: 1,
      revenue: usd(15_000),
      refunds: usd(0),
      averageOrderValue: usd(15_000),
      carts: 0,
      conversionRate: 0,
    });
    expect(days.totals).toMatchObject({ orders: 2, revenue: usd(17_000), averageOrderValue: usd(8_500) });
    expect(days.vendors).toEqual([
      { vendorId: a.id, name: 'Alpha Goods', orders: 2, revenue: usd(12_000) },
      { vendorId: b.id, name: 'Beta Wares', orders: 1, revenue: usd(5_000) },
    ]);

    const weeks = await report('from=2025-03-01&to=2025-04-30&interval=week');
    expect(weeks.series[0]?.period).toBe('2025-02-24');
    expect(weeks.series.at(-1)?.period).toBe('2025-04-28');
    const week = (period: string) => weeks.series.find((p) => p.period === period);
    expect(week('2025-03-03')).toMatchObject({ orders: 2, revenue: usd(17_000) });
    // Confirmed and cancelled in the same week: nothing left.
    expect(week('2025-03-10')).toMatchObject({ orders: 0, revenue: usd(0) });
    expect(week('2025-03-31')).toMatchObject({ orders: 0, refunds: usd(1_000) });
    expect(weeks.totals).toMatchObject({ orders: 2, revenue: usd(17_000), refunds: usd(1_000) });

    const months = await report('from=2025-01-15&to=2025-04-30&interval=month');
    expect(months.series.map((p) => [p.period, p.orders, p.revenue.amount, p.refunds.amount])).toEqual([
      ['2025-01-01', 0, 0, 0],
      ['2025-02-01', 0, 0, 0],
      ['2025-03-01', 2, 17_000, 0],
      ['2025-04-01', 0, 0, 1_000],
    ]);

    const ofA = await report(`from=2025-03-01&to=2025-04-30&interval=month&vendorId=${a.id}`);
    expect(ofA.vendorId).toBe(a.id);
    expect(ofA.series.map((p) => [p.period, p.orders, p.revenue.amount, p.refunds.amount])).toEqual([
      ['2025-03-01', 2, 12_000, 0],
      ['2025-04-01', 0, 0, 1_000],
    ]);
    expect(ofA.vendors).toEqual([{ vendorId: a.id, name: 'Alpha Goods', orders: 2, revenue: usd(12_000) }]);

    // A redelivered confirmation is not counted again.
    await redeliver(t.runtime, o1Confirmed, 'marketplace.sales.confirmed');
    expect((await report('from=2025-03-04&to=2025-03-04')).totals.orders).toBe(1);
  });

  it('conversion: orders per cart created, today by default', async () => {
    const { store, token } = await storeWithOwner(t);
    const v = await createVendor(t.runtime, store.id);
    for (let i = 0; i < 4; i++) {
      const cartId = newId();
      await publishEvent(t.runtime, store.id, CartEvents.created, { cartId }, { type: 'cart', id: cartId });
    }
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.confirmed,
      orderMoney({ subOrders: [{ vendorId: v.id, total: 2_500, commissionAmount: 250 }] }),
    );
    await settle(t.runtime, store.id);
    const res = await call(t.app, 'GET', '/api/v1/admin/analytics/sales', { token, tenant: store.slug });
    expect(res.statusCode).toBe(200);
    const body = res.json<Report>();
    const today = new Date().toISOString().slice(0, 10);
    expect(body.to).toBe(today);
    expect(body.series).toHaveLength(30);
    expect(body.series.at(-1)).toMatchObject({ period: today, orders: 1, carts: 4, conversionRate: 0.25 });
    expect(body.totals).toMatchObject({ orders: 1, carts: 4, conversionRate: 0.25, averageOrderValue: usd(2_500) });
  });

  it('range rules and malformed queries', async () => {
    const { store, token } = await storeWithOwner(t);
    const get = (query: string) =>
      call(t.app, 'GET', `/api/v1/admin/analytics/sales?${query}`, { token, tenant: store.slug });
    expect((await get('from=2024-01-01&to=2024-12-31')).statusCode).toBe(200); // 366 days
    const long = await get('from=2024-01-01&to=2025-01-01');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'range_too_long' });
    const backwards = await get('from=2025-03-02&to=2025-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'invalid_range' });
    for (const query of [
      'from=2025-02-30',
      'from=03/01/2025',
      'to=2025-3-1',
      'interval=year',
      'vendorId=nope',
      'from=2025-01-01T00:00:00Z',
    ]) {
      expect((await get(query)).statusCode, query).toBe(400);
    }
  });

  it('needs analytics:read', async () => {
    const { store } = await storeWithOwner(t);
    const staff = await personOf(t, store, ['staff'], ['orders:manage']);
    const analyst = await personOf(t, store, ['staff'], ['analytics:read']);
    const url = '/api/v1/admin/analytics/sales';
    expect((await call(t.app, 'GET', url, { tenant: store.slug })).statusCode).toBe(401);
    expect((await call(t.app, 'GET', url, { token: staff.token, tenant: store.slug })).statusCode).toBe(403);
    expect((await call(t.app, 'GET', url, { token: analyst.token, tenant: store.slug })).statusCode).toBe(200);
  });
});
