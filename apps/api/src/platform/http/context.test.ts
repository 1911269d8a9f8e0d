import { describe, expect, it } from 'vitest';
import { localeFrom, requestIdFrom } from './context.js';

describe('requestIdFrom', () => {
  const fresh = () => 'fresh';
  it('keeps a sane client id and replaces anything else', () => {
    expect(requestIdFrom('abc-123_x.y:z', fresh)).toBe('abc-123_x.y:z');
    expect(requestIdFrom(['first', 'second'], fresh)).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline', '<script>'])
      expect(requestIdFrom(bad, fresh)).toBe('fresh');
  });
});

describe('localeFrom', () => {
  it('takes the first language tag of Accept-Language', () => {
    expect(localeFrom('de-DE,de;q=0.9,en;q=0.8', 'en')).toBe('de-DE');
    expect(localeFrom('en-IN', 'en')).toBe('en-IN');
    expect(localeFrom(undefined, 'de')).toBe('de');
    expect(localeFrom('*', 'en')).toBe('en');
    expect(localeFrom('../../etc', 'en')).toBe('en');
  });
});
