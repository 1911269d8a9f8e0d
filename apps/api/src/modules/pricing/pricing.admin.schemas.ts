/**
 * Request and response schemas of the store's pricing configuration as its administrators manage
 * it: tax rates, shipping zones with their rates, coupons and automatic promotions. Money is
 * `{ amount, currency }` in the store's currency; item schemas carry no `$id`.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const MinorUnits = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Integer minor units.' });

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217 code.',
});

export const Money = Type.Object(
  { amount: MinorUnits, currency: CurrencyCode },
  { additionalProperties: false, description: "An amount in the store's currency." },
);
export type Money = Static<typeof Money>;

export const CountryCode = Type.String({
  minLength: 2,
  maxLength: 2,
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2, upper case.',
});

/** A subdivision without its country (`CA`, `BY`, `MH`). */
const RegionCode = Type.String({
  minLength: 1,
  maxLength: 3,
  pattern: '^[A-Z0-9]{1,3}$',
  description: 'ISO 3166-2 subdivision code without the country, upper case (`CA`, `BY`, `MH`).',
});

/** `US-CA`: a region of one of the zone's countries. */
const ZoneRegion = Type.String({
  minLength: 4,
  maxLength: 6,
  pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$',
  description: '`<country>-<region>`, e.g. `US-CA`.',
});

export const IdParams = Type.Object({ id: Uuid });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });

/** The list envelope of API.md around `item`, inline (no shared `$id`). */
function listOf<T extends TSchema>(item: T, description: string) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return { ...inline, description } as typeof envelope;
}

const listQuery = {
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  includeDeleted: Type.Optional(Type.Boolean({ description: 'Also list deleted ones.' })),
};

// ------------------------------------------------------------------------------------ tax rates

const RateBps = Type.Integer({ minimum: 0, maximum: 10000, description: 'Basis points: 1900 = 19 %.' });

export const CreateTaxRateBody = Type.Object(
  {
    name: Name,
    country: CountryCode,
    region: Type.Optional(Type.Union([RegionCode, Type.Null()], { description: 'Null: the whole country.' })),
    rateBps: RateBps,
  },
  { additionalProperties: false },
);
export type CreateTaxRateBody = Static<typeof CreateTaxRateBody>;

export const UpdateTaxRateBody = Type.Object(
  {
    name: Type.Optional(Name),
    country: Type.Optional(CountryCode),
    region: Type.Optional(Type.Union([RegionCode, Type.Null()])),
    rateBps: Type.Optional(RateBps),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTaxRateBody = Static<typeof UpdateTaxRateBody>;

export const TaxRateListQuery = Type.Object(
  { ...listQuery, country: Type.Optional(CountryCode) },
  { additionalProperties: false },
);
export type TaxRateListQuery = Static<typeof TaxRateListQuery>;

export const TaxRate = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: 200 }),
    country: CountryCode,
    region: Type.Union([Type.String({ maxLength: 3 }), Type.Null()]),
    rateBps: RateBps,
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    deletedAt: NullableTimestamp,
  },
  { description: 'A tax rate for a country, or one region of it (a region rate wins over the country rate).' },
);
export type TaxRate = Static<typeof TaxRate>;
export const TaxRateList = listOf(TaxRate, 'Tax rates, oldest first.');

// ------------------------------------------------------------------------------- shipping zones

const RateKind = Type.Union([Type.Literal('flat'), Type.Literal('weight')], {
  description: '`flat`: `amount` per sub-order; `weight`: `amount` + `perKgAmount` for each started kilogram.',
});
const Days = Type.Integer({ minimum: 0, maximum: 365 });

export const ShippingRateInput = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        format: 'uuid',
        maxLength: 36,
        description: 'An existing rate of this zone to change in place (keeps the id carts chose).',
      }),
    ),
    vendorId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'Null: every vendor without a rate of its own in the zone.' }),
    ),
    name: Name,
    kind: Type.Optional(RateKind),
    amount: Money,
    perKgAmount: Type.Optional(Money),
    freeOver: Type.Optional(
      Type.Union([Money, Type.Null()], { description: "Free when the vendor's subtotal reaches this." }),
    ),
    estimatedDays: Type.Optional(
      Type.Object({ min: Days, max: Days }, { additionalProperties: false, description: 'Delivery estimate.' }),
    ),
  },
  { additionalProperties: false },
);
export type ShippingRateInput = Static<typeof ShippingRateInput>;

const RatesInput = Type.Array(ShippingRateInput, { maxItems: 50 });

export const CreateShippingZoneBody = Type.Object(
  {
    name: Name,
    countries: Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true }),
    regions: Type.Optional(
      Type.Array(ZoneRegion, {
        maxItems: 500,
        uniqueItems: true,
        description: 'Narrow the zone to these regions; empty = every region of its countries.',
      }),
    ),
    rates: Type.Optional(RatesInput),
  },
  { additionalProperties: false },
);
export type CreateShippingZoneBody = Static<typeof CreateShippingZoneBody>;

export const UpdateShippingZoneBody = Type.Object(
  {
    name: Type.Optional(Name),
    countries: Type.Optional(Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true })),
    regions: Type.Optional(Type.Array(ZoneRegion, { maxItems: 500, uniqueItems: true })),
    rates: Type.Optional(
      Type.Array(ShippingRateInput, {
        maxItems: 50,
        description: 'Replaces the rate list: rates named by `id` change, new ones are added, the others are deleted.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateShippingZoneBody = Static<typeof UpdateShippingZoneBody>;

export const ShippingZoneListQuery = Type.Object(
  { ...listQuery, country: Type.Optional(CountryCode) },
  { additionalProperties: false },
);
export type ShippingZoneListQuery = Static<typeof ShippingZoneListQuery>;

export const ShippingRate = Type.Object({
  id: Uuid,
  vendorId: Type.Union([Uuid, Type.Null()]),
  name: Type.String({ maxLength: 200 }),
  kind: RateKind,
  amount: Money,
  perKgAmount: Money,
  freeOver: Type.Union([Money, Type.Null()]),
  estimatedDays: Type.Object({ min: Days, max: Days }),
});
export type ShippingRate = Static<typeof ShippingRate>;

export const ShippingZone = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: 200 }),
    countries: Type.Array(CountryCode, { maxItems: 250 }),
    regions: Type.Array(Type.String({ maxLength: 6 }), { maxItems: 500 }),
    rates: Type.Array(ShippingRate, { maxItems: 50 }),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    deletedAt: NullableTimestamp,
  },
  { description: 'Countries (or regions of them) that share shipping rates, per vendor or store-wide.' },
);
export type ShippingZone = Static<typeof ShippingZone>;
export const ShippingZoneList = listOf(ShippingZone, 'Shipping zones with their rates, oldest first.');

// -------------------------------------------------------------------------------------- coupons

const CouponKind = Type.Union([Type.Literal('percentage'), Type.Literal('fixed'), Type.Literal('free_shipping')]);
const CouponCode = Type.String({
  minLength: 2,
  maxLength: 40,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
  description: 'Letters, digits, `_` and `-`; stored upper case, unique in the store.',
});
const CouponValue = Type.Integer({
  minimum: 0,
  maximum: 2_147_483_647,
  description: '`percentage`: basis points 1–10000 (1000 = 10 %); `fixed`: minor units > 0; `free_shipping`: ignored.',
});
const Limit = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

const couponFields = {
  name: Name,
  kind: CouponKind,
  value: Type.Optional(CouponValue),
  vendorId: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: "Only this vendor's items; null: store-wide." }),
  ),
  automatic: Type.Optional(Type.Boolean({ description: 'Applied to every cart that qualifies, without a code.' })),
  active: Type.Optional(Type.Boolean()),
  minSubtotal: Type.Optional(Money),
  startsAt: Type.Optional(NullableTimestamp),
  endsAt: Type.Optional(NullableTimestamp),
  usageLimit: Type.Optional(Type.Union([Limit, Type.Null()], { description: 'Uses in all; null: unlimited.' })),
  perCustomerLimit: Type.Optional(
    Type.Union([Limit, Type.Null()], { description: 'Uses per customer; null: unlimited.' }),
  ),
};

export const CreateCouponBody = Type.Object(
  {
    code: Type.Optional(Type.Union([CouponCode, Type.Null()], { description: 'Automatic promotions may omit it.' })),
    ...couponFields,
  },
  { additionalProperties: false },
);
export type CreateCouponBody = Static<typeof CreateCouponBody>;

export const UpdateCouponBody = Type.Object(
  {
    code: Type.Optional(Type.Union([CouponCode, Type.Null()])),
    name: Type.Optional(Name),
    kind: Type.Optional(CouponKind),
    value: couponFields.value,
    vendorId: couponFields.vendorId,
    automatic: couponFields.automatic,
    active: couponFields.active,
    minSubtotal: couponFields.minSubtotal,
    startsAt: couponFields.startsAt,
    endsAt: couponFields.endsAt,
    usageLimit: couponFields.usageLimit,
    perCustomerLimit: couponFields.perCustomerLimit,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCouponBody = Static<typeof UpdateCouponBody>;

export const CouponListQuery = Type.Object(
  {
    ...listQuery,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Part of the code.' })),
    active: Type.Optional(Type.Boolean()),
    automatic: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CouponListQuery = Static<typeof CouponListQuery>;

export const Coupon = Type.Object(
  {
    id: Uuid,
    code: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    name: Type.String({ maxLength: 200 }),
    kind: CouponKind,
    value: CouponValue,
    vendorId: Type.Union([Uuid, Type.Null()]),
    automatic: Type.Boolean(),
    active: Type.Boolean(),
    minSubtotal: Money,
    startsAt: NullableTimestamp,
    endsAt: NullableTimestamp,
    usageLimit: Type.Union([Limit, Type.Null()]),
    perCustomerLimit: Type.Union([Limit, Type.Null()]),
    usedCount: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    deletedAt: NullableTimestamp,
  },
  { description: 'A coupon (with a code) or an automatic promotion.' },
);
export type Coupon = Static<typeof Coupon>;
export const CouponList = listOf(Coupon, 'Coupons and automatic promotions, oldest first.');
