/**
 * What a failed checkout tells the shopper: a headline and, for stock problems, one line per item
 * (the problem names variants; the cart knows their titles).
 */
import type { Problem } from '@bazaar/sdk';
import { shortages } from '../cart/problems';
import type { Translate } from '../cart/problems';

export interface CheckoutProblemView {
  message: string;
  items: string[];
  hint?: string;
}

const KNOWN = new Set([
  'payment_declined',
  'coupon_rejected',
  'shipping_unavailable',
  'shipping_option_unavailable',
  'payment_method_unavailable',
  'cart_empty',
  'cart_not_found',
  'validation_failed',
  'network_error',
]);

/** `t` is the `checkout` namespace; `titles` maps a variant id to the cart line's title. */
export function checkoutProblemView(
  t: Translate,
  problem: Problem,
  titles: ReadonlyMap<string, string>,
): CheckoutProblemView {
  if (problem.code === 'insufficient_inventory' || problem.code === 'quantity_unavailable') {
    return {
      message: t('errors.insufficient_inventory'),
      items: shortages(problem).map((s) =>
        t('errors.insufficientItem', {
          title: (s.variantId && titles.get(s.variantId)) ?? '?',
          available: s.available ?? 0,
          requested: s.requested ?? 0,
        }),
      ),
      hint: t('errors.insufficient_inventory_hint'),
    };
  }
  if (problem.code === 'coupon_usage_limit_reached') {
    return {
      message: t('errors.coupon_usage_limit_reached', {
        code: typeof problem.couponCode === 'string' ? problem.couponCode : '',
      }),
      items: [],
    };
  }
  if (KNOWN.has(problem.code)) return { message: t(`errors.${problem.code}`), items: [] };
  if (problem.status >= 500 || problem.code === 'idempotency_in_progress') {
    return { message: t('errors.provider_unavailable'), items: [] };
  }
  return { message: problem.detail ?? t('errors.generic'), items: [] };
}

/** Whether the same attempt may be sent again with its Idempotency-Key (no definitive answer yet). */
export const isRetryable = (problem: Problem): boolean =>
  problem.code === 'network_error' || problem.status >= 500 || problem.code === 'idempotency_in_progress';
