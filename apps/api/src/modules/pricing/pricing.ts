/**
 * The price of a cart: pure, deterministic, integer minor units from end to end (ADR 0018).
 *
 * Order of work:
 * 1. Lines are grouped by vendor (vendors in order of first appearance); line subtotal =
 *    unit price × quantity.
 * 2. Shipping options per vendor are found and priced (before promotions), one is selected.
 * 3. Promotions that qualify are applied in a fixed order: percentages, then fixed amounts, then
 *    free shipping. Each item discount is allocated to its eligible lines by the largest-remainder
 *    method, so lines always add up to the discount exactly.
 * 4. Tax is computed per line on (subtotal − discount) and per vendor on its shipping, each rounded
 *    half-up to the minor unit; added to the totals unless prices include tax.
 *
 * Nothing here reads the clock or the database: the caller passes `now` and the rules.
 */
import type {
  AppliedPromotion,
  LineQuote,
  PricingInput,
  PricingLine,
  PromotionRule,
  Quote,
  RejectedCode,
  ShippingOption,
  ShippingRateRule,
  ShippingZoneRule,
  TaxRateRule,
  VendorQuote,
} from './pricing.types.js';

const BPS = 10_000n;

/** `round_half_up(n / d)` for n ≥ 0, d > 0, exact at any size (BigInt). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** Tax on `base` at `bps`: added on top, or the part of `base` that is tax when prices include it. */
export function taxOf(base: number, bps: number, included: boolean): number {
  if (base <= 0 || bps <= 0) return 0;
  const b = BigInt(base);
  const r = BigInt(bps);
  if (!included) return Number(divRoundHalfUp(b * r, BPS));
  return Number(b - divRoundHalfUp(b * BPS, BPS + r));
}

/**
 * Splits `amount` over `weights` in proportion, by the largest-remainder method: each share is the
 * floor of its exact part, and the units left over go to the largest fractional parts (ties: the
 * earlier index). The shares sum to `amount` exactly; with `amount ≤ Σ weights`, no share exceeds
 * its weight.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const shares = weights.map((w) => (a * BigInt(w)) / t);
  const remainders = weights.map((w, i) => ({ i, r: (a * BigInt(w)) % t }));
  let left = a - shares.reduce((s, x) => s + x, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/** The rate for an address: the region's wins over the country's; none → 0. */
export function taxRateFor(rates: readonly TaxRateRule[], country: string, region: string | null): number {
  const c = country.toUpperCase();
  const r = region?.toUpperCase() ?? null;
  const regional =
    r === null ? undefined : rates.find((t) => t.country.toUpperCase() === c && t.region?.toUpperCase() === r);
  if (regional) return regional.rateBps;
  return rates.find((t) => t.country.toUpperCase() === c && t.region === null)?.rateBps ?? 0;
}

/** Whether a zone reaches the address: its country, and its region when the zone names regions. */
export function zoneMatches(zone: ShippingZoneRule, country: string, region: string | null): boolean {
  const c = country.toUpperCase();
  if (!zone.countries.some((z) => z.toUpperCase() === c)) return false;
  if (zone.regions.length === 0) return true;
  return region !== null && zone.regions.some((r) => r.toUpperCase() === `${c}-${region.toUpperCase()}`);
}

/** A rate's price for a vendor's parcel, before free-shipping promotions. */
function ratePrice(rate: ShippingRateRule, weightGrams: number, vendorSubtotal: number): number {
  if (rate.freeOver !== null && vendorSubtotal >= rate.freeOver) return 0;
  if (rate.kind === 'weight') return rate.amount + rate.perKgAmount * Math.ceil(weightGrams / 1000);
  return rate.amount;
}

const KIND_ORDER: Record<PromotionRule['kind'], number> = { percentage: 0, fixed: 1, free_shipping: 2 };

interface VendorGroup {
  vendorId: string;
  lines: PricingLine[];
  subtotal: number;
  weightGrams: number;
}

/** Why a promotion does not apply, or null when it does. */
function rejectionOf(p: PromotionRule, now: Date, eligibleSubtotal: number, vendorInCart: boolean): string | null {
  if (!p.active) return 'inactive';
  if (p.startsAt && now.getTime() < p.startsAt.getTime()) return 'not_started';
  if (p.endsAt && now.getTime() >= p.endsAt.getTime()) return 'expired';
  if (p.remainingUses !== null && p.remainingUses <= 0) return 'usage_limit_reached';
  if (p.remainingForCustomer !== null && p.remainingForCustomer <= 0) return 'usage_limit_reached';
  if (!vendorInCart) return 'not_applicable';
  if (eligibleSubtotal < p.minSubtotal) return 'minimum_not_met';
  return null;
}

export function priceQuote(input: PricingInput): Quote {
  const included = input.pricesIncludeTax;
  const { country, region } = input.address;

  // 1. Vendors in order of first appearance; lines in that grouping.
  const groups = new Map<string, VendorGroup>();
  for (const line of input.lines) {
    let g = groups.get(line.vendorId);
    if (!g) {
      g = { vendorId: line.vendorId, lines: [], subtotal: 0, weightGrams: 0 };
      groups.set(line.vendorId, g);
    }
    g.lines.push(line);
    g.subtotal += line.unitPrice * line.quantity;
    g.weightGrams += line.weightGrams * line.quantity;
  }
  const vendorList = [...groups.values()];
  const lines = vendorList.flatMap((g) => g.lines);
  const subtotals = lines.map((l) => l.unitPrice * l.quantity);
  const discounts = lines.map(() => 0);
  const cartSubtotal = subtotals.reduce((s, x) => s + x, 0);

  // 2. Shipping: for each vendor, per matching zone its own rates, else the zone's shared rates.
  const zones = input.zones.filter((z) => zoneMatches(z, country, region));
  const optionsOf = new Map<string, Array<{ rate: ShippingRateRule; price: number }>>();
  for (const g of vendorList) {
    const found: Array<{ rate: ShippingRateRule; price: number }> = [];
    for (const zone of zones) {
      const inZone = input.rates.filter((r) => r.zoneId === zone.id);
      const own = inZone.filter((r) => r.vendorId === g.vendorId);
      for (const rate of own.length > 0 ? own : inZone.filter((r) => r.vendorId === null)) {
        found.push({ rate, price: ratePrice(rate, g.weightGrams, g.subtotal) });
      }
    }
    // Cheapest first; equal prices keep the rules' order (stable sort).
    found.sort((a, b) => a.price - b.price);
    optionsOf.set(g.vendorId, found);
  }
  const selectedOf = new Map<string, { rate: ShippingRateRule; price: number } | null>();
  for (const g of vendorList) {
    const options = optionsOf.get(g.vendorId) ?? [];
    const wanted = input.selectedShipping[g.vendorId];
    selectedOf.set(g.vendorId, options.find((o) => o.rate.id === wanted) ?? options[0] ?? null);
  }

  // 3. Promotions.
  const applied: AppliedPromotion[] = [];
  const rejected: RejectedCode[] = [...(input.unknownCodes ?? []).map((code) => ({ code, reason: 'unknown' }))];
  const freeShippingVendors = new Set<string>();
  const seen = new Set<string>();
  const qualifying: PromotionRule[] = [];
  for (const p of input.promotions) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const group = p.vendorId === null ? undefined : groups.get(p.vendorId);
    const eligibleSubtotal = p.vendorId === null ? cartSubtotal : (group?.subtotal ?? 0);
    const reason = rejectionOf(p, input.now, eligibleSubtotal, p.vendorId === null || group !== undefined);
    if (reason === null) qualifying.push(p);
    else if (!p.automatic && p.code !== null) rejected.push({ code: p.code, reason });
  }
  // Stable: within a kind, the order the rules came in.
  qualifying.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  for (const p of qualifying) {
    const eligible = lines
      .map((l, i) => (p.vendorId === null || l.vendorId === p.vendorId ? i : -1))
      .filter((i) => i >= 0);
    if (p.kind === 'free_shipping') {
      let saved = 0;
      for (const g of vendorList) {
        if (p.vendorId !== null && g.vendorId !== p.vendorId) continue;
        if (freeShippingVendors.has(g.vendorId)) continue;
        freeShippingVendors.add(g.vendorId);
        saved += selectedOf.get(g.vendorId)?.price ?? 0;
      }
      applied.push({ id: p.id, code: p.code, name: p.name, kind: p.kind, amount: saved });
      continue;
    }
    // What is left of each eligible line after earlier discounts: the base and the weights.
    const remaining = eligible.map((i) => (subtotals[i] as number) - (discounts[i] as number));
    const base = remaining.reduce((s, x) => s + x, 0);
    const amount =
      p.kind === 'percentage'
        ? Math.min(base, Number((BigInt(base) * BigInt(Math.min(p.value, 10_000))) / BPS))
        : Math.min(Math.max(p.value, 0), base);
    const shares = allocate(amount, remaining);
    eligible.forEach((lineIndex, k) => {
      discounts[lineIndex] = (discounts[lineIndex] as number) + (shares[k] as number);
    });
    applied.push({ id: p.id, code: p.code, name: p.name, kind: p.kind, amount });
  }

  // 4. Lines with tax, then vendors with shipping and its tax.
  const rateBps = taxRateFor(input.taxRates, country, region);
  const lineQuotes: LineQuote[] = lines.map((l, i) => {
    const subtotal = subtotals[i] as number;
    const discount = discounts[i] as number;
    const tax = taxOf(subtotal - discount, rateBps, included);
    return {
      lineId: l.lineId,
      variantId: l.variantId,
      vendorId: l.vendorId,
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      subtotal,
      discount,
      taxRateBps: rateBps,
      tax,
      total: subtotal - discount + (included ? 0 : tax),
    };
  });

  const unshippableVendorIds: string[] = [];
  const vendorQuotes: VendorQuote[] = vendorList.map((g) => {
    const free = freeShippingVendors.has(g.vendorId);
    const toOption = (o: { rate: ShippingRateRule; price: number }): ShippingOption => ({
      id: o.rate.id,
      vendorId: g.vendorId,
      name: o.rate.name,
      price: free ? 0 : o.price,
      minDays: o.rate.minDays,
      maxDays: o.rate.maxDays,
    });
    const options = (optionsOf.get(g.vendorId) ?? []).map(toOption);
    const selected = selectedOf.get(g.vendorId) ?? null;
    if (!selected) unshippableVendorIds.push(g.vendorId);
    const shipping = selected ? toOption(selected) : null;
    const shippingTotal = shipping?.price ?? 0;
    const own = lineQuotes.filter((l) => l.vendorId === g.vendorId);
    const subtotal = own.reduce((s, l) => s + l.subtotal, 0);
    const discount = own.reduce((s, l) => s + l.discount, 0);
    const shippingTax = taxOf(shippingTotal, rateBps, included);
    const tax = own.reduce((s, l) => s + l.tax, 0) + shippingTax;
    return {
      vendorId: g.vendorId,
      subtotal,
      discount,
      shipping,
      shippingTotal,
      shippingTax,
      tax,
      total: subtotal - discount + shippingTotal + (included ? 0 : tax),
      options,
    };
  });

  const sum = (f: (v: VendorQuote) => number) => vendorQuotes.reduce((s, v) => s + f(v), 0);
  return {
    currency: input.currency,
    pricesIncludeTax: included,
    subtotal: sum((v) => v.subtotal),
    discountTotal: sum((v) => v.discount),
    shippingTotal: sum((v) => v.shippingTotal),
    taxTotal: sum((v) => v.tax),
    total: sum((v) => v.total),
    lines: lineQuotes,
    vendors: vendorQuotes,
    applied,
    rejected,
    unshippableVendorIds,
  };
}

/**
 * The shipping rate per vendor that `optionIds` choose, found among each vendor's options in a quote.
 * `unknown` lists ids no vendor offers and second ids for one vendor; callers refuse them.
 */
export function chooseShipping(
  quote: Pick<Quote, 'vendors'>,
  optionIds: readonly string[],
): { selected: Record<string, string>; unknown: string[] } {
  const selected: Record<string, string> = {};
  const unknown: string[] = [];
  for (const id of optionIds) {
    const vendor = quote.vendors.find((v) => v.options.some((o) => o.id === id));
    if (!vendor || selected[vendor.vendorId] !== undefined) unknown.push(id);
    else selected[vendor.vendorId] = id;
  }
  return { selected, unknown };
}

/** Whether the quote already uses the chosen rates (then it need not be priced again). */
export function quoteUses(quote: Pick<Quote, 'vendors'>, selected: Record<string, string>): boolean {
  return Object.entries(selected).every(([vendorId, rateId]) =>
    quote.vendors.some((v) => v.vendorId === vendorId && v.shipping?.id === rateId),
  );
}
