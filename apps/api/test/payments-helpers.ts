/**
 * Helpers for the payments tests: a store with a minimal order (one sub-order, no lines: the
 * payment only needs the order's id and amounts), its pending payment, and signed test-provider
 * webhooks sent as a provider would send them.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { RequestContext, TenantRef } from '../src/platform/context.js';
import { rowsOf } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import { signTestWebhook, type PaymentMethod } from '../src/modules/payments/index.js';
import type { Runtime } from '../src/runtime.js';
import { createVendor } from './catalog-factories.js';
import { buildTenant } from './factories.js';
import { randomIp } from './identity-helpers.js';

export interface PaymentStore {
  tenant: TenantRef;
  /** A context of the store as Bazaar itself acts in it. */
  ctx: RequestContext;
}

export async function paymentStore(
  runtime: Runtime,
  opts: { currency?: string; methods?: PaymentMethod[] } = {},
): Promise<PaymentStore> {
  const created = await buildTenant(runtime, { defaultCurrency: opts.currency ?? 'USD' });
  const tenant: TenantRef = {
    id: created.id,
    slug: created.slug,
    name: created.name,
    status: 'active',
    defaultCurrency: created.defaultCurrency,
    defaultLocale: created.defaultLocale,
  };
  if (opts.methods) {
    await runtime.database.tenantTransaction({ tenantId: tenant.id, actorId: null }, (tx) =>
      tx.execute(
        sql`insert into store_settings (tenant_id, id, payment_methods) values (${tenant.id}::uuid, ${tenant.id}::uuid, ${`{${opts.methods?.join(',')}}`}::text[])`,
      ),
    );
  }
  const ctx: RequestContext = {
    tenantId: tenant.id,
    tenant,
    actor: { kind: 'system', id: '00000000-0000-0000-0000-000000000000', tenantId: null, roles: [], scopes: [] },
    requestId: `test-${newId()}`,
    locale: 'en',
    ip: '127.0.0.1',
  };
  return { tenant, ctx };
}

export interface TestOrder {
  orderId: string;
  number: string;
  paymentId: string;
  provider: string;
}

let counter = 0;

/** A pending order of `amount` with one sub-order, and its pending payment made by the payment service. */
export async function orderWithPayment(
  runtime: Runtime,
  store: PaymentStore,
  opts: { method?: PaymentMethod; amount?: number } = {},
): Promise<TestOrder> {
  const amount = opts.amount ?? 5000;
  const method = opts.method ?? 'card';
  const vendor = await createVendor(runtime, store.tenant.id);
  const orderId = newId();
  counter += 1;
  const number = `${store.tenant.slug.toUpperCase()}-${String(counter).padStart(6, '0')}`;
  const payment = await runtime.services.uow(store.ctx, async (ctx) => {
    await ctx.tx.execute(sql`
      insert into orders (tenant_id, id, number, payment_method, currency, subtotal, total, ship_country)
      values (${store.tenant.id}::uuid, ${orderId}::uuid, ${number}, ${method}, ${store.tenant.defaultCurrency}, ${amount}, ${amount}, 'US')`);
    await ctx.tx.execute(sql`
      insert into sub_orders (tenant_id, id, order_id, vendor_id, number, subtotal, total, commission_rate_bps, commission_amount)
      values (${store.tenant.id}::uuid, ${newId()}::uuid, ${orderId}::uuid, ${vendor.id}::uuid, ${`${number}-1`}, ${amount}, ${amount}, 1000, ${Math.round(amount / 10)})`);
    return runtime.services.payments.createPayment(ctx, {
      orderId,
      method,
      amount,
      currency: store.tenant.defaultCurrency,
    });
  });
  return { orderId, number, paymentId: payment.id, provider: payment.provider };
}

/** Rows of a table in one store, as the owner sees them (no row-level security in the way). */
export async function storeRows<T = Record<string, unknown>>(
  runtime: Runtime,
  tenantId: string,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  return runtime.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return rowsOf<T>(await tx.execute(query));
  });
}

export interface PaymentState {
  status: string;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  providerRef: string | null;
  failureCode: string | null;
  orderPaymentStatus: string;
}

export async function paymentState(runtime: Runtime, tenantId: string, paymentId: string): Promise<PaymentState> {
  const [row] = await storeRows<PaymentState>(
    runtime,
    tenantId,
    sql`select p.status, p.authorized_amount as "authorizedAmount", p.captured_amount as "capturedAmount",
               p.refunded_amount as "refundedAmount", p.provider_ref as "providerRef", p.failure_code as "failureCode",
               o.payment_status as "orderPaymentStatus"
        from payments p join orders o on o.tenant_id = p.tenant_id and o.id = p.order_id
        where p.tenant_id = ${tenantId}::uuid and p.id = ${paymentId}::uuid`,
  );
  if (!row) throw new Error('no such payment');
  return row;
}

/** The test provider's webhook body for a payment. */
export function testEvent(
  type: string,
  data: { paymentId: string; providerRef?: string; amount?: number; failureCode?: string; failureMessage?: string },
  opts: { id?: string; created?: number } = {},
) {
  return {
    id: opts.id ?? `evt_${newId()}`,
    type,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: { providerRef: `pi_test_${data.paymentId}`, ...data },
  };
}

/** Posts `body` to the test webhook of `tenant`, signed with `secret` at `at` (unix seconds, default now). */
export function sendTestWebhook(
  app: FastifyInstance,
  tenant: string,
  secret: string,
  body: unknown,
  opts: { at?: number; signature?: string; provider?: string } = {},
) {
  const raw = JSON.stringify(body);
  const at = opts.at ?? Math.floor(Date.now() / 1000);
  return app.inject({
    method: 'POST',
    url: `/api/v1/payments/webhooks/${opts.provider ?? 'test'}/${tenant}`,
    remoteAddress: randomIp(),
    headers: {
      'content-type': 'application/json',
      'bazaar-signature': opts.signature ?? signTestWebhook(secret, raw, at),
    },
    payload: raw,
  });
}
