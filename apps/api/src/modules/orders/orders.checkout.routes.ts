/** `POST /api/v1/checkout`: a shopper (signed in, or a guest with the cart's token) places an order. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isUuid } from '../../platform/ids.js';
import { assertNoCardNumbers } from '../payments/index.js';
import type { CheckoutService } from './orders.checkout.js';
import { CheckoutBody, CheckoutHeaders, CheckoutResult } from './orders.checkout.schemas.js';

const headerOf = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? v[0] : v) ?? null;

/**
 * The body with its ids blanked for the card-number guard: a UUID's dash-separated digit groups
 * can add up to a Luhn-valid run (about one random UUIDv7 in two hundred), and an id is not a card.
 */
function withoutIds(value: unknown): unknown {
  if (typeof value === 'string') return isUuid(value) ? '' : value;
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withoutIds(v)]));
  }
  return value;
}

export const checkoutRoutes: FastifyPluginAsyncTypebox<{ service: CheckoutService }> = async (app, { service }) => {
  app.post(
    '/api/v1/checkout',
    {
      config: { idempotency: 'required' },
      // Before validation, so a card number is refused (and never echoed in a validation error)
      // whatever else is wrong with the body.
      preValidation: async (req) => assertNoCardNumbers(withoutIds(req.body)),
      schema: {
        tags: ['checkout'],
        summary: 'Place an order from a cart and pay for it',
        description:
          "Needs `Idempotency-Key`: a retry with the same key and body answers the same order. A signed-in customer checks out their own cart; a guest names the cart's token in `X-Cart-Token` and gives `email`. " +
          'Stock is held while the payment is taken: 409 `insufficient_inventory` names the variants that cannot be supplied (`variants: [{ variantId, requested, available }]`). ' +
          '402 `payment_declined` (with `orderId`): the order is cancelled and the cart kept, to try again. 503 with `Retry-After`: the payment provider is unavailable and nothing was held or charged. ' +
          'A card number anywhere in the body is 400 `card_number_rejected`: send the provider token (`paymentToken`).',
        // Guests (no credentials) and signed-in customers alike.
        security: [{}, { bearerAuth: [] }],
        headers: CheckoutHeaders,
        body: CheckoutBody,
        response: { 201: CheckoutResult },
      },
    },
    async (req, reply) => {
      const result = await service.checkout(req.ctx, {
        body: req.body,
        cartToken: headerOf(req.headers['x-cart-token']),
        idempotencyKey: headerOf(req.headers['idempotency-key']) ?? '',
      });
      return reply.code(201).header('location', `/api/v1/orders/${result.order.id}`).send(result);
    },
  );
};
