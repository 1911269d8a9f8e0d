import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { currentActorSql, tenantKeyColumns, tenantTable, timestamptz } from '../db/columns.js';

/**
 * Append-only: the app role may insert and read (its own tenant's rows), never update or delete, and
 * a trigger refuses UPDATE and DELETE for every role. Rows are immutable, so they carry no version
 * or soft delete; `created_at`/`created_by` are the audit columns that apply.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    ...tenantKeyColumns(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
    createdBy: uuid('created_by').default(currentActorSql),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable('audit_log', t),
    index('audit_log_entity_idx').on(t.tenantId, t.entityType, t.entityId),
    index('audit_log_created_idx').on(t.tenantId, t.createdAt),
  ],
);
