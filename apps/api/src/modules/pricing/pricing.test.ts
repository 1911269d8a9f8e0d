import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, priceQuote, taxOf } from './pricing.js';
import type {
  PricingInput,
  PricingLine,
  PromotionRule,
  Quote,
  ShippingRateRule,
  ShippingZoneRule,
  TaxRateRule,
} from './pricing.types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const V1 = 'vendor-1';
const V2 = 'vendor-2';

let seq = 0;
const line = (p: Partial<PricingLine> & { unitPrice: number; quantity: number }): PricingLine => {
  seq += 1;
  return {
    lineId: `line-${seq}`,
    variantId: `variant-${seq}`,
    productId: `product-${seq}`,
    vendorId: V1,
    weightGrams: 0,
    ...p,
  };
};

const promo = (p: Partial<PromotionRule> & Pick<PromotionRule, 'kind'>): PromotionRule => ({
  id: `promo-${p.code ?? p.kind}-${p.vendorId ?? 'all'}-${p.value ?? 0}`,
  code: null,
  name: 'Promotion',
  value: 0,
  vendorId: null,
  automatic: p.code === undefined || p.code === null,
  active: true,
  minSubtotal: 0,
  startsAt: null,
  endsAt: null,
  remainingUses: null,
  remainingForCustomer: null,
  ...p,
});

const US_ZONE: ShippingZoneRule = { id: 'zone-us', name: 'US', countries: ['US'], regions: [] };
const rate = (p: Partial<ShippingRateRule> & { id: string; amount: number }): ShippingRateRule => ({
  zoneId: US_ZONE.id,
  vendorId: null,
  name: p.id,
  kind: 'flat',
  perKgAmount: 0,
  freeOver: null,
  minDays: 2,
  maxDays: 5,
  ...p,
});

const input = (p: Partial<PricingInput> & { lines: PricingLine[] }): PricingInput => ({
  currency: 'USD',
  pricesIncludeTax: false,
  address: { country: 'US', region: null },
  taxRates: [],
  zones: [US_ZONE],
  rates: [rate({ id: 'standard', amount: 500 })],
  promotions: [],
  selectedShipping: {},
  now: NOW,
  ...p,
});

/** The invariants every quote keeps (also the property tests' oracle). */
function assertInvariants(q: Quote): void {
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
  const added = q.pricesIncludeTax ? 0 : q.taxTotal;
  expect(q.total).toBe(q.subtotal - q.discountTotal + q.shippingTotal + added);
  expect(q.subtotal).toBe(sum(q.vendors, (v) => v.subtotal));
  expect(q.discountTotal).toBe(sum(q.vendors, (v) => v.discount));
  expect(q.shippingTotal).toBe(sum(q.vendors, (v) => v.shippingTotal));
  expect(q.taxTotal).toBe(sum(q.vendors, (v) => v.tax));
  expect(q.total).toBe(sum(q.vendors, (v) => v.total));
  expect(q.subtotal).toBe(sum(q.lines, (l) => l.subtotal));
  expect(q.discountTotal).toBe(sum(q.lines, (l) => l.discount));
  expect(q.taxTotal).toBe(sum(q.lines, (l) => l.tax) + sum(q.vendors, (v) => v.shippingTax));
  expect(q.discountTotal).toBeLessThanOrEqual(q.subtotal);
  for (const v of q.vendors) {
    const own = q.lines.filter((l) => l.vendorId === v.vendorId);
    expect(v.subtotal).toBe(sum(own, (l) => l.subtotal));
    expect(v.discount).toBe(sum(own, (l) => l.discount));
    expect(v.tax).toBe(sum(own, (l) => l.tax) + v.shippingTax);
    expect(v.total).toBe(v.subtotal - v.discount + v.shippingTotal + (q.pricesIncludeTax ? 0 : v.tax));
    expect(v.shippingTotal).toBe(v.shipping?.price ?? 0);
  }
  for (const l of q.lines) {
    expect(l.subtotal).toBe(l.unitPrice * l.quantity);
    expect(l.discount).toBeLessThanOrEqual(l.subtotal);
    expect(l.total).toBe(l.subtotal - l.discount + (q.pricesIncludeTax ? 0 : l.tax));
  }
  const amounts = [
    q.subtotal,
    q.discountTotal,
    q.shippingTotal,
    q.taxTotal,
    q.total,
    ...q.lines.flatMap((l) => [l.subtotal, l.discount, l.tax, l.total]),
    ...q.vendors.flatMap((v) => [v.subtotal, v.discount, v.shippingTotal, v.shippingTax, v.tax, v.total]),
    ...q.applied.map((a) => a.amount),
  ];
  for (const a of amounts) {
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
  }
}

describe('rounding helpers', () => {
  it('adds tax half-up to the minor unit', () => {
    expect(taxOf(1000, 825, false)).toBe(83); // 82.5 → 83
    expect(taxOf(999, 825, false)).toBe(82); // 82.4175 → 82
    expect(taxOf(1, 5000, false)).toBe(1); // 0.5 → 1
    expect(taxOf(1, 4999, false)).toBe(0);
    expect(taxOf(0, 2000, false)).toBe(0);
    expect(taxOf(1000, 0, false)).toBe(0);
  });

  it('takes included tax out of a gross amount as gross − round_half_up(gross / (1 + rate))', () => {
    expect(taxOf(1190, 1900, true)).toBe(190); // 1190 / 1.19 = 1000 exactly
    expect(taxOf(1000, 1900, true)).toBe(160); // 1000 / 1.19 = 840.34 → 840
    expect(taxOf(999, 2000, true)).toBe(166); // 999 / 1.2 = 832.5 → 833 (half-up)
    expect(taxOf(100_000_000_000, 2000, true)).toBe(16_666_666_667);
  });

  it('allocates by largest remainder, summing exactly, ties to the earlier line', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(10, [300, 700])).toEqual([3, 7]);
    expect(allocate(5, [0, 10])).toEqual([0, 5]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [1, 2, 4])).toEqual([1, 2, 4]);
  });
});

describe('priceQuote: examples', () => {
  it('sums lines, groups by vendor in order of first appearance, picks the cheapest option', () => {
    const q = priceQuote(
      input({
        lines: [
          line({ vendorId: V2, unitPrice: 1000, quantity: 2 }),
          line({ vendorId: V1, unitPrice: 250, quantity: 3 }),
          line({ vendorId: V2, unitPrice: 99, quantity: 1 }),
        ],
        rates: [rate({ id: 'express', amount: 1500 }), rate({ id: 'standard', amount: 500 })],
      }),
    );
    expect(q.vendors.map((v) => v.vendorId)).toEqual([V2, V1]);
    expect(q.vendors.map((v) => v.subtotal)).toEqual([2099, 750]);
    expect(q.lines.map((l) => l.vendorId)).toEqual([V2, V2, V1]);
    expect(q.vendors.map((v) => v.shipping?.id)).toEqual(['standard', 'standard']);
    expect(q.vendors[0]?.options.map((o) => o.id)).toEqual(['standard', 'express']);
    expect(q).toMatchObject({ subtotal: 2849, discountTotal: 0, shippingTotal: 1000, taxTotal: 0, total: 3849 });
    assertInvariants(q);
  });

  it('honours a selected option and falls back to the cheapest for an unknown one', () => {
    const rates = [rate({ id: 'express', amount: 1500 }), rate({ id: 'standard', amount: 500 })];
    const lines = [
      line({ vendorId: V1, unitPrice: 100, quantity: 1 }),
      line({ vendorId: V2, unitPrice: 100, quantity: 1 }),
    ];
    const q = priceQuote(input({ lines, rates, selectedShipping: { [V1]: 'express', [V2]: 'nope' } }));
    expect(q.vendors.map((v) => v.shipping?.id)).toEqual(['express', 'standard']);
    expect(q.shippingTotal).toBe(2000);
  });

  it('a percentage takes basis points of the eligible subtotal, floored, allocated over lines', () => {
    const q = priceQuote(
      input({
        lines: [
          line({ unitPrice: 333, quantity: 1 }),
          line({ unitPrice: 333, quantity: 1 }),
          line({ unitPrice: 334, quantity: 1 }),
        ],
        promotions: [promo({ kind: 'percentage', value: 1550, code: 'SAVE15' })],
      }),
    );
    // 15.5 % of 1000 = 155.
    expect(q.discountTotal).toBe(155);
    expect(q.lines.map((l) => l.discount)).toEqual([52, 51, 52]);
    expect(q.applied).toEqual([
      { id: expect.any(String), code: 'SAVE15', name: 'Promotion', kind: 'percentage', amount: 155 },
    ]);
    expect(q.rejected).toEqual([]);
    assertInvariants(q);
  });

  it('floors a percentage that is not a whole minor unit', () => {
    const q = priceQuote(
      input({
        lines: [line({ unitPrice: 999, quantity: 1 })],
        promotions: [promo({ kind: 'percentage', value: 1000 })],
      }),
    );
    expect(q.discountTotal).toBe(99); // 99.9 → 99
  });

  it('a fixed discount larger than the subtotal takes the subtotal, never more', () => {
    const q = priceQuote(
      input({
        lines: [line({ unitPrice: 300, quantity: 1 }), line({ unitPrice: 200, quantity: 1 })],
        promotions: [promo({ kind: 'fixed', value: 5000, code: 'BIG' })],
      }),
    );
    expect(q.discountTotal).toBe(500);
    expect(q.lines.map((l) => l.discount)).toEqual([300, 200]);
    expect(q.total).toBe(500); // only shipping
    assertInvariants(q);
  });

  it('stacks percentage, then fixed on what is left, then free shipping', () => {
    const q = priceQuote(
      input({
        lines: [line({ unitPrice: 1000, quantity: 1 })],
        promotions: [
          promo({ kind: 'free_shipping', code: 'SHIP' }),
          promo({ kind: 'fixed', value: 850, code: 'FIX' }),
          promo({ kind: 'percentage', value: 2000, code: 'PCT' }),
        ],
      }),
    );
    // 20 % of 1000 = 200; fixed 850 capped at the 800 left; shipping 500 saved.
    expect(q.applied.map((a) => [a.code, a.amount])).toEqual([
      ['PCT', 200],
      ['FIX', 800],
      ['SHIP', 500],
    ]);
    expect(q).toMatchObject({ subtotal: 1000, discountTotal: 1000, shippingTotal: 0, total: 0 });
    assertInvariants(q);
  });

  it("a vendor coupon discounts and counts only that vendor's items", () => {
    const q = priceQuote(
      input({
        lines: [
          line({ vendorId: V1, unitPrice: 4000, quantity: 1 }),
          line({ vendorId: V2, unitPrice: 1000, quantity: 1 }),
        ],
        promotions: [promo({ kind: 'percentage', value: 1000, vendorId: V2, code: 'V2TEN', minSubtotal: 1000 })],
      }),
    );
    expect(q.vendors.map((v) => v.discount)).toEqual([0, 100]);
    expect(q.applied[0]?.amount).toBe(100);
    assertInvariants(q);

    const missed = priceQuote(
      input({
        lines: [
          line({ vendorId: V1, unitPrice: 4000, quantity: 1 }),
          line({ vendorId: V2, unitPrice: 999, quantity: 1 }),
        ],
        promotions: [promo({ kind: 'percentage', value: 1000, vendorId: V2, code: 'V2TEN', minSubtotal: 1000 })],
      }),
    );
    expect(missed.discountTotal).toBe(0);
    expect(missed.rejected).toEqual([{ code: 'V2TEN', reason: 'minimum_not_met' }]);

    const absent = priceQuote(
      input({
        lines: [line({ vendorId: V1, unitPrice: 4000, quantity: 1 })],
        promotions: [promo({ kind: 'fixed', value: 100, vendorId: V2, code: 'V2FIX' })],
      }),
    );
    expect(absent.rejected).toEqual([{ code: 'V2FIX', reason: 'not_applicable' }]);
  });

  it('checks the minimum on the subtotal before discounts', () => {
    const lines = [line({ unitPrice: 5000, quantity: 1 })];
    const at = priceQuote(
      input({ lines, promotions: [promo({ kind: 'fixed', value: 500, code: 'MIN', minSubtotal: 5000 })] }),
    );
    expect(at.discountTotal).toBe(500);
    const below = priceQuote(
      input({ lines, promotions: [promo({ kind: 'fixed', value: 500, code: 'MIN', minSubtotal: 5001 })] }),
    );
    expect(below.discountTotal).toBe(0);
    expect(below.rejected).toEqual([{ code: 'MIN', reason: 'minimum_not_met' }]);
  });

  it('reports coded promotions outside their window, inactive or used up; skips automatic ones silently', () => {
    const lines = [line({ unitPrice: 1000, quantity: 1 })];
    const cases: Array<[Partial<PromotionRule>, string]> = [
      [{ endsAt: NOW }, 'expired'],
      [{ endsAt: new Date(NOW.getTime() - 1) }, 'expired'],
      [{ startsAt: new Date(NOW.getTime() + 1) }, 'not_started'],
      [{ active: false }, 'inactive'],
      [{ remainingUses: 0 }, 'usage_limit_reached'],
      [{ remainingForCustomer: 0 }, 'usage_limit_reached'],
    ];
    for (const [over, reason] of cases) {
      const q = priceQuote(input({ lines, promotions: [promo({ kind: 'fixed', value: 100, code: 'X', ...over })] }));
      expect(q.rejected).toEqual([{ code: 'X', reason }]);
      expect(q.discountTotal).toBe(0);
      const auto = priceQuote(input({ lines, promotions: [promo({ kind: 'fixed', value: 100, ...over })] }));
      expect(auto.rejected).toEqual([]);
      expect(auto.applied).toEqual([]);
    }
    const started = priceQuote(
      input({
        lines,
        promotions: [
          promo({
            kind: 'fixed',
            value: 100,
            code: 'X',
            startsAt: NOW,
            endsAt: new Date(NOW.getTime() + 1),
            remainingUses: 1,
          }),
        ],
      }),
    );
    expect(started.discountTotal).toBe(100);
  });

  it('reports unknown codes back', () => {
    const q = priceQuote(input({ lines: [line({ unitPrice: 100, quantity: 1 })], unknownCodes: ['NOPE'] }));
    expect(q.rejected).toEqual([{ code: 'NOPE', reason: 'unknown' }]);
  });

  it("free shipping zeroes the eligible vendors' shipping and reports what it saved", () => {
    const q = priceQuote(
      input({
        lines: [
          line({ vendorId: V1, unitPrice: 1000, quantity: 1 }),
          line({ vendorId: V2, unitPrice: 1000, quantity: 1 }),
        ],
        rates: [rate({ id: 'standard', amount: 500 }), rate({ id: 'express', amount: 900 })],
        selectedShipping: { [V2]: 'express' },
        promotions: [promo({ kind: 'free_shipping', vendorId: V2, code: 'SHIPV2' })],
      }),
    );
    expect(q.vendors.map((v) => v.shippingTotal)).toEqual([500, 0]);
    expect(q.vendors[1]?.options.map((o) => o.price)).toEqual([0, 0]);
    expect(q.applied).toMatchObject([{ code: 'SHIPV2', kind: 'free_shipping', amount: 900 }]);
    expect(q.total).toBe(2500);
    assertInvariants(q);
  });

  it('a rate is free once the vendor subtotal reaches free_over (before discounts)', () => {
    const rates = [rate({ id: 'standard', amount: 500, freeOver: 5000 })];
    const below = priceQuote(input({ lines: [line({ unitPrice: 4999, quantity: 1 })], rates }));
    expect(below.shippingTotal).toBe(500);
    const at = priceQuote(
      input({
        lines: [line({ unitPrice: 5000, quantity: 1 })],
        rates,
        promotions: [promo({ kind: 'fixed', value: 1000 })],
      }),
    );
    expect(at.shippingTotal).toBe(0);
    expect(at.total).toBe(4000);
  });

  it('prices weight rates per started kilogram of the vendor parcel', () => {
    const rates = [rate({ id: 'by-weight', kind: 'weight', amount: 300, perKgAmount: 150 })];
    const price = (grams: number, quantity: number) =>
      priceQuote(input({ lines: [line({ unitPrice: 100, quantity, weightGrams: grams })], rates })).shippingTotal;
    expect(price(0, 1)).toBe(300);
    expect(price(1000, 1)).toBe(450);
    expect(price(1001, 1)).toBe(600);
    expect(price(400, 3)).toBe(600); // 1.2 kg → 2 kg
  });

  it("uses the vendor's own rates in a zone, else the zone's shared rates; none → unshippable", () => {
    const EU: ShippingZoneRule = { id: 'zone-eu', name: 'EU', countries: ['DE', 'FR'], regions: [] };
    const rates = [
      rate({ id: 'shared', amount: 500 }),
      rate({ id: 'v1-own', amount: 700, vendorId: V1 }),
      rate({ id: 'eu-v1', amount: 1200, vendorId: V1, zoneId: EU.id }),
    ];
    const lines = [
      line({ vendorId: V1, unitPrice: 100, quantity: 1 }),
      line({ vendorId: V2, unitPrice: 100, quantity: 1 }),
    ];
    const us = priceQuote(input({ lines, rates, zones: [US_ZONE, EU] }));
    expect(us.vendors.map((v) => v.options.map((o) => o.id))).toEqual([['v1-own'], ['shared']]);
    const de = priceQuote(input({ lines, rates, zones: [US_ZONE, EU], address: { country: 'DE', region: null } }));
    expect(de.vendors.map((v) => v.shipping?.id ?? null)).toEqual(['eu-v1', null]);
    expect(de.unshippableVendorIds).toEqual([V2]);
    expect(de.shippingTotal).toBe(1200);
    assertInvariants(de);
  });

  it('narrows a zone to the regions it lists', () => {
    const west: ShippingZoneRule = { id: 'zone-west', name: 'West', countries: ['US'], regions: ['US-CA', 'US-OR'] };
    const rates = [rate({ id: 'west', amount: 100, zoneId: west.id })];
    const lines = [line({ unitPrice: 100, quantity: 1 })];
    const at = (region: string | null) =>
      priceQuote(input({ lines, rates, zones: [west], address: { country: 'US', region } })).unshippableVendorIds;
    expect(at('CA')).toEqual([]);
    expect(at('ca')).toEqual([]);
    expect(at('NY')).toEqual([V1]);
    expect(at(null)).toEqual([V1]);
  });

  it('a region rate wins over the country rate; no rate → no tax', () => {
    const taxRates: TaxRateRule[] = [
      { id: 't-us', country: 'US', region: null, rateBps: 500 },
      { id: 't-ca', country: 'US', region: 'CA', rateBps: 725 },
    ];
    const lines = [line({ unitPrice: 1000, quantity: 1 })];
    const rates = [rate({ id: 'standard', amount: 0 })];
    const ca = priceQuote(input({ lines, rates, taxRates, address: { country: 'US', region: 'CA' } }));
    expect(ca.taxTotal).toBe(73); // 72.5 → 73
    expect(ca.lines[0]?.taxRateBps).toBe(725);
    const ny = priceQuote(input({ lines, rates, taxRates, address: { country: 'US', region: 'NY' } }));
    expect(ny.taxTotal).toBe(50);
    const zones = [{ ...US_ZONE, countries: ['US', 'DE'] }];
    const de = priceQuote(input({ lines, rates, zones, taxRates, address: { country: 'DE', region: null } }));
    expect(de.taxTotal).toBe(0);
  });

  it('taxes each line after its discount and the shipping, adding it on top', () => {
    const q = priceQuote(
      input({
        lines: [line({ unitPrice: 1000, quantity: 1 }), line({ unitPrice: 2000, quantity: 1 })],
        taxRates: [{ id: 't', country: 'US', region: null, rateBps: 825 }],
        promotions: [promo({ kind: 'fixed', value: 300 })],
      }),
    );
    // Discount 100 / 200; tax 900 × 8.25 % = 74.25 → 74, 1800 × 8.25 % = 148.5 → 149, shipping 41.25 → 41.
    expect(q.lines.map((l) => [l.discount, l.tax, l.total])).toEqual([
      [100, 74, 974],
      [200, 149, 1949],
    ]);
    expect(q.vendors[0]?.shippingTax).toBe(41);
    expect(q).toMatchObject({ subtotal: 3000, discountTotal: 300, shippingTotal: 500, taxTotal: 264, total: 3464 });
    assertInvariants(q);
  });

  it('with prices including tax, reports the tax contained and does not add it', () => {
    const q = priceQuote(
      input({
        pricesIncludeTax: true,
        lines: [line({ unitPrice: 1190, quantity: 1 }), line({ unitPrice: 999, quantity: 1 })],
        rates: [rate({ id: 'standard', amount: 595 })],
        taxRates: [{ id: 't', country: 'US', region: null, rateBps: 1900 }],
      }),
    );
    // 1190 → 190; 999 / 1.19 = 839.496 → 839, tax 160; shipping 595 / 1.19 = 500 → 95.
    expect(q.lines.map((l) => [l.tax, l.total])).toEqual([
      [190, 1190],
      [160, 999],
    ]);
    expect(q).toMatchObject({ subtotal: 2189, shippingTotal: 595, taxTotal: 445, total: 2784, pricesIncludeTax: true });
    assertInvariants(q);
  });

  it('a zero-decimal currency (JPY) prices the same way: everything is minor units', () => {
    const q = priceQuote(
      input({
        currency: 'JPY',
        lines: [line({ unitPrice: 1980, quantity: 3 })],
        rates: [rate({ id: 'standard', amount: 700 })],
        taxRates: [{ id: 't', country: 'US', region: null, rateBps: 1000 }],
        promotions: [promo({ kind: 'percentage', value: 1500 })],
      }),
    );
    // 5940 − 891 = 5049; tax 504.9 → 505; shipping 700, tax 70.
    expect(q).toMatchObject({ currency: 'JPY', subtotal: 5940, discountTotal: 891, taxTotal: 575, total: 6324 });
    assertInvariants(q);
  });

  it('applies one promotion once even when it is listed twice (a code that is also automatic)', () => {
    const p = promo({ kind: 'fixed', value: 100, code: 'TWICE' });
    const q = priceQuote(input({ lines: [line({ unitPrice: 1000, quantity: 1 })], promotions: [p, p] }));
    expect(q.discountTotal).toBe(100);
    expect(q.applied).toHaveLength(1);
  });

  it('prices an empty cart as zero', () => {
    const q = priceQuote(input({ lines: [], promotions: [promo({ kind: 'fixed', value: 100 })] }));
    expect(q).toMatchObject({ subtotal: 0, discountTotal: 0, shippingTotal: 0, taxTotal: 0, total: 0, vendors: [] });
    assertInvariants(q);
  });
});

describe('priceQuote: properties', () => {
  const vendorIds = ['va', 'vb', 'vc'];
  const zoneIds = ['z1', 'z2'];
  const lineArb = fc.record({
    vendorId: fc.constantFrom(...vendorIds),
    unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
    quantity: fc.integer({ min: 1, max: 100 }),
    weightGrams: fc.integer({ min: 0, max: 50_000 }),
  });
  const rateArb = fc.record({
    id: fc.uuid(),
    zoneId: fc.constantFrom(...zoneIds),
    vendorId: fc.option(fc.constantFrom(...vendorIds), { nil: null }),
    name: fc.constant('rate'),
    kind: fc.constantFrom('flat' as const, 'weight' as const),
    amount: fc.integer({ min: 0, max: 100_000 }),
    perKgAmount: fc.integer({ min: 0, max: 10_000 }),
    freeOver: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    minDays: fc.integer({ min: 0, max: 5 }),
    maxDays: fc.integer({ min: 5, max: 30 }),
  });
  const promoArb = fc.record({
    id: fc.uuid(),
    code: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: null }),
    name: fc.constant('promo'),
    kind: fc.constantFrom('percentage' as const, 'fixed' as const, 'free_shipping' as const),
    value: fc.integer({ min: 0, max: 10_000 }),
    vendorId: fc.option(fc.constantFrom(...vendorIds, 'absent'), { nil: null }),
    automatic: fc.boolean(),
    active: fc.boolean(),
    minSubtotal: fc.integer({ min: 0, max: 1_000_000 }),
    startsAt: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2026-06-01'), noInvalidDate: true }), {
      nil: null,
    }),
    endsAt: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2026-06-01'), noInvalidDate: true }), {
      nil: null,
    }),
    remainingUses: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    remainingForCustomer: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  });
  const inputArb = fc.record({
    lines: fc.array(lineArb, { maxLength: 12 }),
    rates: fc.array(rateArb, { maxLength: 6 }),
    promotions: fc.array(promoArb, { maxLength: 6 }),
    pricesIncludeTax: fc.boolean(),
    countryRate: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
    regionRate: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
    region: fc.option(fc.constantFrom('CA', 'NY'), { nil: null }),
    zoneRegions: fc.constantFrom([] as string[], ['US-CA'], ['US-NY', 'US-CA']),
    pick: fc.dictionary(fc.constantFrom(...vendorIds), fc.string({ maxLength: 4 })),
  });

  type Generated = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (r: Generated): PricingInput => {
    const taxRates: TaxRateRule[] = [];
    if (r.countryRate !== null) taxRates.push({ id: 'c', country: 'US', region: null, rateBps: r.countryRate });
    if (r.regionRate !== null) taxRates.push({ id: 'r', country: 'US', region: 'CA', rateBps: r.regionRate });
    return {
      currency: 'USD',
      pricesIncludeTax: r.pricesIncludeTax,
      lines: r.lines.map((l, i) => ({ ...l, lineId: `l${i}`, variantId: `v${i}`, productId: `p${i}` })),
      address: { country: 'US', region: r.region },
      taxRates,
      zones: [
        { id: 'z1', name: 'one', countries: ['US'], regions: r.zoneRegions },
        { id: 'z2', name: 'two', countries: ['US', 'CA'], regions: [] },
      ],
      rates: r.rates,
      promotions: r.promotions,
      selectedShipping: r.pick,
      now: NOW,
    };
  };

  it('keeps every invariant over random carts, rates and promotions', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const inp = toInput(r);
        const q = priceQuote(inp);
        assertInvariants(q);
        expect(q.lines).toHaveLength(inp.lines.length);
        expect(q.vendors.every((v) => v.shipping === null || v.options.some((o) => o.id === v.shipping?.id))).toBe(
          true,
        );
        // Discounts on items never exceed what the items cost, and every coded promotion is either
        // applied or reported.
        const coded = new Set(inp.promotions.filter((p) => !p.automatic && p.code !== null).map((p) => p.id));
        for (const id of coded) {
          const inApplied = q.applied.some((a) => a.id === id);
          const p = inp.promotions.find((x) => x.id === id);
          expect(inApplied || q.rejected.some((x) => x.code === p?.code)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        expect(priceQuote(toInput(r))).toEqual(priceQuote(toInput(r)));
      }),
      { numRuns: 100 },
    );
  });

  it('allocation: shares sum to the amount and never exceed their weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (weights, n) => {
          const total = weights.reduce((s, w) => s + w, 0);
          const amount = total === 0 ? 0 : n % (total + 1);
          const shares = allocate(amount, weights);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(amount);
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(weights[i] as number);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('included tax never exceeds the amount and added tax is the rounded exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (base, bps) => {
        const added = taxOf(base, bps, false);
        expect(Math.abs(added - (base * bps) / 10_000)).toBeLessThanOrEqual(0.5);
        const inside = taxOf(base, bps, true);
        expect(inside).toBeGreaterThanOrEqual(0);
        expect(inside).toBeLessThanOrEqual(base);
      }),
      { numRuns: 300 },
    );
  });
});
