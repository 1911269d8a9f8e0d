import { describe, expect, it } from 'vitest';
import { MAX_RANGE_DAYS, rangeOf, utcDay } from './marketplace.sales.js';

describe('utcDay', () => {
  it('is the calendar day in UTC, whatever offset the instant was written with', () => {
    expect(utcDay('2025-03-03T23:30:00-05:00')).toBe('2025-03-04');
    expect(utcDay('2025-03-04T00:30:00+02:00')).toBe('2025-03-03');
    expect(utcDay('2025-12-31T23:59:59.999Z')).toBe('2025-12-31');
  });
});

describe('rangeOf', () => {
  const today = new Date('2025-06-15T12:00:00Z');

  it('defaults to the 30 days up to today', () => {
    expect(rangeOf({}, today)).toEqual({ from: '2025-05-17', to: '2025-06-15' });
    expect(rangeOf({ to: '2025-03-01' }, today)).toEqual({ from: '2025-01-31', to: '2025-03-01' });
    expect(rangeOf({ from: '2025-06-01' }, today)).toEqual({ from: '2025-06-01', to: '2025-06-15' });
  });

  it(`allows one day up to ${MAX_RANGE_DAYS} days`, () => {
    expect(rangeOf({ from: '2025-01-01', to: '2025-01-01' })).toEqual({ from: '2025-01-01', to: '2025-01-01' });
    expect(rangeOf({ from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(() => rangeOf({ from: '2024-01-01', to: '2025-01-01' })).toThrow(
      expect.objectContaining({ code: 'range_too_long', status: 400 }),
    );
  });

  it('refuses a range that ends before it starts, or years a database cannot hold', () => {
    expect(() => rangeOf({ from: '2025-01-02', to: '2025-01-01' })).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
    expect(() => rangeOf({ from: '0000-01-01', to: '0000-01-02' })).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
  });
});
