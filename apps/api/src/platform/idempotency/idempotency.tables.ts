import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../db/columns.js';

/**
 * Stored outcomes of POSTs sent with `Idempotency-Key`, scoped to tenant + caller + route. A system
 * table: written by the HTTP layer as the connection's own role, never by the app role.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id'),
    caller: text('caller').notNull(),
    route: text('route').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: text('status', { enum: ['in_flight', 'done'] }).notNull(),
    /** The request currently holding the key; only it may finish or release the record. */
    owner: uuid('owner'),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    lockedUntil: timestamptz('locked_until').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at')
      .notNull()
      .default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    unique('idempotency_keys_scope_key').on(t.tenantId, t.caller, t.route, t.key).nullsNotDistinct(),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);
