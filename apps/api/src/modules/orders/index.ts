/**
 * The orders module's public face: the order reader (also used by checkout to answer with the
 * order), the `Order` schema, the state machine, the timeline, events and the sealing contexts of
 * an order's personal data.
 */
export {
  createOrderReader,
  paymentsOf,
  STREAM_TOKEN_TTL_SECONDS,
  type OrderAudience,
  type OrderReader,
  type PaymentRow,
  type ViewOptions,
} from './orders.read.js';
export {
  Address,
  AddressInput,
  Money,
  Order,
  OrderRef,
  OrderView,
  type Address as AddressView,
} from './orders.schemas.js';
export {
  hashOrderToken,
  newOrderToken,
  orderAddressContext,
  orderEmailContext,
  ORDER_EMAIL_INDEX,
  ORDERS_SEALED_COLUMNS,
  carrierWebhookSecretOf,
} from './orders.constants.js';
export {
  allowedTransitions,
  assertFulfilment,
  assertTransition,
  canChangePayment,
  canTransition,
  customerMayCancel,
  fulfilmentPath,
  statusFromFulfilment,
} from './order-state.js';
export { recordOrderChange, ORDER_NOTIFY_CHANNEL, type OrderChange } from './orders.timeline.js';
export {
  createOrderService,
  ORDER_ACCESS_TTL_SECONDS,
  type OrderService,
  type OrderServiceDeps,
  type ShopperAccess,
} from './orders.service.js';
export { queueOrderMessage, type OrderMessage, type OrderTemplate } from './orders.notify.js';
export type { InventoryPort, PaymentsPort, PromotionsPort } from './orders.ports.js';
export { type OrderShipmentPayload } from './orders.fulfilment.js';
export { signCarrierWebhook, CARRIER_SIGNATURE_HEADER } from './orders.signing.js';
export { orderRoutes } from './orders.routes.js';
export { vendorOrderRoutes } from './orders.vendor.routes.js';
export { adminOrderRoutes } from './orders.admin.routes.js';
export { formatMoney, proportionHalfUp } from './orders.money.js';
export * from './orders.events.js';
export {
  CHECKOUT_STATES,
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type CheckoutState,
  type FulfillmentStatus,
  type LineOptions,
  type OrderStatus,
  type PaymentStatus,
} from './orders.tables.js';
// <checkout>
export {
  checkoutKeyOf,
  createCheckoutService,
  type CheckoutAnswer,
  type CheckoutDeps,
  type CheckoutFaults,
  type CheckoutRequest,
  type CheckoutService,
} from './orders.checkout.js';
export { checkoutRoutes } from './orders.checkout.routes.js';
export { CheckoutJobs } from './orders.checkout.recovery.js';
export { PaymentDeclined } from './orders.checkout.errors.js';
export { commissionOf, formatOrderNumber, type ConfirmResult } from './orders.checkout.saga.js';
// </checkout>
export { hasPurchased, registerOrdersPrivacy } from './orders.privacy.js';
export { failedPaymentCount } from './orders.attention.js';
