/**
 * The shopper's catalog (`/api/v1/products…`): public, cached, conditional. Bodies come from the
 * catalog cache as stored JSON and are sent as they are; their ETag is a hash of the body, so it
 * changes whenever anything shown changes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendCached } from './catalog.cache.js';
import type { BrowseService } from './catalog.browse.js';
import {
  ProductDetail,
  ProductList,
  ProductListQuery,
  ProductRefParams,
  SuggestQuery,
  Suggestions,
} from './catalog.browse.schemas.js';

const ConditionalHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({ maxLength: 2000, description: 'An ETag of an earlier answer: 304 if it is still current.' }),
  ),
  'accept-language': Type.Optional(
    Type.String({ maxLength: 500, description: 'Titles and names in this locale where translated.' }),
  ),
});

const NotModified = Type.Null({ description: 'Not modified: the ETag in If-None-Match is still current.' });

export const browseRoutes: FastifyPluginAsyncTypebox<{ service: BrowseService }> = async (app, { service }) => {
  app.get(
    '/api/v1/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Search and browse the products shoppers can buy',
        description:
          'Listed products (active, sold by an approved vendor, with a price) with facet counts of the whole filtered list. Keyset pages: follow `links.next` / `links.prev`. Answers carry an ETag; send it back in If-None-Match for a 304.',
        security: [],
        querystring: ProductListQuery,
        headers: ConditionalHeaders,
        response: { 200: ProductList, 304: NotModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.list(req.ctx, req.query)),
  );

  app.get(
    '/api/v1/products/suggest',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Title suggestions for a search box',
        description: 'Up to 8 titles: words starting like `q` first, then titles that look alike (typos).',
        security: [],
        querystring: SuggestQuery,
        headers: ConditionalHeaders,
        response: { 200: Suggestions, 304: NotModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.suggest(req.ctx, req.query.q)),
  );

  app.get(
    '/api/v1/products/:idOrSlug',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A product page: variants, images, rating summary',
        description: 'By id or slug. Products shoppers cannot see answer 404 `product_not_found`.',
        security: [],
        params: ProductRefParams,
        headers: ConditionalHeaders,
        response: { 200: ProductDetail, 304: NotModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.detail(req.ctx, req.params.idOrSlug)),
  );
};
