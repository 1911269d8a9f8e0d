/**
 * System tables of the event and job machinery. They are read across tenants by the relay, the job
 * runner and the scheduler, which run as the connection's own role; the app role gets no privilege
 * on them except INSERT into `outbox`, which row-level security limits to the current tenant.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { currentTenantSql, timestamptz } from '../db/columns.js';

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    /** Commit-independent order of insertion; the relay publishes in this order. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    tenantId: uuid('tenant_id'),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').notNull(),
    metadata: jsonb('metadata')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    index('outbox_unpublished_idx')
      .on(t.seq)
      .where(sql`published_at is null`),
    pgPolicy('outbox_tenant_insert', {
      for: 'insert',
      to: 'public',
      withCheck: sql`tenant_id is not distinct from ${currentTenantSql}`,
    }),
    pgPolicy('outbox_tenant_read', {
      for: 'select',
      to: 'public',
      using: sql`tenant_id is not distinct from ${currentTenantSql}`,
    }),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    tenantId: uuid('tenant_id'),
    payload: jsonb('payload').notNull(),
    /** Jobs sharing a key run one at a time, in `seq` order (events of one aggregate, per handler). */
    orderingKey: text('ordering_key'),
    status: text('status', { enum: ['pending', 'running', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    runAt: timestamptz('run_at').notNull().defaultNow(),
    lockedUntil: timestamptz('locked_until'),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('jobs_ready_idx').on(t.status, t.runAt),
    index('jobs_ordering_idx')
      .on(t.orderingKey, t.seq)
      .where(sql`ordering_key is not null`),
  ],
);

/**
 * Which handler wants which event type, kept in the database so that any process relaying an event
 * fans it out to every handler, including those only newer processes run (a rolling deploy).
 * A removed handler's row is deleted by the migration that removes it.
 */
export const eventSubscriptions = pgTable(
  'event_subscriptions',
  {
    handler: text('handler').primaryKey(),
    eventType: text('event_type').notNull(),
    registeredAt: timestamptz('registered_at').notNull().defaultNow(),
  },
  (t) => [index('event_subscriptions_type_idx').on(t.eventType)],
);

/** Which handler has applied which event: a redelivery finds its row and changes nothing. */
export const processedEvents = pgTable(
  'processed_events',
  {
    handler: text('handler').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamptz('processed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.handler, t.eventId] })],
);

export const scheduledTasks = pgTable('scheduled_tasks', {
  name: text('name').primaryKey(),
  intervalMs: integer('interval_ms').notNull(),
  lastRunAt: timestamptz('last_run_at'),
  nextRunAt: timestamptz('next_run_at').notNull(),
});
