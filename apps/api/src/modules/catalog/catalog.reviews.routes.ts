import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { requirePermission, requireUser } from '../identity/index.js';
import type { Keyed, ReviewService } from './catalog.reviews.js';
import {
  AdminReview,
  AdminReviewList,
  AdminReviewListQuery,
  CreateReviewBody,
  HideReviewBody,
  IdParams,
  IfMatchHeaders,
  ProductParams,
  Review,
  ReviewList,
  ReviewListQuery,
  ReviewParams,
  UpdateReviewBody,
} from './catalog.reviews.schemas.js';

const keyOf = <T>(r: Keyed<T>) => r.key;
const itemOf = <T>(r: Keyed<T>) => r.item;

export const reviewRoutes: FastifyPluginAsyncTypebox<{ service: ReviewService }> = async (app, { service }) => {
  const writer = [requirePermission('reviews:write'), requireUser];

  app.get(
    '/api/v1/products/:id/reviews',
    {
      schema: {
        tags: ['catalog'],
        summary: "A product's reviews and rating summary",
        description:
          'Visible reviews of a listed product (404 `product_not_found` otherwise), newest first by default, with `summary` (average, count and stars histogram of the visible reviews). The ETag changes whenever the page does; send it back in `If-None-Match` for a 304.',
        security: [],
        params: ProductParams,
        querystring: ReviewListQuery,
        response: { 200: ReviewList, 304: Type.Null() },
      },
    },
    async (req, reply) => {
      const { limit = 20, cursor: raw, sort = 'newest' } = req.query;
      const cursor = decodeCursor(raw);
      const { body, etag } = await service.cached(req.ctx, `reviews:${req.url}`, async () => {
        const page = await service.listVisible(req.ctx, req.params.id, { limit, cursor, sort });
        return { ...toPage(req, page.rows, { limit, cursor, keyOf, map: itemOf }), summary: page.summary };
      });
      reply.header('etag', etag).header('cache-control', 'public, max-age=0, must-revalidate');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      // The cached body is already JSON: the serializer passes it through unchanged.
      return reply
        .type('application/json')
        .serializer((p: unknown) => p as string)
        .send(body as unknown as ReviewList);
    },
  );

  app.get(
    '/api/v1/products/:id/reviews/:reviewId',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A review',
        description: 'A visible review of a listed product. The ETag is its version, for `If-Match` on changes.',
        security: [],
        params: ReviewParams,
        response: { 200: Review },
      },
    },
    async (req, reply) => {
      const review = await service.getVisible(req.ctx, req.params.id, req.params.reviewId);
      return reply.header('etag', etagForVersion(review.version)).send(review);
    },
  );

  app.post(
    '/api/v1/products/:id/reviews',
    {
      preValidation: writer,
      schema: {
        tags: ['catalog'],
        summary: 'Review a product',
        description:
          'Signed-in customers (`reviews:write`), once per product: a second review is 409 `review_exists`. `verifiedPurchase` is set when the author bought the product here.',
        params: ProductParams,
        body: CreateReviewBody,
        response: { 201: Review },
      },
    },
    async (req, reply) => {
      const review = await service.create(req.ctx, req.params.id, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/products/${review.productId}/reviews/${review.id}`)
        .header('etag', etagForVersion(review.version))
        .send(review);
    },
  );

  app.patch(
    '/api/v1/products/:id/reviews/:reviewId',
    {
      preValidation: writer,
      schema: {
        tags: ['catalog'],
        summary: 'Change your review',
        description: 'Its author only (403 `not_review_author`). Needs `If-Match`.',
        params: ReviewParams,
        headers: IfMatchHeaders,
        body: UpdateReviewBody,
        response: { 200: Review },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const review = await service.update(req.ctx, req.params.id, req.params.reviewId, version, req.body);
      return reply.header('etag', etagForVersion(review.version)).send(review);
    },
  );

  app.delete(
    '/api/v1/products/:id/reviews/:reviewId',
    {
      preValidation: writer,
      schema: {
        tags: ['catalog'],
        summary: 'Delete your review',
        description: 'Its author only (403 `not_review_author`). Needs `If-Match`.',
        params: ReviewParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }) },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.remove(req.ctx, req.params.id, req.params.reviewId, version);
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------------------------------ moderation

  const manage = requirePermission('catalog:manage');

  app.get(
    '/api/v1/admin/reviews',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Reviews to moderate',
        description: 'Newest first, hidden ones included; filter by product or by `hidden`.',
        querystring: AdminReviewListQuery,
        response: { 200: AdminReviewList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, productId, hidden } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listForModeration(req.ctx, { limit, cursor, productId, hidden });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/admin/reviews/:id/hide',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Hide a review',
        description: 'Shoppers no longer see it and the rating summary leaves it out. Audited.',
        params: IdParams,
        body: HideReviewBody,
        response: { 200: AdminReview },
      },
    },
    async (req, reply) => {
      const review = await service.hide(req.ctx, req.params.id, req.body.reason);
      return reply.header('etag', etagForVersion(review.version)).send(review);
    },
  );

  app.post(
    '/api/v1/admin/reviews/:id/unhide',
    {
      preValidation: manage,
      schema: {
        tags: ['admin'],
        summary: 'Show a hidden review again',
        description: 'It counts in the rating summary again. Audited.',
        params: IdParams,
        response: { 200: AdminReview },
      },
    },
    async (req, reply) => {
      const review = await service.unhide(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(review.version)).send(review);
    },
  );
};
