import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { decodeCursor, itemOf, keyOf, toPage } from '../../platform/http/pagination.js';
import { requirePermission } from '../identity/index.js';
import type { PricingAdminService } from './pricing.admin.js';
import {
  Coupon,
  CouponList,
  CouponListQuery,
  CreateCouponBody,
  CreateShippingZoneBody,
  CreateTaxRateBody,
  IdParams,
  IfMatchHeaders,
  ShippingZone,
  ShippingZoneList,
  ShippingZoneListQuery,
  TaxRate,
  TaxRateList,
  TaxRateListQuery,
  UpdateCouponBody,
  UpdateShippingZoneBody,
  UpdateTaxRateBody,
} from './pricing.admin.schemas.js';

const tags = ['commerce-admin'];
const Deleted = Type.Null({ description: 'Deleted (kept in the database; listed with `includeDeleted`).' });

export const pricingAdminRoutes: FastifyPluginAsyncTypebox<{ service: PricingAdminService }> = async (
  app,
  { service },
) => {
  const settings = requirePermission('settings:manage');
  const couponsManager = requirePermission('coupons:manage');

  // ------------------------------------------------------------------------------- tax rates

  app.get(
    '/api/v1/admin/tax-rates',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Tax rates',
        description: 'Needs `settings:manage`. Oldest first; filter by `country`.',
        querystring: TaxRateListQuery,
        response: { 200: TaxRateList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listTaxRates(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/admin/tax-rates',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Add a tax rate',
        description:
          'Needs `settings:manage`. One rate per country and region: another → 409 `tax_rate_exists`. Audited as `tax_rate.created`.',
        body: CreateTaxRateBody,
        response: { 201: TaxRate },
      },
    },
    async (req, reply) => {
      const rate = await service.createTaxRate(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/tax-rates/${rate.id}`)
        .header('etag', etagForVersion(rate.version))
        .send(rate);
    },
  );

  app.patch(
    '/api/v1/admin/tax-rates/:id',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Change a tax rate',
        description: 'Needs `settings:manage` and `If-Match`. Audited as `tax_rate.updated`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTaxRateBody,
        response: { 200: TaxRate },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const rate = await service.updateTaxRate(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(rate.version)).send(rate);
    },
  );

  app.delete(
    '/api/v1/admin/tax-rates/:id',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Delete a tax rate',
        description: 'Needs `settings:manage` and `If-Match`. Audited as `tax_rate.deleted`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Deleted },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.deleteTaxRate(req.ctx, req.params.id, version);
      return reply.code(204).send(null);
    },
  );

  // -------------------------------------------------------------------------- shipping zones

  app.get(
    '/api/v1/admin/shipping-zones',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Shipping zones and their rates',
        description: 'Needs `settings:manage`. Oldest first; filter by a `country` the zone covers.',
        querystring: ShippingZoneListQuery,
        response: { 200: ShippingZoneList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listShippingZones(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/admin/shipping-zones',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Add a shipping zone with its rates',
        description:
          "Needs `settings:manage`. Amounts in the store's currency (else 422 `currency_mismatch`); a rate's `vendorId` must be a vendor of the store (422 `unknown_vendor`); regions must lie in the zone's countries (422 `region_outside_zone`). Audited as `shipping_zone.created`.",
        body: CreateShippingZoneBody,
        response: { 201: ShippingZone },
      },
    },
    async (req, reply) => {
      const zone = await service.createShippingZone(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/shipping-zones/${zone.id}`)
        .header('etag', etagForVersion(zone.version))
        .send(zone);
    },
  );

  app.patch(
    '/api/v1/admin/shipping-zones/:id',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Change a shipping zone or replace its rates',
        description:
          'Needs `settings:manage` and `If-Match`. `rates`, when given, replaces the list: rates named by `id` change in place, new ones are added, the others are deleted. Audited as `shipping_zone.updated`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateShippingZoneBody,
        response: { 200: ShippingZone },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const zone = await service.updateShippingZone(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(zone.version)).send(zone);
    },
  );

  app.delete(
    '/api/v1/admin/shipping-zones/:id',
    {
      preValidation: settings,
      schema: {
        tags,
        summary: 'Delete a shipping zone and its rates',
        description: 'Needs `settings:manage` and `If-Match`. Audited as `shipping_zone.deleted`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Deleted },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.deleteShippingZone(req.ctx, req.params.id, version);
      return reply.code(204).send(null);
    },
  );

  // --------------------------------------------------------------------------------- coupons

  app.get(
    '/api/v1/admin/coupons',
    {
      preValidation: couponsManager,
      schema: {
        tags,
        summary: 'Coupons and automatic promotions',
        description: 'Needs `coupons:manage`. Oldest first; search `q` in the code, filter `active`, `automatic`.',
        querystring: CouponListQuery,
        response: { 200: CouponList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listCoupons(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/admin/coupons',
    {
      preValidation: couponsManager,
      schema: {
        tags,
        summary: 'Add a coupon or an automatic promotion',
        description:
          'Needs `coupons:manage`. The code is stored upper case and unique (409 `coupon_code_taken`); only automatic promotions may omit it (422 `coupon_code_required`). Percentages are 1–10000 basis points, fixed amounts above 0 (422 `invalid_coupon_value`); `endsAt` after `startsAt` (422 `invalid_coupon_period`). Audited as `coupon.created`.',
        body: CreateCouponBody,
        response: { 201: Coupon },
      },
    },
    async (req, reply) => {
      const coupon = await service.createCoupon(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/coupons/${coupon.id}`)
        .header('etag', etagForVersion(coupon.version))
        .send(coupon);
    },
  );

  app.patch(
    '/api/v1/admin/coupons/:id',
    {
      preValidation: couponsManager,
      schema: {
        tags,
        summary: 'Change a coupon',
        description:
          'Needs `coupons:manage` and `If-Match`. The same rules as creating; a `usageLimit` below the uses so far → 422 `usage_limit_below_used`. Audited as `coupon.updated`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateCouponBody,
        response: { 200: Coupon },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const coupon = await service.updateCoupon(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(coupon.version)).send(coupon);
    },
  );

  app.delete(
    '/api/v1/admin/coupons/:id',
    {
      preValidation: couponsManager,
      schema: {
        tags,
        summary: 'Delete a coupon',
        description: 'Needs `coupons:manage` and `If-Match`. Its code becomes free again. Audited as `coupon.deleted`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Deleted },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.deleteCoupon(req.ctx, req.params.id, version);
      return reply.code(204).send(null);
    },
  );
};
