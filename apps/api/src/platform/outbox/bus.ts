/**
 * Domain events: `publish` writes to the outbox in the caller's transaction; the relay moves
 * committed events to a transport. The in-process transport turns each event into one job per
 * subscribed handler (ordered per aggregate, retried, dead-listed); a broker transport (RabbitMQ)
 * implements the same `EventTransport` and callers do not change.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { inArray, or, eq } from 'drizzle-orm';
import type { Database, Queryable, Tx } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import type { TxContext } from '../context.js';
import { eventSubscriptions, processedEvents } from './outbox.tables.js';
import { type DomainEvent, type NewEvent, publish } from './events.js';
import type { JobQueue } from './jobs.js';

export type EventHandler<P = unknown> = (ctx: TxContext, event: DomainEvent<P>) => Promise<void>;

interface Subscription {
  eventType: string;
  handlerName: string;
}

/** Where the relay sends committed events. Runs inside the relay's transaction. */
export interface EventTransport {
  deliver(tx: Tx, events: DomainEvent[]): Promise<void>;
}

interface OutboxRow {
  id: string;
  tenant_id: string | null;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  metadata: DomainEvent['metadata'];
  created_at: Date | string;
}

export class EventBus {
  readonly #subscriptions: Subscription[] = [];
  /** Subscriptions not yet recorded in `event_subscriptions`. */
  #unsynced: Subscription[] = [];
  #wake: () => void = () => undefined;

  constructor(private readonly queue: JobQueue) {}

  /**
   * Records this process's subscriptions in the database, so whichever process relays an event
   * creates a job for every handler. Called at start-up and before relaying; cheap when up to date.
   */
  async syncSubscriptions(q: Queryable): Promise<void> {
    if (this.#unsynced.length === 0) return;
    const pending = this.#unsynced;
    this.#unsynced = [];
    try {
      for (const sub of pending) {
        await q
          .insert(eventSubscriptions)
          .values({ handler: sub.handlerName, eventType: sub.eventType })
          .onConflictDoUpdate({ target: eventSubscriptions.handler, set: { eventType: sub.eventType } });
      }
    } catch (err) {
      this.#unsynced.push(...pending);
      throw err;
    }
  }

  /** Called by the runtime: lets a commit that published events wake the relay at once. */
  setWaker(wake: () => void): void {
    this.#wake = wake;
  }

  publish<P>(ctx: TxContext, event: NewEvent<P>): Promise<string> {
    return publish(ctx, event, () => this.#wake());
  }

  /**
   * Runs `handler` for every committed event of `eventType`, at least once, in order per aggregate.
   * The handler's writes and the record that it applied the event commit together, so a redelivery
   * changes nothing. `handlerName` must be stable: it is the key of that record. A subscription
   * counts from when it is recorded (`syncSubscriptions`, which the runtime runs at start-up):
   * events relayed before that do not reach it.
   */
  subscribe<P>(
    eventType: string,
    handlerName: string,
    handler: EventHandler<P>,
    runAs: 'tenant' | 'system' = 'tenant',
  ): void {
    this.#subscriptions.push({ eventType, handlerName });
    this.#unsynced.push({ eventType, handlerName });
    this.queue.register<DomainEvent<P>>(jobNameFor(handlerName), {
      runAs: 'system',
      handler: async (ctx, event) => {
        const fresh = await ctx.tx
          .insert(processedEvents)
          .values({ handler: handlerName, eventId: event.id })
          .onConflictDoNothing()
          .returning({ id: processedEvents.eventId });
        if (fresh.length === 0) return;
        if (runAs === 'tenant') {
          await ctx.tx.execute(
            sql`select set_config('role', 'bazaar_app', true), set_config('app.tenant_id', ${event.tenantId ?? ''}, true)`,
          );
        }
        await handler({ ...ctx, tenantId: event.tenantId }, event);
      },
    });
  }

  /**
   * The in-process transport: one ordered job per subscribed handler (every handler recorded in
   * the database, not only this process's), in the relay's transaction.
   */
  inProcessTransport(): EventTransport {
    return {
      deliver: async (tx, events) => {
        await this.syncSubscriptions(tx);
        const types = [...new Set(events.map((e) => e.type))];
        const subs = await tx
          .select({ handler: eventSubscriptions.handler, eventType: eventSubscriptions.eventType })
          .from(eventSubscriptions)
          .where(or(inArray(eventSubscriptions.eventType, types), eq(eventSubscriptions.eventType, '*')))
          .orderBy(eventSubscriptions.handler);
        for (const event of events) {
          for (const sub of subs) {
            if (sub.eventType !== event.type && sub.eventType !== '*') continue;
            await this.queue.enqueue(tx, {
              name: jobNameFor(sub.handler),
              tenantId: event.tenantId,
              payload: event,
              orderingKey: `${sub.handler}:${event.aggregateType}:${event.aggregateId}`,
            });
          }
        }
      },
    };
  }
}

const jobNameFor = (handlerName: string) => `event:${handlerName}`;

/** Moves committed outbox events to the transport in insertion order, marking them published. */
export class OutboxRelay {
  constructor(
    private readonly database: Database,
    private readonly transport: EventTransport,
    private readonly log: Logger,
  ) {}

  /**
   * Relays one batch; returns how many events it moved. One process relays at a time (an advisory
   * lock; the others return 0 and try again on their next pass), so events keep their order per
   * aggregate however many processes run the relay.
   */
  async relayBatch(limit = 100): Promise<number> {
    return this.database.db.transaction(async (tx) => {
      const [lock] = rowsOf<{ locked: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('bazaar.relay')) as locked`),
      );
      if (!lock?.locked) return 0;
      const rows = rowsOf<OutboxRow>(
        await tx.execute(sql`
          select id, tenant_id, type, aggregate_type, aggregate_id, payload, metadata, created_at
          from outbox where published_at is null order by seq limit ${limit} for update skip locked`),
      );
      if (rows.length === 0) return 0;
      const events = rows.map(toEvent);
      await this.transport.deliver(tx, events);
      await tx.execute(
        sql`update outbox set published_at = now() where id in (${sql.join(
          rows.map((r) => sql`${r.id}::uuid`),
          sql`, `,
        )})`,
      );
      this.log.debug({ count: rows.length }, 'outbox relayed');
      return rows.length;
    });
  }
}

function toEvent(r: OutboxRow): DomainEvent {
  return {
    id: r.id,
    type: r.type,
    tenantId: r.tenant_id,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    metadata: r.metadata,
    occurredAt: new Date(r.created_at).toISOString(),
  };
}
