/**
 * Stock reservations (catalog.inventory.ts) on the database: all-or-nothing holds, sales, releases
 * that never give units back twice, re-reservation after expiry, restocks and direct deductions,
 * the low-stock event, and the public catalog's `available` following every change.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { systemContext, type TxContext } from '../../src/platform/context.js';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import {
  InsufficientInventory,
  convertReservations,
  deductStock,
  releaseReservations,
  rereserve,
  reserveStock,
  restock,
} from '../../src/modules/catalog/index.js';
import { buildTenant } from '../factories.js';
import { createProduct, createVendor } from '../catalog-factories.js';
import { inStore, reservationsIn, stockOf } from '../checkout-helpers.js';
import { useApp } from '../helpers.js';

const t = useApp();

async function store(variants: Array<{ price: number; onHand: number; active?: boolean }>) {
  const tenant = await buildTenant(t.runtime);
  const vendor = await createVendor(t.runtime, tenant.id);
  const product = await createProduct(t.runtime, tenant.id, { vendorId: vendor.id, variants });
  return { tenant, product, ids: product.variantIds };
}

const inTx = <T>(tenantId: string, fn: (ctx: TxContext) => Promise<T>) =>
  t.runtime.services.uow(systemContext({ id: tenantId }, `test-${newId()}`), fn);

describe('reserveStock', () => {
  it('holds every line or none, naming each shortfall with what is available', async () => {
    const { tenant, ids } = await store([
      { price: 100, onHand: 5 },
      { price: 100, onHand: 1 },
      { price: 100, onHand: 9, active: false },
    ]);
    const [a, b, c] = ids as [string, string, string];
    const orderId = newId();
    const result = await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, {
        orderId,
        ttlMinutes: 15,
        lines: [
          { variantId: a, quantity: 2 },
          { variantId: b, quantity: 2 },
          { variantId: c, quantity: 1 },
          { variantId: a, quantity: 1 },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.shortfalls).toEqual(
      expect.arrayContaining([
        { variantId: b, requested: 2, available: 1 },
        { variantId: c, requested: 1, available: 0 },
      ]),
    );
    expect(result.shortfalls.map((s) => s.variantId)).not.toContain(a);
    // What the call took before it met the shortfall was given back in the same transaction.
    expect(await stockOf(t.runtime, tenant.id, a)).toEqual({ onHand: 5, reserved: 0 });
    expect(await reservationsIn(t.runtime, tenant.id)).toEqual([]);

    const ok = await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, { orderId, ttlMinutes: 15, lines: [{ variantId: a, quantity: 5 }] }),
    );
    expect(ok).toEqual({ ok: true });
    expect(await stockOf(t.runtime, tenant.id, a)).toEqual({ onHand: 5, reserved: 5 });
    const again = await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, { orderId: newId(), ttlMinutes: 15, lines: [{ variantId: a, quantity: 1 }] }),
    );
    expect(again).toEqual({ ok: false, shortfalls: [{ variantId: a, requested: 1, available: 0 }] });
  });
});

describe('settling reservations', () => {
  it('converts once, releases once, re-reserves all or nothing, and says when stock runs low', async () => {
    const { tenant, ids } = await store([{ price: 100, onHand: 6 }]);
    const [v] = ids as [string];
    await inStore(t.runtime, tenant.id, (tx) =>
      tx.execute(sql`update variants set low_stock_threshold = 2 where id = ${v}`),
    );
    const sold = newId();
    await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, { orderId: sold, ttlMinutes: 15, lines: [{ variantId: v, quantity: 4 }] }),
    );
    const converted = await inTx(tenant.id, (ctx) => convertReservations(ctx, sold));
    expect(converted).toEqual([{ variantId: v, quantity: 4 }]);
    expect(await inTx(tenant.id, (ctx) => convertReservations(ctx, sold))).toEqual([]);
    expect(await stockOf(t.runtime, tenant.id, v)).toEqual({ onHand: 2, reserved: 0 });
    const low = rowsOf<{ payload: { variantId: string; available: number; threshold: number } }>(
      await t.runtime.database.db.execute(
        sql`select payload from outbox where type = 'inventory.low_stock.v1' and aggregate_id = ${v}`,
      ),
    );
    expect(low.map((r) => r.payload)).toEqual([expect.objectContaining({ variantId: v, available: 2, threshold: 2 })]);

    const held = newId();
    await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, { orderId: held, ttlMinutes: 15, lines: [{ variantId: v, quantity: 2 }] }),
    );
    const released = await Promise.all([
      inTx(tenant.id, (ctx) => releaseReservations(ctx, held)),
      inTx(tenant.id, (ctx) => releaseReservations(ctx, held)),
    ]);
    expect(released.sort()).toEqual([0, 2]);
    expect(await stockOf(t.runtime, tenant.id, v)).toEqual({ onHand: 2, reserved: 0 });

    expect(await inTx(tenant.id, (ctx) => rereserve(ctx, held))).toBe(true);
    expect(await stockOf(t.runtime, tenant.id, v)).toEqual({ onHand: 2, reserved: 2 });
    expect((await reservationsIn(t.runtime, tenant.id, held)).map((r) => r.status)).toEqual(['held']);
    await inTx(tenant.id, (ctx) => releaseReservations(ctx, held));
    // Someone else buys the units meanwhile: nothing can be taken again, and nothing is.
    await inTx(tenant.id, (ctx) => deductStock(ctx, [{ variantId: v, quantity: 1 }]));
    expect(await inTx(tenant.id, (ctx) => rereserve(ctx, held))).toBe(false);
    expect(await stockOf(t.runtime, tenant.id, v)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('restocks and deducts directly; a deduction beyond the shelf is 409 and changes nothing', async () => {
    const { tenant, ids } = await store([
      { price: 100, onHand: 3 },
      { price: 100, onHand: 1 },
    ]);
    const [a, b] = ids as [string, string];
    await inTx(tenant.id, (ctx) => restock(ctx, [{ variantId: a, quantity: 4 }]));
    expect(await stockOf(t.runtime, tenant.id, a)).toEqual({ onHand: 7, reserved: 0 });
    await expect(
      inTx(tenant.id, (ctx) =>
        deductStock(ctx, [
          { variantId: a, quantity: 2 },
          { variantId: b, quantity: 2 },
        ]),
      ),
    ).rejects.toBeInstanceOf(InsufficientInventory);
    expect(await stockOf(t.runtime, tenant.id, a)).toEqual({ onHand: 7, reserved: 0 });
    await inTx(tenant.id, (ctx) => deductStock(ctx, [{ variantId: b, quantity: 1 }]));
    expect(await stockOf(t.runtime, tenant.id, b)).toEqual({ onHand: 0, reserved: 0 });
  });
});

describe('the public catalog', () => {
  it("shows a variant's available units changed as soon as stock is held or sold", async () => {
    const { tenant, product, ids } = await store([{ price: 100, onHand: 4 }]);
    const [v] = ids as [string];
    const read = async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/products/${product.slug}`,
        headers: { 'x-tenant-id': tenant.slug },
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ variants: Array<{ id: string; available: number }> }>().variants.find((x) => x.id === v)
        ?.available;
    };
    expect(await read()).toBe(4);
    const orderId = newId();
    await inTx(tenant.id, (ctx) =>
      reserveStock(ctx, { orderId, ttlMinutes: 15, lines: [{ variantId: v, quantity: 3 }] }),
    );
    expect(await read()).toBe(1);
    await inTx(tenant.id, (ctx) => releaseReservations(ctx, orderId));
    expect(await read()).toBe(4);
  });
});
