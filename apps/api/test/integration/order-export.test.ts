/**
 * The order export: one CSV row per order line over any date range, dates in the caller's time
 * zone, no personal data, for those who may read every order; streamed through a cursor that only
 * fetches the next batch when the reader has taken the last (measured by counting the cursor's
 * FETCH statements while nobody reads).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/client.js';
import { systemContext } from '../../src/platform/context.js';
import { call } from '../http-helpers.js';
import { type TestApp, startApp, testDatabase } from '../helpers.js';
import { recording } from '../statement-recorder.js';
import { createProduct, createVendor } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { insertConfirmedOrders, signedIn, vendorPerson } from '../order-helpers.js';

/** Counts the cursor's FETCH statements run inside tenant transactions. */
function countingFetches(inner: Database): { database: Database; fetches: () => number } {
  const rec = recording(inner);
  return { database: rec.database, fetches: () => rec.statements.filter((q) => /^\s*fetch\b/i.test(q)).length };
}

describe('order export', () => {
  let t: TestApp;
  let counting: ReturnType<typeof countingFetches>;
  let store: { id: string; slug: string };
  let vendorA: { id: string; name: string };
  const ORDERS = 1500;

  beforeAll(async () => {
    counting = countingFetches(await testDatabase());
    t = await startApp({}, { database: counting.database });
    store = await buildTenant(t.runtime);
    vendorA = await createVendor(t.runtime, store.id, { name: 'Alpha Goods' });
    const vendorB = await createVendor(t.runtime, store.id, { name: 'Beta, "Quoted" Wares' });
    const pa = await createProduct(t.runtime, store.id, { vendorId: vendorA.id });
    const pb = await createProduct(t.runtime, store.id, { vendorId: vendorB.id });
    // One order a minute from 2024-03-01 00:00 UTC; two lines each (3000 rows: three batches).
    const start = Date.UTC(2024, 2, 1);
    await insertConfirmedOrders(t.runtime, store, ORDERS, {
      lines: [
        { vendorId: vendorA.id, productId: pa.id, variantId: pa.variantIds[0]!, unitPrice: 1999, quantity: 2 },
        { vendorId: vendorB.id, productId: pb.id, variantId: pb.variantIds[0]!, unitPrice: 500, quantity: 1 },
      ],
      placedAt: (i) => new Date(start + i * 60_000),
      email: 'secret-shopper@example.test',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('streams every line as CSV, in the caller’s time zone, without personal data', async () => {
    const owner = await signedIn(t.app, t.runtime, store, { roles: ['owner'] });
    const res = await call(t.app, 'GET', '/api/v1/admin/orders/export?format=csv', {
      tenant: store.slug,
      token: owner.token,
      headers: { 'x-timezone': 'Asia/Kolkata' },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body).not.toContain('secret-shopper');
    expect(res.body).not.toContain('Main Street');
    const rows = parse<Record<string, string>>(res.body, { columns: true });
    expect(rows).toHaveLength(ORDERS * 2);
    expect(Object.keys(rows[0]!)).toEqual([
      'order_number',
      'placed_at',
      'status',
      'payment_status',
      'vendor',
      'sku',
      'title',
      'quantity',
      'unit_price',
      'line_total',
      'order_total',
      'currency',
    ]);
    expect(rows[0]).toMatchObject({
      placed_at: '2024-03-01 05:30:00',
      status: 'confirmed',
      payment_status: 'paid',
      vendor: 'Alpha Goods',
      quantity: '2',
      unit_price: '19.99',
      line_total: '39.98',
      order_total: '44.98',
      currency: 'USD',
    });
    expect(rows[1]).toMatchObject({
      vendor: 'Beta, "Quoted" Wares',
      unit_price: '5.00',
      order_number: rows[0]!.order_number,
    });
    expect(rows.at(-1)?.placed_at).toBe('2024-03-02 06:29:00');
  });

  it('filters by date range, renders UTC by default, refuses bad zones and callers', async () => {
    const owner = await signedIn(t.app, t.runtime, store, { roles: ['owner'] });
    const res = await call(
      t.app,
      'GET',
      `/api/v1/admin/orders/export?from=${encodeURIComponent('2024-03-01T01:00:00Z')}&to=${encodeURIComponent('2024-03-01T01:10:00Z')}`,
      { tenant: store.slug, token: owner.token },
    );
    expect(res.statusCode).toBe(200);
    const rows = parse<Record<string, string>>(res.body, { columns: true });
    expect(rows).toHaveLength(20);
    expect(rows[0]?.placed_at).toBe('2024-03-01 01:00:00');

    const badZone = await call(t.app, 'GET', '/api/v1/admin/orders/export', {
      tenant: store.slug,
      token: owner.token,
      headers: { 'x-timezone': 'Mars/Olympus_Mons' },
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json()).toMatchObject({ code: 'invalid_timezone' });
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/orders/export?format=xlsx', { tenant: store.slug, token: owner.token }))
        .statusCode,
    ).toBe(400);
    const backwards = await call(
      t.app,
      'GET',
      `/api/v1/admin/orders/export?from=${encodeURIComponent('2024-03-02T00:00:00Z')}&to=${encodeURIComponent('2024-03-01T00:00:00Z')}`,
      { tenant: store.slug, token: owner.token },
    );
    expect(backwards.statusCode).toBe(422);
    const vendor = await vendorPerson(t.app, t.runtime, store, vendorA.id);
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/orders/export', { tenant: store.slug, token: vendor.token })).statusCode,
    ).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/admin/orders/export', { tenant: store.slug })).statusCode).toBe(401);
  });

  it('fetches the next batch only when the reader has taken the last', async () => {
    const tenant = {
      id: store.id,
      slug: store.slug,
      name: store.slug,
      status: 'active' as const,
      defaultCurrency: 'USD',
      defaultLocale: 'en',
    };
    const ctx = { ...systemContext(tenant, 'export-test'), tenant };
    const before = counting.fetches();
    const stream = t.runtime.services.orders.exportCsv(ctx, { timeZone: 'UTC' });
    // Nobody reads: the first batch fills the stream's buffers and the cursor waits.
    await new Promise((r) => setTimeout(r, 500));
    expect(counting.fetches() - before).toBe(1);
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    // Three full batches and the empty one that ends the cursor.
    expect(counting.fetches() - before).toBe(4);
    expect(bytes).toBeGreaterThan(ORDERS * 2 * 50);
  });
});
