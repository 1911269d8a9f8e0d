import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from './payments.provider.js';
import { type PaymentSnapshot, canMovePayment, decideEvent, orderPaymentStatusOf } from './payments.state.js';

const base: PaymentSnapshot = {
  status: 'pending',
  amount: 5000,
  authorizedAmount: 0,
  capturedAmount: 0,
  refundedAmount: 0,
  lastEventAt: null,
};
const t0 = new Date('2030-01-01T00:00:00Z');
const event = (type: ProviderEvent['type'], extra: Partial<ProviderEvent> = {}): ProviderEvent => ({
  id: 'evt',
  type,
  rawType: type,
  providerRef: 'pi_1',
  paymentId: null,
  occurredAt: t0,
  ...extra,
});

describe('payment moves', () => {
  it('go forward only', () => {
    expect(canMovePayment('pending', 'authorized')).toBe(true);
    expect(canMovePayment('requires_action', 'failed')).toBe(true);
    expect(canMovePayment('authorized', 'paid')).toBe(true);
    expect(canMovePayment('paid', 'partially_refunded')).toBe(true);
    expect(canMovePayment('authorized', 'pending')).toBe(false);
    expect(canMovePayment('authorized', 'failed')).toBe(false);
    expect(canMovePayment('paid', 'authorized')).toBe(false);
    expect(canMovePayment('failed', 'authorized')).toBe(false);
    expect(canMovePayment('voided', 'paid')).toBe(false);
    expect(canMovePayment('refunded', 'partially_refunded')).toBe(false);
  });

  it('show an action in progress as pending on the order', () => {
    expect(orderPaymentStatusOf('requires_action')).toBe('pending');
    expect(orderPaymentStatusOf('partially_refunded')).toBe('partially_refunded');
  });
});

describe('provider events', () => {
  it('authorize, capture, fail, void and refund', () => {
    expect(decideEvent(base, event('payment.authorized', { amount: 5000 }))).toMatchObject({
      apply: true,
      change: { status: 'authorized', authorizedAmount: 5000 },
    });
    expect(
      decideEvent({ ...base, status: 'authorized', authorizedAmount: 5000 }, event('payment.captured')),
    ).toMatchObject({
      apply: true,
      change: { status: 'paid', capturedAmount: 5000 },
    });
    expect(decideEvent(base, event('payment.failed', { failureCode: 'card_declined' }))).toMatchObject({
      apply: true,
      change: { status: 'failed', failureCode: 'card_declined' },
    });
    expect(decideEvent(base, event('payment.voided'))).toMatchObject({ apply: true, change: { status: 'voided' } });
    const paid = { ...base, status: 'paid' as const, authorizedAmount: 5000, capturedAmount: 5000 };
    expect(decideEvent(paid, event('payment.refunded', { amount: 2000 }))).toMatchObject({
      apply: true,
      change: { status: 'partially_refunded', refundedAmount: 2000 },
    });
    expect(decideEvent({ ...paid, refundedAmount: 2000 }, event('payment.refunded', { amount: 5000 }))).toMatchObject({
      apply: true,
      change: { status: 'refunded', refundedAmount: 5000 },
    });
  });

  it('never exceed the payment, whatever the provider says', () => {
    expect(decideEvent(base, event('payment.authorized', { amount: 999_999 }))).toMatchObject({
      change: { authorizedAmount: 5000 },
    });
  });

  it('ignore older events, backward moves, refunds already counted and other types', () => {
    const later = { ...base, status: 'authorized' as const, lastEventAt: new Date(t0.getTime() + 1000) };
    expect(decideEvent(later, event('payment.failed'))).toEqual({ apply: false, outcome: 'ignored_stale' });
    expect(decideEvent({ ...base, status: 'paid', capturedAmount: 5000 }, event('payment.authorized'))).toEqual({
      apply: false,
      outcome: 'ignored_stale',
    });
    expect(decideEvent({ ...base, status: 'failed' }, event('payment.authorized'))).toEqual({
      apply: false,
      outcome: 'ignored_stale',
    });
    expect(
      decideEvent(
        { ...base, status: 'partially_refunded', capturedAmount: 5000, refundedAmount: 2000 },
        event('payment.refunded', { amount: 2000 }),
      ),
    ).toEqual({ apply: false, outcome: 'ignored_stale' });
    expect(decideEvent(base, event('other'))).toEqual({ apply: false, outcome: 'ignored_other' });
  });
});
