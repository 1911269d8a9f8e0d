import { describe, expect, it } from 'vitest';
import { auditDiff, diffSummary, displayValue, flatten, sameValue } from './diff';

describe('flatten', () => {
  it('flattens nested objects to dotted paths and walks arrays of objects by index', () => {
    const flat = flatten({
      status: 'paid',
      amount: { amount: 1250, currency: 'USD' },
      rates: [{ name: 'Standard', days: { min: 1, max: 3 } }],
      roles: ['staff', 'vendor'],
      empty: {},
      none: [],
      missing: null,
    });
    expect(Object.fromEntries(flat)).toEqual({
      status: 'paid',
      'amount.amount': 1250,
      'amount.currency': 'USD',
      'rates.0.name': 'Standard',
      'rates.0.days.min': 1,
      'rates.0.days.max': 3,
      roles: ['staff', 'vendor'],
      empty: {},
      none: [],
      missing: null,
    });
  });

  it('has no paths for null or undefined and one unnamed path for a scalar', () => {
    expect(flatten(null).size).toBe(0);
    expect(flatten(undefined).size).toBe(0);
    expect(Object.fromEntries(flatten(42))).toEqual({ '': 42 });
  });
});

describe('sameValue', () => {
  it('compares JSON values deeply, ignoring key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue(0, false)).toBe(false);
  });
});

describe('auditDiff', () => {
  it('marks changed, unchanged, added and removed paths, before’s order first', () => {
    const rows = auditDiff(
      { status: 'pending', total: { amount: 100, currency: 'USD' }, note: 'x', roles: ['staff'] },
      { status: 'confirmed', total: { amount: 100, currency: 'USD' }, roles: ['staff', 'owner'], paidAt: '2026-01-01' },
    );
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ['status', 'changed'],
      ['total.amount', 'unchanged'],
      ['total.currency', 'unchanged'],
      ['note', 'removed'],
      ['roles', 'changed'],
      ['paidAt', 'added'],
    ]);
    const note = rows.find((r) => r.path === 'note')!;
    expect(note).toMatchObject({ hasBefore: true, hasAfter: false, before: 'x', after: undefined });
    expect(diffSummary(rows)).toEqual({ added: 1, removed: 1, changed: 2, unchanged: 2 });
  });

  it('tells a null value from a missing one', () => {
    const rows = auditDiff({ supportEmail: null }, { supportEmail: 'help@example.test', logoUrl: null });
    expect(rows).toEqual([
      {
        path: 'supportEmail',
        kind: 'changed',
        hasBefore: true,
        hasAfter: true,
        before: null,
        after: 'help@example.test',
      },
      { path: 'logoUrl', kind: 'added', hasBefore: false, hasAfter: true, before: undefined, after: null },
    ]);
  });

  it('makes a creation all added and a deletion all removed', () => {
    expect(auditDiff(null, { a: 1, b: { c: 2 } }).map((r) => r.kind)).toEqual(['added', 'added']);
    expect(auditDiff({ a: 1 }, null).map((r) => [r.path, r.kind])).toEqual([['a', 'removed']]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  it('compares array items by position when they hold objects', () => {
    const rows = auditDiff({ rates: [{ name: 'A' }, { name: 'B' }] }, { rates: [{ name: 'A' }] });
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ['rates.0.name', 'unchanged'],
      ['rates.1.name', 'removed'],
    ]);
  });

  it('shows a value that became an object as removed leaf plus added paths', () => {
    const rows = auditDiff({ freeOver: null }, { freeOver: { amount: 5000, currency: 'USD' } });
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ['freeOver', 'removed'],
      ['freeOver.amount', 'added'],
      ['freeOver.currency', 'added'],
    ]);
  });
});

describe('displayValue', () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(displayValue('paid')).toBe('paid');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(true)).toBe('true');
    expect(displayValue(['a', 'b'])).toBe('["a","b"]');
    expect(displayValue(undefined)).toBe('');
  });
});
