import { sql } from 'drizzle-orm';
import type { TxContext } from '../context.js';
import { newId } from '../ids.js';
import { outbox } from './outbox.tables.js';

/** A domain event as written to the outbox and delivered to handlers. */
export interface DomainEvent<P = unknown> {
  id: string;
  /** Versioned name: `<module>.<fact>.v<n>`, e.g. `orders.placed.v1`. */
  type: string;
  tenantId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: P;
  metadata: { requestId?: string; actorId?: string | null };
  occurredAt: string;
}

export interface NewEvent<P = unknown> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: P;
}

/** Wakes the relay after commit; set by the runtime so publishes are relayed without waiting a poll. */
export type RelayWaker = () => void;

/**
 * Writes an event to the outbox inside the caller's transaction: it is relayed only if the change
 * that caused it commits. Returns the event id. Publish after the aggregate's row has been changed
 * (or locked) in that transaction: concurrent writers of one aggregate then commit, and so number
 * their events, in order.
 */
export async function publish<P>(ctx: TxContext, event: NewEvent<P>, wake?: RelayWaker): Promise<string> {
  const id = newId();
  await ctx.tx.insert(outbox).values({
    id,
    tenantId: ctx.tenantId,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    payload: event.payload,
    metadata: sql`${JSON.stringify({
      requestId: ctx.requestId,
      actorId: ctx.actor && ctx.actor.kind !== 'system' ? ctx.actor.id : null,
    })}::jsonb`,
  });
  if (wake) ctx.afterCommit.push(wake);
  return id;
}
