import { describe, expect, it } from 'vitest';
import { BusinessRuleViolation } from '../../platform/errors.js';
import { checkoutKeyOf } from './orders.checkout.js';
import { commissionOf, formatOrderNumber, quoteUses, selectedShippingOf } from './orders.checkout.saga.js';

const option = (id: string, vendorId: string) => ({ id, vendorId, name: id, price: 500, minDays: 1, maxDays: 3 });
const quote = {
  vendors: [
    { vendorId: 'v1', shipping: option('r1', 'v1'), options: [option('r1', 'v1'), option('r2', 'v1')] },
    { vendorId: 'v2', shipping: option('r3', 'v2'), options: [option('r3', 'v2')] },
  ],
} as unknown as Parameters<typeof selectedShippingOf>[0];

describe('commissionOf', () => {
  it('rounds half up in integers', () => {
    expect(commissionOf(1000, 1995)).toBe(200); // 199.5 → 200
    expect(commissionOf(1000, 1994)).toBe(199); // 199.4 → 199
    expect(commissionOf(1250, 1)).toBe(0); // 0.125 → 0
    expect(commissionOf(5000, 1)).toBe(1); // 0.5 → 1
    expect(commissionOf(0, 10_000)).toBe(0);
    expect(commissionOf(10_000, 2_147_483_647)).toBe(2_147_483_647);
    expect(commissionOf(1000, 0)).toBe(0);
  });
});

describe('formatOrderNumber', () => {
  it('pads to six digits and grows beyond', () => {
    expect(formatOrderNumber('DEMO', 123)).toBe('DEMO-000123');
    expect(formatOrderNumber('DEMO', 1_234_567)).toBe('DEMO-1234567');
  });
});

describe('selectedShippingOf', () => {
  it('maps each chosen option to the vendor that offers it', () => {
    expect(selectedShippingOf(quote, ['r2'])).toEqual({ v1: 'r2' });
    expect(selectedShippingOf(quote, ['r2', 'r3'])).toEqual({ v1: 'r2', v2: 'r3' });
  });
  it('refuses options nobody offers and two options for one vendor', () => {
    expect(() => selectedShippingOf(quote, ['nope'])).toThrow(BusinessRuleViolation);
    expect(() => selectedShippingOf(quote, ['r1', 'r2'])).toThrow(/shipping option/);
  });
  it('knows when the quote already uses the choice', () => {
    expect(quoteUses(quote, { v1: 'r1' })).toBe(true);
    expect(quoteUses(quote, { v1: 'r2' })).toBe(false);
    expect(quoteUses(quote, {})).toBe(true);
  });
});

describe('checkoutKeyOf', () => {
  it('differs by store, caller and key, and is stable', () => {
    const a = checkoutKeyOf('t1', 'user:1', 'k');
    expect(checkoutKeyOf('t1', 'user:1', 'k')).toBe(a);
    expect(checkoutKeyOf('t2', 'user:1', 'k')).not.toBe(a);
    expect(checkoutKeyOf('t1', 'user:2', 'k')).not.toBe(a);
    expect(checkoutKeyOf('t1', 'user:1', 'k2')).not.toBe(a);
  });
});
