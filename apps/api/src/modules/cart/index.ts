export {
  CartEvents,
  CartNotFound,
  GUEST_CART_TTL_DAYS,
  createCartService,
  hashCartToken,
  type CartAccess,
  type CartCreatedPayload,
  type CartService,
  type CheckoutCart,
  type CheckoutLine,
} from './cart.service.js';
export { cartAccessFrom, cartRoutes } from './cart.routes.js';
export { Cart } from './cart.schemas.js';
