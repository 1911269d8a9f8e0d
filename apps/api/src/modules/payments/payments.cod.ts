/**
 * Cash on delivery: nothing to authorize when the order is placed (the outcome is `deferred`, the
 * order is confirmed and the payment stays pending); the cash collected on delivery is recorded as
 * the capture (`markCodPaid`). Voids and refunds are bookkeeping: the store hands cash back itself.
 * No network and no webhooks.
 */
import { randomUUID } from 'node:crypto';
import { WebhookSignatureInvalid } from './payments.errors.js';
import type { PaymentProvider, ProviderPayment, StoredPayment } from './payments.provider.js';
import { paymentFromStored } from './payments.test-provider.js';

export const codRefOf = (paymentId: string) => `cod_${paymentId}`;

/** A cash payment not yet collected is as good as authorized: the order goes ahead. */
function codPayment(providerRef: string, stored: StoredPayment): ProviderPayment {
  const p = paymentFromStored(providerRef, stored);
  return stored.status === 'pending' ? { ...p, state: 'authorized' } : p;
}

export function createCodProvider(): PaymentProvider {
  return {
    name: 'cod',
    methods: ['cod'],
    async authorize(req) {
      return { status: 'deferred', providerRef: codRefOf(req.paymentId) };
    },
    async capture(_ref, amount) {
      return { amountCaptured: amount };
    },
    async void() {},
    async refund() {
      return { refundRef: `re_cod_${randomUUID()}` };
    },
    async retrieve(req) {
      return codPayment(req.providerRef, req.stored);
    },
    async findByPaymentId(paymentId, stored) {
      return codPayment(codRefOf(paymentId), stored);
    },
    verifyWebhook() {
      throw new WebhookSignatureInvalid('Cash on delivery sends no webhooks.');
    },
  };
}
