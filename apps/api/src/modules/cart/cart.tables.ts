/**
 * Shopping carts. A guest cart is addressed by a secret token (only its hash is stored) and kept
 * 7 days after its last change; a customer has at most one active cart. Lines are unique per
 * variant, so concurrent adds of the same variant merge into one line instead of racing.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

export const CART_STATUSES = ['active', 'merged', 'converted'] as const;
export type CartStatus = (typeof CART_STATUSES)[number];

export const carts = pgTable(
  'carts',
  {
    ...tenantKeyColumns(),
    userId: uuid('user_id'),
    /** SHA-256 of a guest cart's token (base64url). */
    tokenHash: text('token_hash'),
    status: text('status', { enum: CART_STATUSES }).notNull().default('active'),
    currency: text('currency').notNull(),
    /** Where the cart ships, for shipping options and tax (country upper case, region code). */
    shipCountry: text('ship_country'),
    shipRegion: text('ship_region'),
    /** Coupon codes the shopper entered (upper case). */
    couponCodes: text('coupon_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The order the cart became, once checked out. */
    orderId: uuid('order_id'),
    expiresAt: timestamptz('expires_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('carts', t),
    uniqueIndex('carts_user_active_idx')
      .on(t.tenantId, t.userId)
      .where(sql`status = 'active' and user_id is not null and deleted_at is null`),
    uniqueIndex('carts_token_idx')
      .on(t.tenantId, t.tokenHash)
      .where(sql`token_hash is not null`),
    index('carts_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status = 'active' and user_id is null`),
  ],
);

export const cartItems = pgTable(
  'cart_items',
  {
    ...tenantKeyColumns(),
    cartId: uuid('cart_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('cart_items', t),
    uniqueIndex('cart_items_variant_idx').on(t.tenantId, t.cartId, t.variantId),
    foreignKey({
      name: 'cart_items_cart_fk',
      columns: [t.tenantId, t.cartId],
      foreignColumns: [carts.tenantId, carts.id],
    }).onDelete('cascade'),
    check('cart_items_quantity_check', sql`quantity between 1 and 100`),
  ],
);
