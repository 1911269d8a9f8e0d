import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

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
    // The platform's stores table, sorted by name or by slug.
    index('tenants_name_sort_idx')
      .on(sql`lower(${t.name})`, t.id)
      .where(sql`deleted_at is null`),
    index('tenants_slug_sort_idx')
      .on(t.slug, t.id)
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

export const PAYMENT_METHODS = ['card', 'upi', 'netbanking', 'cod'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * A store's own settings, which its owners edit (`/api/v1/admin/settings`): one row per store
 * (`id` = `tenant_id`), tenant-owned so row-level security applies. A store without a row uses the
 * defaults below.
 */
export const storeSettings = pgTable(
  'store_settings',
  {
    ...tenantKeyColumns(),
    /** Payment methods shoppers may choose; UPI and net banking only for INR stores. */
    paymentMethods: text('payment_methods')
      .array()
      .notNull()
      .default(sql`'{card}'::text[]`),
    /** The marketplace commission on each sub-order's items, in basis points (1000 = 10 %). */
    commissionRateBps: integer('commission_rate_bps').notNull().default(1000),
    /** Whether catalog prices include tax (`true`) or tax is added at checkout (`false`). */
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    /** ISO 3166-1 alpha-2 country used for shipping options before a cart has an address. */
    defaultCountry: text('default_country').notNull().default('US'),
    /** Order numbers read `<prefix>-000123`; defaults to the store's slug in capitals. */
    orderNumberPrefix: text('order_number_prefix'),
    supportEmail: text('support_email'),
    logoUrl: text('logo_url'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('store_settings', t),
    check('store_settings_commission_check', sql`commission_rate_bps between 0 and 10000`),
  ],
);
