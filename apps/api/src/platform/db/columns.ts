/**
 * Column helpers every tenant-owned table is built from. `tenant_id` and the actor columns default
 * to the transaction's `app.tenant_id` / `app.actor_id` settings, so an insert made inside a tenant
 * transaction is stamped even when the caller forgets; RLS refuses any other tenant's id.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, integer, pgPolicy, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

export const currentTenantSql: SQL = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
export const currentActorSql: SQL = sql`nullif(current_setting('app.actor_id', true), '')::uuid`;

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** `tenant_id` and `id`: the leading columns of every tenant table's primary key. */
export const tenantKeyColumns = () => ({
  tenantId: uuid('tenant_id').notNull().default(currentTenantSql),
  id: uuid('id').notNull(),
});

/** Who made and last changed a row, when, its version for optimistic locking, its soft delete. */
export const auditColumns = () => ({
  createdBy: uuid('created_by').default(currentActorSql),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by').default(currentActorSql),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
  deletedAt: timestamptz('deleted_at'),
});

/**
 * The primary key `(tenant_id, id)` and the row-level security policy that hides every other
 * tenant's rows. Spread into a table's extra config: `(t) => [...tenantTable('orders', t), …]`.
 * The policy applies to every role (`public`); FORCE and the grants are applied after migrations.
 */
export function tenantTable(name: string, t: { tenantId: AnyPgColumn; id: AnyPgColumn }) {
  return [
    primaryKey({ name: `${name}_pkey`, columns: [t.tenantId, t.id] }),
    pgPolicy(`${name}_tenant_isolation`, {
      as: 'permissive',
      for: 'all',
      to: 'public',
      using: sql`tenant_id = ${currentTenantSql}`,
      withCheck: sql`tenant_id = ${currentTenantSql}`,
    }),
  ];
}
