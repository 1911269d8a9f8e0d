/**
 * The events the orders module publishes (through the outbox, in the transaction of the change).
 * Marketplace money, the sales aggregate, notifications and the live status stream consume them;
 * their payloads are versioned contracts.
 */
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './orders.tables.js';

export const OrderEvents = {
  /** Written with the order, before payment: stock is reserved. */
  placed: 'order.placed.v1',
  /** Payment authorized (or cash on delivery accepted): stock deducted, the order is the vendors'. */
  confirmed: 'order.confirmed.v1',
  cancelled: 'order.cancelled.v1',
  /** Any change of `status`, `paymentStatus` or a sub-order's `fulfillmentStatus`. */
  statusChanged: 'order.status_changed.v1',
  refunded: 'order.refunded.v1',
  shipped: 'order.shipment_created.v1',
} as const;

export interface SubOrderMoney {
  subOrderId: string;
  vendorId: string;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  commissionRateBps: number;
  commissionAmount: number;
}

export interface OrderMoneyPayload {
  orderId: string;
  number: string;
  currency: string;
  total: number;
  userId: string | null;
  /** RFC 3339; the sales aggregate counts the order on this day (UTC). */
  placedAt: string;
  subOrders: SubOrderMoney[];
}

export interface OrderCancelledPayload extends OrderMoneyPayload {
  /** Whether it had been confirmed (so sales and ledger entries must be reversed). */
  wasConfirmed: boolean;
  reason: string;
}

export interface OrderRefundedPayload {
  orderId: string;
  number: string;
  refundId: string;
  subOrderId: string;
  vendorId: string;
  currency: string;
  amount: number;
  /** The commission given back to the vendor on this refund (proportional, rounded half up). */
  commissionReversal: number;
  /** RFC 3339. */
  refundedAt: string;
}

export interface OrderStatusChangedPayload {
  orderId: string;
  number: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  subOrders: Array<{ subOrderId: string; vendorId: string; fulfillmentStatus: FulfillmentStatus }>;
  /** What changed, for the timeline and the live stream. */
  change: string;
  at: string;
}
