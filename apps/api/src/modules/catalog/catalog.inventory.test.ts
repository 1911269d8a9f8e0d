import { describe, expect, it } from 'vitest';
import { normaliseLines } from './catalog.inventory.js';

describe('normaliseLines', () => {
  it('sums quantities per variant and sorts by id (the lock order)', () => {
    expect(
      normaliseLines([
        { variantId: 'b', quantity: 1 },
        { variantId: 'a', quantity: 2 },
        { variantId: 'b', quantity: 3 },
      ]),
    ).toEqual([
      { variantId: 'a', quantity: 2 },
      { variantId: 'b', quantity: 4 },
    ]);
  });
  it('refuses quantities that are not positive integers', () => {
    expect(() => normaliseLines([{ variantId: 'a', quantity: 0 }])).toThrow(RangeError);
    expect(() => normaliseLines([{ variantId: 'a', quantity: 1.5 }])).toThrow(RangeError);
  });
});
