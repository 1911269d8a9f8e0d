/**
 * Request and response schemas of orders: the order as shoppers and administrators read it (also
 * embedded in the checkout response), the vendor's sub-order, shipments, refunds and the admin
 * timeline. `Order` is a shared schema (`$id: 'Order'`): routes answer with `Type.Ref('Order')`
 * (`OrderRef`), so the OpenAPI document names it once.
 */
import { type Static, Type } from 'typebox';
import { CursorQuery, LimitQuery } from '../../platform/http/pagination.js';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from './orders.tables.js';

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217 code.',
});

export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Integer minor units (cents, paise).' }),
    currency: CurrencyCode,
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

export const OrderStatusName = Type.Enum(ORDER_STATUSES);
export const PaymentStatusName = Type.Enum(PAYMENT_STATUSES);
export const FulfillmentStatusName = Type.Enum(FULFILLMENT_STATUSES);
export const PaymentMethodName = Type.Enum(['card', 'upi', 'netbanking', 'cod']);
export const PaymentRecordStatusName = Type.Enum([
  'pending',
  'requires_action',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
]);
export const ShipmentStatusName = Type.Enum(['shipped', 'in_transit', 'delivered']);

// ------------------------------------------------------------------------------------- addresses

const Country = Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2.' });

/**
 * A postal address as a request carries it (checkout). Stored only encrypted; `country` and
 * `region` also decide tax and shipping.
 */
export const AddressInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    region: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 10, pattern: '^[A-Za-z0-9]{1,10}$', description: 'Subdivision code.' }),
        Type.Null(),
      ]),
    ),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Country,
    phone: Type.Optional(
      Type.Union([Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ()./-]{3,32}$' }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
export type AddressInput = Static<typeof AddressInput>;

/** A stored address as read back (every field present, absent ones null). */
export const Address = Type.Object({
  name: Type.String({ maxLength: 200 }),
  line1: Type.String({ maxLength: 200 }),
  line2: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  city: Type.String({ maxLength: 100 }),
  region: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
  postalCode: Type.String({ maxLength: 20 }),
  country: Type.String({ maxLength: 2 }),
  phone: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
});
export type Address = Static<typeof Address>;

// --------------------------------------------------------------------------------- order reads

const Totals = Type.Object({
  subtotal: Money,
  discount: Money,
  shipping: Money,
  tax: Money,
  total: Money,
  refunded: Money,
});

export const ShipmentItemSchema = Type.Object(
  { lineId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) },
  { additionalProperties: false },
);

export const Shipment = Type.Object({
  id: Uuid,
  carrier: Type.String({ maxLength: 100 }),
  trackingNumber: Type.String({ maxLength: 100 }),
  status: ShipmentStatusName,
  items: Type.Array(ShipmentItemSchema, { maxItems: 1000 }),
  shippedAt: Timestamp,
  deliveredAt: NullableTimestamp,
});
export type Shipment = Static<typeof Shipment>;

export const OrderLine = Type.Object({
  id: Uuid,
  productId: Uuid,
  variantId: Uuid,
  sku: Type.String({ maxLength: 100 }),
  title: Type.String({ maxLength: 500 }),
  options: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 })),
  unitPrice: Money,
  quantity: Count,
  discount: Money,
  tax: Money,
  total: Money,
  shippedQuantity: Count,
  refundedQuantity: Count,
});
export type OrderLine = Static<typeof OrderLine>;

const VendorSummary = Type.Object({
  id: Uuid,
  slug: Type.String({ maxLength: 100 }),
  name: Type.String({ maxLength: 200 }),
});

const Commission = Type.Object(
  {
    rateBps: Type.Integer({ minimum: 0, maximum: 10000 }),
    amount: Money,
  },
  { description: "The store's commission on this sub-order (administrators only)." },
);

export const SubOrder = Type.Object({
  id: Uuid,
  number: Type.String({ maxLength: 60 }),
  vendor: VendorSummary,
  fulfillmentStatus: FulfillmentStatusName,
  totals: Totals,
  shippingMethod: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  commission: Type.Optional(Commission),
  lines: Type.Array(OrderLine, { maxItems: 1000 }),
  shipments: Type.Array(Shipment, { maxItems: 1000 }),
});
export type SubOrder = Static<typeof SubOrder>;

export const NextActionSchema = Type.Object({
  type: Type.Union([Type.Literal('redirect_to_url'), Type.Literal('three_d_secure')]),
  url: Type.String({ maxLength: 4096 }),
  upiUri: Type.Optional(Type.String({ maxLength: 4096 })),
});

export const OrderPayment = Type.Object({
  id: Uuid,
  method: PaymentMethodName,
  provider: Type.String({ maxLength: 40 }),
  status: PaymentRecordStatusName,
  amount: Money,
  nextAction: Type.Optional(NextActionSchema),
});

export const OrderView = Type.Object(
  {
    id: Uuid,
    number: Type.String({ maxLength: 60, description: 'Per store, e.g. `DEMO-000123`.' }),
    status: OrderStatusName,
    paymentStatus: PaymentStatusName,
    currency: CurrencyCode,
    email: Type.Optional(
      Type.String({ maxLength: 254, description: 'Absent once the customer has been erased (anonymised order).' }),
    ),
    placedAt: Timestamp,
    confirmedAt: NullableTimestamp,
    cancelledAt: NullableTimestamp,
    cancelReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    totals: Totals,
    taxIncluded: Type.Boolean({
      description: 'Whether prices include tax (then `tax` is the part of `total` that is tax).',
    }),
    couponCodes: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }),
    shippingAddress: Type.Union([Address, Type.Null()]),
    billingAddress: Type.Union([Address, Type.Null()]),
    payment: Type.Union([OrderPayment, Type.Null()]),
    subOrders: Type.Array(SubOrder, { maxItems: 1000 }),
    allowedActions: Type.Object({
      cancel: Type.Boolean({ description: 'Whether the shopper may still cancel (nothing shipped yet).' }),
      transitions: Type.Optional(
        Type.Array(OrderStatusName, { maxItems: 10, description: 'Administrators: the statuses it may move to.' }),
      ),
    }),
    streamToken: Type.Optional(
      Type.String({
        maxLength: 2048,
        description: 'A 10-minute read-only token for `GET /orders/{id}/events?token=` (single-order reads).',
      }),
    ),
    version: Version,
  },
  { $id: 'Order', description: 'An order with its vendor sub-orders, lines, payment and shipments.' },
);
export type OrderView = Static<typeof OrderView>;
/** The shared order schema, registered with `$id: 'Order'`. */
export const Order = OrderView;
/** How a response schema names the order: `{ order: OrderRef }` or `response: { 200: OrderRef }`. */
export const OrderRef = Type.Ref('Order');

// ------------------------------------------------------------------------------------ requests

export const IdParams = Type.Object({ id: Uuid });
export const ShipmentParams = Type.Object({ id: Uuid, shipmentId: Uuid });
export const RefundParams = Type.Object({ id: Uuid, refundId: Uuid });

export const OrderTokenHeaders = Type.Object({
  'x-order-token': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'A guest order token (from checkout or `POST /orders/lookup`).',
    }),
  ),
});

export const MyOrdersQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
    status: Type.Optional(OrderStatusName),
  },
  { additionalProperties: false },
);
export type MyOrdersQuery = Static<typeof MyOrdersQuery>;

const DateQuery = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 time (placed at or after `from`, before `to`).',
});

export const ORDER_SORTS = ['-placedAt', 'placedAt', '-total', 'total', '-number', 'number'] as const;

export const OrderSort = Type.Union(
  ORDER_SORTS.map((s) => Type.Literal(s)),
  {
    description:
      'The order of the list: by `placedAt`, `total` (the grand total) or `number` (as text: `DEMO-000123` before `DEMO-000124`, and one prefix’s numbers together), ties by id; a leading `-` reverses it. Without it, `-placedAt` (newest first). A cursor continues only the sort it was issued for (400 `invalid_cursor` otherwise).',
  },
);
export type OrderSort = (typeof ORDER_SORTS)[number];

export const AdminOrdersQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
    sort: Type.Optional(OrderSort),
    status: Type.Optional(OrderStatusName),
    paymentStatus: Type.Optional(PaymentStatusName),
    vendorId: Type.Optional(Uuid),
    from: Type.Optional(DateQuery),
    to: Type.Optional(DateQuery),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 60, description: 'The order number, or its beginning (`DEMO-0001`).' }),
    ),
  },
  { additionalProperties: false },
);
export type AdminOrdersQuery = Static<typeof AdminOrdersQuery>;

export const VendorOrdersQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
    fulfillmentStatus: Type.Optional(FulfillmentStatusName),
  },
  { additionalProperties: false },
);
export type VendorOrdersQuery = Static<typeof VendorOrdersQuery>;

export const LookupBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 60, description: 'The order number, e.g. `DEMO-000123`.' }),
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
  },
  { additionalProperties: false },
);
export type LookupBody = Static<typeof LookupBody>;

export const CancelBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why, in your words.' })) },
  { additionalProperties: false },
);
export type CancelBody = Static<typeof CancelBody>;

export const TransitionBody = Type.Object(
  {
    to: OrderStatusName,
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'Shown to the shopper when cancelling.' }),
    ),
  },
  { additionalProperties: false },
);
export type TransitionBody = Static<typeof TransitionBody>;

const TrackingText = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9 ._/-]+$' });

export const CreateShipmentBody = Type.Object(
  {
    carrier: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. `dhl`, `ups`, `india-post`.' }),
    trackingNumber: TrackingText,
    items: Type.Optional(
      Type.Array(ShipmentItemSchema, {
        minItems: 1,
        maxItems: 500,
        description: 'Lines and quantities in the parcel; absent: everything not yet shipped.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateShipmentBody = Static<typeof CreateShipmentBody>;

export const RefundBody = Type.Object(
  {
    subOrderId: Uuid,
    amount: Type.Object(
      {
        amount: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Integer minor units.' }),
        currency: CurrencyCode,
      },
      { additionalProperties: false },
    ),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    restock: Type.Optional(
      Type.Boolean({ description: 'Return the units to stock: `items`, or every unrefunded unit of the sub-order.' }),
    ),
    items: Type.Optional(Type.Array(ShipmentItemSchema, { minItems: 1, maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type RefundBody = Static<typeof RefundBody>;

export const ShippingWebhookParams = Type.Object({
  carrier: Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
  tenant: Type.String({ minLength: 1, maxLength: 100 }),
});

export const ShippingWebhookBody = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The carrier's event id (deliveries are deduplicated by it).",
    }),
    trackingNumber: TrackingText,
    status: Type.Union([Type.Literal('in_transit'), Type.Literal('delivered')]),
    occurredAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type ShippingWebhookBody = Static<typeof ShippingWebhookBody>;

export const ExportQuery = Type.Object(
  {
    from: Type.Optional(DateQuery),
    to: Type.Optional(DateQuery),
    format: Type.Optional(Type.Literal('csv', { default: 'csv' })),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;

export const TimezoneHeaders = Type.Object({
  'x-timezone': Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone for dates in the file; default UTC.' }),
  ),
});

export const StreamQuery = Type.Object(
  {
    token: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2048, description: 'The `streamToken` of the order (10 minutes).' }),
    ),
  },
  { additionalProperties: false },
);

// ----------------------------------------------------------------------------------- responses

export const OrderList = Type.Object(
  {
    data: Type.Array(OrderRef, { maxItems: 100 }),
    meta: Type.Object({
      limit: Type.Integer({ minimum: 1, maximum: 100 }),
      cursor: Type.Union([Type.String({ maxLength: 512 }), Type.Null()]),
      total: Type.Optional(Count),
    }),
    links: Type.Object({
      self: Type.String({ maxLength: 4096 }),
      next: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
      prev: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
    }),
  },
  { description: 'Orders, newest first.' },
);

export const LookupResult = Type.Object({
  order: OrderRef,
  orderToken: Type.String({
    maxLength: 2048,
    description: 'Send as `X-Order-Token` to read, cancel or follow this order (30 days).',
  }),
});

export const Refund = Type.Object({
  id: Uuid,
  orderId: Uuid,
  subOrderId: Uuid,
  amount: Money,
  reason: Type.String({ maxLength: 500 }),
  restock: Type.Boolean(),
  items: Type.Array(ShipmentItemSchema, { maxItems: 1000 }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  providerRef: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
  createdAt: Timestamp,
});
export type Refund = Static<typeof Refund>;

export const TimelineEntry = Type.Object({
  id: Uuid,
  type: Type.String({ maxLength: 60 }),
  subOrderId: Type.Union([Uuid, Type.Null()]),
  fromStatus: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  toStatus: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  message: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  data: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown()),
  actorId: Type.Union([Uuid, Type.Null()]),
  at: Timestamp,
});

export const AdminOrderDetail = Type.Intersect(
  [
    OrderRef,
    Type.Object({
      timeline: Type.Array(TimelineEntry, { maxItems: 10_000 }),
      refunds: Type.Array(Refund, { maxItems: 10_000 }),
    }),
  ],
  { description: 'An order with its timeline and refunds.' },
);

export const VendorSubOrder = Type.Object(
  {
    id: Uuid,
    number: Type.String({ maxLength: 60 }),
    orderId: Uuid,
    orderNumber: Type.String({ maxLength: 60 }),
    orderStatus: OrderStatusName,
    placedAt: Timestamp,
    currency: CurrencyCode,
    fulfillmentStatus: FulfillmentStatusName,
    totals: Totals,
    commission: Commission,
    shippingMethod: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    shippingAddress: Type.Union([Address, Type.Null()]),
    lines: Type.Array(OrderLine, { maxItems: 1000 }),
    shipments: Type.Array(Shipment, { maxItems: 1000 }),
    version: Version,
  },
  { description: "A vendor's part of an order: its lines, shipments and where to send them." },
);
export type VendorSubOrder = Static<typeof VendorSubOrder>;

export const VendorSubOrderList = Type.Object({
  data: Type.Array(VendorSubOrder, { maxItems: 100 }),
  meta: Type.Object({
    limit: Type.Integer({ minimum: 1, maximum: 100 }),
    cursor: Type.Union([Type.String({ maxLength: 512 }), Type.Null()]),
  }),
  links: Type.Object({
    self: Type.String({ maxLength: 4096 }),
    next: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
    prev: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
  }),
});

export const WebhookAck = Type.Object({
  received: Type.Boolean(),
  outcome: Type.Union([Type.Literal('applied'), Type.Literal('duplicate'), Type.Literal('ignored_unknown')]),
});
