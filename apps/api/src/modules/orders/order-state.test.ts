import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import {
  allowedTransitions,
  assertFulfilment,
  assertTransition,
  canChangePayment,
  canFulfil,
  canTransition,
  customerMayCancel,
  fulfilmentPath,
  statusFromFulfilment,
} from './order-state.js';
import {
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type FulfillmentStatus,
  type OrderStatus,
} from './orders.tables.js';

const ORDER_ALLOWED = new Set([
  'pending>confirmed',
  'pending>cancelled',
  'confirmed>processing',
  'confirmed>cancelled',
  'processing>shipped',
  'processing>cancelled',
  'shipped>delivered',
]);

const FULFILMENT_ALLOWED = new Set([
  'unfulfilled>partially_shipped',
  'unfulfilled>shipped',
  'unfulfilled>cancelled',
  'partially_shipped>partially_shipped',
  'partially_shipped>shipped',
  'shipped>delivered',
]);

const PAYMENT_ALLOWED = new Set([
  'pending>authorized',
  'pending>paid',
  'pending>failed',
  'pending>voided',
  'authorized>paid',
  'authorized>voided',
  'authorized>failed',
  'paid>partially_refunded',
  'paid>refunded',
  'partially_refunded>partially_refunded',
  'partially_refunded>refunded',
]);

const pairs = <T extends string>(values: readonly T[]) => values.flatMap((a) => values.map((b) => [a, b] as const));

describe('order status transitions', () => {
  it.each(pairs(ORDER_STATUSES))('%s → %s is allowed exactly when the table says so', (from, to) => {
    const allowed = ORDER_ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    expect(allowedTransitions(from).includes(to)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      let caught: unknown;
      try {
        assertTransition(from, to);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ status: 422, code: 'invalid_transition', extensions: { from, to } });
    }
  });

  it('has no way out of delivered or cancelled', () => {
    expect(allowedTransitions('delivered')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
  });
});

describe('sub-order fulfilment transitions', () => {
  it.each(pairs(FULFILLMENT_STATUSES))('%s → %s is allowed exactly when the table says so', (from, to) => {
    const allowed = FULFILMENT_ALLOWED.has(`${from}>${to}`);
    expect(canFulfil(from, to)).toBe(allowed);
    if (allowed) expect(() => assertFulfilment(from, to)).not.toThrow();
    else expect(() => assertFulfilment(from, to)).toThrow(/cannot become/);
  });
});

describe('payment status changes', () => {
  it.each(pairs(PAYMENT_STATUSES))('%s → %s is allowed exactly when the table says so', (from, to) => {
    expect(canChangePayment(from, to)).toBe(PAYMENT_ALLOWED.has(`${from}>${to}`));
  });
});

describe('customer cancellation', () => {
  const cases: Array<[OrderStatus, FulfillmentStatus[], boolean]> = [
    ['pending', ['unfulfilled'], true],
    ['confirmed', ['unfulfilled', 'unfulfilled'], true],
    ['processing', ['unfulfilled', 'cancelled'], true],
    ['processing', ['partially_shipped', 'unfulfilled'], false],
    ['processing', ['shipped', 'unfulfilled'], false],
    ['shipped', ['shipped'], false],
    ['delivered', ['delivered'], false],
    ['cancelled', ['cancelled'], false],
  ];
  it.each(cases)('%s with %j → %s', (status, fulfilment, expected) => {
    expect(customerMayCancel(status, fulfilment)).toBe(expected);
  });

  it('is refused for every status past processing whatever the fulfilment', () => {
    for (const status of ORDER_STATUSES) {
      if (['pending', 'confirmed', 'processing'].includes(status)) continue;
      expect(customerMayCancel(status, ['unfulfilled'])).toBe(false);
    }
  });
});

describe('order status from fulfilment', () => {
  const cases: Array<[OrderStatus, FulfillmentStatus[], OrderStatus | null, OrderStatus[]]> = [
    ['confirmed', ['unfulfilled'], null, []],
    ['confirmed', ['partially_shipped'], 'processing', ['processing']],
    ['confirmed', ['shipped', 'unfulfilled'], 'processing', ['processing']],
    ['confirmed', ['shipped'], 'shipped', ['processing', 'shipped']],
    ['confirmed', ['delivered'], 'delivered', ['processing', 'shipped', 'delivered']],
    ['processing', ['shipped', 'cancelled'], 'shipped', ['shipped']],
    ['processing', ['delivered', 'shipped'], 'shipped', ['shipped']],
    ['shipped', ['delivered', 'delivered'], 'delivered', ['delivered']],
    ['shipped', ['delivered', 'cancelled'], 'delivered', ['delivered']],
    ['shipped', ['shipped'], null, []],
    ['delivered', ['delivered'], null, []],
    ['processing', ['unfulfilled'], null, []],
    ['confirmed', ['cancelled'], null, []],
    ['pending', ['shipped'], null, []],
    ['cancelled', ['delivered'], null, []],
  ];
  it.each(cases)('%s with %j → %s', (current, fulfilment, status, path) => {
    expect(statusFromFulfilment(current, fulfilment)).toBe(status);
    expect(fulfilmentPath(current, fulfilment)).toEqual(path);
  });

  it('walks only allowed steps for every status and fulfilment mix', () => {
    const mixes: FulfillmentStatus[][] = [];
    for (const a of FULFILLMENT_STATUSES) for (const b of FULFILLMENT_STATUSES) mixes.push([a, b]);
    for (const current of ORDER_STATUSES) {
      for (const mix of mixes) {
        let at: OrderStatus = current;
        for (const step of fulfilmentPath(current, mix)) {
          expect(canTransition(at, step), `${at} → ${step} (${mix.join(',')})`).toBe(true);
          at = step;
        }
      }
    }
  });
});
