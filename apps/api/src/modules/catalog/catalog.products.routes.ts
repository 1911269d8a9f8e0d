/**
 * Product management routes: a vendor's own products (`/api/v1/vendor/products…`, permission
 * `products:write:own`), their images (multipart uploads), and the moderation of store staff
 * (`/api/v1/admin/products…`).
 */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { RequestContext } from '../../platform/context.js';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { AppError, BadRequest, Forbidden, Unauthorized } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { assertCan, can, requirePermission, requireVendor } from '../identity/index.js';
import { MAX_IMAGE_BYTES, PayloadTooLarge } from './catalog.images.js';
import type { Keyed, ProductService } from './catalog.products.js';
import {
  AdminProductListQuery,
  AdminUpdateProductBody,
  CreateProductBody,
  IfMatchHeaders,
  ImageParams,
  ManagedProduct,
  ManagedProductList,
  ManagedVariant,
  ProductIdParams,
  ProductImage,
  RejectProductBody,
  UpdateImageBody,
  UpdateProductBody,
  UpdateVariantBody,
  UploadImageBody,
  VariantParams,
  VendorProductListQuery,
} from './catalog.products.schemas.js';

const noContent = { 204: Type.Null({ description: 'Done.' }) };
const keyOf = <T>(r: Keyed<T>) => r.key;
const itemOf = <T>(r: Keyed<T>) => r.item;
const productUrl = (id: string) => `/api/v1/vendor/products/${id}`;

/** Staff who may see every product: moderators or catalog managers. */
const moderatorsOnly: preValidationAsyncHookHandler = async (req) => {
  if (!req.actor) throw new Unauthorized();
  if (!can(req.actor, 'products:approve') && !can(req.actor, 'catalog:manage')) {
    throw new Forbidden('forbidden', 'This needs the "products:approve" or "catalog:manage" permission.');
  }
};

/** The bytes of an upload's file part, kept beside the request while its body carries the digest. */
const uploads = new WeakMap<FastifyRequest, Buffer>();

const UPLOAD_FIELDS = new Set(['alt']);

/** A failure while reading a multipart body: the client sent it, so it is theirs to fix (4xx). */
function uploadError(err: unknown): Error {
  if (err instanceof AppError) return err;
  switch ((err as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PayloadTooLarge();
    case 'FST_FILES_LIMIT':
      return new BadRequest('too_many_files', 'Send one image per request.');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new BadRequest('too_many_fields', 'The form has more fields than an upload takes.');
    default:
      // Busboy's complaints about the body itself: no boundary, a truncated or garbled part.
      return new BadRequest('malformed_multipart', 'The multipart/form-data body could not be read.');
  }
}

/**
 * Reads a multipart upload before validation: the one `file` part into memory (at most
 * `MAX_IMAGE_BYTES`, kept in `uploads`) and the text fields into the body. The file is replaced in
 * the body by its SHA-256, so idempotent retries are recognised by content and the body schema
 * stays small. Other content types pass through to validation.
 */
const readUpload: preValidationAsyncHookHandler = async (req) => {
  if (!req.isMultipart()) return;
  const body: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || uploads.has(req)) {
          part.file.resume();
          throw new BadRequest('unexpected_file', 'Send one image, in the "file" field.');
        }
        const data = await part.toBuffer();
        uploads.set(req, data);
        body.file = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      } else {
        if (!UPLOAD_FIELDS.has(part.fieldname)) {
          throw new BadRequest('unexpected_field', `The form field "${part.fieldname.slice(0, 40)}" is not known.`);
        }
        if (part.valueTruncated) throw new BadRequest('field_too_long', `The field "${part.fieldname}" is too long.`);
        body[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    throw uploadError(err);
  }
  req.body = body;
};

export const productRoutes: FastifyPluginAsyncTypebox<{ service: ProductService }> = async (app, { service }) => {
  const vendorOnly = requireVendor;
  const tags = ['vendor'];

  // ------------------------------------------------------------------------------------ vendor

  app.get(
    '/api/v1/vendor/products',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: "The vendor's own products",
        description:
          'Newest first, or in the order `sort` names (`createdAt`, `updatedAt` or case-insensitive `title`, ties by id; `-` reverses); `status` filters, `q` matches part of the title or an exact SKU or slug. A cursor continues only the sort it was issued for (400 `invalid_cursor`).',
        querystring: VendorProductListQuery,
        response: { 200: ManagedProductList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listOwn(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.post(
    '/api/v1/vendor/products',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'Create a product (a draft)',
        description:
          "Money must be in the store's currency (422 `currency_mismatch`); a compare-at price is not below the price (422); each variant names one listed value per option, no two the same (422); SKUs are unique in the store (409 `sku_taken`); `categoryId` must exist (422 `unknown_category`); an explicit slug must be free (409 `slug_taken`), one made from the title gets a suffix. Only approved vendors (403 `vendor_not_approved`).",
        body: CreateProductBody,
        response: { 201: ManagedProduct },
      },
    },
    async (req, reply) => {
      const product = await service.create(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', productUrl(product.id))
        .header('etag', etagForVersion(product.version))
        .send(product);
    },
  );

  app.get(
    '/api/v1/vendor/products/:id',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'One of the vendor’s products, with variants, stock and images',
        description:
          'The full private view: status and the moderator’s reason, variants with stock on hand, reserved and available units and their own versions, images. Another vendor’s product is 404.',
        params: ProductIdParams,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const product = await service.getOwn(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );

  app.patch(
    '/api/v1/vendor/products/:id',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'Change a product and its variants',
        description:
          'Needs `If-Match` with the product’s ETag. Content edits (title, description, category, slug, options, translations, a variant’s SKU or options, a new variant) send an active product back to review; price, compare-at price, stock, weight and active apply at once. Any edit returns a rejected product to draft; an archived product cannot be changed (409 `product_archived`). `variants` is the full list: variants left out are deactivated. A variant’s `stock` is an absolute number of units on hand; leave it out to keep the current units (sales change them without a new product version, so `If-Match` does not protect them).',
        params: ProductIdParams,
        headers: IfMatchHeaders,
        body: UpdateProductBody,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const product = await service.update(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );

  app.delete(
    '/api/v1/vendor/products/:id',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'Delete a product',
        description: 'Needs `If-Match`. The product leaves every list; its SKUs become free.',
        params: ProductIdParams,
        headers: IfMatchHeaders,
        response: noContent,
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.remove(req.ctx, req.params.id, version);
      return reply.code(204).send(null);
    },
  );

  const action = (
    path: string,
    summary: string,
    description: string,
    run: (ctx: RequestContext, id: string) => Promise<ManagedProduct>,
  ) =>
    app.post(
      `/api/v1/vendor/products/:id/${path}`,
      {
        preValidation: vendorOnly,
        schema: { tags, summary, description, params: ProductIdParams, response: { 200: ManagedProduct } },
      },
      async (req, reply) => {
        const product = await run(req.ctx, req.params.id);
        return reply.header('etag', etagForVersion(product.version)).send(product);
      },
    );

  action(
    'submit',
    'Submit a product for review',
    'draft or rejected → pending_review (409 `invalid_transition` otherwise). Needs an active variant and a category (422 `no_active_variant`, `category_required`).',
    (ctx, id) => service.submit(ctx, id),
  );
  action(
    'archive',
    'Archive a product',
    'Takes it off sale and out of review; it is read-only until unarchived.',
    (ctx, id) => service.archive(ctx, id),
  );
  action('unarchive', 'Unarchive a product', 'archived → draft: editable again, to be submitted anew.', (ctx, id) =>
    service.unarchive(ctx, id),
  );

  app.patch(
    '/api/v1/vendor/products/:id/variants/:variantId',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: "Change a variant's price, stock, weight or availability",
        description:
          'Needs `If-Match` with the variant’s own version (each variant in the product carries `version`). Applies at once, without review. Stock cannot go below the units held by checkouts (422 `stock_below_reserved`).',
        params: VariantParams,
        headers: IfMatchHeaders,
        body: UpdateVariantBody,
        response: { 200: ManagedVariant },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const variant = await service.updateVariant(req.ctx, req.params.id, req.params.variantId, version, req.body);
      return reply.header('etag', etagForVersion(variant.version)).send(variant);
    },
  );

  // ------------------------------------------------------------------------------------ images

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 4, fieldSize: 4096, parts: 5 },
    });

    scope.post(
      '/api/v1/vendor/products/:id/images',
      {
        // Refused callers are turned away before their upload is read.
        preParsing: async (req) => {
          assertCan(req.actor, 'products:write:own');
        },
        preValidation: [vendorOnly, readUpload],
        schema: {
          tags,
          summary: 'Upload a product image',
          description:
            'multipart/form-data with one `file` (JPEG, PNG, WebP, AVIF or GIF, judged by content: 415 `unsupported_image` otherwise; at most 10 MB: 413 `payload_too_large`) and an optional `alt`. Stored as WebP (at most 2000 px, metadata removed) with a 400 px thumbnail. The first image becomes primary. A content edit.',
          consumes: ['multipart/form-data'],
          params: ProductIdParams,
          body: UploadImageBody,
          response: { 201: ProductImage },
        },
      },
      async (req, reply) => {
        const file = uploads.get(req);
        if (!file) throw new BadRequest('file_required', 'Send the image as multipart/form-data in the "file" field.');
        const image = await service.addImage(req.ctx, req.params.id, { file, alt: req.body.alt });
        return reply
          .code(201)
          .header('location', `${productUrl(req.params.id)}/images/${image.id}`)
          .header('etag', etagForVersion(image.version))
          .send(image);
      },
    );
  });

  app.get(
    '/api/v1/vendor/products/:id/images/:imageId',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'A product image',
        description: 'With its `ETag` (the image’s version), needed to move, retitle or remove it.',
        params: ImageParams,
        response: { 200: ProductImage },
      },
    },
    async (req, reply) => {
      const image = await service.getImage(req.ctx, req.params.id, req.params.imageId);
      return reply.header('etag', etagForVersion(image.version)).send(image);
    },
  );

  app.patch(
    '/api/v1/vendor/products/:id/images/:imageId',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'Move an image or change its text',
        description: 'Needs `If-Match` with the image’s version. Position 0 makes it primary. A content edit.',
        params: ImageParams,
        headers: IfMatchHeaders,
        body: UpdateImageBody,
        response: { 200: ProductImage },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const image = await service.updateImage(req.ctx, req.params.id, req.params.imageId, version, req.body);
      return reply.header('etag', etagForVersion(image.version)).send(image);
    },
  );

  app.delete(
    '/api/v1/vendor/products/:id/images/:imageId',
    {
      preValidation: vendorOnly,
      schema: {
        tags,
        summary: 'Remove an image',
        description: 'Needs `If-Match` with the image’s version. The next image becomes primary. A content edit.',
        params: ImageParams,
        headers: IfMatchHeaders,
        response: noContent,
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      await service.removeImage(req.ctx, req.params.id, req.params.imageId, version);
      return reply.code(204).send(null);
    },
  );

  // -------------------------------------------------------------------------------- moderation

  const admin = ['admin'];

  app.get(
    '/api/v1/admin/products',
    {
      preValidation: moderatorsOnly,
      schema: {
        tags: admin,
        summary: "The store's products, for moderation",
        description:
          'In the order `sort` names (`createdAt`, `updatedAt` or case-insensitive `title`, ties by id; `-` reverses). Without `sort`, `status=pending_review` is the review queue, oldest submission first, and other lists are newest first. A cursor continues only the sort it was issued for (400 `invalid_cursor`). `deleted=true` lists deleted products instead. Needs `products:approve` or `catalog:manage`.',
        querystring: AdminProductListQuery,
        response: { 200: ManagedProductList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listAll(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/admin/products/:id',
    {
      preValidation: moderatorsOnly,
      schema: {
        tags: admin,
        summary: 'A product, in full',
        params: ProductIdParams,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const product = await service.getAny(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );

  app.post(
    '/api/v1/admin/products/:id/approve',
    {
      preValidation: requirePermission('products:approve'),
      schema: {
        tags: admin,
        summary: 'Approve a product under review',
        description:
          'pending_review → active: on sale when its vendor is approved. 409 `invalid_transition` otherwise.',
        params: ProductIdParams,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const product = await service.approve(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );

  app.post(
    '/api/v1/admin/products/:id/reject',
    {
      preValidation: requirePermission('products:approve'),
      schema: {
        tags: admin,
        summary: 'Reject a product under review',
        description: 'pending_review → rejected; the vendor sees `reason`. 409 `invalid_transition` otherwise.',
        params: ProductIdParams,
        body: RejectProductBody,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const product = await service.reject(req.ctx, req.params.id, req.body.reason);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );

  app.patch(
    '/api/v1/admin/products/:id',
    {
      preValidation: requirePermission('catalog:manage'),
      schema: {
        tags: admin,
        summary: 'Feature or unfeature a product',
        description: 'Needs `If-Match` with the product’s ETag and `catalog:manage`.',
        params: ProductIdParams,
        headers: IfMatchHeaders,
        body: AdminUpdateProductBody,
        response: { 200: ManagedProduct },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const product = await service.setFeatured(req.ctx, req.params.id, version, req.body.featured);
      return reply.header('etag', etagForVersion(product.version)).send(product);
    },
  );
};
