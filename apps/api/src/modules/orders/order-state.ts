/**
 * The order state machine of SPEC.md §6, as pure functions: which `status` may follow which, how
 * the order's status follows from its sub-orders' fulfilment, and which payment statuses may follow
 * which. Services call `assertTransition` before every change; nothing else decides.
 */
import { BusinessRuleViolation } from '../../platform/errors.js';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './orders.tables.js';

/**
 * One step at a time: an order that ships at once still passes through `processing`, so every
 * status it had is on its timeline and every consumer sees each change.
 */
const ORDER_NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_NEXT[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new BusinessRuleViolation('invalid_transition', `An order that is ${from} cannot become ${to}.`, {
      from,
      to,
      allowed: [...ORDER_NEXT[from]],
    });
  }
}

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return ORDER_NEXT[from];
}

/** Customers may cancel until anything has shipped. */
export function customerMayCancel(status: OrderStatus, fulfilment: readonly FulfillmentStatus[]): boolean {
  if (status !== 'pending' && status !== 'confirmed' && status !== 'processing') return false;
  return fulfilment.every((f) => f === 'unfulfilled' || f === 'cancelled');
}

const FULFILMENT_NEXT: Record<FulfillmentStatus, readonly FulfillmentStatus[]> = {
  unfulfilled: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['partially_shipped', 'shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canFulfil(from: FulfillmentStatus, to: FulfillmentStatus): boolean {
  return FULFILMENT_NEXT[from].includes(to);
}

export function assertFulfilment(from: FulfillmentStatus, to: FulfillmentStatus): void {
  if (!canFulfil(from, to)) {
    throw new BusinessRuleViolation('invalid_transition', `A sub-order that is ${from} cannot become ${to}.`, {
      from,
      to,
      allowed: [...FULFILMENT_NEXT[from]],
    });
  }
}

const FORWARD: readonly OrderStatus[] = ['pending', 'confirmed', 'processing', 'shipped', 'delivered'];

/**
 * The order status its sub-orders imply, or null when they imply no change: every live sub-order
 * delivered → delivered; every live one at least shipped → shipped; some shipped → processing.
 * Cancelled sub-orders do not count; an order is never moved backwards, and a pending or cancelled
 * order does not follow its fulfilment at all.
 */
export function statusFromFulfilment(
  current: OrderStatus,
  fulfilment: readonly FulfillmentStatus[],
): OrderStatus | null {
  if (current === 'pending' || current === 'cancelled') return null;
  const live = fulfilment.filter((f) => f !== 'cancelled');
  if (live.length === 0) return null;
  let next: OrderStatus | null = null;
  if (live.every((f) => f === 'delivered')) next = 'delivered';
  else if (live.every((f) => f === 'shipped' || f === 'delivered')) next = 'shipped';
  else if (live.some((f) => f !== 'unfulfilled')) next = 'processing';
  if (next === null || FORWARD.indexOf(next) <= FORWARD.indexOf(current)) return null;
  return next;
}

/**
 * The statuses an order passes through, in order, to reach what its fulfilment implies:
 * `confirmed` with everything shipped → `['processing', 'shipped']`. Empty when nothing changes.
 * Each step is an allowed transition.
 */
export function fulfilmentPath(current: OrderStatus, fulfilment: readonly FulfillmentStatus[]): OrderStatus[] {
  const target = statusFromFulfilment(current, fulfilment);
  if (target === null) return [];
  return FORWARD.slice(FORWARD.indexOf(current) + 1, FORWARD.indexOf(target) + 1);
}

const PAYMENT_NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['authorized', 'paid', 'failed', 'voided'],
  authorized: ['paid', 'voided', 'failed'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  failed: [],
  voided: [],
};

export function canChangePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_NEXT[from].includes(to);
}
