/**
 * Helpers for the tests of marketplace money and sales analytics: order events published as the
 * orders module publishes them (through the outbox, in a tenant transaction), redelivery of an
 * event to one handler, and the store's ledger and aggregate rows read under row-level security.
 */
import { eq, sql } from 'drizzle-orm';
import { systemContext } from '../src/platform/context.js';
import { rowsOf } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import type { DomainEvent } from '../src/platform/outbox/events.js';
import { jobs, outbox } from '../src/platform/outbox/outbox.tables.js';
import type { OrderCancelledPayload, OrderMoneyPayload, OrderRefundedPayload } from '../src/modules/orders/index.js';
import type { Runtime } from '../src/runtime.js';
import { drainUntil } from './identity-helpers.js';

export interface SubOrderSpec {
  vendorId: string;
  total: number;
  commissionAmount: number;
  subOrderId?: string;
}

/** A confirmed order's money as `order.confirmed.v1` carries it. */
export function orderMoney(opts: {
  currency?: string;
  placedAt?: string;
  subOrders: SubOrderSpec[];
  orderId?: string;
}): OrderMoneyPayload {
  const subOrders = opts.subOrders.map((s) => ({
    subOrderId: s.subOrderId ?? newId(),
    vendorId: s.vendorId,
    subtotal: s.total,
    discountTotal: 0,
    shippingTotal: 0,
    taxTotal: 0,
    total: s.total,
    commissionRateBps: s.total > 0 ? Math.round((s.commissionAmount / s.total) * 10_000) : 0,
    commissionAmount: s.commissionAmount,
  }));
  return {
    orderId: opts.orderId ?? newId(),
    number: `T-${Math.floor(Math.random() * 1_000_000)}`,
    currency: opts.currency ?? 'USD',
    total: subOrders.reduce((sum, s) => sum + s.total, 0),
    userId: null,
    placedAt: opts.placedAt ?? new Date().toISOString(),
    subOrders,
  };
}

export const cancelled = (order: OrderMoneyPayload, wasConfirmed = true): OrderCancelledPayload => ({
  ...order,
  wasConfirmed,
  reason: 'test',
});

export function refunded(
  order: OrderMoneyPayload,
  index: number,
  amount: number,
  commissionReversal: number,
  refundedAt = new Date().toISOString(),
): OrderRefundedPayload {
  const sub = order.subOrders[index];
  if (!sub) throw new Error(`no sub-order ${index}`);
  return {
    orderId: order.orderId,
    number: order.number,
    refundId: newId(),
    subOrderId: sub.subOrderId,
    vendorId: sub.vendorId,
    currency: order.currency,
    amount,
    commissionReversal,
    refundedAt,
  };
}

/** Publishes an event in a transaction of the store, as the module that owns it does. */
export async function publishEvent<P>(
  runtime: Runtime,
  tenantId: string,
  type: string,
  payload: P,
  aggregate: { type: string; id: string },
): Promise<string> {
  return runtime.services.uow(systemContext({ id: tenantId }, `test-${newId()}`), (tx) =>
    runtime.events.publish(tx, { type, aggregateType: aggregate.type, aggregateId: aggregate.id, payload }),
  );
}

/** Publishes an order event (aggregate: the order). */
export const publishOrderEvent = <P extends { orderId: string }>(
  runtime: Runtime,
  tenantId: string,
  type: string,
  payload: P,
) => publishEvent(runtime, tenantId, type, payload, { type: 'order', id: payload.orderId });

/**
 * Relays committed events and runs jobs until none of this process's ready work is left for the
 * store. Jobs of handlers only another process has (a test file's own, recorded in the shared
 * database) are not this process's to wait for: nobody here can run them.
 */
export async function settle(runtime: Runtime, tenantId: string): Promise<void> {
  await drainUntil(runtime, async () => {
    const names = runtime.jobs.registeredNames();
    const [row] = rowsOf<{ outbox: number; jobs: number }>(
      await runtime.database.db.execute(sql`
        select (select count(*) from outbox where tenant_id = ${tenantId} and published_at is null)::int as outbox,
               (select count(*) from jobs where tenant_id = ${tenantId} and status <> 'dead' and run_at <= now()
                  and name in (${sql.join(
                    names.map((n) => sql`${n}`),
                    sql`, `,
                  )}))::int as jobs`),
    );
    return row?.outbox === 0 && row.jobs === 0;
  });
}

/**
 * Delivers a relayed event again to one handler, as a broker redelivers after a lost ack. With
 * `forget`, the handler's record of having applied it is deleted first, so only the handler's own
 * safeguards stand between the redelivery and a second write.
 */
export async function redeliver(
  runtime: Runtime,
  eventId: string,
  handler: string,
  opts: { forget?: boolean } = {},
): Promise<void> {
  const [row] = await runtime.database.db.select().from(outbox).where(eq(outbox.id, eventId));
  if (!row) throw new Error(`no event ${eventId}`);
  const event: DomainEvent = {
    id: row.id,
    type: row.type,
    tenantId: row.tenantId,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    payload: row.payload,
    metadata: row.metadata as DomainEvent['metadata'],
    occurredAt: row.createdAt.toISOString(),
  };
  if (opts.forget) {
    await runtime.database.db.execute(
      sql`delete from processed_events where handler = ${handler} and event_id = ${eventId}`,
    );
  }
  const jobId = await runtime.jobs.enqueue(runtime.database.db, {
    name: `event:${handler}`,
    tenantId: row.tenantId,
    payload: event,
  });
  await drainUntil(runtime, async () => {
    const left = await runtime.database.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId));
    return left.length === 0;
  });
}

/** Rows of a tenant table as the app role sees them in the store (row-level security applies). */
export async function storeRows<T = Record<string, unknown>>(
  runtime: Runtime,
  tenantId: string,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  return runtime.database.tenantTransaction({ tenantId, actorId: null }, async (tx) =>
    rowsOf<T>(await tx.execute(query)),
  );
}
