/**
 * Vendor routes by audience: applying (`/vendors/apply`), the public profile (`/vendors/{slug}`),
 * the vendor's own profile (`/vendor/profile`) and store administration (`/admin/vendors`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { type SortKeyed, decodeCursor, toPage } from '../../platform/http/pagination.js';
import { requirePermission, requireUser } from '../identity/index.js';
import { sendCached } from './catalog.cache.js';
import type { VendorService } from './catalog.vendors.js';
import {
  AdminUpdateVendorBody,
  AdminVendor,
  AdminVendorList,
  AdminVendorListQuery,
  ApplyVendorBody,
  IdParams,
  IfMatchHeaders,
  IfNoneMatchHeaders,
  PublicVendor,
  ReasonBody,
  SlugParams,
  UpdateVendorProfileBody,
  VendorProfile,
} from './catalog.vendors.schemas.js';

const keyOf = <T>(r: SortKeyed<T>) => r.key;
const itemOf = <T>(r: SortKeyed<T>) => r.item;

export const vendorRoutes: FastifyPluginAsyncTypebox<{ service: VendorService }> = async (app, { service }) => {
  // ------------------------------------------------------------------------------------ public

  app.post(
    '/api/v1/vendors/apply',
    {
      preValidation: requireUser,
      schema: {
        tags: ['vendor'],
        summary: 'Apply to sell in this store',
        description:
          'Any signed-in user. Without `slug`, one is made from the name; a slug in use is 409 `slug_taken`. A pending application is 409 `application_pending`; an account that already acts for a vendor is 409 `already_vendor`. A rejected application is re-submitted with the new details.',
        body: ApplyVendorBody,
        response: { 201: VendorProfile },
      },
    },
    async (req, reply) => {
      const vendor = await service.apply(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', '/api/v1/vendor/profile')
        .header('etag', etagForVersion(vendor.version))
        .send(vendor);
    },
  );

  app.get(
    '/api/v1/vendors/:slug',
    {
      schema: {
        tags: ['catalog'],
        summary: "A vendor's public profile",
        description: 'Approved vendors only. Carries an ETag of the representation; `If-None-Match` gives 304.',
        security: [],
        params: SlugParams,
        headers: IfNoneMatchHeaders,
        response: { 200: PublicVendor, 304: Type.Null({ description: 'Not modified.' }) },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.publicProfile(req.ctx, req.params.slug)),
  );

  // ------------------------------------------------------------------------------ own profile

  app.get(
    '/api/v1/vendor/profile',
    {
      preValidation: requireUser,
      schema: {
        tags: ['vendor'],
        summary: 'The vendor I act for, or my latest application',
        description: '404 `vendor_not_found` when the account neither acts for a vendor nor has applied.',
        response: { 200: VendorProfile },
      },
    },
    async (req, reply) => {
      const vendor = await service.ownProfile(req.ctx);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.patch(
    '/api/v1/vendor/profile',
    {
      preValidation: requireUser,
      schema: {
        tags: ['vendor'],
        summary: "Change my vendor's name, description or logo",
        description: 'Needs `If-Match`. Only the people who act for the vendor (403 `not_a_vendor`).',
        headers: IfMatchHeaders,
        body: UpdateVendorProfileBody,
        response: { 200: VendorProfile },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const vendor = await service.updateOwnProfile(req.ctx, version, req.body);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  // ------------------------------------------------------------------------------------ admin

  const approver = requirePermission('vendors:approve');

  app.get(
    '/api/v1/admin/vendors',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: 'Vendors and applications',
        description: 'Oldest first; filter by `status`, search `q` in name and slug.',
        querystring: AdminVendorListQuery,
        response: { 200: AdminVendorList },
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
    '/api/v1/admin/vendors/:id',
    {
      preValidation: approver,
      schema: { tags: ['admin'], summary: 'A vendor', params: IdParams, response: { 200: AdminVendor } },
    },
    async (req, reply) => {
      const vendor = await service.adminGet(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.patch(
    '/api/v1/admin/vendors/:id',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: "Change a vendor's profile or commission rate",
        description: 'Needs `If-Match`. Changing `commissionRateBps` also needs `settings:manage`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: AdminUpdateVendorBody,
        response: { 200: AdminVendor },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const vendor = await service.adminUpdate(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.post(
    '/api/v1/admin/vendors/:id/approve',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: 'Approve a vendor',
        description:
          "Pending or rejected → approved; the applicant's account acts for the vendor from its next token. Any other status is 409 `invalid_transition`.",
        params: IdParams,
        response: { 200: AdminVendor },
      },
    },
    async (req, reply) => {
      const vendor = await service.approve(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.post(
    '/api/v1/admin/vendors/:id/reject',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: 'Reject an application',
        description:
          'Pending → rejected; the reason is shown to the applicant. Any other status is 409 `invalid_transition`.',
        params: IdParams,
        body: ReasonBody,
        response: { 200: AdminVendor },
      },
    },
    async (req, reply) => {
      const vendor = await service.reject(req.ctx, req.params.id, req.body.reason);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.post(
    '/api/v1/admin/vendors/:id/suspend',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: 'Suspend a vendor',
        description:
          'Approved → suspended; its products leave the storefront. Any other status is 409 `invalid_transition`.',
        params: IdParams,
        body: ReasonBody,
        response: { 200: AdminVendor },
      },
    },
    async (req, reply) => {
      const vendor = await service.suspend(req.ctx, req.params.id, req.body.reason);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );

  app.post(
    '/api/v1/admin/vendors/:id/reinstate',
    {
      preValidation: approver,
      schema: {
        tags: ['admin'],
        summary: 'Reinstate a suspended vendor',
        description:
          'Suspended → approved; its active products return to the storefront. Any other status is 409 `invalid_transition`.',
        params: IdParams,
        response: { 200: AdminVendor },
      },
    },
    async (req, reply) => {
      const vendor = await service.reinstate(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(vendor.version)).send(vendor);
    },
  );
};
