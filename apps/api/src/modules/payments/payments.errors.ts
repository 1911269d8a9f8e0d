/**
 * What can go wrong with payments, in the error catalogue's terms. Provider failures come in two
 * kinds the circuit breaker tells apart: `ProviderUnavailable` (the provider is down, slow or
 * broken: it counts towards opening the breaker) and `ProviderRejected` (the provider answered and
 * refused this request: it does not).
 */
import { BadRequest, BusinessRuleViolation, NotFound } from '../../platform/errors.js';

/** The provider could not be reached or failed; the gateway answers 503. */
export class ProviderUnavailable extends Error {
  constructor(
    readonly provider: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderUnavailable';
  }
}

/** The provider answered and refused the request (an invalid reference, a payment in the wrong state). */
export class ProviderRejected extends Error {
  constructor(
    readonly provider: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRejected';
  }
}

export class WebhookSignatureInvalid extends BadRequest {
  constructor(detail = 'The webhook signature is missing, invalid or too old.') {
    super('webhook_signature_invalid', detail);
  }
}

export class PaymentNotFound extends NotFound {
  constructor() {
    super('payment_not_found', 'No payment with this id exists in this store.');
  }
}

export class PaymentProviderNotFound extends NotFound {
  constructor(provider: string) {
    super('payment_provider_not_found', `No payment provider "${provider}" takes webhooks in this deployment.`);
  }
}

export class PaymentMethodUnavailable extends BusinessRuleViolation {
  constructor(method: string, reason: string) {
    super('payment_method_unavailable', reason, { method });
  }
}

export class RefundExceedsCaptured extends BusinessRuleViolation {
  constructor(available: number) {
    super('refund_exceeds_captured', 'A refund may not exceed what was captured less what was already refunded.', {
      refundable: available,
    });
  }
}

export class PaymentNotCaptured extends BusinessRuleViolation {
  constructor(status: string) {
    super('payment_not_captured', `A ${status} payment has nothing captured to refund.`, { status });
  }
}

export class PaymentNotCapturable extends BusinessRuleViolation {
  constructor(status: string) {
    super('payment_not_capturable', `A ${status} payment cannot be captured.`, { status });
  }
}

export class PaymentAlreadyCaptured extends BusinessRuleViolation {
  constructor(status: string) {
    super('payment_already_captured', `A ${status} payment cannot be voided; refund it instead.`, { status });
  }
}

export class PaymentProviderRejected extends BusinessRuleViolation {
  constructor(code: string, message: string) {
    super('payment_provider_rejected', message, { providerCode: code });
  }
}

export class ActionTokenInvalid extends BadRequest {
  constructor() {
    super('payment_action_invalid', 'This payment link is invalid or has expired.');
  }
}
