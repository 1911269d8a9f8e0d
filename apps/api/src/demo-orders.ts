/**
 * Demo orders for `shopper@demo.test`, placed through the API itself (cart → checkout → shipment →
 * delivery, a cancellation, a partial refund), so every screen has something to show and the demo
 * data obeys the same rules as real orders: stock, ledger entries and sales figures follow from
 * the same code. Runs after the server is up, once (skipped when the shopper has orders).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DEMO_PASSWORD } from './modules/identity/index.js';

const STORE = 'demo';

interface Listed {
  data: Array<{ id: string; slug: string; vendor: { id: string } }>;
}
interface ProductDetail {
  variants: Array<{ id: string; available: number }>;
}
interface CheckoutResult {
  order: { id: string; number: string; subOrders: Array<{ id: string; vendor: { id: string } }> };
}

const ADDRESS = {
  name: 'Sophie Shopper',
  line1: '500 Market Street',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
  phone: '+1 415 555 0100',
};

/** A plan for one demo order: what to buy, how to pay, and what happens to it afterwards. */
interface Plan {
  key: string;
  products: number[];
  method: 'card' | 'cod';
  coupon?: string;
  then: 'deliver' | 'ship' | 'none' | 'cancel' | 'refund';
}

const PLANS: Plan[] = [
  { key: 'delivered', products: [0, 7], method: 'card', then: 'deliver' },
  { key: 'shipped', products: [2], method: 'card', then: 'ship' },
  { key: 'cod', products: [4, 9], method: 'cod', then: 'none' },
  { key: 'cancelled', products: [5], method: 'card', then: 'cancel' },
  { key: 'refunded', products: [1, 3], method: 'card', coupon: 'WELCOME10', then: 'refund' },
  { key: 'confirmed', products: [6], method: 'card', then: 'none' },
];

export async function seedDemoOrders(app: FastifyInstance, log: Logger): Promise<number> {
  const call = async <T>(
    method: 'GET' | 'POST',
    url: string,
    opts: { token?: string; body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ): Promise<T> => {
    const res = await app.inject({
      method,
      url,
      headers: {
        'x-tenant-id': STORE,
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      ...(opts.body ? { payload: opts.body } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json<T>();
  };
  const login = async (email: string) =>
    (await call<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } }))
      .accessToken;

  const shopper = await login('shopper@demo.test');
  const existing = await call<{ data: unknown[] }>('GET', '/api/v1/orders?limit=1', { token: shopper });
  if (existing.data.length > 0) return 0;
  const vendors = await Promise.all(['vendor@demo.test', 'vendor2@demo.test'].map(login));
  const owner = await login('owner@demo.test');
  const listed = await call<Listed>('GET', '/api/v1/products?limit=40&sort=newest');
  // The first order buys from two vendors, so it splits into two sub-orders.
  const secondVendor = listed.data.findIndex((p) => p.vendor.id !== listed.data[0]?.vendor.id);
  if (secondVendor > 0 && PLANS[0]) PLANS[0].products = [0, secondVendor];

  let placed = 0;
  for (const plan of PLANS) {
    const cart = await call<{ id: string }>('GET', '/api/v1/me/cart', { token: shopper });
    const taken = new Set<string>();
    for (const index of plan.products) {
      // The product at that place, or the next one that can be bought (some demo items are sold out).
      for (let step = 0; step < listed.data.length; step++) {
        const product = listed.data[(index + step) % listed.data.length];
        if (!product || taken.has(product.id)) continue;
        const detail = await call<ProductDetail>('GET', `/api/v1/products/${product.id}`);
        const variant = detail.variants.find((v) => v.available > 0);
        if (!variant) continue;
        await call('POST', `/api/v1/carts/${cart.id}/items`, {
          token: shopper,
          body: { variantId: variant.id, quantity: 1 },
        });
        taken.add(product.id);
        break;
      }
    }
    if (plan.coupon) {
      await call('POST', `/api/v1/carts/${cart.id}/coupons`, { token: shopper, body: { code: plan.coupon } });
    }
    const result = await call<CheckoutResult>('POST', '/api/v1/checkout', {
      token: shopper,
      headers: { 'idempotency-key': `demo-order-${plan.key}` },
      body: {
        cartId: cart.id,
        shippingAddress: ADDRESS,
        paymentMethod: plan.method,
        ...(plan.method === 'card' ? { paymentToken: 'tok_visa' } : {}),
      },
    });
    placed += 1;
    const order = result.order;
    if (plan.then === 'cancel') {
      await call('POST', `/api/v1/orders/${order.id}/cancel`, {
        token: shopper,
        body: { reason: 'Ordered the wrong size' },
      });
      continue;
    }
    if (plan.then === 'refund') {
      const sub = order.subOrders[0];
      if (sub) {
        await call('POST', `/api/v1/admin/orders/${order.id}/refunds`, {
          token: owner,
          headers: { 'idempotency-key': `demo-refund-${order.id}` },
          body: { subOrderId: sub.id, amount: { amount: 500, currency: 'USD' }, reason: 'Box arrived dented' },
        });
      }
      continue;
    }
    if (plan.then !== 'ship' && plan.then !== 'deliver') continue;
    for (const sub of order.subOrders) {
      // Each vendor account sees only its own sub-orders: try both and use the one that may.
      for (const vendor of vendors) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/vendor/orders/${sub.id}/shipments`,
          headers: { 'x-tenant-id': STORE, authorization: `Bearer ${vendor}` },
          payload: { carrier: 'UPS', trackingNumber: `1Z${order.number.replace(/\D/g, '')}${sub.id.slice(-4)}` },
        });
        if (res.statusCode !== 201) continue;
        const shipment = res.json<{ id: string }>();
        if (plan.then === 'deliver') {
          await call('POST', `/api/v1/vendor/orders/${sub.id}/shipments/${shipment.id}/delivered`, {
            token: vendor,
          });
        }
        break;
      }
    }
  }
  log.info({ orders: placed }, 'demo orders placed');
  return placed;
}
