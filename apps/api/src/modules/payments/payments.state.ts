/**
 * How a payment's record moves, as pure functions: which statuses may follow which (only forward:
 * a late or replayed webhook never undoes a later state), what a provider event changes, and the
 * order's public `paymentStatus` for a record status.
 */
import type { PaymentStatus } from '../orders/index.js';
import type { ProviderEvent } from './payments.provider.js';
import type { PaymentRecordStatus } from './payments.tables.js';

const NEXT: Record<PaymentRecordStatus, readonly PaymentRecordStatus[]> = {
  pending: ['requires_action', 'authorized', 'paid', 'failed', 'voided'],
  requires_action: ['requires_action', 'authorized', 'paid', 'failed', 'voided'],
  // An authorization ends captured or voided (Stripe cancels an expired one); it does not fail.
  authorized: ['paid', 'voided'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  failed: [],
  voided: [],
};

export function canMovePayment(from: PaymentRecordStatus, to: PaymentRecordStatus): boolean {
  return NEXT[from].includes(to);
}

/** The order's `paymentStatus` for a payment record status: an action in progress is still pending. */
export function orderPaymentStatusOf(status: PaymentRecordStatus): PaymentStatus {
  return status === 'requires_action' ? 'pending' : status;
}

export interface PaymentSnapshot {
  status: PaymentRecordStatus;
  amount: number;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  lastEventAt: Date | null;
}

export interface PaymentChange {
  status: PaymentRecordStatus;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  failureCode: string | null;
  failureMessage: string | null;
}

export type EventDecision =
  | { apply: true; change: PaymentChange }
  /** `ignored_stale`: older than what was applied, or it would move the payment backwards. */
  | { apply: false; outcome: 'ignored_stale' | 'ignored_other' };

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** What a verified provider event does to a payment, if anything. */
export function decideEvent(p: PaymentSnapshot, e: ProviderEvent): EventDecision {
  if (e.type === 'other') return { apply: false, outcome: 'ignored_other' };
  if (p.lastEventAt && e.occurredAt.getTime() < p.lastEventAt.getTime())
    return { apply: false, outcome: 'ignored_stale' };
  const keep = {
    authorizedAmount: p.authorizedAmount,
    capturedAmount: p.capturedAmount,
    refundedAmount: p.refundedAmount,
    failureCode: null,
    failureMessage: null,
  };
  let change: PaymentChange;
  switch (e.type) {
    case 'payment.authorized':
      change = { ...keep, status: 'authorized', authorizedAmount: clamp(e.amount ?? p.amount, 0, p.amount) };
      break;
    case 'payment.captured': {
      const captured = clamp(e.amount ?? p.amount, 0, p.amount);
      change = {
        ...keep,
        status: 'paid',
        capturedAmount: captured,
        authorizedAmount: Math.max(p.authorizedAmount, captured),
      };
      break;
    }
    case 'payment.failed':
      change = {
        ...keep,
        status: 'failed',
        failureCode: e.failureCode ?? 'payment_failed',
        failureMessage: e.failureMessage ?? 'The payment failed.',
      };
      break;
    case 'payment.voided':
      change = { ...keep, status: 'voided' };
      break;
    case 'payment.refunded': {
      // The provider reports its running total; what Bazaar refunded itself is already counted.
      const refunded = clamp(e.amount ?? p.capturedAmount, 0, p.capturedAmount);
      if (refunded <= p.refundedAmount) return { apply: false, outcome: 'ignored_stale' };
      change = {
        ...keep,
        status: refunded >= p.capturedAmount ? 'refunded' : 'partially_refunded',
        refundedAmount: refunded,
      };
      break;
    }
  }
  if (!canMovePayment(p.status, change.status)) return { apply: false, outcome: 'ignored_stale' };
  return { apply: true, change };
}
