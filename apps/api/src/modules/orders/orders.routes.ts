/**
 * The shopper's order routes (`/orders`): history, one order, the guest lookup, cancel, the
 * invoice and the live status stream.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeCursor, keyOf, itemOf, toPage } from '../../platform/http/pagination.js';
import { requireUser } from '../identity/index.js';
import {
  CancelBody,
  IdParams,
  LookupBody,
  LookupResult,
  MyOrdersQuery,
  OrderList,
  OrderRef,
  OrderTokenHeaders,
  StreamQuery,
} from './orders.schemas.js';
import type { OrderService, ShopperAccess } from './orders.service.js';
import type { StreamSink } from './orders.stream.js';

const tags = ['orders'];

/** A response that is not JSON (a PDF, an event stream): documented by media type, sent as bytes. */
/** A response that is not JSON; `maxLength` bounds it for the contract (a stream is cut off there). */
export const mediaResponse = (description: string, mediaType: string, maxLength = 1_000_000_000) => ({
  description,
  content: { [mediaType]: { schema: { type: 'string', format: 'binary', maxLength } } },
});

const accessOf = (req: FastifyRequest): ShopperAccess => {
  const token = req.headers['x-order-token'];
  return { orderToken: Array.isArray(token) ? token[0] : token };
};

/**
 * An HTTP response as a stream sink. The status line and headers (including those the platform's
 * hooks set: request id, security headers, rate limits) go out with the first event, so a refused
 * request still answers with an ordinary problem response.
 */
function sseSink(reply: FastifyReply): StreamSink {
  let started = false;
  const res = reply.raw;
  return {
    write(chunk) {
      if (!started) {
        started = true;
        reply.hijack();
        const headers: Record<string, string | number | string[]> = {};
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
        res.writeHead(200, {
          ...headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Proxies that buffer responses (nginx) would hold events back.
          'x-accel-buffering': 'no',
        });
        res.write('retry: 3000\n\n');
      }
      if (res.destroyed || res.writableEnded) return false;
      return res.write(chunk);
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}

export const orderRoutes: FastifyPluginAsyncTypebox<{ service: OrderService }> = async (app, { service }) => {
  // Streams end before the server stops waiting for connections, so shutdown never hangs on them.
  app.addHook('preClose', async () => {
    await service.streams.close();
  });

  app.get(
    '/api/v1/orders',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'My orders',
        description: 'The signed-in customer’s orders, newest first; filter by `status`.',
        querystring: MyOrdersQuery,
        response: { 200: OrderList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, status } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listMine(req.ctx, { limit, cursor, ...(status ? { status } : {}) });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/orders/lookup',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Find a guest order by number and email',
        description:
          'Answers the order and an `orderToken` (send it as `X-Order-Token`) when both match; otherwise 404 `order_not_found`, whichever was wrong. Limited to 10 attempts a minute per address.',
        security: [],
        body: LookupBody,
        response: { 200: LookupResult },
      },
    },
    async (req) => service.lookup(req.ctx, req.body),
  );

  app.get(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        summary: 'An order',
        description: 'The customer who placed it, or a guest with its `X-Order-Token`; anyone else gets 404.',
        params: IdParams,
        headers: OrderTokenHeaders,
        response: { 200: OrderRef },
      },
    },
    async (req) => service.getForShopper(req.ctx, req.params.id, accessOf(req)),
  );

  app.post(
    '/api/v1/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel my order',
        description:
          'Until anything has shipped (else 422 `order_not_cancellable`). Held stock is released, the payment voided or refunded in full, coupon uses given back. Cancelling a cancelled order retries a refund or release that did not go through.',
        params: IdParams,
        headers: OrderTokenHeaders,
        body: CancelBody,
        response: { 200: OrderRef },
      },
    },
    async (req) => service.cancelByShopper(req.ctx, req.params.id, accessOf(req), req.body.reason),
  );

  app.get(
    '/api/v1/orders/:id/invoice',
    {
      schema: {
        tags,
        summary: 'The invoice of an order (PDF)',
        description: 'The customer, a guest with `X-Order-Token`, or the store’s staff.',
        params: IdParams,
        headers: OrderTokenHeaders,
        response: {
          200: mediaResponse('The invoice.', 'application/pdf'),
        },
      },
    },
    async (req, reply) => {
      const { number, pdf } = await service.invoice(req.ctx, req.params.id, accessOf(req));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="invoice-${number.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/orders/:id/events',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Live status of an order (server-sent events)',
        description:
          'A `text/event-stream`: first the current status, then every change, as `event: status` with `data: { orderId, status, paymentStatus, subOrders, change, at }`; a comment every 15 s keeps it open. Browsers authenticate with their cookie, other clients with `?token=<streamToken>` (from the order, valid 10 minutes) or `X-Order-Token`.',
        params: IdParams,
        querystring: StreamQuery,
        headers: OrderTokenHeaders,
        response: {
          200: mediaResponse('The event stream.', 'text/event-stream'),
        },
      },
    },
    async (req, reply) => {
      const sink = sseSink(reply);
      const stop = await service.openStream(
        req.ctx,
        req.params.id,
        { ...accessOf(req), streamToken: req.query.token },
        sink,
      );
      reply.raw.on('close', stop);
      if (reply.raw.destroyed) stop();
      return reply;
    },
  );
};
