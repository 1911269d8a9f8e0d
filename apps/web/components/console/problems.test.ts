import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { MESSAGES } from '../../test/render';
import { fieldCodesByPath, fieldErrorsByPath } from './problems';

const problem = (errors: NonNullable<Problem['errors']>): Problem => ({
  type: 'about:blank',
  title: 'Validation failed',
  status: 400,
  code: 'validation_failed',
  instance: '/api/v1/vendor/products',
  requestId: 'r1',
  errors,
});

const translator = (locale: 'en' | 'de') => {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'console' });
  return (key: string, values?: Record<string, string | number>) => t(key as never, values as never);
};

describe('fieldErrorsByPath', () => {
  const errors = problem([
    { path: 'body.title', message: 'must NOT have more than 200 characters', code: 'maxLength', limit: 200 },
    { path: '/body/variants/0/price/amount', message: 'must be >= 0', code: 'minimum', limit: 0 },
    { path: 'body.slug', message: 'must match pattern "^[a-z]+$"', code: 'pattern' },
    { path: 'body.slug', message: 'a second error on the same field', code: 'minLength', limit: 2 },
    { path: 'body.sku', message: 'is taken by another variant' },
    { path: 'body.weight', message: 'is out of range', code: 'maximum' },
    { path: 'body.stock', message: 'must be >= 0', code: 'minimum', limit: 0 },
  ]);

  it('words the rules it knows in the page’s language, by path without `body`', () => {
    expect(fieldErrorsByPath(errors, translator('de'))).toEqual({
      title: 'Geben Sie höchstens 200 Zeichen ein.',
      // An amount's bound is in minor units: the field's own rule is shown instead.
      'variants.0.price.amount': 'Geben Sie einen Betrag wie 12,50 ein.',
      slug: 'Dieser Wert hat nicht die erwartete Form.',
      // No rule named, or a bounded rule without its bound: the API's English stays.
      sku: 'is taken by another variant',
      weight: 'is out of range',
      stock: 'Geben Sie 0 oder mehr ein.',
    });
    expect(fieldErrorsByPath(errors, translator('en')).title).toBe('Enter at most 200 characters.');
  });

  it('keeps the API’s messages without a translator, and names the first rule per path', () => {
    expect(fieldErrorsByPath(errors).title).toBe('must NOT have more than 200 characters');
    expect(fieldCodesByPath(errors)).toEqual({
      title: 'maxLength',
      'variants.0.price.amount': 'minimum',
      slug: 'pattern',
      weight: 'maximum',
      stock: 'minimum',
    });
  });
});
