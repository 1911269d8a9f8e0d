/** The admin's view of orders, as the API answers it. */
import type { components, paths } from '@bazaar/sdk';

export type AdminOrder = components['schemas']['Order'];
export type AdminOrderDetail =
  paths['/api/v1/admin/orders/{id}']['get']['responses'][200]['content']['application/json'];
export type OrderStatus = AdminOrder['status'];
export type PaymentStatus = AdminOrder['paymentStatus'];
export type SubOrder = AdminOrder['subOrders'][number];
export type OrderLine = SubOrder['lines'][number];
export type RefundRecord = AdminOrderDetail['refunds'][number];
export type TimelineEvent = AdminOrderDetail['timeline'][number];
export type RefundBody = NonNullable<
  paths['/api/v1/admin/orders/{id}/refunds']['post']['requestBody']
>['content']['application/json'];

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
] as const;

/** The orders the list can be read in (`sort`); the first is the API's default. */
export type OrderSort = NonNullable<NonNullable<paths['/api/v1/admin/orders']['get']['parameters']['query']>['sort']>;
export const ORDER_SORTS = [
  '-placedAt',
  'placedAt',
  '-total',
  'total',
  '-number',
  'number',
] as const satisfies readonly OrderSort[];

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export const ORDER_TONE: Record<OrderStatus, Tone> = {
  pending: 'warning',
  confirmed: 'info',
  processing: 'info',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'neutral',
};

export const PAYMENT_TONE: Record<string, Tone> = {
  pending: 'warning',
  requires_action: 'warning',
  authorized: 'info',
  paid: 'success',
  partially_refunded: 'warning',
  refunded: 'neutral',
  failed: 'danger',
  voided: 'neutral',
};

export const FULFILMENT_TONE: Record<SubOrder['fulfillmentStatus'], Tone> = {
  unfulfilled: 'warning',
  partially_shipped: 'info',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'neutral',
};

export const REFUND_TONE: Record<RefundRecord['status'], Tone> = {
  pending: 'warning',
  succeeded: 'success',
  failed: 'danger',
};

/** A UUID, or undefined (junk in the URL is not sent to the API). */
export const uuidOr = (v: string | undefined): string | undefined =>
  v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of today plus `offset` days on the browser's calendar. */
export function localDay(offset: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start of a `YYYY-MM-DD` day in the browser's time zone, as an RFC 3339 time; undefined for junk. */
export function startOfDay(day: string | undefined): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The start of the day after a `YYYY-MM-DD` day (so `to` includes the whole day); undefined for junk. */
export function endOfDay(day: string | undefined): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** A random Idempotency-Key (`crypto.randomUUID` needs a secure context; fall back to random bytes). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a failed money-moving POST may be sent again with the same Idempotency-Key: no definitive
 * answer came back (network failure, 5xx, or the first attempt still in flight).
 */
export const retryable = (status: number | undefined): boolean =>
  status === undefined || status >= 500 || status === 409;
