/**
 * Cart routes: `/carts/*` for guests (with `X-Cart-Token`) and customers, `/me/cart` for the
 * signed-in customer. Every change answers 200 with the whole cart and its version as ETag.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { requireUser } from '../identity/index.js';
import {
  AddItemBody,
  Cart,
  CartAddressBody,
  CartCouponParams,
  CartItemParams,
  CartParams,
  CartQuery,
  CartTokenHeaders,
  CouponBody,
  CreateCartBody,
  ShippingOptionList,
  UpdateItemBody,
} from './cart.schemas.js';
import type { CartAccess, CartService } from './cart.service.js';

/** The caller as carts see it: the signed-in user (not an API key) and the guest token sent. */
export function cartAccessFrom(req: FastifyRequest): CartAccess {
  const header = req.headers['x-cart-token'];
  const token = typeof header === 'string' && header.length > 0 && header.length <= 100 ? header : null;
  return { userId: req.actor?.kind === 'user' ? req.actor.id : null, cartToken: token };
}

/** `If-Match` is optional on carts (concurrent adds must all land); a stale one is 412. */
const expectedVersionOf = (req: FastifyRequest): number | undefined =>
  req.headers['if-match'] === undefined ? undefined : requireIfMatch(req.headers['if-match']);

const sendCart = (reply: FastifyReply, cart: Cart) => reply.header('etag', etagForVersion(cart.version)).send(cart);

/** Guests and customers alike: a guest proves the cart with its token. */
const guestOrUser: Array<Record<string, string[]>> = [{}, { bearerAuth: [] }];

const ACCESS_NOTE =
  "A guest cart needs `X-Cart-Token`; a customer's cart only its customer. Anything else is 404 `cart_not_found`.";

export const cartRoutes: FastifyPluginAsyncTypebox<{ service: CartService }> = async (app, { service }) => {
  app.post(
    '/api/v1/carts',
    {
      schema: {
        tags: ['cart'],
        summary: 'Start a cart',
        description:
          'A guest gets a new cart and its `token` (shown only here; send it as `X-Cart-Token`). A signed-in customer gets their active cart (created when absent). Guest carts live 7 days after their last change.',
        security: guestOrUser,
        body: CreateCartBody,
        response: { 201: Cart },
      },
    },
    async (req, reply) => {
      const cart = await service.create(req.ctx, cartAccessFrom(req), req.body);
      return sendCart(reply.code(201).header('location', `/api/v1/carts/${cart.id}`), cart);
    },
  );

  app.get(
    '/api/v1/carts/:id',
    {
      schema: {
        tags: ['cart'],
        summary: 'A cart, priced',
        description: `Totals are recomputed from current prices, promotions, tax and shipping (each vendor's cheapest option, or those named in \`shippingOptionIds\`). ${ACCESS_NOTE}`,
        security: guestOrUser,
        params: CartParams,
        querystring: CartQuery,
        headers: CartTokenHeaders,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.get(req.ctx, req.params.id, cartAccessFrom(req), req.query.shippingOptionIds ?? []),
      ),
  );

  app.patch(
    '/api/v1/carts/:id',
    {
      schema: {
        tags: ['cart'],
        summary: 'Set where the cart ships',
        description: `The country (and region) decide shipping options and tax. ${ACCESS_NOTE}`,
        security: guestOrUser,
        params: CartParams,
        headers: CartTokenHeaders,
        body: CartAddressBody,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.setAddress(req.ctx, req.params.id, cartAccessFrom(req), req.body, expectedVersionOf(req)),
      ),
  );

  app.post(
    '/api/v1/carts/:id/items',
    {
      schema: {
        tags: ['cart'],
        summary: 'Add a variant to the cart',
        description:
          'A variant already in the cart gets the quantities summed (at most 100). Not for sale → 422 `variant_unavailable`; more than can be bought now → 422 `quantity_unavailable` naming `variants`.',
        security: guestOrUser,
        params: CartParams,
        headers: CartTokenHeaders,
        body: AddItemBody,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.addItem(req.ctx, req.params.id, cartAccessFrom(req), req.body, expectedVersionOf(req)),
      ),
  );

  app.patch(
    '/api/v1/carts/:id/items/:itemId',
    {
      schema: {
        tags: ['cart'],
        summary: "Change a line's quantity",
        description: 'Raising it needs the units to be available (422 `quantity_unavailable`); lowering always works.',
        security: guestOrUser,
        params: CartItemParams,
        headers: CartTokenHeaders,
        body: UpdateItemBody,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.updateItem(
          req.ctx,
          req.params.id,
          req.params.itemId,
          cartAccessFrom(req),
          req.body,
          expectedVersionOf(req),
        ),
      ),
  );

  app.delete(
    '/api/v1/carts/:id/items/:itemId',
    {
      schema: {
        tags: ['cart'],
        summary: 'Remove a line',
        security: guestOrUser,
        params: CartItemParams,
        headers: CartTokenHeaders,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.removeItem(
          req.ctx,
          req.params.id,
          req.params.itemId,
          cartAccessFrom(req),
          expectedVersionOf(req),
        ),
      ),
  );

  app.post(
    '/api/v1/carts/:id/coupons',
    {
      schema: {
        tags: ['cart'],
        summary: 'Enter a coupon code',
        description:
          'Case-insensitive. An unknown code, or one that does not apply to the cart now, is 422 `coupon_invalid` with a `reason`. Codes stay in the cart and are re-checked on every pricing.',
        security: guestOrUser,
        params: CartParams,
        headers: CartTokenHeaders,
        body: CouponBody,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.applyCoupon(req.ctx, req.params.id, cartAccessFrom(req), req.body.code, expectedVersionOf(req)),
      ),
  );

  app.delete(
    '/api/v1/carts/:id/coupons/:code',
    {
      schema: {
        tags: ['cart'],
        summary: 'Remove a coupon code',
        security: guestOrUser,
        params: CartCouponParams,
        headers: CartTokenHeaders,
        response: { 200: Cart },
      },
    },
    async (req, reply) =>
      sendCart(
        reply,
        await service.removeCoupon(
          req.ctx,
          req.params.id,
          cartAccessFrom(req),
          req.params.code,
          expectedVersionOf(req),
        ),
      ),
  );

  app.get(
    '/api/v1/carts/:id/shipping-options',
    {
      schema: {
        tags: ['cart'],
        summary: "Shipping options for the cart's sellers",
        description:
          "For the cart's address, or the store's default country when it has none; per vendor, cheapest first, priced for the cart (free-over thresholds and free-shipping promotions applied).",
        security: guestOrUser,
        params: CartParams,
        headers: CartTokenHeaders,
        response: { 200: ShippingOptionList },
      },
    },
    async (req) => ({ data: await service.shippingOptions(req.ctx, req.params.id, cartAccessFrom(req)) }),
  );

  app.get(
    '/api/v1/me/cart',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cart'],
        summary: 'My active cart',
        description: 'Created when absent: a customer has exactly one active cart.',
        response: { 200: Cart },
      },
    },
    async (req, reply) => sendCart(reply, await service.mine(req.ctx)),
  );
};
