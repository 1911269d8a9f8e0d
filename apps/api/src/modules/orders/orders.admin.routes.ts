/**
 * The store's administration of orders (`/admin/orders`): list, detail with timeline and refunds,
 * transitions, refunds and the CSV export.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeCursor, itemOf, keyOf, toPage } from '../../platform/http/pagination.js';
import { requirePermission } from '../identity/index.js';
import { timeZoneFrom } from './orders.export.js';
import { mediaResponse } from './orders.routes.js';
import {
  AdminOrderDetail,
  AdminOrdersQuery,
  ExportQuery,
  IdParams,
  OrderList,
  OrderRef,
  Refund,
  RefundBody,
  RefundParams,
  TimezoneHeaders,
  TransitionBody,
} from './orders.schemas.js';
import type { OrderService } from './orders.service.js';

const tags = ['commerce-admin'];

export const adminOrderRoutes: FastifyPluginAsyncTypebox<{ service: OrderService }> = async (app, { service }) => {
  const reader = requirePermission('orders:read:any');

  app.get(
    '/api/v1/admin/orders',
    {
      preValidation: reader,
      schema: {
        tags,
        summary: 'Orders',
        description:
          'Newest first, or in the order `sort` names (`placedAt`, `total` or `number`, ties by id; `-` reverses). Filters, with any sort: `status`, `paymentStatus`, `vendorId` (orders with a part from that vendor), `from`/`to` (placed at), `q` (order number or its beginning). A cursor continues only the sort it was issued for (400 `invalid_cursor`).',
        querystring: AdminOrdersQuery,
        response: { 200: OrderList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.adminList(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/admin/orders/export',
    {
      preValidation: reader,
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Export orders (CSV)',
        description:
          'One row per order line, oldest first, streamed with constant memory for any range. `placed_at` is in the time zone of `X-Timezone` (IANA name, default UTC; anything else is 400 `invalid_timezone`). Amounts are decimals in the order’s currency. No personal data.',
        querystring: ExportQuery,
        headers: TimezoneHeaders,
        response: { 200: mediaResponse('The CSV file.', 'text/csv') },
      },
    },
    async (req, reply) => {
      const timeZone = timeZoneFrom(req.headers['x-timezone']);
      const stream = service.exportCsv(req.ctx, { from: req.query.from, to: req.query.to, timeZone });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orders-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.get(
    '/api/v1/admin/orders/:id',
    {
      preValidation: reader,
      schema: {
        tags,
        summary: 'An order, with its timeline and refunds',
        params: IdParams,
        response: { 200: AdminOrderDetail },
      },
    },
    async (req) => service.adminGet(req.ctx, req.params.id),
  );

  app.post(
    '/api/v1/admin/orders/:id/transitions',
    {
      preValidation: requirePermission('orders:manage'),
      schema: {
        tags,
        summary: 'Move an order to another status',
        description:
          'Allowed moves: confirmed → processing → shipped → delivered, and pending/confirmed/processing → cancelled (nothing shipped yet). Anything else is 422 `invalid_transition`. `cancelled` runs the cancellation (stock back, payment voided or refunded, coupon uses returned); on a cancelled order it retries a refund that did not go through. `confirmed` comes from the payment only.',
        params: IdParams,
        body: TransitionBody,
        response: { 200: OrderRef },
      },
    },
    async (req) => service.transition(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/v1/admin/orders/:id/refunds',
    {
      preValidation: requirePermission('orders:refund'),
      config: { idempotency: 'required' },
      schema: {
        tags,
        summary: 'Refund part of an order',
        description:
          'Needs `Idempotency-Key`. At most what the sub-order has left and what the payment captured less what was refunded (else 422 `refund_exceeds_captured`); the currency must be the order’s (422 `currency_mismatch`). With `restock`, the `items` (or every unit of the sub-order not yet returned) go back to stock. A provider outage is 503 and nothing is refunded.',
        params: IdParams,
        body: RefundBody,
        response: { 201: Refund },
      },
    },
    async (req, reply) => {
      const refund = await service.refund(req.ctx, req.params.id, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/orders/${req.params.id}/refunds/${refund.id}`)
        .send(refund);
    },
  );

  app.get(
    '/api/v1/admin/orders/:id/refunds/:refundId',
    {
      preValidation: reader,
      schema: { tags, summary: 'A refund', params: RefundParams, response: { 200: Refund } },
    },
    async (req) => service.getRefund(req.ctx, req.params.id, req.params.refundId),
  );
};
