/**
 * The shopper's catalog (`/api/v1/products…`): public, cached, conditional. Bodies come from the
 * catalog cache as stored JSON and are sent as they are; their ETag is a hash of the body, so it
 * changes whenever anything shown changes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CachedBody } from './catalog.cache.js';
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

/** RFC 9110 weak comparison: does `If-None-Match` name this ETag (or `*`)? */
function matches(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',');
  const bare = etag.replace(/^W\//, '');
  return values.some((v) => {
    const t = v.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

function sendCached(req: FastifyRequest, reply: FastifyReply, cached: CachedBody) {
  const vary = reply.getHeader('vary');
  reply
    .header('etag', cached.etag)
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
  if (matches(req.headers['if-none-match'], cached.etag)) return reply.code(304).send(null);
  return reply
    .type('application/json; charset=utf-8')
    .serializer((p: unknown) => p as string)
    .send(cached.body);
}

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
