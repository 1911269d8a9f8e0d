/**
 * Pricing rules and carts for tests: tax rates, shipping zones and rates and coupons written straight
 * into the store's tables (inside its tenant transaction), and cart calls through the API.
 */
import type { FastifyInstance } from 'fastify';
import { newId } from '../src/platform/ids.js';
import { coupons, shippingRates, shippingZones, taxRates } from '../src/modules/pricing/pricing.tables.js';
import type { CouponKind, ShippingRateKind } from '../src/modules/pricing/pricing.tables.js';
import type { Runtime } from '../src/runtime.js';
import { call } from './http-helpers.js';

type Tx = Parameters<Parameters<Runtime['database']['tenantTransaction']>[1]>[0];

export const inStore = <T>(runtime: Runtime, tenantId: string, fn: (tx: Tx) => Promise<T>) =>
  runtime.database.tenantTransaction({ tenantId, actorId: null }, fn);

export async function createTaxRate(
  runtime: Runtime,
  tenantId: string,
  r: { country: string; region?: string | null; rateBps: number },
): Promise<string> {
  const id = newId();
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(taxRates).values({
      tenantId,
      id,
      name: `Tax ${r.country}${r.region ? `-${r.region}` : ''}`,
      country: r.country,
      region: r.region ?? null,
      rateBps: r.rateBps,
    }),
  );
  return id;
}

export async function createShippingZone(
  runtime: Runtime,
  tenantId: string,
  z: { countries: string[]; regions?: string[]; name?: string },
): Promise<string> {
  const id = newId();
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(shippingZones).values({
      tenantId,
      id,
      name: z.name ?? `Zone ${z.countries.join(',')}`,
      countries: z.countries,
      regions: z.regions ?? [],
    }),
  );
  return id;
}

export async function createShippingRate(
  runtime: Runtime,
  tenantId: string,
  r: {
    zoneId: string;
    amount: number;
    vendorId?: string | null;
    name?: string;
    kind?: ShippingRateKind;
    perKgAmount?: number;
    freeOver?: number | null;
    minDays?: number;
    maxDays?: number;
  },
): Promise<string> {
  const id = newId();
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(shippingRates).values({
      tenantId,
      id,
      zoneId: r.zoneId,
      vendorId: r.vendorId ?? null,
      name: r.name ?? 'Standard',
      kind: r.kind ?? 'flat',
      amount: r.amount,
      perKgAmount: r.perKgAmount ?? 0,
      freeOver: r.freeOver ?? null,
      minDays: r.minDays ?? 2,
      maxDays: r.maxDays ?? 5,
    }),
  );
  return id;
}

export async function createCoupon(
  runtime: Runtime,
  tenantId: string,
  c: {
    code?: string | null;
    kind: CouponKind;
    value?: number;
    vendorId?: string | null;
    automatic?: boolean;
    active?: boolean;
    minSubtotal?: number;
    startsAt?: Date | null;
    endsAt?: Date | null;
    usageLimit?: number | null;
    perCustomerLimit?: number | null;
    usedCount?: number;
  },
): Promise<{ id: string; code: string | null }> {
  const id = newId();
  const code = c.code === undefined ? `CODE${id.replace(/-/g, '').slice(-8).toUpperCase()}` : c.code;
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(coupons).values({
      tenantId,
      id,
      code,
      name: `Coupon ${code ?? 'automatic'}`,
      kind: c.kind,
      value: c.value ?? 0,
      vendorId: c.vendorId ?? null,
      automatic: c.automatic ?? false,
      active: c.active ?? true,
      minSubtotal: c.minSubtotal ?? 0,
      startsAt: c.startsAt ?? null,
      endsAt: c.endsAt ?? null,
      usageLimit: c.usageLimit ?? null,
      perCustomerLimit: c.perCustomerLimit ?? null,
      usedCount: c.usedCount ?? 0,
    }),
  );
  return { id, code };
}

export interface MoneyBody {
  amount: number;
  currency: string;
}

export interface CartBody {
  id: string;
  token?: string;
  userId: string | null;
  status: string;
  currency: string;
  country: string | null;
  region: string | null;
  items: Array<{
    id: string;
    variantId: string;
    productId: string;
    productSlug: string;
    title: string;
    sku: string;
    quantity: number;
    available: number;
    purchasable: boolean;
    vendor: { id: string; slug: string; name: string };
    unitPrice: MoneyBody;
    lineTotal: MoneyBody;
    discount: MoneyBody;
    tax: MoneyBody;
  }>;
  coupons: Array<{ code: string; applied: boolean; reason?: string; amount: MoneyBody }>;
  promotions: Array<{ id: string; code: string | null; kind: string; amount: MoneyBody }>;
  totals: { subtotal: MoneyBody; discount: MoneyBody; shipping: MoneyBody; tax: MoneyBody; total: MoneyBody };
  taxIncluded: boolean;
  shipping: Array<{ vendorId: string; option: { id: string; name: string; price: MoneyBody } | null }>;
  itemCount: number;
  version: number;
  expiresAt: string | null;
}

/** Who calls: a store, and a guest token and/or a bearer token. */
export interface Shopper {
  tenant: string;
  cartToken?: string;
  token?: string;
}

export function cartCall(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who: Shopper,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return call(app, method, url, {
    tenant: who.tenant,
    ...(who.token ? { token: who.token } : {}),
    headers: { ...(who.cartToken ? { 'x-cart-token': who.cartToken } : {}), ...headers },
    ...(body ? { body } : {}),
  });
}

/** A new guest cart: the shopper with its token, and the cart. */
export async function guestCart(
  app: FastifyInstance,
  tenant: string,
  body: Record<string, unknown> = {},
): Promise<{ shopper: Shopper; cart: CartBody }> {
  const res = await cartCall(app, 'POST', '/api/v1/carts', { tenant }, body);
  if (res.statusCode !== 201) throw new Error(`cart creation failed: ${res.statusCode} ${res.body}`);
  const cart = res.json<CartBody>();
  return { shopper: { tenant, cartToken: cart.token }, cart };
}

export async function addItem(
  app: FastifyInstance,
  who: Shopper,
  cartId: string,
  variantId: string,
  quantity: number,
): Promise<CartBody> {
  const res = await cartCall(app, 'POST', `/api/v1/carts/${cartId}/items`, who, { variantId, quantity });
  if (res.statusCode !== 200) throw new Error(`add failed: ${res.statusCode} ${res.body}`);
  return res.json<CartBody>();
}
