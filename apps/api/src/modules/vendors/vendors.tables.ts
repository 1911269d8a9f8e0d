/**
 * Vendors: the sellers of a store's marketplace. A user applies; owners or staff approve, reject or
 * later suspend. The people who act for a vendor are the users whose `vendor_id` names it
 * (identity's `users` table). Contact details are personal data and stored only encrypted.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

export const VENDOR_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];

export const vendors = pgTable(
  'vendors',
  {
    ...tenantKeyColumns(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    logoUrl: text('logo_url'),
    /** `{ email, phone?, name? }` of the applicant's business contact, sealed (platform/crypto/pii.ts). */
    contactCiphertext: text('contact_ciphertext'),
    status: text('status', { enum: VENDOR_STATUSES }).notNull().default('pending'),
    /** Why an application was rejected or a vendor suspended; shown to the vendor. */
    statusReason: text('status_reason'),
    /** Overrides the store's commission rate for this vendor, in basis points (1250 = 12.5 %). */
    commissionRateBps: integer('commission_rate_bps'),
    applicantUserId: uuid('applicant_user_id'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamptz('reviewed_at'),
    approvedAt: timestamptz('approved_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('vendors', t),
    uniqueIndex('vendors_slug_idx')
      .on(t.tenantId, t.slug)
      .where(sql`deleted_at is null`),
    index('vendors_status_idx').on(t.tenantId, t.status, t.createdAt, t.id),
    /** One open application per user. */
    uniqueIndex('vendors_pending_applicant_idx')
      .on(t.tenantId, t.applicantUserId)
      .where(sql`status = 'pending' and deleted_at is null`),
    check('vendors_commission_rate_check', sql`commission_rate_bps is null or commission_rate_bps between 0 and 10000`),
  ],
);
