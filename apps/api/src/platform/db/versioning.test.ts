import { describe, expect, it } from 'vitest';
import { BadRequest, PreconditionRequired } from '../errors.js';
import { etagForBody, etagForVersion, requireIfMatch } from './versioning.js';

describe('requireIfMatch', () => {
  it('reads the version from a strong or weak ETag', () => {
    expect(requireIfMatch('"3"')).toBe(3);
    expect(requireIfMatch(' W/"12" ')).toBe(12);
    expect(requireIfMatch(['"7"'])).toBe(7);
  });
  it('asks for the header when it is missing (428)', () => {
    expect(() => requireIfMatch(undefined)).toThrow(PreconditionRequired);
    expect(() => requireIfMatch('')).toThrow(PreconditionRequired);
  });
  it('refuses what is not a version (400)', () => {
    for (const v of ['3', '"x"', '*', '"1", "2"', `"${'9'.repeat(11)}"`])
      expect(() => requireIfMatch(v)).toThrow(BadRequest);
  });
});

describe('ETags', () => {
  it('quote versions and hash representations', () => {
    expect(etagForVersion(4)).toBe('"4"');
    expect(etagForBody('{"a":1}')).toBe(etagForBody('{"a":1}'));
    expect(etagForBody('{"a":1}')).not.toBe(etagForBody('{"a":2}'));
  });
});
