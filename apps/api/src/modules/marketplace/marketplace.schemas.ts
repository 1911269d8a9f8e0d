/**
 * Request and response schemas of marketplace money (vendor balances, ledger entries, payouts) and
 * of the sales analytics. Ledger amounts are signed: credits to the vendor positive, debits negative.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';
import { LEDGER_KINDS } from './marketplace.tables.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Count = Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 });

const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217 code.',
});

/** Minor units that may be negative: a debit, or a balance a refund after a payout left below zero. */
const signedMoney = (description?: string) =>
  Type.Object(
    {
      amount: Type.Integer({
        minimum: -9_007_199_254_740_991,
        maximum: 9_007_199_254_740_991,
        description: 'Integer minor units; negative for a debit.',
      }),
      currency: CurrencyCode,
    },
    { additionalProperties: false, ...(description ? { description } : {}) },
  );
export const SignedMoney = signedMoney();
export type SignedMoney = Static<typeof SignedMoney>;

/** The list envelope of API.md around `item`, inline (no shared `$id`). */
function listOf<T extends TSchema>(item: T, description: string) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return { ...inline, description } as typeof envelope;
}

// --------------------------------------------------------------------------------------- ledger

export const LedgerKindName = Type.Enum(LEDGER_KINDS, {
  description:
    '`sale` (+ sub-order total), `commission` (− the store’s share), `refund` (− what was returned), `commission_reversal` (+ the share given back), `payout` (− what was paid out), `adjustment`.',
});

export const LedgerEntry = Type.Object({
  id: Uuid,
  kind: LedgerKindName,
  amount: SignedMoney,
  orderId: Type.Union([Uuid, Type.Null()]),
  orderNumber: Type.Union([Type.String({ maxLength: 60 }), Type.Null()], {
    description: 'The number of the order it comes from (`DEMO-000123`); null for a payout or an adjustment.',
  }),
  subOrderId: Type.Union([Uuid, Type.Null()]),
  refundId: Type.Union([Uuid, Type.Null()]),
  payoutId: Type.Union([Uuid, Type.Null()], { description: 'The payout that settled it; null while unpaid.' }),
  description: Type.String({
    maxLength: 500,
    description: 'In English (`Sale, order DEMO-000123`); `kind` and `orderNumber` say the same for other languages.',
  }),
  createdAt: Timestamp,
});
export type LedgerEntry = Static<typeof LedgerEntry>;

export const LedgerQuery = Type.Object(
  { limit: Type.Optional(LimitQuery), cursor: Type.Optional(CursorQuery), kind: Type.Optional(LedgerKindName) },
  { additionalProperties: false },
);
export type LedgerQuery = Static<typeof LedgerQuery>;

export const LedgerList = listOf(LedgerEntry, "The vendor's ledger, newest first.");

export const VendorBalance = Type.Object(
  {
    vendorId: Uuid,
    currency: CurrencyCode,
    balance: signedMoney(
      'What the store owes the vendor now: the sum of every entry. Negative after a refund that followed a payout.',
    ),
    pending: signedMoney(
      'The sum of the entries no payout has settled yet: what the next payout settles when it is above zero.',
    ),
    paidOut: signedMoney('Paid out so far, in all.'),
    lastPayoutAt: Type.Union([Timestamp, Type.Null()]),
    entries: Type.Array(LedgerEntry, {
      maxItems: 20,
      description: 'The 20 newest entries; the rest at `/vendor/ledger`.',
    }),
  },
  { description: "A vendor's balance with the store." },
);
export type VendorBalance = Static<typeof VendorBalance>;

// -------------------------------------------------------------------------------------- payouts

export const Payout = Type.Object({
  id: Uuid,
  vendorId: Uuid,
  vendorName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  amount: SignedMoney,
  status: Type.Literal('paid'),
  reference: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  entryCount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Ledger entries it settled.' }),
  createdAt: Timestamp,
});
export type Payout = Static<typeof Payout>;

export const PayoutListQuery = Type.Object(
  { limit: Type.Optional(LimitQuery), cursor: Type.Optional(CursorQuery), vendorId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type PayoutListQuery = Static<typeof PayoutListQuery>;

export const PayoutList = listOf(Payout, 'Payouts, newest first.');

export const CreatePayoutsBody = Type.Object(
  {
    vendorId: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: 'Settle only this vendor; without it, every vendor.' }),
    ),
    reference: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The bank transfer or other reference, kept with each payout.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreatePayoutsBody = Static<typeof CreatePayoutsBody>;

export const CreatedPayouts = Type.Object(
  { data: Type.Array(Payout, { maxItems: 10_000 }) },
  { description: 'The payouts made: one per vendor whose unpaid balance was above zero (possibly none).' },
);

// ------------------------------------------------------------------------------------ analytics

const day = (description = 'A UTC calendar day, `YYYY-MM-DD`.') =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', minLength: 10, maxLength: 10, description });
const Day = day();

/** The range and granularity of a sales report. */
const salesRange = {
  from: Type.Optional(day('First day, UTC (default: 29 days before `to`).')),
  to: Type.Optional(day('Last day, included (default: today, UTC). At most 366 days from `from`.')),
  interval: Type.Optional(
    Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' }),
  ),
};

export const SalesQuery = Type.Object(
  { ...salesRange, vendorId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type SalesQuery = Static<typeof SalesQuery>;

/** A vendor's own report: the same range, always of the vendor signed in. */
export const VendorSalesQuery = Type.Object(salesRange, { additionalProperties: false });
export type VendorSalesQuery = Static<typeof VendorSalesQuery>;

const salesFigures = {
  orders: Count,
  revenue: SignedMoney,
  refunds: SignedMoney,
  averageOrderValue: SignedMoney,
  carts: Type.Integer({
    minimum: -2_147_483_648,
    maximum: 2_147_483_647,
    description: "Carts created in the store in the period; always 0 in a vendor's own report.",
  }),
  conversionRate: Type.Number({
    minimum: 0,
    maximum: 1_000_000,
    description:
      "Orders per cart created in the period (store-wide carts), 0 without carts; always 0 in a vendor's own report.",
  }),
};

export const SalesReport = Type.Object(
  {
    currency: CurrencyCode,
    interval: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
    from: Day,
    to: Day,
    vendorId: Type.Union([Uuid, Type.Null()]),
    series: Type.Array(
      Type.Object({
        period: day('The first day of the period (weeks start on Monday).'),
        ...salesFigures,
      }),
      { maxItems: 400 },
    ),
    totals: Type.Object(salesFigures),
    vendors: Type.Array(
      Type.Object({
        vendorId: Uuid,
        name: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
        orders: Count,
        revenue: SignedMoney,
      }),
      { maxItems: 100, description: 'Vendors by revenue in the range, highest first (at most 100).' },
    ),
  },
  { description: 'Confirmed orders, revenue, refunds and conversion, from the daily sales aggregate.' },
);
export type SalesReport = Static<typeof SalesReport>;

// ------------------------------------------------------------------------------------ attention

const Tally = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

/** A count the actor may see, or null without the permission that shows it. */
const tallyOr = (description: string) => Type.Union([Tally, Type.Null()], { description });

export const AttentionQuery = Type.Object(
  {
    lowStockThreshold: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1000,
        default: 5,
        description: 'A variant with this many units on hand or fewer is low on stock (default 5).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AttentionQuery = Static<typeof AttentionQuery>;

export const LowStockItem = Type.Object({
  productId: Uuid,
  variantId: Uuid,
  productTitle: Type.String({ maxLength: 200 }),
  sku: Type.String({ maxLength: 64 }),
  stock: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Units on hand.' }),
  vendor: Type.Object({ id: Uuid, name: Type.String({ maxLength: 200 }) }),
});
export type LowStockItem = Static<typeof LowStockItem>;

export const Attention = Type.Object(
  {
    vendorsPendingReview: tallyOr('Vendor applications waiting for a decision; null without `vendors:approve`.'),
    productsPendingReview: tallyOr('Products waiting for review; null without `products:approve`.'),
    failedPayments: tallyOr('Orders placed in the last 30 days whose payment failed; null without `orders:read:any`.'),
    lowStock: Type.Union(
      [
        Type.Object({
          threshold: Type.Integer({ minimum: 0, maximum: 1000 }),
          count: Type.Integer({
            minimum: 0,
            maximum: 2_147_483_647,
            description: 'Active variants of active products with `threshold` units on hand or fewer.',
          }),
          items: Type.Array(LowStockItem, {
            maxItems: 10,
            description: 'The (at most 10) variants with the fewest units on hand, lowest first.',
          }),
        }),
        Type.Null(),
      ],
      { description: 'Variants running out; null without `catalog:manage` or `products:approve`.' },
    ),
  },
  { description: "What needs store staff's attention, as far as the actor's permissions show it." },
);
export type Attention = Static<typeof Attention>;
