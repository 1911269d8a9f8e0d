/**
 * Request and response schemas of carts. A cart is always answered whole, priced on the server;
 * item schemas carry no `$id` (used inline by this module's routes only).
 */
import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Quantity = Type.Integer({ minimum: 1, maximum: 100, description: 'Units of the variant, 1–100.' });

export const CountryCode = Type.String({
  minLength: 2,
  maxLength: 2,
  pattern: '^[A-Za-z]{2}$',
  description: 'ISO 3166-1 alpha-2 (stored upper case).',
});
export const RegionCode = Type.String({
  minLength: 1,
  maxLength: 10,
  pattern: '^[A-Za-z0-9]{1,10}$',
  description: 'ISO 3166-2 subdivision code without the country (`CA` for California).',
});
export const CouponCode = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Letters, digits, `-` and `_`; matched case-insensitively.',
});

const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer minor units.' }),
    currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

// ------------------------------------------------------------------------------------- requests

export const CartParams = Type.Object({ id: Uuid });

export const CartQuery = Type.Object(
  {
    shippingOptionIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 50,
        description:
          'Price the cart with these shipping options (one per vendor, from `/shipping-options`) instead of the cheapest: `?shippingOptionIds=a&shippingOptionIds=b`. The same ids at checkout give the same totals.',
      }),
    ),
  },
  { additionalProperties: false },
);
export const CartItemParams = Type.Object({ id: Uuid, itemId: Uuid });
export const CartCouponParams = Type.Object({ id: Uuid, code: CouponCode });

/** A guest cart's secret, returned once when the cart is created. */
export const CartTokenHeaders = Type.Object({
  'x-cart-token': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: "A guest cart's token (from `POST /carts`); not needed for a signed-in customer's own cart.",
    }),
  ),
  'if-match': Type.Optional(
    Type.String({ maxLength: 40, description: 'Optional: the cart ETag; a stale one is 412 `version_conflict`.' }),
  ),
});

export const CreateCartBody = Type.Object(
  { country: Type.Optional(CountryCode), region: Type.Optional(Type.Union([RegionCode, Type.Null()])) },
  { additionalProperties: false, description: 'Where the cart ships, if known (tax and shipping options).' },
);
export type CreateCartBody = Static<typeof CreateCartBody>;

export const AddItemBody = Type.Object({ variantId: Uuid, quantity: Quantity }, { additionalProperties: false });
export type AddItemBody = Static<typeof AddItemBody>;

export const UpdateItemBody = Type.Object({ quantity: Quantity }, { additionalProperties: false });
export type UpdateItemBody = Static<typeof UpdateItemBody>;

export const CartAddressBody = Type.Object(
  { country: CountryCode, region: Type.Optional(Type.Union([RegionCode, Type.Null()])) },
  { additionalProperties: false },
);
export type CartAddressBody = Static<typeof CartAddressBody>;

export const CouponBody = Type.Object({ code: CouponCode }, { additionalProperties: false });
export type CouponBody = Static<typeof CouponBody>;

// ------------------------------------------------------------------------------------ responses

export const CartShippingOption = Type.Object({
  id: Uuid,
  vendorId: Uuid,
  name: Type.String({ maxLength: 200 }),
  price: Money,
  estimatedDays: Type.Object({
    min: Type.Integer({ minimum: 0, maximum: 365 }),
    max: Type.Integer({ minimum: 0, maximum: 365 }),
  }),
});
export type CartShippingOption = Static<typeof CartShippingOption>;

const Image = Type.Object({
  url: Type.String({ maxLength: 600 }),
  thumbnailUrl: Type.String({ maxLength: 600 }),
  alt: Type.String({ maxLength: 300 }),
  width: Type.Integer({ minimum: 1, maximum: 100_000 }),
  height: Type.Integer({ minimum: 1, maximum: 100_000 }),
});

export const CartItem = Type.Object({
  id: Uuid,
  variantId: Uuid,
  productId: Uuid,
  productSlug: Type.String({ maxLength: 200 }),
  title: Type.String({ maxLength: 300 }),
  sku: Type.String({ maxLength: 200 }),
  options: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 })),
  image: Type.Union([Image, Type.Null()]),
  vendor: Type.Object({
    id: Uuid,
    slug: Type.String({ maxLength: 200 }),
    name: Type.String({ maxLength: 300 }),
  }),
  unitPrice: Money,
  quantity: Quantity,
  available: Type.Integer({
    minimum: 0,
    maximum: 2_147_483_647,
    description: 'Units that can be bought now; 0 when the variant is no longer sold.',
  }),
  purchasable: Type.Boolean({ description: 'False when the variant or its product is no longer sold.' }),
  lineTotal: Type.Object(Money.properties, { description: 'Unit price × quantity, before discount and tax.' }),
  discount: Money,
  tax: Type.Object(Money.properties, {
    description: 'Tax on the line after its discount (contained when `taxIncluded`).',
  }),
});
export type CartItem = Static<typeof CartItem>;

export const CartCoupon = Type.Object({
  code: Type.String({ maxLength: 64 }),
  applied: Type.Boolean(),
  reason: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        'Why it does not apply now: `unknown`, `expired`, `not_started`, `inactive`, `minimum_not_met`, `usage_limit_reached`, `not_applicable`.',
    }),
  ),
  amount: Money,
});

export const CartPromotion = Type.Object({
  id: Uuid,
  code: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  name: Type.String({ maxLength: 200 }),
  kind: Type.Union([Type.Literal('percentage'), Type.Literal('fixed'), Type.Literal('free_shipping')]),
  amount: Money,
});

export const Cart = Type.Object({
  id: Uuid,
  token: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'Only when a guest cart is created: send it as `X-Cart-Token` on every call. It is not stored.',
    }),
  ),
  userId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged'), Type.Literal('converted')]),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  country: Type.Union([Type.String({ maxLength: 2 }), Type.Null()]),
  region: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
  items: Type.Array(CartItem, { maxItems: 1000 }),
  coupons: Type.Array(CartCoupon, { maxItems: 20 }),
  promotions: Type.Array(CartPromotion, {
    maxItems: 200,
    description: 'Every promotion applied, automatic ones included.',
  }),
  totals: Type.Object({ subtotal: Money, discount: Money, shipping: Money, tax: Money, total: Money }),
  taxIncluded: Type.Boolean({ description: 'Prices include tax: `tax` is contained in the totals, not added.' }),
  shipping: Type.Array(
    Type.Object({
      vendorId: Uuid,
      option: Type.Union([CartShippingOption, Type.Null()], {
        description:
          'The option priced: the one chosen with `shippingOptionIds`, else the cheapest; null when nothing ships to the address.',
      }),
    }),
    { maxItems: 1000 },
  ),
  itemCount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Units in the cart.' }),
  orderId: Type.Union([Uuid, Type.Null()], { description: 'The order a converted cart became.' }),
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  updatedAt: Timestamp,
  expiresAt: Type.Union([Timestamp, Type.Null()], { description: 'Guest carts: 7 days after the last change.' }),
});
export type Cart = Static<typeof Cart>;

export const ShippingOptionList = Type.Object({
  data: Type.Array(CartShippingOption, { maxItems: 1000 }),
});
export type ShippingOptionList = Static<typeof ShippingOptionList>;
