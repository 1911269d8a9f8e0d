/**
 * Marketplace money and the sales aggregate. Each vendor's ledger is append-only: a sale credits
 * the sub-order's total, its commission debits the store's share, a refund debits what was returned
 * and credits back the commission on it, a payout debits what was paid. The balance is the sum, and
 * may go negative (a refund after a payout), which the next payout carries.
 *
 * `sales_daily` is kept by order events (never by scanning orders per request): one row per store,
 * day (UTC) and vendor, plus the store-wide row whose `vendor_id` is the nil UUID.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  auditColumns,
  currentTenantSql,
  tenantKeyColumns,
  tenantTable,
  timestamptz,
} from '../../platform/db/columns.js';

export const LEDGER_KINDS = ['sale', 'commission', 'refund', 'commission_reversal', 'payout', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const ledgerEntries = pgTable(
  'vendor_ledger_entries',
  {
    ...tenantKeyColumns(),
    vendorId: uuid('vendor_id').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    /** Signed minor units: credits to the vendor positive, debits negative. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    orderId: uuid('order_id'),
    /** The order's number as it was when the entry was written (numbers never change). */
    orderNumber: text('order_number'),
    subOrderId: uuid('sub_order_id'),
    refundId: uuid('refund_id'),
    payoutId: uuid('payout_id'),
    description: text('description').notNull().default(''),
    /** What caused it (`<event id>:<kind>`): the same cause never writes twice. */
    sourceKey: text('source_key').notNull(),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('vendor_ledger_entries', t),
    uniqueIndex('vendor_ledger_source_idx').on(t.tenantId, t.sourceKey),
    index('vendor_ledger_vendor_idx').on(t.tenantId, t.vendorId, t.createdAt.desc(), t.id.desc()),
    index('vendor_ledger_unpaid_idx')
      .on(t.tenantId, t.vendorId)
      .where(sql`payout_id is null`),
  ],
);

export const payouts = pgTable(
  'payouts',
  {
    ...tenantKeyColumns(),
    vendorId: uuid('vendor_id').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['paid'] })
      .notNull()
      .default('paid'),
    reference: text('reference'),
    entryCount: integer('entry_count').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('payouts', t),
    index('payouts_vendor_idx').on(t.tenantId, t.vendorId, t.createdAt.desc(), t.id.desc()),
    index('payouts_created_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    check('payouts_amount_check', sql`amount > 0`),
  ],
);

/** The nil UUID: the `vendor_id` of a store-wide `sales_daily` row. */
export const STORE_WIDE = '00000000-0000-0000-0000-000000000000';

export const salesDaily = pgTable(
  'sales_daily',
  {
    tenantId: uuid('tenant_id').notNull().default(currentTenantSql),
    day: date('day', { mode: 'string' }).notNull(),
    vendorId: uuid('vendor_id').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull().default(0),
    /** Sum of confirmed order (or sub-order) totals, minus cancellations. */
    revenue: bigint('revenue', { mode: 'number' }).notNull().default(0),
    refunds: bigint('refunds', { mode: 'number' }).notNull().default(0),
    /** Carts created (store-wide row only): the denominator of conversion. */
    carts: integer('carts').notNull().default(0),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'sales_daily_pkey', columns: [t.tenantId, t.day, t.vendorId] }),
    pgPolicy('sales_daily_tenant_isolation', {
      as: 'permissive',
      for: 'all',
      to: 'public',
      using: sql`tenant_id = ${currentTenantSql}`,
      withCheck: sql`tenant_id = ${currentTenantSql}`,
    }),
  ],
);
