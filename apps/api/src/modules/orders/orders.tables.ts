/**
 * Orders and their fulfilment. One order per checkout, split into one sub-order per vendor; each
 * line belongs to one sub-order. Amounts are integer minor units in the order's currency, and the
 * checks below make the sums hold in the database as well as in the pricing module:
 * `total = subtotal − discount_total + shipping_total + tax_total` (tax added) or
 * `total = subtotal − discount_total + shipping_total` (prices include tax).
 *
 * Personal data (the email and the addresses) is stored only encrypted; `email_hash` is a keyed
 * blind index for the guest lookup by number + email.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FULFILLMENT_STATUSES = ['unfulfilled', 'partially_shipped', 'shipped', 'delivered', 'cancelled'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/**
 * Where a checkout is in its saga: `reserved` (stock held, order written), `payment_requested`
 * (the provider was asked), `completed` (confirmed or awaiting the shopper's action),
 * `compensated` (undone). The recovery job settles orders left in the first two by a crash.
 */
export const CHECKOUT_STATES = [
  'reserved',
  'payment_requested',
  'awaiting_action',
  'completed',
  'compensated',
] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

/** The last order number a store gave out (`id` = `tenant_id`). */
export const orderCounters = pgTable(
  'order_counters',
  {
    ...tenantKeyColumns(),
    lastNumber: bigint('last_number', { mode: 'number' }).notNull().default(0),
  },
  (t) => [...tenantTable('order_counters', t)],
);

export interface LineOptions {
  [name: string]: string;
}

export const orders = pgTable(
  'orders',
  {
    ...tenantKeyColumns(),
    /** `DEMO-000123`. */
    number: text('number').notNull(),
    /** The checkout request that made it (hash of caller + Idempotency-Key): one order per key. */
    checkoutKey: text('checkout_key'),
    cartId: uuid('cart_id'),
    userId: uuid('user_id'),
    emailCiphertext: text('email_ciphertext'),
    emailHash: text('email_hash'),
    /** SHA-256 of the guest's order token (base64url). */
    orderTokenHash: text('order_token_hash'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    paymentStatus: text('payment_status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    checkoutState: text('checkout_state', { enum: CHECKOUT_STATES }).notNull().default('reserved'),
    paymentMethod: text('payment_method').notNull(),
    currency: text('currency').notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    subtotal: integer('subtotal').notNull(),
    discountTotal: integer('discount_total').notNull().default(0),
    shippingTotal: integer('shipping_total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    total: integer('total').notNull(),
    refundedTotal: integer('refunded_total').notNull().default(0),
    couponCodes: text('coupon_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** `{ name, line1, line2, city, region, postalCode, country, phone }`, sealed. */
    shippingAddressCiphertext: text('shipping_address_ciphertext'),
    billingAddressCiphertext: text('billing_address_ciphertext'),
    shipCountry: text('ship_country').notNull(),
    shipRegion: text('ship_region'),
    locale: text('locale').notNull().default('en'),
    /** Why the order was cancelled, in words the shopper can read. */
    cancelReason: text('cancel_reason'),
    placedAt: timestamptz('placed_at').notNull().defaultNow(),
    confirmedAt: timestamptz('confirmed_at'),
    cancelledAt: timestamptz('cancelled_at'),
    /** Set when the customer's account is erased: the order stays, without personal data. */
    anonymisedAt: timestamptz('anonymised_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('orders', t),
    uniqueIndex('orders_number_idx').on(t.tenantId, t.number),
    uniqueIndex('orders_checkout_key_idx')
      .on(t.tenantId, t.checkoutKey)
      .where(sql`checkout_key is not null`),
    index('orders_user_idx').on(t.tenantId, t.userId, t.placedAt.desc(), t.id.desc()),
    // The admin orders table sorted by placing time (either way), grand total or number.
    index('orders_placed_sort_idx').on(t.tenantId, t.placedAt, t.id),
    index('orders_total_idx').on(t.tenantId, t.total, t.id),
    index('orders_number_sort_idx').on(t.tenantId, t.number, t.id),
    index('orders_email_idx').on(t.tenantId, t.emailHash),
    index('orders_checkout_state_idx')
      .on(t.tenantId, t.updatedAt)
      .where(sql`checkout_state in ('reserved', 'payment_requested')`),
    check(
      'orders_amounts_check',
      sql`subtotal >= 0 and discount_total >= 0 and shipping_total >= 0 and tax_total >= 0 and total >= 0
        and refunded_total between 0 and total
        and total = subtotal - discount_total + shipping_total + case when prices_include_tax then 0 else tax_total end`,
    ),
  ],
);

export const subOrders = pgTable(
  'sub_orders',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    vendorId: uuid('vendor_id').notNull(),
    /** `DEMO-000123-1`. */
    number: text('number').notNull(),
    fulfillmentStatus: text('fulfillment_status', { enum: FULFILLMENT_STATUSES }).notNull().default('unfulfilled'),
    subtotal: integer('subtotal').notNull(),
    discountTotal: integer('discount_total').notNull().default(0),
    shippingTotal: integer('shipping_total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    total: integer('total').notNull(),
    refundedTotal: integer('refunded_total').notNull().default(0),
    /** The commission rate that applied when the order was placed, and its amount. */
    commissionRateBps: integer('commission_rate_bps').notNull(),
    commissionAmount: integer('commission_amount').notNull(),
    shippingRateId: uuid('shipping_rate_id'),
    shippingMethod: text('shipping_method'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('sub_orders', t),
    uniqueIndex('sub_orders_number_idx').on(t.tenantId, t.number),
    index('sub_orders_order_idx').on(t.tenantId, t.orderId),
    index('sub_orders_vendor_idx').on(t.tenantId, t.vendorId, t.createdAt.desc(), t.id.desc()),
    foreignKey({
      name: 'sub_orders_order_fk',
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
    }),
    check(
      'sub_orders_amounts_check',
      sql`subtotal >= 0 and discount_total >= 0 and shipping_total >= 0 and tax_total >= 0 and total >= 0
        and refunded_total between 0 and total and commission_amount >= 0`,
    ),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    subOrderId: uuid('sub_order_id').notNull(),
    vendorId: uuid('vendor_id').notNull(),
    productId: uuid('product_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    options: jsonb('options').$type<LineOptions>().notNull().default({}),
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    /** `unit_price × quantity`. */
    subtotal: integer('subtotal').notNull(),
    discountTotal: integer('discount_total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    taxRateBps: integer('tax_rate_bps').notNull().default(0),
    total: integer('total').notNull(),
    shippedQuantity: integer('shipped_quantity').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('order_lines', t),
    index('order_lines_order_idx').on(t.tenantId, t.orderId),
    index('order_lines_sub_order_idx').on(t.tenantId, t.subOrderId),
    index('order_lines_variant_idx').on(t.tenantId, t.productId),
    foreignKey({
      name: 'order_lines_sub_order_fk',
      columns: [t.tenantId, t.subOrderId],
      foreignColumns: [subOrders.tenantId, subOrders.id],
    }),
    check(
      'order_lines_amounts_check',
      sql`quantity > 0 and unit_price >= 0 and subtotal = unit_price * quantity and discount_total between 0 and subtotal
        and tax_total >= 0 and total >= 0 and shipped_quantity between 0 and quantity and refunded_quantity between 0 and quantity`,
    ),
  ],
);

export interface ShipmentItem {
  lineId: string;
  quantity: number;
}

export const shipments = pgTable(
  'shipments',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    subOrderId: uuid('sub_order_id').notNull(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    items: jsonb('items').$type<ShipmentItem[]>().notNull(),
    status: text('status', { enum: ['shipped', 'in_transit', 'delivered'] })
      .notNull()
      .default('shipped'),
    shippedAt: timestamptz('shipped_at').notNull().defaultNow(),
    deliveredAt: timestamptz('delivered_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('shipments', t),
    index('shipments_sub_order_idx').on(t.tenantId, t.subOrderId),
    index('shipments_order_idx').on(t.tenantId, t.orderId),
    uniqueIndex('shipments_tracking_idx').on(t.tenantId, t.carrier, t.trackingNumber),
    foreignKey({
      name: 'shipments_sub_order_fk',
      columns: [t.tenantId, t.subOrderId],
      foreignColumns: [subOrders.tenantId, subOrders.id],
    }),
  ],
);

/** The order's timeline: every status change, payment event, shipment, refund and note. */
export const orderEvents = pgTable(
  'order_events',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    subOrderId: uuid('sub_order_id'),
    /** `status_changed`, `payment_authorized`, `shipment_created`, `refund_succeeded`, … */
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    message: text('message'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('order_events', t),
    index('order_events_order_idx').on(t.tenantId, t.orderId, t.createdAt, t.id),
    foreignKey({
      name: 'order_events_order_fk',
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
    }),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    subOrderId: uuid('sub_order_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull(),
    restock: boolean('restock').notNull().default(false),
    /** `[{ lineId, quantity }]` returned to stock when `restock`. */
    items: jsonb('items').$type<ShipmentItem[]>().notNull().default([]),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    providerRef: text('provider_ref'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('refunds', t),
    index('refunds_order_idx').on(t.tenantId, t.orderId),
    foreignKey({
      name: 'refunds_sub_order_fk',
      columns: [t.tenantId, t.subOrderId],
      foreignColumns: [subOrders.tenantId, subOrders.id],
    }),
    check('refunds_amount_check', sql`amount > 0`),
  ],
);
