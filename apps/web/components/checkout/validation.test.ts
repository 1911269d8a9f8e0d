import { describe, expect, it } from 'vitest';
import { firstInvalid, validateCheckout } from './validation';
import type { CheckoutValues } from './validation';

const valid: CheckoutValues = {
  email: 'ada@example.test',
  name: 'Ada Lovelace',
  line1: '1 Main St',
  line2: '',
  city: 'Oakland',
  postalCode: '94601',
  region: 'CA',
  country: 'US',
  phone: '',
  paymentMethod: 'card',
  testCard: 'tok_visa',
};

describe('validateCheckout', () => {
  it('accepts a complete guest checkout', () => {
    expect(validateCheckout(valid, { needsEmail: true, needsCard: true })).toEqual({});
  });

  it('requires the address fields, email and payment method', () => {
    const empty: CheckoutValues = {
      ...valid,
      email: '',
      name: ' ',
      line1: '',
      city: '',
      postalCode: '',
      country: '',
      paymentMethod: '',
    };
    const errors = validateCheckout(empty, { needsEmail: true });
    expect(errors).toEqual({
      email: 'errors.emailRequired',
      name: 'errors.nameRequired',
      line1: 'errors.line1Required',
      city: 'errors.cityRequired',
      postalCode: 'errors.postalCodeRequired',
      country: 'errors.countryRequired',
      paymentMethod: 'errors.paymentMethodRequired',
    });
    expect(firstInvalid(errors)).toBe('email');
  });

  it('checks the email format for guests only', () => {
    expect(validateCheckout({ ...valid, email: 'ada@' }, { needsEmail: true }).email).toBe('errors.emailInvalid');
    expect(validateCheckout({ ...valid, email: 'ada example.test' }, { needsEmail: true }).email).toBe(
      'errors.emailInvalid',
    );
    expect(validateCheckout({ ...valid, email: '' }, { needsEmail: false })).toEqual({});
  });

  it('checks optional phone and region formats when given', () => {
    expect(validateCheckout({ ...valid, phone: 'call me' }, { needsEmail: true }).phone).toBe('errors.phoneInvalid');
    expect(validateCheckout({ ...valid, phone: '+49 30 1234567' }, { needsEmail: true }).phone).toBeUndefined();
    expect(validateCheckout({ ...valid, region: 'North Rhine' }, { needsEmail: true }).region).toBe(
      'errors.regionInvalid',
    );
  });

  it('needs a test card for card payments when asked', () => {
    expect(validateCheckout({ ...valid, testCard: '' }, { needsEmail: true, needsCard: true }).testCard).toBe(
      'errors.cardRequired',
    );
    expect(
      validateCheckout({ ...valid, testCard: '', paymentMethod: 'cod' }, { needsEmail: true, needsCard: true }),
    ).toEqual({});
  });

  it('rejects values longer than the API takes', () => {
    expect(validateCheckout({ ...valid, postalCode: '1'.repeat(21) }, { needsEmail: true }).postalCode).toBe(
      'errors.tooLong',
    );
  });

  it('orders the first invalid field as the form does', () => {
    expect(firstInvalid({ city: 'x', name: 'y' })).toBe('name');
    expect(firstInvalid({})).toBeUndefined();
  });
});
