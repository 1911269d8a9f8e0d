/**
 * Catalog tables: the category tree, products with their variants and images, reviews and CSV
 * imports. Every foreign key starts with `tenant_id`, so a row can only point inside its own store.
 *
 * Products carry a summary of their variants, vendor and reviews (`price_min`, `price_max`,
 * `in_stock`, `listed`, `rating_*`) so listing and search read one table. The summary is kept by
 * triggers (migration `0006_catalog_triggers.sql`), whoever writes: `listed` is true exactly when
 * the product is active, not deleted and its vendor approved; it is what shoppers may see.
 * `search_vector` is generated: the title weighted over the description.
 *
 * Vendors are the sellers of a store's marketplace. A user applies; owners or staff approve, reject
 * or later suspend. The people who act for a vendor are the users whose `vendor_id` names it
 * (identity's `users` table). Contact details are personal data and stored only encrypted.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Per-locale overrides of translatable text: `{ "de": { "name": "…" } }`. */
export type Translations = Record<string, Record<string, string>>;

export const PRODUCT_STATUSES = ['draft', 'pending_review', 'active', 'rejected', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface ProductOption {
  name: string;
  values: string[];
}

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
    // The console's vendors table, sorted by creation or by name.
    index('vendors_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('vendors_name_sort_idx').on(t.tenantId, sql`lower(${t.name})`, t.id),
    /** One open application per user. */
    uniqueIndex('vendors_pending_applicant_idx')
      .on(t.tenantId, t.applicantUserId)
      .where(sql`status = 'pending' and deleted_at is null`),
    check('vendors_commission_rate_check', sql`commission_rate_bps is null or commission_rate_bps between 0 and 10000`),
  ],
);

export const categories = pgTable(
  'categories',
  {
    ...tenantKeyColumns(),
    parentId: uuid('parent_id'),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    translations: jsonb('translations').$type<Translations>().notNull().default({}),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('categories', t),
    uniqueIndex('categories_slug_idx')
      .on(t.tenantId, t.slug)
      .where(sql`deleted_at is null`),
    index('categories_parent_idx').on(t.tenantId, t.parentId, t.position),
    foreignKey({
      name: 'categories_parent_fk',
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id],
    }),
  ],
);

export const products = pgTable(
  'products',
  {
    ...tenantKeyColumns(),
    vendorId: uuid('vendor_id').notNull(),
    categoryId: uuid('category_id'),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('draft'),
    /** Why a moderator rejected the product; shown to its vendor. */
    statusReason: text('status_reason'),
    featured: boolean('featured').notNull().default(false),
    options: jsonb('options').$type<ProductOption[]>().notNull().default([]),
    translations: jsonb('translations').$type<Translations>().notNull().default({}),
    currency: text('currency').notNull(),
    primaryImageId: uuid('primary_image_id'),
    submittedAt: timestamptz('submitted_at'),
    publishedAt: timestamptz('published_at'),
    // Kept by triggers: see the file comment.
    priceMin: integer('price_min'),
    priceMax: integer('price_max'),
    inStock: boolean('in_stock').notNull().default(false),
    listed: boolean('listed').notNull().default(false),
    ratingAvg: numeric('rating_avg', { precision: 3, scale: 2, mode: 'number' }).notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    /** Reviews with 1, 2, 3, 4 and 5 stars. */
    ratingHistogram: integer('rating_histogram')
      .array()
      .notNull()
      .default(sql`'{0,0,0,0,0}'::integer[]`),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('products', t),
    uniqueIndex('products_slug_idx')
      .on(t.tenantId, t.slug)
      .where(sql`deleted_at is null`),
    foreignKey({
      name: 'products_vendor_fk',
      columns: [t.tenantId, t.vendorId],
      foreignColumns: [vendors.tenantId, vendors.id],
    }),
    foreignKey({
      name: 'products_category_fk',
      columns: [t.tenantId, t.categoryId],
      foreignColumns: [categories.tenantId, categories.id],
    }),
    // The vendor's own list and the moderation queue.
    index('products_vendor_idx').on(t.tenantId, t.vendorId, t.createdAt, t.id),
    index('products_status_idx').on(t.tenantId, t.status, t.createdAt, t.id),
    // The consoles' product tables sorted by title or by last change.
    index('products_title_sort_idx').on(t.tenantId, sql`lower(${t.title})`, t.id),
    index('products_updated_idx').on(t.tenantId, t.updatedAt, t.id),
    // Shopper-facing reads touch listed rows only: one partial index per keyset sort.
    index('products_listed_newest_idx')
      .on(t.tenantId, t.createdAt.desc(), t.id.desc())
      .where(sql`listed`),
    index('products_listed_price_idx')
      .on(t.tenantId, t.priceMin, t.id)
      .where(sql`listed`),
    index('products_listed_rating_idx')
      .on(t.tenantId, t.ratingAvg.desc(), t.id.desc())
      .where(sql`listed`),
    index('products_listed_category_idx')
      .on(t.tenantId, t.categoryId, t.createdAt.desc(), t.id.desc())
      .where(sql`listed`),
    index('products_listed_vendor_idx')
      .on(t.tenantId, t.vendorId, t.createdAt.desc(), t.id.desc())
      .where(sql`listed`),
    index('products_search_idx')
      .using('gin', t.searchVector)
      .where(sql`listed`),
    index('products_title_trgm_idx')
      .using('gin', t.title.op('gin_trgm_ops'))
      .where(sql`listed`),
    check('products_price_check', sql`price_min is null or price_min >= 0`),
  ],
);

export const variants = pgTable(
  'variants',
  {
    ...tenantKeyColumns(),
    productId: uuid('product_id').notNull(),
    sku: text('sku').notNull(),
    /** `{ "Size": "M", "Colour": "Blue" }`: one value for each of the product's options. */
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    price: integer('price').notNull(),
    compareAtPrice: integer('compare_at_price'),
    weightGrams: integer('weight_grams'),
    /** Units in the warehouse. */
    onHand: integer('on_hand').notNull().default(0),
    /** Units held by checkouts in progress; `on_hand - reserved` can be bought now. */
    reserved: integer('reserved').notNull().default(0),
    lowStockThreshold: integer('low_stock_threshold'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('variants', t),
    uniqueIndex('variants_sku_idx')
      .on(t.tenantId, t.sku)
      .where(sql`deleted_at is null`),
    index('variants_product_idx').on(t.tenantId, t.productId, t.position),
    foreignKey({
      name: 'variants_product_fk',
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
    }),
    check('variants_price_check', sql`price >= 0 and (compare_at_price is null or compare_at_price >= 0)`),
    check('variants_stock_check', sql`on_hand >= 0 and reserved >= 0 and reserved <= on_hand`),
    check('variants_weight_check', sql`weight_grams is null or weight_grams >= 0`),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    ...tenantKeyColumns(),
    productId: uuid('product_id').notNull(),
    /** Object-storage keys of the original (re-encoded) image and its thumbnail. */
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    alt: text('alt').notNull().default(''),
    position: integer('position').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('product_images', t),
    index('product_images_product_idx').on(t.tenantId, t.productId, t.position),
    foreignKey({
      name: 'product_images_product_fk',
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
    }),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    ...tenantKeyColumns(),
    productId: uuid('product_id').notNull(),
    /** The author; null once the author's account is erased. */
    userId: uuid('user_id'),
    rating: smallint('rating').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    verifiedPurchase: boolean('verified_purchase').notNull().default(false),
    hiddenAt: timestamptz('hidden_at'),
    hiddenBy: uuid('hidden_by'),
    hiddenReason: text('hidden_reason'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('reviews', t),
    uniqueIndex('reviews_author_idx')
      .on(t.tenantId, t.productId, t.userId)
      .where(sql`deleted_at is null`),
    index('reviews_product_idx').on(t.tenantId, t.productId, t.createdAt.desc(), t.id.desc()),
    index('reviews_user_idx').on(t.tenantId, t.userId),
    foreignKey({
      name: 'reviews_product_fk',
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
    }),
    check('reviews_rating_check', sql`rating between 1 and 5`),
  ],
);

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export interface ImportRowResult {
  row: number;
  ok: boolean;
  error?: string;
  sku?: string;
  productId?: string;
  action?: 'created' | 'updated' | 'unchanged';
}

export const catalogImports = pgTable(
  'catalog_imports',
  {
    ...tenantKeyColumns(),
    vendorId: uuid('vendor_id').notNull(),
    userId: uuid('user_id'),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    filename: text('filename').notNull().default('import.csv'),
    /** The uploaded file, kept in object storage until the import finishes. */
    sourceKey: text('source_key').notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    okRows: integer('ok_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    results: jsonb('results').$type<ImportRowResult[]>().notNull().default([]),
    error: text('error'),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('catalog_imports', t),
    index('catalog_imports_vendor_idx').on(t.tenantId, t.vendorId, t.createdAt, t.id),
    foreignKey({
      name: 'catalog_imports_vendor_fk',
      columns: [t.tenantId, t.vendorId],
      foreignColumns: [vendors.tenantId, vendors.id],
    }),
  ],
);

export const RESERVATION_STATUSES = ['held', 'converted', 'released'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Units a checkout holds on a variant until its payment settles (`variants.reserved` is their sum
 * over `held` rows). Converted to a deduction from `on_hand` when the order is confirmed, released
 * on failure, cancellation or expiry. `order_id` names the order that holds them.
 */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('held'),
    expiresAt: timestamptz('expires_at').notNull(),
    settledAt: timestamptz('settled_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('stock_reservations', t),
    index('stock_reservations_order_idx').on(t.tenantId, t.orderId),
    index('stock_reservations_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status = 'held'`),
    foreignKey({
      name: 'stock_reservations_variant_fk',
      columns: [t.tenantId, t.variantId],
      foreignColumns: [variants.tenantId, variants.id],
    }),
    check('stock_reservations_quantity_check', sql`quantity > 0`),
  ],
);
