/**
 * Which providers a deployment has: with the test provider turned off (production's default) a
 * card checkout without Stripe is refused before anything is held or written, UPI likewise, and
 * cash on delivery still works; the test provider's webhooks are then an unknown provider's.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';
import { checkoutBody, checkoutStore, guestCarts, ordersIn, postCheckout, stockOf } from '../checkout-helpers.js';

describe('a deployment without the test provider', () => {
  const t = useApp({ PAYMENTS_TEST_PROVIDER: '0' });

  it('refuses card payments (no Stripe either) and keeps cash on delivery', async () => {
    const s = await checkoutStore(t.runtime, { methods: ['card', 'cod'], stock: 5 });
    const [cart] = await guestCarts(t.runtime, s.tenant.id, [{ variantId: s.variantId, quantity: 1 }]);
    const card = await postCheckout(t.app, s.tenant.slug, checkoutBody(cart!.id), { cartToken: cart!.token });
    expect(card.statusCode, card.body).toBe(422);
    expect(card.json()).toMatchObject({ code: 'payment_method_unavailable', method: 'card' });
    expect(await ordersIn(t.runtime, s.tenant.id)).toEqual([]);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toMatchObject({ onHand: 5, reserved: 0 });

    const cod = await postCheckout(
      t.app,
      s.tenant.slug,
      checkoutBody(cart!.id, { paymentMethod: 'cod', paymentToken: undefined }),
      { cartToken: cart!.token },
    );
    expect(cod.statusCode, cod.body).toBe(201);
    expect(cod.json()).toMatchObject({ order: { status: 'confirmed' }, payment: { method: 'cod' } });
  });

  it('answers the test provider’s webhooks as an unknown provider’s', async () => {
    const s = await checkoutStore(t.runtime);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/test/${s.tenant.slug}`,
      headers: { 'content-type': 'application/json', 'bazaar-signature': 't=1,v1=00' },
      payload: JSON.stringify({
        id: 'evt_test_1',
        type: 'payment.authorized',
        created: Math.floor(Date.now() / 1000),
        data: { paymentId: s.variantId, providerRef: 'pi_test_x', amount: 100 },
      }),
    });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json()).toMatchObject({ code: 'payment_provider_not_found' });
  });
});
