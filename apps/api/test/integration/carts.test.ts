/**
 * Carts through the API: guest and customer carts and who may use them, lines and their bounds,
 * variants that cannot be sold, coupons, shipping options and tax per vendor and address, totals,
 * the customer's one active cart, the merge at sign-in, and the cart as checkout takes it.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import type { Runtime } from '../../src/runtime.js';
import { createProduct, createVendor } from '../catalog-factories.js';
import {
  type CartBody,
  type Shopper,
  addItem,
  cartCall,
  createCoupon,
  createShippingRate,
  createShippingZone,
  createTaxRate,
  guestCart,
  inStore,
} from '../cart-helpers.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, randomIp, rawRows } from '../identity-helpers.js';

interface World {
  store: { id: string; slug: string };
  vendorA: { id: string; slug: string; name: string };
  vendorB: { id: string; slug: string; name: string };
  /** Vendor A: 1000 each, 10 on hand, 500 g. */
  shirt: string;
  /** Vendor A: 2500 each, 3 on hand. */
  mug: string;
  /** Vendor B: 400 each, 500 on hand. */
  sticker: string;
  zoneId: string;
}

/** A store with two vendors, three variants, a US zone with a shared rate and vendor B's own rate. */
async function world(t: { runtime: Runtime }): Promise<World> {
  const store = await buildTenant(t.runtime);
  const vendorA = await createVendor(t.runtime, store.id);
  const vendorB = await createVendor(t.runtime, store.id);
  const a = await createProduct(t.runtime, store.id, {
    vendorId: vendorA.id,
    title: 'Shirt',
    variants: [
      { price: 1000, onHand: 10, options: { Size: 'M' } },
      { price: 2500, onHand: 3 },
    ],
  });
  await inStore(t.runtime, store.id, (tx) =>
    tx.execute(sql`update variants set weight_grams = 500 where id = ${a.variantIds[0] as string}`),
  );
  const b = await createProduct(t.runtime, store.id, {
    vendorId: vendorB.id,
    title: 'Sticker',
    variants: [{ price: 400, onHand: 500 }],
  });
  const zoneId = await createShippingZone(t.runtime, store.id, { countries: ['US'] });
  await createShippingRate(t.runtime, store.id, { zoneId, amount: 500, name: 'Standard' });
  await createShippingRate(t.runtime, store.id, { zoneId, amount: 1500, name: 'Express', minDays: 1, maxDays: 2 });
  await createShippingRate(t.runtime, store.id, {
    zoneId,
    amount: 300,
    name: 'Letter',
    vendorId: vendorB.id,
    freeOver: 2000,
  });
  return {
    store,
    vendorA,
    vendorB,
    shirt: a.variantIds[0] as string,
    mug: a.variantIds[1] as string,
    sticker: b.variantIds[0] as string,
    zoneId,
  };
}

async function customer(t: { runtime: Runtime; app: FastifyInstance }, store: { id: string; slug: string }) {
  const user = await createUser(t.runtime, store.id, { roles: ['customer'] });
  const session = await login(t.app, user, { tenant: store.slug });
  return { user, shopper: { tenant: store.slug, token: session.accessToken } as Shopper };
}

const amount = (m: { amount: number }) => m.amount;

describe('guest carts', () => {
  const t = useApp();

  it('creates a cart with a one-time token, and only that token opens it', async () => {
    const w = await world(t);
    const res = await cartCall(t.app, 'POST', '/api/v1/carts', { tenant: w.store.slug });
    expect(res.statusCode).toBe(201);
    const cart = res.json<CartBody>();
    expect(res.headers.location).toBe(`/api/v1/carts/${cart.id}`);
    expect(res.headers.etag).toBe(`"${cart.version}"`);
    expect(cart.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cart).toMatchObject({ userId: null, status: 'active', currency: 'USD', items: [], itemCount: 0 });
    expect(new Date(cart.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    // Only the token's hash is stored.
    const [row] = (await rawRows(t.runtime, w.store.id, 'carts')).filter((r) => r.id === cart.id);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(cart.token as string);

    const shopper = { tenant: w.store.slug, cartToken: cart.token as string };
    const read = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper);
    expect(read.statusCode).toBe(200);
    expect(read.json<CartBody>().token).toBeUndefined();

    for (const who of [
      { tenant: w.store.slug },
      { tenant: w.store.slug, cartToken: 'x'.repeat(43) },
      { tenant: w.store.slug, cartToken: (await guestCart(t.app, w.store.slug)).shopper.cartToken as string },
    ]) {
      const denied = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, who);
      expect(denied.statusCode).toBe(404);
      expect(denied.json()).toMatchObject({ code: 'cart_not_found' });
      const write = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, who, {
        variantId: w.shirt,
        quantity: 1,
      });
      expect(write.statusCode).toBe(404);
    }
    // Another store never sees it.
    const other = await buildTenant(t.runtime);
    const elsewhere = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, { ...shopper, tenant: other.slug });
    expect(elsewhere.statusCode).toBe(404);
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${newId()}`, shopper)).statusCode).toBe(404);
  });

  it('adds, sums, changes and removes lines; totals follow', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    let c = await addItem(t.app, shopper, cart.id, w.shirt, 2);
    expect(c.items).toHaveLength(1);
    expect(c.items[0]).toMatchObject({
      variantId: w.shirt,
      title: 'Shirt',
      quantity: 2,
      available: 10,
      purchasable: true,
      options: { Size: 'M' },
      vendor: { id: w.vendorA.id, slug: w.vendorA.slug, name: w.vendorA.name },
      unitPrice: { amount: 1000, currency: 'USD' },
      lineTotal: { amount: 2000, currency: 'USD' },
    });
    c = await addItem(t.app, shopper, cart.id, w.shirt, 3);
    expect(c.items).toHaveLength(1);
    expect(c.items[0]?.quantity).toBe(5);
    c = await addItem(t.app, shopper, cart.id, w.sticker, 1);
    expect(c.itemCount).toBe(6);
    // Shirt: 5000 + cheapest shared rate 500; sticker: 400 + vendor B's own letter rate 300.
    expect(amount(c.totals.subtotal)).toBe(5400);
    expect(amount(c.totals.shipping)).toBe(800);
    expect(amount(c.totals.total)).toBe(6200);
    expect(c.shipping.map((s) => [s.vendorId, s.option?.name])).toEqual([
      [w.vendorA.id, 'Standard'],
      [w.vendorB.id, 'Letter'],
    ]);
    const line = c.items.find((i) => i.variantId === w.shirt)!;
    const patched = await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper, {
      quantity: 1,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<CartBody>().items.find((i) => i.id === line.id)?.quantity).toBe(1);
    const removed = await cartCall(t.app, 'DELETE', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper);
    expect(removed.statusCode).toBe(200);
    const after = removed.json<CartBody>();
    expect(after.items.map((i) => i.variantId)).toEqual([w.sticker]);
    expect(after.version).toBeGreaterThan(c.version);
    const again = await cartCall(t.app, 'DELETE', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'cart_item_not_found' });
  });

  it('refuses quantities out of bounds (400) and beyond what is available (422)', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    for (const quantity of [0, -1, 101, 1.5, null]) {
      const res = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, {
        variantId: w.shirt,
        quantity,
      });
      expect(res.statusCode).toBe(400);
    }
    const bad = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, {
      variantId: 'nope',
      quantity: 1,
    });
    expect(bad.statusCode).toBe(400);
    const tooMany = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, {
      variantId: w.mug,
      quantity: 4,
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({
      code: 'quantity_unavailable',
      variants: [{ variantId: w.mug, requested: 4, available: 3 }],
    });
    const c = await addItem(t.app, shopper, cart.id, w.mug, 2);
    const summed = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, {
      variantId: w.mug,
      quantity: 2,
    });
    expect(summed.statusCode).toBe(422);
    expect(summed.json()).toMatchObject({ variants: [{ requested: 4, available: 3 }] });
    const line = c.items[0]!;
    const raise = await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper, { quantity: 5 });
    expect(raise.statusCode).toBe(422);
    expect(
      (await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper, { quantity: 101 }))
        .statusCode,
    ).toBe(400);
    // The failed changes left the cart as it was.
    const read = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper);
    expect(read.json<CartBody>().items.map((i) => i.quantity)).toEqual([2]);
    expect(read.json<CartBody>().version).toBe(c.version);

    // Adding the same variant sums and stops at 100.
    const big = await createProduct(t.runtime, w.store.id, {
      vendorId: w.vendorB.id,
      variants: [{ price: 1, onHand: 1000 }],
    });
    await addItem(t.app, shopper, cart.id, big.variantIds[0]!, 60);
    const capped = await addItem(t.app, shopper, cart.id, big.variantIds[0]!, 60);
    expect(capped.items.find((i) => i.variantId === big.variantIds[0])?.quantity).toBe(100);
  });

  it('refuses variants that are not for sale (422 variant_unavailable) and marks lines that stopped being sold', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    const inactive = await createProduct(t.runtime, w.store.id, {
      vendorId: w.vendorA.id,
      variants: [{ price: 100, active: false }],
    });
    const draft = await createProduct(t.runtime, w.store.id, { vendorId: w.vendorA.id, status: 'draft' });
    const suspended = await createVendor(t.runtime, w.store.id, { status: 'suspended' });
    const hidden = await createProduct(t.runtime, w.store.id, { vendorId: suspended.id });
    for (const variantId of [inactive.variantIds[0]!, draft.variantIds[0]!, hidden.variantIds[0]!, newId()]) {
      const res = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, { variantId, quantity: 1 });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'variant_unavailable', variantId });
    }
    await addItem(t.app, shopper, cart.id, w.shirt, 1);
    await inStore(t.runtime, w.store.id, (tx) =>
      tx.execute(sql`update variants set active = false where id = ${w.shirt}`),
    );
    const read = (await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper)).json<CartBody>();
    expect(read.items[0]).toMatchObject({ purchasable: false, available: 0 });
    await expect(
      t.runtime.services.uow(ctxOf(w.store), (tx) =>
        t.runtime.services.carts.prepareCheckout(tx, {
          cartId: cart.id,
          access: { userId: null, cartToken: shopper.cartToken as string },
          address: { country: 'US', region: null },
          selectedShipping: {},
          customerKey: null,
        }),
      ),
    ).rejects.toMatchObject({ code: 'cart_unavailable_items', extensions: { items: [{ variantId: w.shirt }] } });
  });

  it('an expired guest cart is gone', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    await inStore(t.runtime, w.store.id, (tx) =>
      tx.execute(sql`update carts set expires_at = now() - interval '1 minute' where id = ${cart.id}`),
    );
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper)).statusCode).toBe(404);
    const write = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, shopper, {
      variantId: w.shirt,
      quantity: 1,
    });
    expect(write.statusCode).toBe(404);
  });

  it('If-Match is optional, but a stale one is 412', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    const c = await addItem(t.app, shopper, cart.id, w.shirt, 1);
    const stale = await cartCall(
      t.app,
      'POST',
      `/api/v1/carts/${cart.id}/items`,
      shopper,
      { variantId: w.sticker, quantity: 1 },
      { 'if-match': `"${cart.version}"` },
    );
    expect(stale.statusCode).toBe(412);
    const fresh = await cartCall(
      t.app,
      'POST',
      `/api/v1/carts/${cart.id}/items`,
      shopper,
      { variantId: w.sticker, quantity: 1 },
      { 'if-match': `"${c.version}"` },
    );
    expect(fresh.statusCode).toBe(200);
  });

  it('publishes cart.created.v1 for each new cart', async () => {
    const w = await world(t);
    const { cart } = await guestCart(t.app, w.store.slug);
    const events = (await rawRows(t.runtime, w.store.id, 'outbox')).filter(
      (r) => r.type === 'cart.created.v1' && r.aggregate_id === cart.id,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ aggregate_type: 'cart', payload: { cartId: cart.id } });
  });
});

const ctxOf = (store: { id: string }) => ({
  tenantId: store.id,
  tenant: null,
  actor: null,
  requestId: `test-${newId()}`,
  locale: 'en',
  ip: '127.0.0.1',
});

describe('customer carts', () => {
  const t = useApp();

  it("POST /carts and GET /me/cart give the customer's one active cart, created once", async () => {
    const w = await world(t);
    const me = await customer(t, w.store);
    const mine = await Promise.all([1, 2, 3].map(() => cartCall(t.app, 'GET', '/api/v1/me/cart', me.shopper)));
    expect(mine.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const ids = new Set(mine.map((r) => r.json<CartBody>().id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const created = await cartCall(t.app, 'POST', '/api/v1/carts', me.shopper, { country: 'us', region: 'ca' });
    expect(created.statusCode).toBe(201);
    expect(created.json<CartBody>()).toMatchObject({
      id,
      userId: me.user.id,
      country: 'US',
      region: 'CA',
      expiresAt: null,
    });
    expect(created.json<CartBody>().token).toBeUndefined();
    const events = (await rawRows(t.runtime, w.store.id, 'outbox')).filter(
      (r) => r.type === 'cart.created.v1' && r.aggregate_id === id,
    );
    expect(events).toHaveLength(1);
    expect((await cartCall(t.app, 'GET', '/api/v1/me/cart', { tenant: w.store.slug })).statusCode).toBe(401);
  });

  it("only its customer uses a customer's cart; a customer may use a guest cart with its token", async () => {
    const w = await world(t);
    const me = await customer(t, w.store);
    const other = await customer(t, w.store);
    const cart = (await cartCall(t.app, 'GET', '/api/v1/me/cart', me.shopper)).json<CartBody>();
    await addItem(t.app, me.shopper, cart.id, w.shirt, 1);
    for (const who of [other.shopper, { tenant: w.store.slug }]) {
      expect((await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, who)).statusCode).toBe(404);
      const write = await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}`, who, { country: 'US' });
      expect(write.statusCode).toBe(404);
    }
    const guest = await guestCart(t.app, w.store.slug);
    const asCustomer = { ...other.shopper, cartToken: guest.shopper.cartToken as string };
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${guest.cart.id}`, asCustomer)).statusCode).toBe(200);
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${guest.cart.id}`, other.shopper)).statusCode).toBe(404);
  });

  it('a converted cart can be read but no longer changed; the customer then gets a new one', async () => {
    const w = await world(t);
    const me = await customer(t, w.store);
    const cart = (await cartCall(t.app, 'GET', '/api/v1/me/cart', me.shopper)).json<CartBody>();
    await addItem(t.app, me.shopper, cart.id, w.shirt, 1);
    const orderId = newId();
    await t.runtime.services.uow(ctxOf(w.store), (tx) =>
      t.runtime.services.carts.markCartConverted(tx, cart.id, orderId),
    );
    const read = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, me.shopper);
    expect(read.json<CartBody>()).toMatchObject({ status: 'converted', orderId });
    const write = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/items`, me.shopper, {
      variantId: w.mug,
      quantity: 1,
    });
    expect(write.statusCode).toBe(422);
    expect(write.json()).toMatchObject({ code: 'cart_not_active' });
    const next = (await cartCall(t.app, 'GET', '/api/v1/me/cart', me.shopper)).json<CartBody>();
    expect(next.id).not.toBe(cart.id);
    expect(next.items).toEqual([]);
  });
});

describe('coupons, shipping and tax', () => {
  const t = useApp();

  it('applies a code case-insensitively, reports why others do not apply, and removes it', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    await addItem(t.app, shopper, cart.id, w.shirt, 2);
    const ten = await createCoupon(t.runtime, w.store.id, { kind: 'percentage', value: 1000 });
    const big = await createCoupon(t.runtime, w.store.id, { kind: 'fixed', value: 500, minSubtotal: 10_000 });
    const old = await createCoupon(t.runtime, w.store.id, {
      kind: 'fixed',
      value: 500,
      endsAt: new Date(Date.now() - 1000),
    });
    const used = await createCoupon(t.runtime, w.store.id, { kind: 'fixed', value: 500, usageLimit: 1, usedCount: 1 });
    const vendorB = await createCoupon(t.runtime, w.store.id, { kind: 'fixed', value: 100, vendorId: w.vendorB.id });

    const cases: Array<[string, string]> = [
      ['NOSUCHCODE', 'unknown'],
      [big.code!, 'minimum_not_met'],
      [old.code!, 'expired'],
      [used.code!, 'usage_limit_reached'],
      [vendorB.code!, 'not_applicable'],
    ];
    for (const [code, reason] of cases) {
      const res = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/coupons`, shopper, { code });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'coupon_invalid', reason });
    }
    expect(
      (await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/coupons`, shopper, { code: 'bad code!' })).statusCode,
    ).toBe(400);

    const applied = await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/coupons`, shopper, {
      code: ten.code!.toLowerCase(),
    });
    expect(applied.statusCode).toBe(200);
    const c = applied.json<CartBody>();
    expect(c.coupons).toEqual([{ code: ten.code, applied: true, amount: { amount: 200, currency: 'USD' } }]);
    expect(amount(c.totals.discount)).toBe(200);
    expect(amount(c.items[0]!.discount)).toBe(200);
    expect(amount(c.totals.total)).toBe(2000 - 200 + 500);

    // The code stays and is re-checked: below its minimum after a change it shows why.
    await createCoupon(t.runtime, w.store.id, { code: 'MIN3000', kind: 'fixed', value: 100, minSubtotal: 3000 });
    await addItem(t.app, shopper, cart.id, w.shirt, 1);
    const withMin = (
      await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/coupons`, shopper, { code: 'min3000' })
    ).json<CartBody>();
    expect(withMin.coupons.map((x) => x.code)).toEqual([ten.code, 'MIN3000']);
    const line = withMin.items[0]!;
    const lowered = (
      await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}/items/${line.id}`, shopper, { quantity: 2 })
    ).json<CartBody>();
    expect(lowered.coupons[1]).toMatchObject({ code: 'MIN3000', applied: false, reason: 'minimum_not_met' });

    const removed = await cartCall(
      t.app,
      'DELETE',
      `/api/v1/carts/${cart.id}/coupons/${ten.code!.toLowerCase()}`,
      shopper,
    );
    expect(removed.statusCode).toBe(200);
    expect(removed.json<CartBody>().coupons.map((x) => x.code)).toEqual(['MIN3000']);
    expect(amount(removed.json<CartBody>().totals.discount)).toBe(0);
  });

  it('applies automatic promotions without a code', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    const freeShip = await createCoupon(t.runtime, w.store.id, {
      code: null,
      automatic: true,
      kind: 'free_shipping',
      vendorId: w.vendorA.id,
    });
    await createCoupon(t.runtime, w.store.id, {
      code: null,
      automatic: true,
      kind: 'fixed',
      value: 100,
      active: false,
    });
    const c = await addItem(t.app, shopper, cart.id, w.shirt, 1);
    expect(c.promotions).toEqual([
      {
        id: freeShip.id,
        code: null,
        name: expect.any(String),
        kind: 'free_shipping',
        amount: { amount: 500, currency: 'USD' },
      },
    ]);
    expect(amount(c.totals.shipping)).toBe(0);
    expect(amount(c.totals.total)).toBe(1000);
  });

  it('lists shipping options per vendor for the address, and taxes by region', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    await addItem(t.app, shopper, cart.id, w.shirt, 1);
    await addItem(t.app, shopper, cart.id, w.sticker, 2);
    const res = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}/shipping-options`, shopper);
    expect(res.statusCode).toBe(200);
    const options = res.json<{
      data: Array<{
        vendorId: string;
        name: string;
        price: { amount: number };
        estimatedDays: { min: number; max: number };
      }>;
    }>().data;
    expect(options.map((o) => [o.vendorId, o.name, o.price.amount])).toEqual([
      [w.vendorA.id, 'Standard', 500],
      [w.vendorA.id, 'Express', 1500],
      [w.vendorB.id, 'Letter', 300],
    ]);
    expect(options[1]?.estimatedDays).toEqual({ min: 1, max: 2 });

    // Vendor B's letter rate is free from 2000 of its items.
    const more = await addItem(t.app, shopper, cart.id, w.sticker, 3);
    expect(more.shipping.find((s) => s.vendorId === w.vendorB.id)?.option?.price.amount).toBe(0);

    // Tax: the region's rate wins over the country's; shipping is taxed too.
    await createTaxRate(t.runtime, w.store.id, { country: 'US', rateBps: 500 });
    await createTaxRate(t.runtime, w.store.id, { country: 'US', region: 'CA', rateBps: 725 });
    const ny = (
      await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}`, shopper, { country: 'US', region: 'NY' })
    ).json<CartBody>();
    // Items 1000 + 2000, shipping 500 + 0: 5 % of each line and of the shipping.
    expect(amount(ny.totals.tax)).toBe(50 + 100 + 25);
    expect(ny.taxIncluded).toBe(false);
    const ca = (
      await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}`, shopper, { country: 'us', region: 'ca' })
    ).json<CartBody>();
    // 72.5 → 73, 145, 36.25 → 36.
    expect(amount(ca.totals.tax)).toBe(73 + 145 + 36);
    expect(amount(ca.totals.total)).toBe(3000 + 500 + 254);
    expect(ca.items.map((i) => amount(i.tax))).toEqual([73, 145]);

    // Nowhere to ship: no options, no shipping; checkout refuses naming the vendors.
    const de = (
      await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}`, shopper, { country: 'DE' })
    ).json<CartBody>();
    expect(de.shipping.map((s) => s.option)).toEqual([null, null]);
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}/shipping-options`, shopper)).json()).toEqual({
      data: [],
    });
    await expect(
      t.runtime.services.uow(ctxOf(w.store), (tx) =>
        t.runtime.services.carts.prepareCheckout(tx, {
          cartId: cart.id,
          access: { userId: null, cartToken: shopper.cartToken as string },
          address: { country: 'DE', region: null },
          selectedShipping: {},
          customerKey: null,
        }),
      ),
    ).rejects.toMatchObject({ code: 'shipping_unavailable' });
    expect((await cartCall(t.app, 'PATCH', `/api/v1/carts/${cart.id}`, shopper, { country: 'DEU' })).statusCode).toBe(
      400,
    );
  });

  it('prices the cart with the shipping options chosen, one per vendor, or refuses ids it does not offer', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    await addItem(t.app, shopper, cart.id, w.shirt, 1);
    await addItem(t.app, shopper, cart.id, w.sticker, 1);
    const options = (await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}/shipping-options`, shopper)).json<{
      data: Array<{ id: string; vendorId: string; name: string }>;
    }>().data;
    const standard = options.find((o) => o.name === 'Standard')!;
    const express = options.find((o) => o.name === 'Express')!;
    const letter = options.find((o) => o.name === 'Letter')!;

    const cheapest = (await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper)).json<CartBody>();
    expect(amount(cheapest.totals.shipping)).toBe(500 + 300);
    const chosen = await cartCall(
      t.app,
      'GET',
      `/api/v1/carts/${cart.id}?shippingOptionIds=${express.id}&shippingOptionIds=${letter.id}`,
      shopper,
    );
    expect(chosen.statusCode).toBe(200);
    const body = chosen.json<CartBody>();
    expect(amount(body.totals.shipping)).toBe(1500 + 300);
    expect(amount(body.totals.total)).toBe(amount(cheapest.totals.total) + 1000);
    expect(body.shipping.find((s) => s.vendorId === w.vendorA.id)?.option?.name).toBe('Express');
    // One id alone is coerced to a list; the other vendor keeps its cheapest.
    const one = (
      await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}?shippingOptionIds=${express.id}`, shopper)
    ).json<CartBody>();
    expect(amount(one.totals.shipping)).toBe(1500 + 300);
    // Reading does not store the choice.
    expect(
      amount((await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper)).json<CartBody>().totals.shipping),
    ).toBe(800);

    const twoForOneVendor = await cartCall(
      t.app,
      'GET',
      `/api/v1/carts/${cart.id}?shippingOptionIds=${standard.id}&shippingOptionIds=${express.id}`,
      shopper,
    );
    expect(twoForOneVendor.statusCode).toBe(422);
    expect(twoForOneVendor.json()).toMatchObject({
      code: 'shipping_option_unavailable',
      shippingOptionIds: [express.id],
    });
    const unknown = await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}?shippingOptionIds=${newId()}`, shopper);
    expect(unknown.statusCode).toBe(422);
    expect((await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}?shippingOptionIds=nope`, shopper)).statusCode).toBe(
      400,
    );
  });

  it('prepares a cart for checkout: locked, priced for the address and chosen options, with its promotions', async () => {
    const w = await world(t);
    const { shopper, cart } = await guestCart(t.app, w.store.slug);
    const empty = t.runtime.services.uow(ctxOf(w.store), (tx) =>
      t.runtime.services.carts.prepareCheckout(tx, {
        cartId: cart.id,
        access: { userId: null, cartToken: shopper.cartToken as string },
        address: { country: 'US', region: null },
        selectedShipping: {},
        customerKey: null,
      }),
    );
    await expect(empty).rejects.toMatchObject({ code: 'cart_empty' });
    await addItem(t.app, shopper, cart.id, w.shirt, 2);
    await addItem(t.app, shopper, cart.id, w.sticker, 1);
    const coupon = await createCoupon(t.runtime, w.store.id, { kind: 'fixed', value: 300 });
    await cartCall(t.app, 'POST', `/api/v1/carts/${cart.id}/coupons`, shopper, { code: coupon.code });
    const express = (await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}/shipping-options`, shopper))
      .json<{ data: Array<{ id: string; name: string }> }>()
      .data.find((o) => o.name === 'Express')!;

    const prepare = (access: { userId: string | null; cartToken: string | null }) =>
      t.runtime.services.uow(ctxOf(w.store), (tx) =>
        t.runtime.services.carts.prepareCheckout(tx, {
          cartId: cart.id,
          access,
          address: { country: 'US', region: null },
          selectedShipping: { [w.vendorA.id]: express.id },
          customerKey: 'someone@example.test',
        }),
      );
    await expect(prepare({ userId: null, cartToken: 'wrong' })).rejects.toMatchObject({ code: 'cart_not_found' });
    const ready = await prepare({ userId: null, cartToken: shopper.cartToken as string });
    expect(ready).toMatchObject({
      cartId: cart.id,
      userId: null,
      currency: 'USD',
      couponCodes: [coupon.code],
      pricesIncludeTax: false,
    });
    expect(ready.lines.map((l) => [l.variantId, l.quantity, l.unitPrice, l.vendorId, l.weightGrams])).toEqual([
      [w.shirt, 2, 1000, w.vendorA.id, 500],
      [w.sticker, 1, 400, w.vendorB.id, 0],
    ]);
    expect(ready.promotions.map((p) => p.id)).toEqual([coupon.id]);
    expect(ready.quote).toMatchObject({ subtotal: 2400, discountTotal: 300, shippingTotal: 1500 + 300, total: 3900 });
    expect(ready.quote.vendors[0]?.shipping?.id).toBe(express.id);

    await t.runtime.services.uow(ctxOf(w.store), (tx) =>
      t.runtime.services.carts.markCartConverted(tx, cart.id, newId()),
    );
    await expect(prepare({ userId: null, cartToken: shopper.cartToken as string })).rejects.toMatchObject({
      code: 'cart_not_active',
    });
  });
});

describe('merge at sign-in', () => {
  const t = useApp();

  async function signIn(
    store: { slug: string },
    user: { email: string; password: string },
    cart?: { id?: string; token?: string },
  ) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': store.slug, ...(cart?.token ? { 'x-cart-token': cart.token } : {}) },
      payload: { email: user.email, password: user.password, ...(cart?.id ? { cartId: cart.id } : {}) },
    });
    expect(res.statusCode).toBe(200);
    return { tenant: store.slug, token: res.json<{ accessToken: string }>().accessToken } as Shopper;
  }

  it('sums quantities capped by availability and 100, unites coupons, and marks the guest cart merged', async () => {
    const w = await world(t);
    const user = await createUser(t.runtime, w.store.id, { roles: ['customer'] });
    const first = await signIn(w.store, user);
    const own = (await cartCall(t.app, 'GET', '/api/v1/me/cart', first)).json<CartBody>();
    await addItem(t.app, first, own.id, w.mug, 2);
    const ownCoupon = await createCoupon(t.runtime, w.store.id, { kind: 'fixed', value: 100 });
    await cartCall(t.app, 'POST', `/api/v1/carts/${own.id}/coupons`, first, { code: ownCoupon.code });

    const guest = await guestCart(t.app, w.store.slug, { country: 'US', region: 'NY' });
    await addItem(t.app, guest.shopper, guest.cart.id, w.mug, 2); // 2 + 2 > 3 available → 3
    await addItem(t.app, guest.shopper, guest.cart.id, w.sticker, 4);
    const gone = await createProduct(t.runtime, w.store.id, {
      vendorId: w.vendorA.id,
      variants: [{ price: 10, onHand: 5 }],
    });
    await addItem(t.app, guest.shopper, guest.cart.id, gone.variantIds[0]!, 1);
    await inStore(t.runtime, w.store.id, (tx) =>
      tx.execute(sql`update variants set active = false where id = ${gone.variantIds[0]!}`),
    );
    const guestCoupon = await createCoupon(t.runtime, w.store.id, { kind: 'percentage', value: 500 });
    await cartCall(t.app, 'POST', `/api/v1/carts/${guest.cart.id}/coupons`, guest.shopper, { code: guestCoupon.code });

    const session = await signIn(w.store, user, { id: guest.cart.id, token: guest.shopper.cartToken });
    const merged = (await cartCall(t.app, 'GET', '/api/v1/me/cart', session)).json<CartBody>();
    expect(merged.id).toBe(own.id);
    expect(Object.fromEntries(merged.items.map((i) => [i.variantId, i.quantity]))).toEqual({
      [w.mug]: 3,
      [w.sticker]: 4,
    });
    expect(merged.coupons.map((c) => c.code).sort()).toEqual([ownCoupon.code, guestCoupon.code].sort());
    expect(merged).toMatchObject({ country: 'US', region: 'NY' });
    const old = await cartCall(t.app, 'GET', `/api/v1/carts/${guest.cart.id}`, guest.shopper);
    expect(old.json<CartBody>().status).toBe('merged');
    const write = await cartCall(t.app, 'POST', `/api/v1/carts/${guest.cart.id}/items`, guest.shopper, {
      variantId: w.shirt,
      quantity: 1,
    });
    expect(write.json()).toMatchObject({ code: 'cart_not_active' });
  });

  it('creates the customer cart when there is none; the token alone names the cart', async () => {
    const w = await world(t);
    const user = await createUser(t.runtime, w.store.id, { roles: ['customer'] });
    const guest = await guestCart(t.app, w.store.slug);
    await addItem(t.app, guest.shopper, guest.cart.id, w.shirt, 2);
    const session = await signIn(w.store, user, { token: guest.shopper.cartToken });
    const mine = (await cartCall(t.app, 'GET', '/api/v1/me/cart', session)).json<CartBody>();
    expect(mine.id).not.toBe(guest.cart.id);
    expect(mine.items.map((i) => [i.variantId, i.quantity])).toEqual([[w.shirt, 2]]);
  });

  it('ignores a guest cart with a wrong token (the sign-in still succeeds)', async () => {
    const w = await world(t);
    const user = await createUser(t.runtime, w.store.id, { roles: ['customer'] });
    const guest = await guestCart(t.app, w.store.slug);
    await addItem(t.app, guest.shopper, guest.cart.id, w.shirt, 2);
    const other = await guestCart(t.app, w.store.slug);
    const session = await signIn(w.store, user, { id: guest.cart.id, token: other.shopper.cartToken });
    const mine = (await cartCall(t.app, 'GET', '/api/v1/me/cart', session)).json<CartBody>();
    expect(mine.items).toEqual([]);
    const untouched = (await cartCall(t.app, 'GET', `/api/v1/carts/${guest.cart.id}`, guest.shopper)).json<CartBody>();
    expect(untouched.status).toBe('active');
    // A cartId without any token is ignored as well.
    await signIn(w.store, user, { id: guest.cart.id });
    expect(
      (await cartCall(t.app, 'GET', `/api/v1/carts/${guest.cart.id}`, guest.shopper)).json<CartBody>().status,
    ).toBe('active');
  });
});
