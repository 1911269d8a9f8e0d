/**
 * Live order status for shoppers (server-sent events). Every change to an order commits a
 * `pg_notify('bazaar_orders', { tenantId, orderId, eventId })` (see `orders.timeline.ts`); each API
 * process listens once and, for the orders someone follows on it, reads the order's current status
 * and writes it to those streams. Nothing is kept between processes: a client reconnecting to any
 * replica gets the current status first, then the changes.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { systemContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import type { NotificationHub } from '../../platform/db/notifications.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { ORDER_NOTIFY_CHANNEL } from './orders.timeline.js';
import { orderEvents, orders, subOrders } from './orders.tables.js';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './orders.tables.js';

export interface OrderStatusEvent {
  orderId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  subOrders: Array<{ id: string; vendorId: string; fulfillmentStatus: FulfillmentStatus }>;
  /** What changed (`status_changed`, `shipment_created`, …); `current` for the first event. */
  change: string;
  at: string;
}

/** Where events go: an open HTTP response. */
export interface StreamSink {
  write(chunk: string): boolean;
  end(): void;
}

interface Notice {
  tenantId: string;
  orderId: string;
  eventId: string;
}

export interface OrderStreamsDeps {
  uow: UnitOfWork;
  hub: NotificationHub;
  /** Comment lines keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  log?: Logger | undefined;
}

/** One server-sent event. */
export function sseEvent(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The order's status now, and what the timeline entry `eventId` says changed. */
export async function statusOf(
  tx: Queryable,
  orderId: string,
  eventId?: string,
): Promise<OrderStatusEvent | undefined> {
  const [order] = await tx
    .select({ id: orders.id, status: orders.status, paymentStatus: orders.paymentStatus })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return undefined;
  const subs = await tx
    .select({ id: subOrders.id, vendorId: subOrders.vendorId, fulfillmentStatus: subOrders.fulfillmentStatus })
    .from(subOrders)
    .where(eq(subOrders.orderId, orderId))
    .orderBy(asc(subOrders.number));
  let change = 'current';
  let at = new Date();
  if (eventId) {
    const [event] = await tx
      .select({ type: orderEvents.type, at: orderEvents.createdAt })
      .from(orderEvents)
      .where(and(eq(orderEvents.id, eventId), eq(orderEvents.orderId, orderId)));
    if (event) {
      change = event.type;
      at = event.at;
    }
  }
  return {
    orderId: order.id,
    status: order.status,
    paymentStatus: order.paymentStatus,
    subOrders: subs,
    change,
    at: at.toISOString(),
  };
}

export function createOrderStreams(deps: OrderStreamsDeps) {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  /** `tenant:order` → the sinks following it on this process. */
  const open = new Map<string, Set<StreamSink>>();
  /** Per order, changes are read and written one after another, in the order they arrived. */
  const queues = new Map<string, Promise<void>>();
  let subscribed: Promise<() => Promise<void>> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const keyOf = (tenantId: string, orderId: string) => `${tenantId}:${orderId}`;

  function broadcast(key: string, chunk: string): void {
    for (const sink of open.get(key) ?? []) {
      try {
        sink.write(chunk);
      } catch {
        // A broken connection is removed by its close handler.
      }
    }
  }

  function onNotice(n: Notice): void {
    if (typeof n?.tenantId !== 'string' || typeof n.orderId !== 'string') return;
    const key = keyOf(n.tenantId, n.orderId);
    if (!open.has(key)) return;
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        if (!open.has(key)) return;
        const status = await deps.uow(systemContext({ id: n.tenantId }, `stream:${n.eventId}`), (ctx) =>
          statusOf(ctx.tx, n.orderId, n.eventId),
        );
        if (status) broadcast(key, sseEvent('status', status, n.eventId));
      })
      .catch((err: unknown) => deps.log?.warn({ err, orderId: n.orderId }, 'could not read an order for its stream'))
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key);
      });
    queues.set(key, next);
  }

  function ensureHeartbeat(): void {
    if (heartbeat || heartbeatMs <= 0) return;
    heartbeat = setInterval(() => {
      for (const sinks of open.values()) {
        for (const sink of sinks) {
          try {
            sink.write(': heartbeat\n\n');
          } catch {
            // Removed by its close handler.
          }
        }
      }
    }, heartbeatMs);
    heartbeat.unref();
  }

  return {
    /**
     * Follows the order on `sink`: listens (once per process) before anything is sent, so no change
     * committed after the first event is missed. Returns the function that stops following.
     */
    async follow(tenantId: string, orderId: string, sink: StreamSink): Promise<() => void> {
      subscribed ??= deps.hub.subscribe<Notice>(ORDER_NOTIFY_CHANNEL, onNotice);
      try {
        await subscribed;
      } catch (err) {
        subscribed = undefined;
        throw err;
      }
      const key = keyOf(tenantId, orderId);
      let sinks = open.get(key);
      if (!sinks) {
        sinks = new Set();
        open.set(key, sinks);
      }
      sinks.add(sink);
      ensureHeartbeat();
      return () => {
        const current = open.get(key);
        current?.delete(sink);
        if (current?.size === 0) open.delete(key);
        if (open.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
      };
    },
    /** Ends every open stream (the server is shutting down) and stops listening. */
    async close(): Promise<void> {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      for (const sinks of open.values()) for (const sink of sinks) sink.end();
      open.clear();
      const stop = await subscribed?.catch(() => undefined);
      subscribed = undefined;
      await stop?.();
    },
    /** Streams open on this process (metrics, tests). */
    size: () => [...open.values()].reduce((n, s) => n + s.size, 0),
  };
}

export type OrderStreams = ReturnType<typeof createOrderStreams>;
