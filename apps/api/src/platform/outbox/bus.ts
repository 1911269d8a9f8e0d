/**
 * Domain events: `publish` writes to the outbox in the caller's transaction; the relay moves
 * committed events to a transport. The in-process transport turns each event into one job per
 * subscribed handler (ordered per aggregate, retried, dead-listed); a broker transport (RabbitMQ)
 * implements the same `EventTransport` and callers do not change.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import type { TxContext } from '../context.js';
import { processedEvents } from './outbox.tables.js';
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
  #wake: () => void = () => undefined;

  constructor(private readonly queue: JobQueue) {}

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
   * changes nothing. `handlerName` must be stable: it is the key of that record.
   */
  subscribe<P>(
    eventType: string,
    handlerName: string,
    handler: EventHandler<P>,
    runAs: 'tenant' | 'system' = 'tenant',
  ): void {
    this.#subscriptions.push({ eventType, handlerName });
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

  /** The in-process transport: one ordered job per subscribed handler, in the relay's transaction. */
  inProcessTransport(): EventTransport {
    return {
      deliver: async (tx, events) => {
        for (const event of events) {
          for (const sub of this.#subscriptions) {
            if (sub.eventType !== event.type && sub.eventType !== '*') continue;
            await this.queue.enqueue(tx, {
              name: jobNameFor(sub.handlerName),
              tenantId: event.tenantId,
              payload: event,
              orderingKey: `${sub.handlerName}:${event.aggregateType}:${event.aggregateId}`,
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

  /** Relays one batch; returns how many events it moved. Safe to run in several processes at once. */
  async relayBatch(limit = 100): Promise<number> {
    return this.database.db.transaction(async (tx) => {
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
