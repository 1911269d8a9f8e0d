/**
 * Orders in a person's data: the GDPR export lists their orders with the email and addresses they
 * gave; erasure keeps the orders (the books need them) but anonymised. Reviews say "verified
 * purchase" exactly when the author has a paid order of the product.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { TEST_PASSWORD, createUser, login, rawRows } from '../identity-helpers.js';
import { orderStore, placeOrder } from '../order-helpers.js';

describe('orders and personal data', () => {
  const t = useApp();

  it('exports the orders, marks reviews of bought products verified, and anonymises at erasure', async () => {
    const s = await orderStore(t.runtime);
    const user = await createUser(t.runtime, s.tenant.id, { roles: ['customer'], name: 'Ida Buyer' });
    const token = (await login(t.app, user, { tenant: s.tenant.slug })).accessToken;
    const { order } = await placeOrder(t.app, t.runtime, s, {
      quantities: [1, 0],
      customer: { id: user.id, token },
    });
    expect(order.paymentStatus).toBe('paid');

    // Verified purchase: the first product was bought, the second was not.
    const bought = await call(t.app, 'POST', `/api/v1/products/${s.product.id}/reviews`, {
      tenant: s.tenant.slug,
      token,
      body: { rating: 5, title: 'Lovely', body: 'Exactly as described.' },
    });
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json<{ verifiedPurchase: boolean }>().verifiedPurchase).toBe(true);
    const [other] = (await rawRows(t.runtime, s.tenant.id, 'variants'))
      .filter((v) => v.id === s.variant2Id)
      .map((v) => v.product_id as string);
    const notBought = await call(t.app, 'POST', `/api/v1/products/${other}/reviews`, {
      tenant: s.tenant.slug,
      token,
      body: { rating: 3, title: 'Looked at it', body: 'Did not buy it.' },
    });
    expect(notBought.statusCode, notBought.body).toBe(201);
    expect(notBought.json<{ verifiedPurchase: boolean }>().verifiedPurchase).toBe(false);

    // Export: the order with the email and address given at checkout.
    const exported = await call(t.app, 'GET', '/api/v1/me/export', { tenant: s.tenant.slug, token });
    expect(exported.statusCode).toBe(200);
    const orders = exported.json<{ data: { orders: Array<Record<string, unknown>> } }>().data.orders;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      number: order.number,
      email: user.email,
      shippingAddress: { name: 'Ada Shopper', city: 'Springfield', country: 'US' },
    });

    // Erasure: the order stays, without personal data or the link to the account.
    const erased = await call(t.app, 'DELETE', '/api/v1/me', {
      tenant: s.tenant.slug,
      token,
      body: { password: TEST_PASSWORD },
    });
    expect(erased.statusCode, erased.body).toBe(204);
    const row = (await rawRows(t.runtime, s.tenant.id, 'orders')).find((o) => o.id === order.id);
    expect(row).toMatchObject({
      user_id: null,
      email_ciphertext: null,
      email_hash: null,
      shipping_address_ciphertext: null,
      billing_address_ciphertext: null,
      number: order.number,
      total: row?.total,
    });
    expect(row?.anonymised_at).not.toBeNull();
    const lines = (await rawRows(t.runtime, s.tenant.id, 'order_lines')).filter((l) => l.order_id === order.id);
    expect(lines).toHaveLength(1);
  });
});
