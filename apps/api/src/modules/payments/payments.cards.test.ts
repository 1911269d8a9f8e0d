import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { CardNumberRejected, assertNoCardNumbers, containsCardNumber, luhnValid } from './payments.cards.js';

/** A 16-digit string that fails the Luhn check. */
function nonLuhn16(): string {
  for (;;) {
    const digits = Array.from({ length: 16 }, () => Math.floor(Math.random() * 10)).join('');
    if (!luhnValid(digits)) return digits;
  }
}

describe('Luhn', () => {
  it('accepts test card numbers and refuses altered ones', () => {
    for (const n of [
      '4242424242424242',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
      '4000056655665556',
    ]) {
      expect(luhnValid(n)).toBe(true);
    }
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('42a2')).toBe(false);
  });
});

describe('card number guard', () => {
  it('finds card numbers however they are written', () => {
    for (const s of [
      '4242 4242 4242 4242',
      '4242-4242-4242-4242',
      '4242424242424242',
      'card: 4242424242424242, exp 12/30',
      'my number is 3782 822463 10005',
      '4242 4242 4242 4242 123',
      '12 4242424242424242',
    ]) {
      expect(containsCardNumber(s), s).toBe(true);
    }
  });

  it('lets ordinary values through', () => {
    const randomNonLuhn = nonLuhn16();
    for (const s of [
      randomNonLuhn,
      'DEMO-000123',
      'DEMO-000123-1',
      newId(),
      '01900000-0000-7000-8000-000000000000',
      // Hex groups glued to letters: these digit runs add up to Luhn-valid numbers.
      '01a229f7-6586-7574-b929-931532336124',
      'ref b929-931532336124',
      '+1 555 0100',
      '221B Baker Street',
      'tok_visa',
      'pm_1Nabc2Def3Ghi4Jkl',
      '',
    ]) {
      expect(containsCardNumber(s), s).toBe(false);
    }
  });

  it('walks nested bodies and names where, never the number', () => {
    expect(() =>
      assertNoCardNumbers({
        cartId: newId(),
        paymentToken: 'tok_visa',
        shippingAddress: { name: 'Ada', line1: '1 Main St' },
      }),
    ).not.toThrow();
    let caught: unknown;
    try {
      assertNoCardNumbers({ shippingAddress: { line2: 'pay with 4242 4242 4242 4242' }, items: [1, 2] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CardNumberRejected);
    const err = caught as CardNumberRejected;
    expect(err.status).toBe(400);
    expect(err.code).toBe('card_number_rejected');
    expect(err.detail).toBe("Card numbers must never be sent to Bazaar; send the provider's token.");
    expect(err.extensions).toEqual({
      errors: [{ path: '/shippingAddress/line2', message: 'looks like a card number' }],
    });
    expect(JSON.stringify(err.extensions)).not.toContain('4242');
    expect(() => assertNoCardNumbers({ list: ['x', '5555 5555 5555 4444'] })).toThrow(CardNumberRejected);
    expect(() => assertNoCardNumbers({ n: 4242424242424242 })).toThrow(CardNumberRejected);
    expect(() => assertNoCardNumbers(null)).not.toThrow();
  });
});
