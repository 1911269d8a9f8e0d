/**
 * The payments module's public face: the payment service (records, provider calls through the
 * gateway, webhooks), its routes, the events it publishes, the card-number guard, and the provider
 * contract.
 */
export {
  assertMethodAvailable,
  createPaymentService,
  PaymentEvents,
  type PaymentEventPayload,
  type PaymentMethod,
  type PaymentRecord,
  type PaymentService,
  type PaymentServiceDeps,
  type PaymentsConfig,
} from './payments.service.js';
export { paymentRoutes } from './payments.routes.js';
export { assertNoCardNumbers, containsCardNumber, luhnValid } from './payments.cards.js';
export { signTestWebhook, TEST_SIGNATURE_HEADER } from './payments.signing.js';
export type { GatewayOptions } from './payments.gateway.js';
export type {
  AuthorizeOutcome,
  AuthorizeRequest,
  PaymentProvider,
  ProviderEvent,
  ProviderPayment,
  ProviderPaymentState,
} from './payments.provider.js';
export { PAYMENT_RECORD_STATUSES, type NextAction, type PaymentRecordStatus } from './payments.tables.js';
