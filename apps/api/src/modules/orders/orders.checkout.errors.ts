/** The checkout's own entries in the error catalogue. */
import { AppError, BusinessRuleViolation } from '../../platform/errors.js';

/**
 * 402 `payment_declined`: the provider refused the payment. The order it was for is cancelled
 * (its stock and coupon uses given back) and the cart is left as it was, so the shopper can try
 * again with another card or method.
 */
export class PaymentDeclined extends AppError {
  constructor(orderId: string, declineCode: string, providerMessage: string) {
    super(402, 'payment_declined', 'Payment declined', `The payment was declined: ${providerMessage}`, {
      orderId,
      declineCode,
      providerMessage,
    });
  }
}

/** 422 `payment_method_unavailable`: the store does not take this method (UPI and net banking: INR only). */
export class PaymentMethodNotOffered extends BusinessRuleViolation {
  constructor(method: string, offered: readonly string[], currency: string) {
    super(
      'payment_method_unavailable',
      (method === 'upi' || method === 'netbanking') && currency !== 'INR'
        ? 'UPI and net banking are available for payments in Indian rupees (INR) only.'
        : `This store does not take ${method} payments.`,
      { method, offered },
    );
  }
}

export class ShippingOptionUnavailable extends BusinessRuleViolation {
  constructor(optionIds: readonly string[]) {
    super(
      'shipping_option_unavailable',
      'A shipping option chosen is not offered for this cart and address; choose among the cart’s shipping options.',
      { shippingOptionIds: optionIds },
    );
  }
}

export class ShippingUnavailable extends BusinessRuleViolation {
  constructor(vendorIds: readonly string[]) {
    super('shipping_unavailable', 'Some items cannot be shipped to this address.', { vendorIds });
  }
}

/**
 * A coupon in the cart can no longer be used (its uses ran out, it expired or was withdrawn since
 * the shopper saw the cart's price): the order is not placed at another price than the one shown.
 * 422 `coupon_usage_limit_reached` when uses ran out (as when the use is counted), else
 * `coupon_rejected`.
 */
export class CouponRejected extends BusinessRuleViolation {
  constructor(rejected: ReadonlyArray<{ code: string; reason: string }>) {
    const exhausted = rejected.find((r) => r.reason === 'usage_limit_reached');
    super(
      exhausted ? 'coupon_usage_limit_reached' : 'coupon_rejected',
      exhausted
        ? `The coupon ${exhausted.code} has been used as often as it allows; remove it to check out.`
        : `The coupon ${rejected.map((r) => r.code).join(', ')} cannot be used on this order; remove it to check out.`,
      { couponCode: (exhausted ?? rejected[0])?.code ?? null, coupons: rejected },
    );
  }
}
