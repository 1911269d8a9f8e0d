import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, timestamptz } from '../../platform/db/columns.js';

/**
 * The stores. Platform-owned (a tenant does not own its own row), so no `tenant_id` and no
 * row-level security; the app role may only read it.
 */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique('tenants_slug_key'),
    name: text('name').notNull(),
    defaultCurrency: text('default_currency').notNull(),
    defaultLocale: text('default_locale').notNull(),
    locales: text('locales').array().notNull(),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    ...auditColumns(),
  },
  (t) => [
    index('tenants_created_idx')
      .on(t.createdAt, t.id)
      .where(sql`deleted_at is null`),
  ],
);

/** Host names that map to a store; a domain belongs to one store at most. */
export const tenantDomains = pgTable(
  'tenant_domains',
  {
    domain: text('domain').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('tenant_domains_tenant_idx').on(t.tenantId)],
);
