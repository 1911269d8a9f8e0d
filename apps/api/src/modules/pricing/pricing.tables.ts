/**
 * What a store charges besides its prices: tax rates by country and region, shipping zones with
 * per-vendor rates, coupons and automatic promotions. The pure pricing module (`pricing.ts`) turns
 * these and a cart into a quote; these tables only hold the configuration and the usage counters.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

/** A tax rate for a country, or one region of it (a region rate wins over the country's). */
export const taxRates = pgTable(
  'tax_rates',
  {
    ...tenantKeyColumns(),
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text('country').notNull(),
    /** ISO 3166-2 subdivision code without the country (`CA`, `BY`, `MH`), or null for the whole country. */
    region: text('region'),
    /** Basis points: 1900 = 19 %. */
    rateBps: integer('rate_bps').notNull(),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('tax_rates', t),
    uniqueIndex('tax_rates_place_idx')
      .on(t.tenantId, t.country, sql`coalesce(region, '')`)
      .where(sql`deleted_at is null`),
    check('tax_rates_rate_check', sql`rate_bps between 0 and 10000`),
  ],
);

/** A set of countries (optionally narrowed to regions) that share shipping rates. */
export const shippingZones = pgTable(
  'shipping_zones',
  {
    ...tenantKeyColumns(),
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2 codes, upper case. */
    countries: text('countries').array().notNull(),
    /** Optional `<country>-<region>` codes (`US-CA`); empty means every region of the countries. */
    regions: text('regions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...auditColumns(),
  },
  (t) => [...tenantTable('shipping_zones', t)],
);

export const SHIPPING_RATE_KINDS = ['flat', 'weight'] as const;
export type ShippingRateKind = (typeof SHIPPING_RATE_KINDS)[number];

/**
 * One shipping option in a zone: for one vendor, or (vendor null) for every vendor that has no rate
 * of its own in the zone. `flat`: `amount` per sub-order; `weight`: `amount` + `per_kg_amount` for
 * each started kilogram. Free when the vendor's subtotal reaches `free_over`.
 */
export const shippingRates = pgTable(
  'shipping_rates',
  {
    ...tenantKeyColumns(),
    zoneId: uuid('zone_id').notNull(),
    vendorId: uuid('vendor_id'),
    name: text('name').notNull(),
    kind: text('kind', { enum: SHIPPING_RATE_KINDS }).notNull().default('flat'),
    amount: integer('amount').notNull(),
    perKgAmount: integer('per_kg_amount').notNull().default(0),
    freeOver: integer('free_over'),
    minDays: integer('min_days').notNull().default(2),
    maxDays: integer('max_days').notNull().default(5),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('shipping_rates', t),
    index('shipping_rates_zone_idx').on(t.tenantId, t.zoneId),
    foreignKey({
      name: 'shipping_rates_zone_fk',
      columns: [t.tenantId, t.zoneId],
      foreignColumns: [shippingZones.tenantId, shippingZones.id],
    }).onDelete('cascade'),
    check(
      'shipping_rates_amount_check',
      sql`amount >= 0 and per_kg_amount >= 0 and (free_over is null or free_over >= 0) and min_days >= 0 and max_days >= min_days`,
    ),
  ],
);

export const COUPON_KINDS = ['percentage', 'fixed', 'free_shipping'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/**
 * Coupons (with a code) and automatic promotions (`automatic`, applied to every cart that
 * qualifies). Store-wide, or for one vendor's items. `used_count` is counted at checkout with a
 * conditional update, so `usage_limit` holds under concurrency.
 */
export const coupons = pgTable(
  'coupons',
  {
    ...tenantKeyColumns(),
    /** Upper case; null for an automatic promotion without a code. */
    code: text('code'),
    name: text('name').notNull(),
    kind: text('kind', { enum: COUPON_KINDS }).notNull(),
    /** `percentage`: basis points (1000 = 10 %); `fixed`: minor units; `free_shipping`: 0. */
    value: integer('value').notNull().default(0),
    vendorId: uuid('vendor_id'),
    automatic: boolean('automatic').notNull().default(false),
    active: boolean('active').notNull().default(true),
    minSubtotal: integer('min_subtotal').notNull().default(0),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    usedCount: integer('used_count').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('coupons', t),
    uniqueIndex('coupons_code_idx')
      .on(t.tenantId, t.code)
      .where(sql`deleted_at is null and code is not null`),
    check('coupons_value_check', sql`value >= 0 and (kind <> 'percentage' or value <= 10000) and min_subtotal >= 0`),
    check(
      'coupons_usage_check',
      sql`used_count >= 0 and (usage_limit is null or used_count <= usage_limit) and (per_customer_limit is null or per_customer_limit > 0)`,
    ),
    check('coupons_code_check', sql`automatic or code is not null`),
  ],
);

/** How often one customer (user id, or a guest's email blind index) used a coupon. */
export const couponUsages = pgTable(
  'coupon_usages',
  {
    ...tenantKeyColumns(),
    couponId: uuid('coupon_id').notNull(),
    customerKey: text('customer_key').notNull(),
    count: integer('count').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('coupon_usages', t),
    uniqueIndex('coupon_usages_customer_idx').on(t.tenantId, t.couponId, t.customerKey),
    foreignKey({
      name: 'coupon_usages_coupon_fk',
      columns: [t.tenantId, t.couponId],
      foreignColumns: [coupons.tenantId, coupons.id],
    }),
    check('coupon_usages_count_check', sql`count >= 0`),
  ],
);
