/**
 * Real PostgreSQL only: concurrent changes to one cart, each request in its own transaction on its
 * own connection. They serialize on the cart row, so none is lost.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createProduct, createVendor } from '../catalog-factories.js';
import { type CartBody, cartCall, guestCart } from '../cart-helpers.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp } from '../helpers.js';
import { createUser, login } from '../identity-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

let t: TestApp;
let store: { id: string; slug: string };
let vendorId: string;

beforeAll(async () => {
  t = await startApp();
  store = await buildTenant(t.runtime);
  vendorId = (await createVendor(t.runtime, store.id)).id;
});

afterAll(async () => {
  await t.close();
});

const add = (shopper: { tenant: string; cartToken?: string }, cartId: string, variantId: string, quantity: number) =>
  cartCall(t.app, 'POST', `/api/v1/carts/${cartId}/items`, shopper, { variantId, quantity });

describe('concurrent cart changes', () => {
  it('20 parallel adds of distinct variants: 20 lines', async () => {
    const product = await createProduct(t.runtime, store.id, {
      vendorId,
      variants: Array.from({ length: 20 }, () => ({ price: 100, onHand: 10 })),
    });
    const { shopper, cart } = await guestCart(t.app, store.slug);
    const results = await Promise.all(product.variantIds.map((v) => add(shopper, cart.id, v, 2)));
    expect(results.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 200));
    const final = (await cartCall(t.app, 'GET', `/api/v1/carts/${cart.id}`, shopper)).json<CartBody>();
    expect(final.items).toHaveLength(20);
    expect(new Set(final.items.map((i) => i.variantId))).toEqual(new Set(product.variantIds));
    expect(final.itemCount).toBe(40);
    // Each change took its own version.
    expect(final.version).toBe(cart.version + 20);
    expect(new Set(results.map((r) => r.json<CartBody>().version)).size).toBe(20);
  });

  it('20 parallel adds of one variant: one line with the summed quantity, capped at 100', async () => {
    const product = await createProduct(t.runtime, store.id, { vendorId, variants: [{ price: 100, onHand: 1000 }] });
    const variantId = product.variantIds[0] as string;

    const summed = await guestCart(t.app, store.slug);
    const a = await Promise.all(Array.from({ length: 20 }, () => add(summed.shopper, summed.cart.id, variantId, 3)));
    expect(a.every((r) => r.statusCode === 200)).toBe(true);
    const one = (await cartCall(t.app, 'GET', `/api/v1/carts/${summed.cart.id}`, summed.shopper)).json<CartBody>();
    expect(one.items.map((i) => [i.variantId, i.quantity])).toEqual([[variantId, 60]]);

    const capped = await guestCart(t.app, store.slug);
    const b = await Promise.all(Array.from({ length: 20 }, () => add(capped.shopper, capped.cart.id, variantId, 10)));
    expect(b.every((r) => r.statusCode === 200)).toBe(true);
    const full = (await cartCall(t.app, 'GET', `/api/v1/carts/${capped.cart.id}`, capped.shopper)).json<CartBody>();
    expect(full.items.map((i) => [i.variantId, i.quantity])).toEqual([[variantId, 100]]);
  });

  it('a customer asking for their cart from many requests at once gets one cart', async () => {
    const user = await createUser(t.runtime, store.id, { roles: ['customer'] });
    const session = await login(t.app, user, { tenant: store.slug });
    const shopper = { tenant: store.slug, token: session.accessToken };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cartCall(t.app, 'GET', '/api/v1/me/cart', shopper)),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json<CartBody>().id)).size).toBe(1);
  });
});
