/**
 * Turns an API problem about the cart into a sentence the shopper can act on: known `code`s get a
 * translated message (with the problem's details), anything else falls back to the API's `detail`.
 */
import type { Problem } from '@bazaar/sdk';

/** The part of a next-intl translator the helpers need (`useTranslations('cart')`). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

const COUPON_REASONS = new Set([
  'unknown',
  'expired',
  'not_started',
  'inactive',
  'minimum_not_met',
  'usage_limit_reached',
  'not_applicable',
]);

/** The translated reason a coupon does not apply (`reason` from the cart or the problem). */
export function couponReason(t: Translate, reason: string | undefined): string {
  return t(`couponReason.${reason && COUPON_REASONS.has(reason) ? reason : 'other'}`);
}

interface VariantShortage {
  variantId?: string;
  requested?: number;
  available?: number;
}

/** The `variants` extension of `quantity_unavailable` / `insufficient_inventory` problems. */
export function shortages(problem: Problem): VariantShortage[] {
  return Array.isArray(problem.variants) ? (problem.variants as VariantShortage[]) : [];
}

/** A message for a problem answered by a cart call, in the `cart` namespace. */
export function cartProblemMessage(t: Translate, problem: Problem): string {
  switch (problem.code) {
    case 'network_error':
    case 'cart_not_found':
    case 'cart_not_active':
    case 'cart_item_not_found':
    case 'variant_unavailable':
    case 'cart_full':
    case 'too_many_coupons':
    case 'rate_limited':
    case 'version_conflict':
      return t(`errors.${problem.code}`);
    case 'quantity_unavailable': {
      const available = shortages(problem)[0]?.available;
      return typeof available === 'number'
        ? t('errors.quantity_unavailable', { available })
        : t('errors.quantity_unavailable_generic');
    }
    case 'coupon_invalid':
      return t('errors.coupon_invalid', {
        code: typeof problem.couponCode === 'string' ? problem.couponCode : '',
        reason: couponReason(t, typeof problem.reason === 'string' ? problem.reason : undefined),
      });
    case 'validation_failed':
      return t('errors.validation_failed');
    default:
      return problem.detail ?? t('errors.generic');
  }
}
