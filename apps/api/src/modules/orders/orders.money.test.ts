import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, proportionHalfUp } from './orders.money.js';

describe('money formatting', () => {
  it('knows the minor digits of a currency', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('formats in the locale', () => {
    expect(formatMoney(1999, 'USD', 'en')).toBe('$19.99');
    expect(formatMoney(1999, 'EUR', 'de')).toMatch(/^19,99\s€$/);
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
  });

  it('falls back to the code where a PDF font has no symbol', () => {
    expect(formatMoney(10050, 'INR', 'en-IN', { latin1Only: true })).toMatch(/^INR\s100\.50$/);
    expect(formatMoney(1999, 'USD', 'en', { latin1Only: true })).toBe('$19.99');
  });
});

describe('proportional amounts', () => {
  it('rounds half up', () => {
    expect(proportionHalfUp(1000, 1, 2)).toBe(500);
    expect(proportionHalfUp(15, 1, 2)).toBe(8);
    expect(proportionHalfUp(14, 1, 2)).toBe(7);
    expect(proportionHalfUp(100, 1, 3)).toBe(33);
    expect(proportionHalfUp(100, 2, 3)).toBe(67);
    expect(proportionHalfUp(0, 5, 7)).toBe(0);
    expect(proportionHalfUp(123, 5, 0)).toBe(0);
  });

  it('stays exact for large values', () => {
    expect(proportionHalfUp(2_000_000_000, 2_000_000_000, 4_000_000_000)).toBe(1_000_000_000);
  });
});
