/**
 * Payments: one per order, with the provider's reference and the amounts authorized, captured and
 * refunded (the checks keep `refunded ≤ captured ≤ amount`). Card data never reaches Bazaar: only
 * the provider's tokens and ids are stored. Webhook events are recorded by provider event id, so a
 * replayed delivery applies once.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

export const PAYMENT_RECORD_STATUSES = [
  'pending',
  'requires_action',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
] as const;
export type PaymentRecordStatus = (typeof PAYMENT_RECORD_STATUSES)[number];

export interface NextAction {
  type: 'redirect_to_url' | 'three_d_secure';
  url: string;
  /** For UPI: the VPA intent a phone app opens. */
  upiUri?: string;
}

export const payments = pgTable(
  'payments',
  {
    ...tenantKeyColumns(),
    orderId: uuid('order_id').notNull(),
    /** `test`, `stripe` or `cod`. */
    provider: text('provider').notNull(),
    method: text('method', { enum: ['card', 'upi', 'netbanking', 'cod'] }).notNull(),
    status: text('status', { enum: PAYMENT_RECORD_STATUSES }).notNull().default('pending'),
    currency: text('currency').notNull(),
    amount: integer('amount').notNull(),
    authorizedAmount: integer('authorized_amount').notNull().default(0),
    capturedAmount: integer('captured_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    /** The provider's id for this payment (a PaymentIntent id). */
    providerRef: text('provider_ref'),
    nextAction: jsonb('next_action').$type<NextAction>(),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    /** When the provider's most recent applied event happened: older events are ignored. */
    lastEventAt: timestamptz('last_event_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('payments', t),
    uniqueIndex('payments_order_idx').on(t.tenantId, t.orderId),
    uniqueIndex('payments_provider_ref_idx')
      .on(t.tenantId, t.provider, t.providerRef)
      .where(sql`provider_ref is not null`),
    check(
      'payments_amounts_check',
      sql`amount >= 0 and authorized_amount between 0 and amount and captured_amount between 0 and amount
        and refunded_amount between 0 and captured_amount`,
    ),
  ],
);

/** Webhook deliveries received, by the provider's event id (dedupe and audit). */
export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    ...tenantKeyColumns(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    type: text('type').notNull(),
    paymentId: uuid('payment_id'),
    /** What handling it did: `applied`, `ignored_stale`, `ignored_unknown`. */
    outcome: text('outcome').notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('payment_webhook_events', t),
    uniqueIndex('payment_webhook_events_event_idx').on(t.tenantId, t.provider, t.providerEventId),
    index('payment_webhook_events_payment_idx').on(t.tenantId, t.paymentId),
  ],
);
