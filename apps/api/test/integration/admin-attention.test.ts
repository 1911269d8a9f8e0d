/**
 * The admin dashboard's "needs attention" panel (`GET /api/v1/admin/attention`): exact counts of
 * vendor applications and products to review and of recent failed payments, the variants running
 * out (lowest first, at most 10), each shown only with the permission that acts on it, for the
 * store's staff only and never counting another store's rows.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCategory, createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { inStore } from '../checkout-helpers.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { login } from '../identity-helpers.js';
import { insertConfirmedOrders } from '../order-helpers.js';
import { personOf, storeWithOwner } from '../settings-helpers.js';

interface LowStockItem {
  productId: string;
  variantId: string;
  productTitle: string;
  sku: string;
  stock: number;
  vendor: { id: string; name: string };
}

interface Attention {
  vendorsPendingReview: number | null;
  productsPendingReview: number | null;
  failedPayments: number | null;
  lowStock: { threshold: number; count: number; items: LowStockItem[] } | null;
}

const DAY_MS = 86_400_000;

describe('GET /api/v1/admin/attention', () => {
  const t = useApp();

  async function setup() {
    const { store, token: ownerToken } = await storeWithOwner(t);
    const category = await createCategory(t.runtime, store.id);
    const vendor = await createVendor(t.runtime, store.id, { name: 'Kiln Works' });
    const vendorToken = (
      await login(t.app, await createVendorUser(t.runtime, store.id, vendor.id), { tenant: store.slug })
    ).accessToken;
    const attention = async (token: string, query = '') => {
      const res = await call(t.app, 'GET', `/api/v1/admin/attention${query}`, { token, tenant: store.slug });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Attention>();
    };
    return { store, ownerToken, category, vendor, vendorToken, attention };
  }

  it('counts what waits for review and follows each submission, approval and application', async () => {
    const { store, ownerToken, category, vendor, vendorToken, attention } = await setup();
    expect(await attention(ownerToken)).toEqual({
      vendorsPendingReview: 0,
      productsPendingReview: 0,
      failedPayments: 0,
      lowStock: { threshold: 5, count: 0, items: [] },
    });

    const drafts = await Promise.all(
      ['Jug', 'Bowl', 'Plate'].map((title) =>
        createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: category.id, status: 'draft', title }),
      ),
    );
    const submit = async (id: string) => {
      const res = await call(t.app, 'POST', `/api/v1/vendor/products/${id}/submit`, {
        tenant: store.slug,
        token: vendorToken,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    for (const d of drafts) await submit(d.id);
    expect((await attention(ownerToken)).productsPendingReview).toBe(3);

    const approve = await call(t.app, 'POST', `/api/v1/admin/products/${drafts[0]!.id}/approve`, {
      tenant: store.slug,
      token: ownerToken,
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const reject = await call(t.app, 'POST', `/api/v1/admin/products/${drafts[1]!.id}/reject`, {
      tenant: store.slug,
      token: ownerToken,
      body: { reason: 'Blurry photos' },
    });
    expect(reject.statusCode, reject.body).toBe(200);
    expect((await attention(ownerToken)).productsPendingReview).toBe(1);

    await createVendor(t.runtime, store.id, { status: 'pending' });
    await createVendor(t.runtime, store.id, { status: 'pending' });
    await createVendor(t.runtime, store.id, { status: 'rejected' });
    expect((await attention(ownerToken)).vendorsPendingReview).toBe(2);

    // Another store's queue is not this one's.
    const other = await storeWithOwner(t);
    const otherVendor = await createVendor(t.runtime, other.store.id, { status: 'pending' });
    await createProduct(t.runtime, other.store.id, { vendorId: otherVendor.id, status: 'pending_review' });
    expect(await attention(ownerToken)).toMatchObject({ vendorsPendingReview: 2, productsPendingReview: 1 });
    expect(
      (
        await call(t.app, 'GET', '/api/v1/admin/attention', { token: other.token, tenant: other.store.slug })
      ).json<Attention>(),
    ).toMatchObject({ vendorsPendingReview: 1, productsPendingReview: 1 });
  });

  it('lists the variants on sale running out, lowest first, at most 10', async () => {
    const { store, ownerToken, category, vendor, vendorToken, attention } = await setup();
    const mug = await createProduct(t.runtime, store.id, {
      vendorId: vendor.id,
      categoryId: category.id,
      title: 'Mug',
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { price: 1200, onHand: 10, options: { Size: 'S' } },
        { price: 1400, onHand: 40, options: { Size: 'L' } },
      ],
    });
    // Low, but not on sale: a draft, an inactive variant.
    await createProduct(t.runtime, store.id, {
      vendorId: vendor.id,
      status: 'draft',
      variants: [{ price: 100, onHand: 0 }],
    });
    await createProduct(t.runtime, store.id, {
      vendorId: vendor.id,
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { price: 100, onHand: 50, options: { Size: 'S' } },
        { price: 100, onHand: 0, options: { Size: 'L' }, active: false },
      ],
    });
    expect((await attention(ownerToken)).lowStock).toEqual({ threshold: 5, count: 0, items: [] });

    // The vendor's stock of the small mug drops to 3.
    const patch = await call(t.app, 'PATCH', `/api/v1/vendor/products/${mug.id}/variants/${mug.variantIds[0]}`, {
      tenant: store.slug,
      token: vendorToken,
      headers: { 'if-match': '"1"' },
      body: { stock: 3 },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect((await attention(ownerToken)).lowStock).toEqual({
      threshold: 5,
      count: 1,
      items: [
        {
          productId: mug.id,
          variantId: mug.variantIds[0],
          productTitle: 'Mug',
          sku: mug.skus[0],
          stock: 3,
          vendor: { id: vendor.id, name: 'Kiln Works' },
        },
      ],
    });
    expect((await attention(ownerToken, '?lowStockThreshold=2')).lowStock).toEqual({
      threshold: 2,
      count: 0,
      items: [],
    });
    expect((await attention(ownerToken, '?lowStockThreshold=3')).lowStock?.count).toBe(1);

    // Twelve more, 0 to 11 units on hand (made in shuffled order).
    const stocks = [7, 2, 11, 0, 5, 9, 1, 10, 4, 8, 3, 6];
    for (const onHand of stocks) {
      await createProduct(t.runtime, store.id, {
        vendorId: vendor.id,
        title: `Plate ${String(onHand).padStart(2, '0')}`,
        variants: [{ price: 900, onHand }],
      });
    }
    const five = (await attention(ownerToken)).lowStock!;
    expect(five.count).toBe(7); // 0–5 and the mug at 3
    expect(five.items.map((i) => [i.stock, i.productTitle])).toEqual([
      [0, 'Plate 00'],
      [1, 'Plate 01'],
      [2, 'Plate 02'],
      [3, 'Mug'],
      [3, 'Plate 03'],
      [4, 'Plate 04'],
      [5, 'Plate 05'],
    ]);
    const wide = (await attention(ownerToken, '?lowStockThreshold=1000')).lowStock!;
    expect(wide.count).toBe(15); // the twelve plates, both mugs and the other product's active variant
    expect(wide.items).toHaveLength(10);
    expect(wide.items.map((i) => i.stock)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8]);

    for (const query of ['?lowStockThreshold=-1', '?lowStockThreshold=1001', '?lowStockThreshold=x', '?other=1']) {
      const res = await call(t.app, 'GET', `/api/v1/admin/attention${query}`, {
        token: ownerToken,
        tenant: store.slug,
      });
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('counts orders of the last 30 days whose payment failed', async () => {
    const { store, ownerToken, vendor, attention } = await setup();
    const p = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    const lines = [{ vendorId: vendor.id, productId: p.id, variantId: p.variantIds[0]!, unitPrice: 1000, quantity: 1 }];
    const now = Date.now();
    const recent = await insertConfirmedOrders(t.runtime, store, 3, {
      lines,
      placedAt: (i) => new Date(now - (i * 10 + 1) * DAY_MS), // 1, 11 and 21 days ago
    });
    const old = await insertConfirmedOrders(t.runtime, store, 1, {
      lines,
      placedAt: () => new Date(now - 31 * DAY_MS),
    });
    const fail = (ids: string[]) =>
      inStore(t.runtime, store.id, (tx) =>
        tx.execute(
          sql`update orders set payment_status = 'failed', status = 'cancelled'
              where id in (${sql.join(
                ids.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
        ),
      );
    expect((await attention(ownerToken)).failedPayments).toBe(0);
    await fail([recent[0]!.orderId, recent[2]!.orderId, old[0]!.orderId]);
    expect((await attention(ownerToken)).failedPayments).toBe(2);
  });

  it("shows each figure only with its permission, to the store's staff only", async () => {
    const { store, vendorToken, vendor } = await setup();
    await createVendor(t.runtime, store.id, { status: 'pending' });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, status: 'pending_review' });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, variants: [{ price: 500, onHand: 1 }] });
    const as = async (roles: Parameters<typeof personOf>[2], grants: string[]) => {
      const { token } = await personOf(t, store, roles, grants);
      const res = await call(t.app, 'GET', '/api/v1/admin/attention', { token, tenant: store.slug });
      return { status: res.statusCode, body: res.json<Attention & { code?: string }>() };
    };

    const ordersOnly = await as(['staff'], ['orders:read:any', 'orders:manage']);
    expect(ordersOnly).toEqual({
      status: 200,
      body: { vendorsPendingReview: null, productsPendingReview: null, failedPayments: 0, lowStock: null },
    });
    const cataloguer = await as(['staff'], ['catalog:manage']);
    expect(cataloguer.body).toMatchObject({ vendorsPendingReview: null, productsPendingReview: null });
    expect(cataloguer.body.lowStock).toMatchObject({ threshold: 5, count: 1 });
    const moderator = await as(['staff'], ['products:approve']);
    expect(moderator.body).toMatchObject({
      vendorsPendingReview: null,
      productsPendingReview: 1,
      failedPayments: null,
    });
    expect(moderator.body.lowStock?.count).toBe(1);
    const vendorDesk = await as(['staff'], ['vendors:approve']);
    expect(vendorDesk.body).toEqual({
      vendorsPendingReview: 1,
      productsPendingReview: null,
      failedPayments: null,
      lowStock: null,
    });
    expect(await as(['staff'], [])).toEqual({
      status: 200,
      body: { vendorsPendingReview: null, productsPendingReview: null, failedPayments: null, lowStock: null },
    });

    const customer = await as(['customer'], []);
    expect(customer.status).toBe(403);
    const vendorCall = await call(t.app, 'GET', '/api/v1/admin/attention', { token: vendorToken, tenant: store.slug });
    expect(vendorCall.statusCode).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/admin/attention', { tenant: store.slug })).statusCode).toBe(401);
  });
});
