/**
 * What a refund form may ask for and the requests it makes: a refund is taken from one sub-order
 * (the API's unit), at most what that sub-order has left and what the payment captured less what
 * was already refunded. "The whole order" is one request per sub-order with something left.
 */
import { parseMoney } from '../../console/format';
import type { AdminOrder, OrderLine, RefundBody, SubOrder } from './types';

/** Payment states in which money was captured (and may go back). */
const CAPTURED = new Set<AdminOrder['paymentStatus']>(['paid', 'partially_refunded']);

export const REASON_MAX = 500;

/** The whole order rather than one sub-order. */
export const WHOLE_ORDER = 'all';

export type RefundKind = 'full' | 'partial' | 'items';

export interface RefundDraft {
  /** A sub-order id, or {@link WHOLE_ORDER}. */
  scope: string;
  kind: RefundKind;
  /** The amount typed, in major units (`12.50`). */
  amount: string;
  /** Units per line id, as typed. */
  quantities: Record<string, string>;
  reason: string;
  restock: boolean;
}

export type RefundProblemKey =
  | 'required'
  | 'invalidAmount'
  | 'amountZero'
  | 'amountTooHigh'
  | 'invalidQuantity'
  | 'quantityTooHigh'
  | 'noItems'
  | 'reasonTooLong';

/** A problem with a field; `max` is minor units for amounts, units for quantities. */
export interface RefundProblem {
  key: RefundProblemKey;
  max?: number;
}

/** Fields of the form: `amount`, `reason`, `items`, or `qty.<lineId>`. */
export type RefundErrors = Partial<Record<string, RefundProblem>>;

export interface RefundLimits {
  /** What may still be refunded of the whole order (minor units). */
  total: number;
  /** What may still be refunded of each sub-order (minor units), by id. */
  bySubOrder: Record<string, number>;
}

/** How much each sub-order and the whole order may still refund. */
export function refundLimits(order: AdminOrder): RefundLimits {
  const captured = order.payment && CAPTURED.has(order.paymentStatus) ? order.payment.amount.amount : 0;
  const orderLeft = Math.max(0, Math.min(order.totals.total.amount, captured) - order.totals.refunded.amount);
  const bySubOrder: Record<string, number> = {};
  let sum = 0;
  for (const sub of order.subOrders) {
    const left = Math.max(0, Math.min(sub.totals.total.amount - sub.totals.refunded.amount, orderLeft));
    bySubOrder[sub.id] = left;
    sum += left;
  }
  return { total: Math.min(sum, orderLeft), bySubOrder };
}

/** Units of a line that have not been returned yet. */
export const unitsLeft = (line: OrderLine): number => Math.max(0, line.quantity - line.refundedQuantity);

/** The share of the lines' totals (with their tax and discount) for the units chosen, in minor units. */
export function itemsAmount(sub: SubOrder, quantities: Record<string, string>): number {
  let sum = 0;
  for (const line of sub.lines) {
    const q = Number.parseInt(quantities[line.id] ?? '', 10);
    if (Number.isFinite(q) && q > 0 && line.quantity > 0) {
      sum += Math.round((line.total.amount * Math.min(q, line.quantity)) / line.quantity);
    }
  }
  return sum;
}

/** A blank draft for an order: its only (or first refundable) sub-order, a partial amount. */
export function emptyDraft(order: AdminOrder, limits: RefundLimits = refundLimits(order)): RefundDraft {
  const first = order.subOrders.find((s) => (limits.bySubOrder[s.id] ?? 0) > 0) ?? order.subOrders[0];
  return { scope: first?.id ?? '', kind: 'partial', amount: '', quantities: {}, reason: '', restock: false };
}

function checkAmount(text: string, currency: string, max: number): { amount?: number; problem?: RefundProblem } {
  if (!text.trim()) return { problem: { key: 'required' } };
  const amount = parseMoney(text, currency);
  if (amount === null || amount < 0) return { problem: { key: 'invalidAmount' } };
  if (amount === 0) return { problem: { key: 'amountZero' } };
  if (amount > max) return { problem: { key: 'amountTooHigh', max } };
  return { amount };
}

/**
 * Checks a draft against the order and answers the field problems, or the requests to send (one
 * per sub-order; several only for the whole order). Nothing is sent while any problem remains.
 */
export function planRefund(order: AdminOrder, draft: RefundDraft): { errors: RefundErrors; bodies: RefundBody[] } {
  const limits = refundLimits(order);
  const currency = order.currency;
  const errors: RefundErrors = {};
  const reason = draft.reason.trim();
  if (!reason) errors.reason = { key: 'required' };
  else if (reason.length > REASON_MAX) errors.reason = { key: 'reasonTooLong', max: REASON_MAX };

  if (draft.scope === WHOLE_ORDER) {
    let budget = limits.total;
    const bodies: RefundBody[] = [];
    for (const sub of order.subOrders) {
      const amount = Math.min(limits.bySubOrder[sub.id] ?? 0, budget);
      if (amount <= 0) continue;
      budget -= amount;
      bodies.push({
        subOrderId: sub.id,
        amount: { amount, currency },
        reason,
        ...(draft.restock ? { restock: true } : {}),
      });
    }
    if (bodies.length === 0) errors.amount = { key: 'amountTooHigh', max: 0 };
    return Object.keys(errors).length ? { errors, bodies: [] } : { errors, bodies };
  }

  const sub = order.subOrders.find((s) => s.id === draft.scope);
  const left = sub ? (limits.bySubOrder[sub.id] ?? 0) : 0;
  if (!sub) {
    errors.scope = { key: 'required' };
    return { errors, bodies: [] };
  }

  let amount: number;
  let items: RefundBody['items'];
  if (draft.kind === 'full') {
    amount = left;
    if (amount <= 0) errors.amount = { key: 'amountTooHigh', max: 0 };
  } else {
    if (draft.kind === 'items') {
      const chosen: NonNullable<RefundBody['items']> = [];
      for (const line of sub.lines) {
        const text = (draft.quantities[line.id] ?? '').trim();
        if (!text) continue;
        if (!/^\d+$/.test(text)) {
          errors[`qty.${line.id}`] = { key: 'invalidQuantity' };
          continue;
        }
        const quantity = Number(text);
        if (quantity > unitsLeft(line)) errors[`qty.${line.id}`] = { key: 'quantityTooHigh', max: unitsLeft(line) };
        else if (quantity > 0) chosen.push({ lineId: line.id, quantity });
      }
      const lineProblem = Object.keys(errors).some((k) => k.startsWith('qty.'));
      if (chosen.length === 0 && !lineProblem) errors.items = { key: 'noItems' };
      items = chosen;
    }
    const checked = checkAmount(draft.amount, currency, left);
    if (checked.problem) errors.amount = checked.problem;
    amount = checked.amount ?? 0;
  }
  if (Object.keys(errors).length) return { errors, bodies: [] };
  const restock = draft.kind !== 'partial' && draft.restock;
  return {
    errors,
    bodies: [
      {
        subOrderId: sub.id,
        amount: { amount, currency },
        reason,
        ...(restock ? { restock: true } : {}),
        ...(items && items.length ? { items } : {}),
      },
    ],
  };
}
