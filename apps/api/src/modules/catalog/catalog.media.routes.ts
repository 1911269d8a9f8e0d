/**
 * Stored product images, served to anyone: `GET /api/v1/media/<key>`, where the key is
 * `<tenantId>/products/<productId>/<imageId>(-thumb).webp` (an unguessable image id); nothing else in
 * object storage is reachable here.
 * Objects never change under a key (a new upload gets a new id), so they are cached for a year.
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFound } from '../../platform/errors.js';
import type { ObjectStorage } from '../../platform/storage/index.js';
import { PRODUCT_IMAGE_KEY } from './catalog.images.js';

const notFound = () => new NotFound('media_not_found', 'No image is stored under this address.');

export const mediaRoutes: FastifyPluginAsyncTypebox<{ storage: ObjectStorage }> = async (app, { storage }) => {
  app.get(
    '/api/v1/media/:tenantId/products/:productId/:file',
    {
      config: { tenant: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'A product image or thumbnail',
        description:
          'The `url` and `thumbnailUrl` of product images point here. Immutable: cached by browsers and CDNs for a year.',
        security: [],
        params: Type.Object({
          tenantId: Type.String({ maxLength: 36, description: 'The store id.' }),
          productId: Type.String({ maxLength: 36, description: 'The product id.' }),
          file: Type.String({ maxLength: 48, description: '`<imageId>.webp` or `<imageId>-thumb.webp`.' }),
        }),
        response: {
          200: {
            description: 'The image.',
            content: {
              'image/webp': {
                schema: Type.Unsafe<Readable>({
                  type: 'string',
                  contentMediaType: 'image/webp',
                  maxLength: 20_000_000,
                }),
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { tenantId, productId, file } = req.params;
      const key = `${tenantId}/products/${productId}/${file}`;
      if (!PRODUCT_IMAGE_KEY.test(key)) throw notFound();
      const object = await storage.get(key);
      if (!object) throw notFound();
      return (
        reply
          .type(object.contentType)
          .header('content-length', object.bytes)
          .header('cache-control', 'public, max-age=31536000, immutable')
          // Storefronts on a store's own domains (and CDNs in front of them) embed these.
          .header('cross-origin-resource-policy', 'cross-origin')
          .send(object.body)
      );
    },
  );
};
