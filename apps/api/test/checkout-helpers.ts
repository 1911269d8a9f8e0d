/**
 * Checkout stages for tests: a store that sells and ships, guest carts written straight into the
 * tables (quick enough to prepare hundreds), the checkout request as a client sends it, and reads
 * of stock, reservations and orders as the database holds them.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newId } from '../src/platform/ids.js';
import { rowsOf } from '../src/platform/db/client.js';
import { hashCartToken } from '../src/modules/cart/index.js';
import { carts, cartItems } from '../src/modules/cart/cart.tables.js';
import { coupons, shippingRates, shippingZones } from '../src/modules/pricing/pricing.tables.js';
import { storeSettings } from '../src/modules/tenancy/tenancy.tables.js';
import type { Runtime } from '../src/runtime.js';
import { buildTenant } from './factories.js';
import { createProduct, createVendor, type TestProduct, type TestVendor } from './catalog-factories.js';
import { randomIp } from './identity-helpers.js';

type Tx = Parameters<Parameters<Runtime['database']['tenantTransaction']>[1]>[0];

export const inStore = <T>(runtime: Runtime, tenantId: string, fn: (tx: Tx) => Promise<T>) =>
  runtime.database.tenantTransaction({ tenantId, actorId: null }, fn);

export interface CheckoutStore {
  tenant: { id: string; slug: string; defaultCurrency: string };
  vendor: TestVendor;
  product: TestProduct;
  variantId: string;
  rateId: string;
}

/**
 * A store (USD, or INR for UPI and net banking) with the given payment methods, one approved
 * vendor, one product with one variant of `stock` units at `price`, and a flat shipping rate of 500
 * to the US and India.
 */
export async function checkoutStore(
  runtime: Runtime,
  opts: {
    currency?: 'USD' | 'INR';
    methods?: Array<'card' | 'upi' | 'netbanking' | 'cod'>;
    stock?: number;
    price?: number;
    shipping?: number;
  } = {},
): Promise<CheckoutStore> {
  const currency = opts.currency ?? 'USD';
  const tenant = (await buildTenant(runtime, { defaultCurrency: currency })) as CheckoutStore['tenant'];
  if (opts.methods) {
    const methods = opts.methods;
    await inStore(runtime, tenant.id, (tx) =>
      tx.insert(storeSettings).values({ tenantId: tenant.id, id: tenant.id, paymentMethods: methods }),
    );
  }
  const vendor = await createVendor(runtime, tenant.id);
  const product = await createProduct(runtime, tenant.id, {
    vendorId: vendor.id,
    currency,
    variants: [{ price: opts.price ?? 2500, onHand: opts.stock ?? 10 }],
  });
  const zoneId = newId();
  const rateId = newId();
  await inStore(runtime, tenant.id, async (tx) => {
    await tx.insert(shippingZones).values({ tenantId: tenant.id, id: zoneId, name: 'Home', countries: ['US', 'IN'] });
    await tx.insert(shippingRates).values({
      tenantId: tenant.id,
      id: rateId,
      zoneId,
      vendorId: null,
      name: 'Standard',
      kind: 'flat',
      amount: opts.shipping ?? 500,
    });
  });
  return { tenant, vendor, product, variantId: product.variantIds[0] as string, rateId };
}

/** A coupon of the store (percentage in basis points unless `kind` says otherwise). */
export async function createCoupon(
  runtime: Runtime,
  tenantId: string,
  opts: { code: string; value: number; kind?: 'percentage' | 'fixed'; usageLimit?: number | null },
): Promise<string> {
  const id = newId();
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(coupons).values({
      tenantId,
      id,
      code: opts.code.toUpperCase(),
      name: opts.code,
      kind: opts.kind ?? 'percentage',
      value: opts.value,
      usageLimit: opts.usageLimit ?? null,
    }),
  );
  return id;
}

export interface GuestCart {
  id: string;
  token: string;
}

/** `count` guest carts each holding `items`, written in one transaction. */
export async function guestCarts(
  runtime: Runtime,
  tenantId: string,
  items: Array<{ variantId: string; quantity: number }>,
  count = 1,
  opts: { currency?: string; couponCodes?: string[]; userId?: string } = {},
): Promise<GuestCart[]> {
  const made: GuestCart[] = [];
  for (let i = 0; i < count; i++) made.push({ id: newId(), token: randomBytes(32).toString('base64url') });
  await inStore(runtime, tenantId, async (tx) => {
    for (let i = 0; i < made.length; i += 500) {
      const chunk = made.slice(i, i + 500);
      await tx.insert(carts).values(
        chunk.map((c) => ({
          tenantId,
          id: c.id,
          userId: opts.userId ?? null,
          tokenHash: opts.userId ? null : hashCartToken(c.token),
          currency: opts.currency ?? 'USD',
          couponCodes: opts.couponCodes ?? [],
          expiresAt: opts.userId ? null : new Date(Date.now() + 7 * 86_400_000),
        })),
      );
      await tx.insert(cartItems).values(
        chunk.flatMap((c) =>
          items.map((it) => ({
            tenantId,
            id: newId(),
            cartId: c.id,
            variantId: it.variantId,
            quantity: it.quantity,
          })),
        ),
      );
    }
  });
  return made;
}

export const US_ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Main Street',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
};

export const IN_ADDRESS = {
  name: 'Asha Shopper',
  line1: '12 MG Road',
  city: 'Bengaluru',
  region: 'KA',
  postalCode: '560001',
  country: 'IN',
};

export function checkoutBody(cartId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cartId,
    email: 'guest@example.test',
    shippingAddress: US_ADDRESS,
    paymentMethod: 'card',
    paymentToken: 'tok_visa',
    ...overrides,
  };
}

/** `POST /api/v1/checkout` as a guest (`cartToken`) or a signed-in customer (`token`). */
export function postCheckout(
  app: FastifyInstance,
  tenant: string,
  body: Record<string, unknown>,
  opts: { cartToken?: string; token?: string; key?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const key = opts.key === undefined ? newId() : opts.key;
  return app.inject({
    method: 'POST',
    url: '/api/v1/checkout',
    remoteAddress: randomIp(),
    headers: {
      'x-tenant-id': tenant,
      ...(key === null ? {} : { 'idempotency-key': key }),
      ...(opts.cartToken ? { 'x-cart-token': opts.cartToken } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    payload: body,
  });
}

export async function stockOf(runtime: Runtime, tenantId: string, variantId: string) {
  const [row] = await inStore(runtime, tenantId, async (tx) =>
    rowsOf<{ on_hand: number; reserved: number }>(
      await tx.execute(sql`select on_hand, reserved from variants where id = ${variantId}`),
    ),
  );
  return { onHand: row?.on_hand ?? -1, reserved: row?.reserved ?? -1 };
}

export async function reservationsIn(runtime: Runtime, tenantId: string, orderId?: string) {
  return inStore(runtime, tenantId, async (tx) =>
    rowsOf<{ order_id: string; variant_id: string; quantity: number; status: string }>(
      await tx.execute(
        orderId
          ? sql`select order_id, variant_id, quantity, status from stock_reservations where order_id = ${orderId}`
          : sql`select order_id, variant_id, quantity, status from stock_reservations`,
      ),
    ),
  );
}

export interface OrderDbRow {
  id: string;
  number: string;
  status: string;
  payment_status: string;
  checkout_state: string;
  total: number;
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  tax_total: number;
  cancel_reason: string | null;
  checkout_key: string | null;
  updated_at: string;
}

export async function ordersIn(runtime: Runtime, tenantId: string): Promise<OrderDbRow[]> {
  return inStore(runtime, tenantId, async (tx) =>
    rowsOf<OrderDbRow>(await tx.execute(sql`select * from orders order by number`)),
  );
}

export async function orderById(runtime: Runtime, tenantId: string, orderId: string): Promise<OrderDbRow | undefined> {
  const [row] = await inStore(runtime, tenantId, async (tx) =>
    rowsOf<OrderDbRow>(await tx.execute(sql`select * from orders where id = ${orderId}`)),
  );
  return row;
}

export async function cartStatus(runtime: Runtime, tenantId: string, cartId: string): Promise<string | undefined> {
  const [row] = await inStore(runtime, tenantId, async (tx) =>
    rowsOf<{ status: string }>(await tx.execute(sql`select status from carts where id = ${cartId}`)),
  );
  return row?.status;
}

/** Runs `tasks` with at most `width` in flight; results in the order of `tasks`. */
export async function pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= tasks.length) return;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}
