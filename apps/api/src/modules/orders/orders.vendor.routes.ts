/**
 * The vendor's part of orders (`/vendor/orders`): its sub-orders, shipments and deliveries; and the
 * carriers' tracking webhooks (`/shipping/webhooks/{carrier}/{tenant}`).
 */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../platform/errors.js';
import { decodeCursor, itemOf, keyOf, toPage } from '../../platform/http/pagination.js';
import { requireVendor } from '../identity/index.js';
import {
  CreateShipmentBody,
  IdParams,
  Shipment,
  ShipmentParams,
  ShippingWebhookBody,
  ShippingWebhookParams,
  VendorOrdersQuery,
  VendorSubOrder,
  VendorSubOrderList,
  WebhookAck,
} from './orders.schemas.js';
import type { OrderService } from './orders.service.js';

const tags = ['vendor'];
/** Tracking events are small. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

export const vendorOrderRoutes: FastifyPluginAsyncTypebox<{ service: OrderService }> = async (app, { service }) => {
  app.get(
    '/api/v1/vendor/orders',
    {
      preValidation: requireVendor,
      schema: {
        tags,
        summary: 'My sub-orders',
        description:
          'The parts of confirmed orders that are this vendor’s to ship, newest first; filter by `fulfillmentStatus`.',
        querystring: VendorOrdersQuery,
        response: { 200: VendorSubOrderList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.vendorList(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/vendor/orders/:id',
    {
      preValidation: requireVendor,
      schema: {
        tags,
        summary: 'A sub-order',
        description: 'Its lines and shipments, the order number and where to ship; never the other vendors’ parts.',
        params: IdParams,
        response: { 200: VendorSubOrder },
      },
    },
    async (req) => service.vendorGet(req.ctx, req.params.id),
  );

  app.post(
    '/api/v1/vendor/orders/:id/shipments',
    {
      preValidation: requireVendor,
      schema: {
        tags,
        summary: 'Ship items of a sub-order',
        description:
          'Only for confirmed or processing orders (else 422 `order_not_shippable`). Without `items`, everything not yet shipped. More units than are left → 422 `shipment_exceeds_unshipped`; a carrier and tracking number already used → 409 `tracking_number_taken`. The sub-order becomes `partially_shipped` or `shipped` and the order follows; the shopper is told.',
        params: IdParams,
        body: CreateShipmentBody,
        response: { 201: Shipment },
      },
    },
    async (req, reply) => {
      const shipment = await service.createShipment(req.ctx, req.params.id, req.body);
      return reply.code(201).header('location', `/api/v1/vendor/orders/${req.params.id}`).send(shipment);
    },
  );

  app.post(
    '/api/v1/vendor/orders/:id/shipments/:shipmentId/delivered',
    {
      preValidation: requireVendor,
      schema: {
        tags,
        summary: 'Mark a shipment delivered',
        description:
          'When every parcel of a fully shipped sub-order has arrived it is `delivered`; when every part is, so is the order (and cash on delivery is paid). Again is a no-op.',
        params: ShipmentParams,
        response: { 200: VendorSubOrder },
      },
    },
    async (req) => service.markDelivered(req.ctx, req.params.id, req.params.shipmentId),
  );

  // Signatures cover the exact bytes received: this scope's JSON parser keeps them.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (req, body, done) => {
        const raw = body as Buffer;
        rawBodies.set(req, raw);
        try {
          done(null, JSON.parse(raw.toString('utf8')));
        } catch {
          done(new BadRequest('invalid_json', 'The body is not valid JSON.'), undefined);
        }
      },
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/shipping/webhooks/:carrier/:tenant',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        config: { tenant: 'path', idempotency: 'off', rateLimit: { max: 1200, timeWindow: 60_000 } },
        schema: {
          tags: ['orders'],
          summary: "A carrier's tracking update",
          description:
            'For carriers, not for clients. Signed with `Bazaar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` within 5 minutes (else 400 `webhook_signature_invalid`). Deduplicated by event id (a replay answers `duplicate`); an unknown tracking number is acknowledged and ignored.',
          security: [],
          params: ShippingWebhookParams,
          body: ShippingWebhookBody,
          response: { 200: WebhookAck },
        },
      },
      async (req) => {
        const raw = rawBodies.get(req) ?? Buffer.alloc(0);
        const outcome = await service.carrierWebhook(req.ctx, req.params.carrier, raw, req.headers, req.body);
        return { received: true, outcome };
      },
    );
  });
};
