/**
 * What Bazaar needs from a payment provider. Implementations: `test` (built in, deterministic
 * tokens), `stripe` (the official SDK, PaymentIntents with manual capture) and `cod` (cash on
 * delivery). Card data never reaches Bazaar: the shopper's browser hands the provider the card and
 * Bazaar only sees the resulting token (`paymentToken`).
 */
import type { NextAction } from './payments.tables.js';

export type ProviderMethod = 'card' | 'upi' | 'netbanking' | 'cod';

export interface AuthorizeRequest {
  /** Bazaar's payment id: the provider's idempotency key and metadata, so a retry never charges twice. */
  paymentId: string;
  orderId: string;
  orderNumber: string;
  /** The store: the test provider signs it into its action pages, Stripe keeps it in metadata. */
  tenantId: string;
  tenantSlug: string;
  amount: number;
  currency: string;
  method: ProviderMethod;
  /** A provider token (`tok_visa`, a Stripe PaymentMethod id); absent for cash on delivery. */
  token?: string;
  /** Where the shopper returns after an action (3-D Secure, UPI, net banking). */
  returnUrl: string;
}

export type AuthorizeOutcome =
  | { status: 'authorized'; providerRef: string; amount: number }
  /** Cash on delivery: nothing to authorize; the order is confirmed and paid on delivery. */
  | { status: 'deferred'; providerRef: string }
  | { status: 'requires_action'; providerRef: string; nextAction: NextAction }
  | { status: 'declined'; providerRef: string | null; code: string; message: string };

/** What the provider says a payment is now (recovery job, webhooks). */
export type ProviderPaymentState =
  'not_found' | 'requires_action' | 'authorized' | 'captured' | 'declined' | 'voided' | 'refunded';

export interface ProviderPayment {
  providerRef: string;
  state: ProviderPaymentState;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
}

/** A verified webhook, in Bazaar's words. */
export interface ProviderEvent {
  /** The provider's event id: deliveries are deduplicated by it. */
  id: string;
  /** `payment.authorized`, `payment.captured`, `payment.failed`, `payment.voided`, `payment.refunded`, or `other`. */
  type: 'payment.authorized' | 'payment.captured' | 'payment.failed' | 'payment.voided' | 'payment.refunded' | 'other';
  /** The provider's own name of the event (`payment_intent.succeeded`), kept with the delivery. */
  rawType: string;
  providerRef: string | null;
  /** Bazaar's payment id when the provider echoes it (metadata). */
  paymentId: string | null;
  occurredAt: Date;
  /**
   * Authorized or captured: that amount. Refunded: the payment's refunded total so far (providers
   * report the running total, so a lost delivery is made up by the next).
   */
  amount?: number;
  failureCode?: string;
  failureMessage?: string;
}

/** What Bazaar recorded of a payment: the built-in providers keep no state of their own. */
export interface StoredPayment {
  status:
    'pending' | 'requires_action' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'voided';
  amount: number;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
}

export interface RetrieveRequest {
  providerRef: string;
  paymentId: string;
  /**
   * The payments row as Bazaar holds it. The built-in `test` and `cod` providers answer from it
   * (they run in every replica and remember nothing between calls); Stripe asks its API.
   */
  stored: StoredPayment;
}

export interface PaymentProvider {
  readonly name: 'test' | 'stripe' | 'cod';
  readonly methods: readonly ProviderMethod[];
  authorize(req: AuthorizeRequest): Promise<AuthorizeOutcome>;
  /** Captures up to `amount` of an authorized payment. */
  capture(providerRef: string, amount: number, idempotencyKey: string): Promise<{ amountCaptured: number }>;
  void(providerRef: string, idempotencyKey: string): Promise<void>;
  refund(providerRef: string, amount: number, idempotencyKey: string): Promise<{ refundRef: string }>;
  retrieve(req: RetrieveRequest): Promise<ProviderPayment>;
  /**
   * The provider's payment made for Bazaar's `paymentId` when Bazaar never learnt its reference (a
   * crash between the provider's answer and recording it); null when there is none.
   */
  findByPaymentId(paymentId: string, stored: StoredPayment): Promise<ProviderPayment | null>;
  /**
   * Checks the signature (and its timestamp, within 5 minutes) of a webhook delivery and parses it;
   * throws `WebhookSignatureInvalid` otherwise. `rawBody` is the exact bytes received. Providers
   * that send no webhooks (cash on delivery) always throw.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): ProviderEvent;
}
