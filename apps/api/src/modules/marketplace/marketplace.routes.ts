import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRoles } from '../../platform/auth/guard.js';
import { decodeCursor, itemOf, keyOf, toPage } from '../../platform/http/pagination.js';
import { requirePermission, requireVendor } from '../identity/index.js';
import { type AttentionService, STAFF_ROLES } from './marketplace.attention.js';
import type { LedgerService } from './marketplace.ledger.js';
import type { SalesService } from './marketplace.sales.js';
import {
  Attention,
  AttentionQuery,
  CreatePayoutsBody,
  CreatedPayouts,
  LedgerList,
  LedgerQuery,
  PayoutList,
  PayoutListQuery,
  SalesQuery,
  SalesReport,
  VendorBalance,
  VendorSalesQuery,
} from './marketplace.schemas.js';

export const marketplaceRoutes: FastifyPluginAsyncTypebox<{
  ledger: LedgerService;
  sales: SalesService;
  attention: AttentionService;
}> = async (app, { ledger, sales, attention }) => {
  // --------------------------------------------------------------------------------- vendor

  app.get(
    '/api/v1/vendor/balance',
    {
      preValidation: requireVendor,
      schema: {
        tags: ['vendor'],
        summary: "My vendor's balance with the store",
        description:
          'Sales credit the sub-order total; commission, refunds and payouts debit it. `pending` is what no payout has settled yet; the balance may be negative after a refund that followed a payout (the next payout takes it off).',
        response: { 200: VendorBalance },
      },
    },
    async (req) => ledger.balance(req.ctx),
  );

  app.get(
    '/api/v1/vendor/ledger',
    {
      preValidation: requireVendor,
      schema: {
        tags: ['vendor'],
        summary: "My vendor's ledger entries",
        description: 'Newest first; filter by `kind`.',
        querystring: LedgerQuery,
        response: { 200: LedgerList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, kind } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await ledger.ledger(req.ctx, { limit, cursor, kind });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/vendor/analytics/sales',
    {
      preValidation: requireVendor,
      schema: {
        tags: ['vendor'],
        summary: "My vendor's sales",
        description:
          "The vendor's confirmed orders (less cancellations), revenue, refunds and average order value per `day`, `week` (from Monday) or `month`, zero-filled, between `from` and `to` (UTC days, at most 366; else 400 `range_too_long`), with totals; `vendors` holds the vendor's own row only. The store's traffic is not shown: `carts` and `conversionRate` are always 0. 403 `not_a_vendor` for an account that does not act for a vendor. Read from the daily aggregate, kept by order events.",
        querystring: VendorSalesQuery,
        response: { 200: SalesReport },
      },
    },
    async (req) => sales.vendorReport(req.ctx, req.query),
  );

  // ---------------------------------------------------------------------------------- admin

  const payoutManager = requirePermission('payouts:manage');

  app.get(
    '/api/v1/admin/payouts',
    {
      preValidation: payoutManager,
      schema: {
        tags: ['commerce-admin'],
        summary: 'Payouts to vendors',
        description: 'Needs `payouts:manage`. Newest first; filter by `vendorId`.',
        querystring: PayoutListQuery,
        response: { 200: PayoutList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, vendorId } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await ledger.listPayouts(req.ctx, { limit, cursor, vendorId });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/admin/payouts',
    {
      preValidation: payoutManager,
      config: { idempotency: 'required' },
      schema: {
        tags: ['commerce-admin'],
        summary: "Settle vendors' balances",
        description:
          'Needs `payouts:manage` and an `Idempotency-Key` (the same key and body replay the first answer). Pays every vendor (or only `vendorId`) whose unpaid ledger entries sum above zero, in one transaction: one payout per vendor, a `payout` entry of minus its amount, the entries marked paid. A vendor whose unpaid sum is zero or below gets nothing; a negative sum is carried into the next payout. Always answers 201 with `{ data: [payouts] }`, possibly empty. Audited as `payout.created`.',
        body: CreatePayoutsBody,
        response: { 201: CreatedPayouts },
      },
    },
    async (req, reply) => {
      const data = await ledger.createPayouts(req.ctx, req.body);
      return reply.code(201).header('location', '/api/v1/admin/payouts').send({ data });
    },
  );

  app.get(
    '/api/v1/admin/analytics/sales',
    {
      preValidation: requirePermission('analytics:read'),
      schema: {
        tags: ['commerce-admin'],
        summary: 'Sales analytics',
        description:
          'Needs `analytics:read`. Confirmed orders (less cancellations), revenue, refunds, average order value and conversion (orders per cart created) per `day`, `week` (from Monday) or `month`, zero-filled, between `from` and `to` (UTC days, at most 366; else 400 `range_too_long`), with totals and the vendors by revenue. `vendorId` narrows orders and revenue to one vendor. Read from the daily aggregate, kept by order events.',
        querystring: SalesQuery,
        response: { 200: SalesReport },
      },
    },
    async (req) => sales.report(req.ctx, req.query),
  );

  app.get(
    '/api/v1/admin/attention',
    {
      preValidation: requireRoles(...STAFF_ROLES),
      schema: {
        tags: ['commerce-admin'],
        summary: 'What needs attention',
        description:
          "For the store's staff (owner or staff; 403 for others). Exact counts of vendor applications waiting for a decision (`vendors:approve`), products waiting for review (`products:approve`) and orders placed in the last 30 days whose payment failed (`orders:read:any`), and the active variants of active products with at most `lowStockThreshold` units on hand, the 10 lowest listed (`catalog:manage` or `products:approve`). A figure whose permission the caller lacks is null.",
        querystring: AttentionQuery,
        response: { 200: Attention },
      },
    },
    async (req) => attention.attention(req.ctx, req.query),
  );
};
