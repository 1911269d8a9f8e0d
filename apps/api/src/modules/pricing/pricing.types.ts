/**
 * The inputs and output of the pure pricing module (`pricing.ts`). Every amount is an integer in
 * the minor units of `currency`; nothing here touches the database or the clock (the caller passes
 * `now`).
 */
import type { CouponKind, ShippingRateKind } from './pricing.tables.js';

export interface PricingLine {
  /** The cart item (or order line) this is. */
  lineId: string;
  variantId: string;
  productId: string;
  vendorId: string;
  unitPrice: number;
  quantity: number;
  /** Per unit; 0 when unknown. */
  weightGrams: number;
}

export interface PricingAddress {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** Subdivision code without the country (`CA`), or null. */
  region: string | null;
}

export interface TaxRateRule {
  id: string;
  country: string;
  region: string | null;
  rateBps: number;
}

export interface ShippingZoneRule {
  id: string;
  name: string;
  countries: string[];
  /** `<country>-<region>` codes; empty = the whole of each country. */
  regions: string[];
}

export interface ShippingRateRule {
  id: string;
  zoneId: string;
  /** null: for every vendor without a rate of its own in the zone. */
  vendorId: string | null;
  name: string;
  kind: ShippingRateKind;
  amount: number;
  perKgAmount: number;
  freeOver: number | null;
  minDays: number;
  maxDays: number;
}

export interface PromotionRule {
  id: string;
  /** Upper case; null for an automatic promotion. */
  code: string | null;
  name: string;
  kind: CouponKind;
  /** `percentage`: basis points; `fixed`: minor units; `free_shipping`: ignored. */
  value: number;
  /** Only this vendor's items count (minimum, discount); null = store-wide. */
  vendorId: string | null;
  automatic: boolean;
  active: boolean;
  minSubtotal: number;
  startsAt: Date | null;
  endsAt: Date | null;
  /** Usage left at the time of pricing; null = unlimited. Checkout counts usage atomically. */
  remainingUses: number | null;
  /** Uses left for this customer; null = unlimited or unknown (a guest before checkout). */
  remainingForCustomer: number | null;
}

export interface PricingInput {
  currency: string;
  pricesIncludeTax: boolean;
  lines: PricingLine[];
  address: PricingAddress;
  taxRates: TaxRateRule[];
  zones: ShippingZoneRule[];
  rates: ShippingRateRule[];
  /** Coupons the shopper entered (already looked up by code) and the store's automatic promotions. */
  promotions: PromotionRule[];
  /** Codes the shopper entered that match no coupon, reported back as rejected. */
  unknownCodes?: string[];
  /** The chosen shipping rate per vendor id; a vendor left out gets its cheapest option. */
  selectedShipping: Record<string, string>;
  now: Date;
}

export interface ShippingOption {
  /** The shipping rate's id. */
  id: string;
  vendorId: string;
  name: string;
  /** After `free_over` and free-shipping promotions. */
  price: number;
  minDays: number;
  maxDays: number;
}

export interface LineQuote {
  lineId: string;
  variantId: string;
  vendorId: string;
  unitPrice: number;
  quantity: number;
  subtotal: number;
  discount: number;
  taxRateBps: number;
  tax: number;
  /** `subtotal − discount (+ tax when tax is added)`. */
  total: number;
}

export interface VendorQuote {
  vendorId: string;
  subtotal: number;
  discount: number;
  /** Null when no shipping option reaches the address. */
  shipping: ShippingOption | null;
  shippingTotal: number;
  /** The tax on `shippingTotal` (part of `tax`). */
  shippingTax: number;
  /** Items' tax plus the tax on shipping. */
  tax: number;
  total: number;
  options: ShippingOption[];
}

export interface AppliedPromotion {
  id: string;
  code: string | null;
  name: string;
  kind: CouponKind;
  /** What it took off (items, or shipping for `free_shipping`). */
  amount: number;
}

export interface RejectedCode {
  code: string;
  /** `unknown`, `expired`, `not_started`, `inactive`, `minimum_not_met`, `usage_limit_reached`, `not_applicable`. */
  reason: string;
}

/**
 * The priced cart. Invariants (property-tested): `total = subtotal − discountTotal + shippingTotal
 * (+ taxTotal when tax is added)`, and every total equals the sum of its vendors' and lines' parts.
 */
export interface Quote {
  currency: string;
  pricesIncludeTax: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  lines: LineQuote[];
  vendors: VendorQuote[];
  applied: AppliedPromotion[];
  rejected: RejectedCode[];
  /** Vendors no shipping option reaches: the cart cannot be checked out to this address. */
  unshippableVendorIds: string[];
}
