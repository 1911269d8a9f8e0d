/**
 * Category routes: the public tree and category pages (cached, with ETags) and the store
 * administration of categories (`/admin/categories`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { requirePermission } from '../identity/index.js';
import type { CategoryService } from './catalog.categories.js';
import {
  AdminCategory,
  AdminCategoryList,
  AdminCategoryListQuery,
  CategoryDetail,
  CategoryTree,
  CreateCategoryBody,
  IdOrSlugParams,
  UpdateCategoryBody,
} from './catalog.categories.schemas.js';
import type { Keyed } from './catalog.vendors.js';
import { sendCached } from './catalog.cache.js';
import { IdParams, IfMatchHeaders, IfNoneMatchHeaders } from './catalog.vendors.schemas.js';

const keyOf = <T>(r: Keyed<T>) => r.key;
const itemOf = <T>(r: Keyed<T>) => r.item;
const notModified = { 304: Type.Null({ description: 'Not modified.' }) };

export const categoryRoutes: FastifyPluginAsyncTypebox<{ service: CategoryService }> = async (app, { service }) => {
  // ------------------------------------------------------------------------------------ public

  app.get(
    '/api/v1/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The category tree',
        description:
          "Names in the request's locale (`Accept-Language`) where translated. Carries an ETag of the representation; `If-None-Match` gives 304.",
        security: [],
        headers: IfNoneMatchHeaders,
        response: { 200: CategoryTree, ...notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.publicTree(req.ctx)),
  );

  app.get(
    '/api/v1/categories/:slug',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A category with its subcategories and breadcrumb',
        description: 'By slug (or id). Carries an ETag of the representation; `If-None-Match` gives 304.',
        security: [],
        params: IdOrSlugParams,
        headers: IfNoneMatchHeaders,
        response: { 200: CategoryDetail, ...notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.publicCategory(req.ctx, req.params.slug)),
  );

  // ------------------------------------------------------------------------------------ admin

  const manage = requirePermission('catalog:manage');

  app.get(
    '/api/v1/admin/categories',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Categories, flat, with translations',
        description: 'Oldest first; filter by `parentId`, search `q`; `includeDeleted` lists deleted ones too.',
        querystring: AdminCategoryListQuery,
        response: { 200: AdminCategoryList },
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
    '/api/v1/admin/categories/:id',
    {
      preValidation: manage,
      schema: { tags: ['admin'], summary: 'A category', params: IdParams, response: { 200: AdminCategory } },
    },
    async (req, reply) => {
      const category = await service.adminGet(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(category.version)).send(category);
    },
  );

  app.post(
    '/api/v1/admin/categories',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Create a category',
        description:
          'Without `slug`, one is made from the name; a slug in use is 409 `slug_taken`. An unknown parent is 422 `category_parent_not_found`.',
        body: CreateCategoryBody,
        response: { 201: AdminCategory },
      },
    },
    async (req, reply) => {
      const category = await service.create(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/categories/${category.id}`)
        .header('etag', etagForVersion(category.version))
        .send(category);
    },
  );

  app.patch(
    '/api/v1/admin/categories/:id',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Rename, re-order or move a category',
        description:
          'Needs `If-Match`. Moving it under itself or one of its subcategories is 422 `category_cycle`; a slug in use is 409 `slug_taken`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateCategoryBody,
        response: { 200: AdminCategory },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const category = await service.update(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(category.version)).send(category);
    },
  );

  app.delete(
    '/api/v1/admin/categories/:id',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Delete an empty category',
        description:
          'Needs `If-Match`. A category with subcategories or products is 409 `category_not_empty`. It stays in the database, listed with `includeDeleted`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }) },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.remove(req.ctx, req.params.id, version);
      return reply.code(204).send(null);
    },
  );
};
