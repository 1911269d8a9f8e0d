import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRoles } from '../../platform/auth/guard.js';
import { etagForBody, etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { toStore, toTenant } from './tenancy.mapper.js';
import { CreateTenantBody, TenantIdParams, TenantListQuery, UpdateTenantBody } from './tenancy.schemas.js';
import type { TenancyService } from './tenancy.service.js';

export const tenancyRoutes: FastifyPluginAsyncTypebox<{ service: TenancyService }> = async (app, { service }) => {
  app.get(
    '/api/v1/store',
    {
      schema: {
        tags: ['store'],
        summary: "The current store's public profile",
        security: [],
        response: { 200: Type.Ref('Store'), 304: Type.Null() },
      },
    },
    async (req, reply) => {
      const { row, signInProviders, settings } = await service.getStore(req.ctx);
      const body = JSON.stringify(toStore(row, signInProviders, settings));
      const etag = etagForBody(body);
      reply.header('etag', etag).header('cache-control', 'public, max-age=60');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return reply
        .type('application/json')
        .serializer((p: unknown) => p as string)
        .send(body);
    },
  );

  const platform = { tenant: 'none' as const };
  const guard = requireRoles('platform_admin');

  app.get(
    '/api/v1/platform/tenants',
    {
      config: platform,
      preValidation: guard,
      schema: {
        tags: ['platform'],
        summary: 'List stores',
        querystring: TenantListQuery,
        response: { 200: Type.Ref('TenantList') },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const cursor = decodeCursor(req.query.cursor);
      const { sort, status } = req.query;
      const { rows, total } = await service.list(req.ctx, { limit, cursor, sort, status });
      return toPage(req, rows, { limit, cursor, keyOf: (r) => r.key, map: (r) => toTenant(r.item), total });
    },
  );

  app.post(
    '/api/v1/platform/tenants',
    {
      config: platform,
      preValidation: guard,
      schema: {
        tags: ['platform'],
        summary: 'Create a store',
        body: CreateTenantBody,
        response: { 201: Type.Ref('Tenant') },
      },
    },
    async (req, reply) => {
      const row = await service.create(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/platform/tenants/${row.id}`)
        .header('etag', etagForVersion(row.version))
        .send(toTenant(row));
    },
  );

  app.get(
    '/api/v1/platform/tenants/:id',
    {
      config: platform,
      preValidation: guard,
      schema: { tags: ['platform'], summary: 'A store', params: TenantIdParams, response: { 200: Type.Ref('Tenant') } },
    },
    async (req, reply) => {
      const row = await service.get(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(row.version)).send(toTenant(row));
    },
  );

  app.patch(
    '/api/v1/platform/tenants/:id',
    {
      config: platform,
      preValidation: guard,
      schema: {
        tags: ['platform'],
        summary: 'Change a store: profile, domains, suspend or reactivate',
        description: 'Needs `If-Match` with the current ETag.',
        params: TenantIdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) }),
        body: UpdateTenantBody,
        response: { 200: Type.Ref('Tenant') },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const row = await service.update(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(row.version)).send(toTenant(row));
    },
  );
};
