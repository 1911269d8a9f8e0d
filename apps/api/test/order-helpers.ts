/**
 * Orders for tests: placed through the real checkout (a store with one or two vendors, a guest or a
 * customer), or written straight into the tables when a test needs many of them (exports); the
 * people who act on them (owner, staff, vendor) signed in; and reads of what the database holds.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { rowsOf } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import {
  hashOrderToken,
  orderAddressContext,
  orderEmailContext,
  ORDER_EMAIL_INDEX,
} from '../src/modules/orders/index.js';
import { orderLines, orders, subOrders } from '../src/modules/orders/orders.tables.js';
import { payments } from '../src/modules/payments/payments.tables.js';
import type { Runtime } from '../src/runtime.js';
import { createProduct, createVendor, createVendorUser, type TestVendor } from './catalog-factories.js';
import {
  type CheckoutStore,
  checkoutBody,
  checkoutStore,
  guestCarts,
  inStore,
  postCheckout,
  US_ADDRESS,
} from './checkout-helpers.js';
import { createUser, login } from './identity-helpers.js';

export interface Money {
  amount: number;
  currency: string;
}

export interface OrderBody {
  id: string;
  number: string;
  status: string;
  paymentStatus: string;
  currency: string;
  email?: string;
  placedAt: string;
  cancelReason: string | null;
  totals: Record<'subtotal' | 'discount' | 'shipping' | 'tax' | 'total' | 'refunded', Money>;
  shippingAddress: Record<string, unknown> | null;
  payment: { id: string; method: string; status: string; amount: Money } | null;
  subOrders: Array<{
    id: string;
    number: string;
    vendor: { id: string; slug: string; name: string };
    fulfillmentStatus: string;
    totals: Record<'subtotal' | 'discount' | 'shipping' | 'tax' | 'total' | 'refunded', Money>;
    commission?: { rateBps: number; amount: Money };
    lines: Array<{
      id: string;
      variantId: string;
      quantity: number;
      shippedQuantity: number;
      refundedQuantity: number;
      total: Money;
    }>;
    shipments: Array<{ id: string; status: string; carrier: string; trackingNumber: string }>;
  }>;
  allowedActions: { cancel: boolean; transitions?: string[] };
  streamToken?: string;
  version: number;
}

/** A store with two vendors, each selling one product (stock `stock`, prices 2500 and 1000). */
export interface OrderStore extends CheckoutStore {
  vendor2: TestVendor;
  variant2Id: string;
}

export async function orderStore(
  runtime: Runtime,
  opts: { stock?: number; methods?: Array<'card' | 'upi' | 'netbanking' | 'cod'>; currency?: 'USD' | 'INR' } = {},
): Promise<OrderStore> {
  const s = await checkoutStore(runtime, {
    stock: opts.stock ?? 20,
    price: 2500,
    ...(opts.methods ? { methods: opts.methods } : {}),
    ...(opts.currency ? { currency: opts.currency } : {}),
  });
  const vendor2 = await createVendor(runtime, s.tenant.id);
  const p2 = await createProduct(runtime, s.tenant.id, {
    vendorId: vendor2.id,
    currency: opts.currency ?? 'USD',
    variants: [{ price: 1000, onHand: opts.stock ?? 20 }],
  });
  return { ...s, vendor2, variant2Id: p2.variantIds[0] as string };
}

export interface Placed {
  order: OrderBody;
  orderToken: string | undefined;
  email: string;
}

/**
 * A checkout through the API: `quantities` of the first and second vendor's variant (0 leaves one
 * out), as a guest or as the customer signed in with `customer`.
 */
export async function placeOrder(
  app: FastifyInstance,
  runtime: Runtime,
  s: OrderStore,
  opts: {
    quantities?: [number, number];
    customer?: { id: string; token: string };
    email?: string;
    method?: 'card' | 'upi' | 'netbanking' | 'cod';
    paymentToken?: string;
  } = {},
): Promise<Placed> {
  const [q1, q2] = opts.quantities ?? [2, 1];
  const items = [
    ...(q1 > 0 ? [{ variantId: s.variantId, quantity: q1 }] : []),
    ...(q2 > 0 ? [{ variantId: s.variant2Id, quantity: q2 }] : []),
  ];
  const [cart] = await guestCarts(runtime, s.tenant.id, items, 1, {
    currency: s.tenant.defaultCurrency,
    ...(opts.customer ? { userId: opts.customer.id } : {}),
  });
  const email = opts.email ?? `guest-${newId().slice(-8)}@example.test`;
  const method = opts.method ?? 'card';
  const res = await postCheckout(
    app,
    s.tenant.slug,
    checkoutBody(cart!.id, {
      email: opts.customer ? undefined : email,
      paymentMethod: method,
      paymentToken: method === 'cod' ? undefined : (opts.paymentToken ?? 'tok_visa'),
    }),
    opts.customer ? { token: opts.customer.token } : { cartToken: cart!.token },
  );
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<{ order: OrderBody; orderToken?: string }>();
  return { order: body.order, orderToken: body.orderToken, email: body.order.email ?? email };
}

export interface Person {
  id: string;
  email: string;
  token: string;
}

export async function signedIn(
  app: FastifyInstance,
  runtime: Runtime,
  store: { id: string; slug: string },
  opts: { roles?: Array<'owner' | 'staff' | 'customer'>; permissions?: string[] } = {},
): Promise<Person> {
  const user = await createUser(runtime, store.id, {
    roles: opts.roles ?? ['customer'],
    permissions: opts.permissions ?? [],
  });
  const { accessToken } = await login(app, user, { tenant: store.slug });
  return { id: user.id, email: user.email, token: accessToken };
}

export async function vendorPerson(
  app: FastifyInstance,
  runtime: Runtime,
  store: { id: string; slug: string },
  vendorId: string,
): Promise<Person> {
  const user = await createVendorUser(runtime, store.id, vendorId);
  const { accessToken } = await login(app, user, { tenant: store.slug });
  return { id: user.id, email: user.email, token: accessToken };
}

/** Types of the outbox events about an order, in order. */
export async function outboxOf(
  runtime: Runtime,
  orderId: string,
): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  return rowsOf<{ type: string; payload: Record<string, unknown> }>(
    await runtime.database.db.execute(
      sql`select type, payload from outbox where aggregate_id = ${orderId} order by seq`,
    ),
  );
}

export async function auditOf(
  runtime: Runtime,
  tenantId: string,
  entityId: string,
): Promise<Array<{ action: string; before: unknown; after: unknown }>> {
  return inStore(runtime, tenantId, async (tx) =>
    rowsOf<{ action: string; before: unknown; after: unknown }>(
      await tx.execute(
        sql`select action, before, after from audit_log where entity_id = ${entityId} order by created_at, id`,
      ),
    ),
  );
}

export interface DirectOrder {
  orderId: string;
  number: string;
  subOrderIds: string[];
  lineIds: string[];
}

/**
 * A confirmed, paid order written straight into the tables (no checkout): `lines` per vendor, each
 * at `unitPrice` × `quantity`, no tax or shipping. For tests that need many orders fast.
 */
export async function insertConfirmedOrders(
  runtime: Runtime,
  tenant: { id: string; slug: string },
  count: number,
  spec: {
    lines: Array<{ vendorId: string; productId: string; variantId: string; unitPrice: number; quantity: number }>;
    placedAt?: (i: number) => Date;
    email?: string;
    userId?: string | null;
    currency?: string;
    prefix?: string;
  },
): Promise<DirectOrder[]> {
  const made: DirectOrder[] = [];
  const currency = spec.currency ?? 'USD';
  const email = spec.email ?? 'bulk@example.test';
  const emailCiphertext = runtime.pii.encrypt(email, orderEmailContext(tenant.id));
  const emailHash = runtime.pii.blindIndex(email.toLowerCase(), ORDER_EMAIL_INDEX);
  const address = runtime.pii.encrypt(JSON.stringify(US_ADDRESS), orderAddressContext(tenant.id, 'shipping'));
  const prefix = spec.prefix ?? `${tenant.slug.toUpperCase()}-B${newId().slice(-4)}`;
  await inStore(runtime, tenant.id, async (tx) => {
    for (let start = 0; start < count; start += 200) {
      const orderRows: Array<typeof orders.$inferInsert> = [];
      const subRows: Array<typeof subOrders.$inferInsert> = [];
      const lineRows: Array<typeof orderLines.$inferInsert> = [];
      const paymentRows: Array<typeof payments.$inferInsert> = [];
      for (let i = start; i < Math.min(count, start + 200); i++) {
        const orderId = newId();
        const number = `${prefix}-${String(i + 1).padStart(6, '0')}`;
        const byVendor = new Map<string, typeof spec.lines>();
        for (const l of spec.lines) byVendor.set(l.vendorId, [...(byVendor.get(l.vendorId) ?? []), l]);
        const total = spec.lines.reduce((n, l) => n + l.unitPrice * l.quantity, 0);
        const placedAt = spec.placedAt?.(i) ?? new Date();
        orderRows.push({
          tenantId: tenant.id,
          id: orderId,
          number,
          userId: spec.userId ?? null,
          emailCiphertext,
          emailHash,
          orderTokenHash: hashOrderToken(`token-${orderId}`),
          status: 'confirmed',
          paymentStatus: 'paid',
          checkoutState: 'completed',
          paymentMethod: 'card',
          currency,
          subtotal: total,
          total,
          shippingAddressCiphertext: address,
          shipCountry: 'US',
          placedAt,
          confirmedAt: placedAt,
        });
        const subs: string[] = [];
        const lineIds: string[] = [];
        let n = 0;
        for (const [vendorId, lines] of byVendor) {
          const subId = newId();
          subs.push(subId);
          const subTotal = lines.reduce((m, l) => m + l.unitPrice * l.quantity, 0);
          subRows.push({
            tenantId: tenant.id,
            id: subId,
            orderId,
            vendorId,
            number: `${number}-${++n}`,
            subtotal: subTotal,
            total: subTotal,
            commissionRateBps: 1000,
            commissionAmount: Math.round(subTotal / 10),
          });
          for (const l of lines) {
            const lineId = newId();
            lineIds.push(lineId);
            lineRows.push({
              tenantId: tenant.id,
              id: lineId,
              orderId,
              subOrderId: subId,
              vendorId,
              productId: l.productId,
              variantId: l.variantId,
              sku: `SKU-${l.variantId.slice(-6)}`,
              title: 'Bulk item',
              unitPrice: l.unitPrice,
              quantity: l.quantity,
              subtotal: l.unitPrice * l.quantity,
              total: l.unitPrice * l.quantity,
            });
          }
        }
        paymentRows.push({
          tenantId: tenant.id,
          id: newId(),
          orderId,
          provider: 'test',
          method: 'card',
          status: 'paid',
          currency,
          amount: total,
          authorizedAmount: total,
          capturedAmount: total,
          providerRef: `pi_test_${orderId}`,
        });
        made.push({ orderId, number, subOrderIds: subs, lineIds });
      }
      await tx.insert(orders).values(orderRows);
      await tx.insert(subOrders).values(subRows);
      await tx.insert(orderLines).values(lineRows);
      await tx.insert(payments).values(paymentRows);
    }
  });
  return made;
}

/** `Idempotency-Key`ed POST as a client sends it. */
export function postWithKey(
  app: FastifyInstance,
  url: string,
  c: { tenant: string; token: string; body: Record<string, unknown>; key?: string },
) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      'x-tenant-id': c.tenant,
      authorization: `Bearer ${c.token}`,
      'idempotency-key': c.key ?? newId(),
    },
    payload: c.body,
  });
}

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: Record<string, unknown>;
}

export interface EventStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** Waits for the first event (received so far or later) that `match` accepts. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Reads a server-sent event stream over real HTTP, as a browser's EventSource would. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, id, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
          for (const w of waiters) w();
        }
      }
    } catch {
      // Aborted by close().
    }
    for (const w of waiters) w();
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended,
    close: () => controller.abort(),
    next(match, timeoutMs = 5_000) {
      return new Promise<SseEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
