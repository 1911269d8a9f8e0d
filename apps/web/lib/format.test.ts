import { describe, expect, it } from 'vitest';
import { decimalPrice, formatPrice, minorDigits } from './format';

describe('formatPrice', () => {
  it('formats minor units in the store locale and currency', () => {
    expect(formatPrice({ amount: 2800, currency: 'USD' }, 'en')).toBe('$28.00');
    expect(formatPrice({ amount: 2800, currency: 'EUR' }, 'de')).toBe('28,00\u00a0€');
    expect(formatPrice({ amount: 123456, currency: 'INR' }, 'en-IN')).toBe('₹1,234.56');
  });

  it('knows currencies without minor units', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(formatPrice({ amount: 500, currency: 'JPY' }, 'en')).toBe('¥500');
  });

  it('gives schema.org a plain decimal', () => {
    expect(decimalPrice({ amount: 2805, currency: 'EUR' })).toBe('28.05');
    expect(decimalPrice({ amount: 7, currency: 'USD' })).toBe('0.07');
  });
});
