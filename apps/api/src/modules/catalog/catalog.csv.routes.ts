import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import { Type } from 'typebox';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { assertVendor, requireVendor } from '../identity/index.js';
import { CSV_COLUMNS, type CatalogCsvService, MAX_IMPORT_BYTES } from './catalog.csv.js';
import {
  CatalogImport,
  CatalogImportList,
  ImportIdParams,
  ImportListQuery,
  ImportQuery,
} from './catalog.csv.schemas.js';

const FORMAT = `One row per variant, UTF-8, with a header row naming the columns (any order): \`${CSV_COLUMNS.join(',')}\`. \`product_slug\`, \`sku\`, \`price\` and \`stock\` are required; the others may be left out.

- Rows with the same \`product_slug\` are variants of one product of yours; a new slug creates the product as a draft (\`title\` is then required). \`category\` is a category slug.
- Prices are whole numbers in the store currency's minor units (\`1999\` for 19.99); \`stock\` is units on hand; \`active\` is \`true\` or \`false\`.
- \`optionN_name\`/\`optionN_value\` give the variant's options (Size = M); every variant of a product has the same option names.
- Rows upsert by SKU: an existing SKU of yours gets the row's price, compare-at price, stock, weight and active at once; a new SKU becomes a new variant. Empty \`title\`, \`description\` or \`category\` leave the product's value; an empty \`compare_at_price\` or \`weight_grams\` clears it.
- Content changes (title, description, category, options, new variants) send an active product back to review.
- Each row succeeds or fails on its own; results name the data row (the first after the header is 1). Importing the same file again changes nothing (\`unchanged\`). An export of your products imports back unchanged.`;

export const catalogCsvRoutes: FastifyPluginAsyncTypebox<{ service: CatalogCsvService }> = async (app, { service }) => {
  // This plugin's routes take CSV bodies only (other content types: 415), read whole up to the limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  const vendorOnly = requireVendor;

  app.post(
    '/api/v1/vendor/products/import',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      // Refused before the upload is read: a caller who may not import does not cost a 10 MB read.
      preParsing: async (req) => {
        assertVendor(req.actor);
      },
      schema: {
        tags: ['vendor'],
        summary: 'Import products and variants from CSV',
        description: `The body is the CSV file (\`content-type: text/csv\`, at most 10 MB: 413 above). It is stored and imported by a background job: the answer is 202 with the import, whose \`Location\` shows its progress and row results. \`dryRun=true\` validates and reports without writing. Needs an approved vendor (403 \`not_a_vendor\`, \`vendor_not_approved\`).\n\n${FORMAT}`,
        querystring: ImportQuery,
        body: {
          content: {
            'text/csv': {
              schema: Type.String({ maxLength: MAX_IMPORT_BYTES, description: 'The CSV file.' }),
            },
          },
        },
        response: { 202: CatalogImport },
      },
    },
    async (req, reply) => {
      const csv = typeof req.body === 'string' ? req.body : '';
      const created = await service.startImport(req.ctx, { csv, dryRun: req.query.dryRun ?? false });
      return reply.code(202).header('location', `/api/v1/vendor/imports/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/vendor/imports',
    {
      preValidation: vendorOnly,
      schema: {
        tags: ['vendor'],
        summary: "Your vendor's imports",
        description: 'Newest first, without row results.',
        querystring: ImportListQuery,
        response: { 200: CatalogImportList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await service.listImports(req.ctx, { limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf: (r) => [r.id], map: (r) => r });
    },
  );

  app.get(
    '/api/v1/vendor/imports/:id',
    {
      preValidation: vendorOnly,
      schema: {
        tags: ['vendor'],
        summary: 'An import and its row results',
        description:
          '`status` moves from `queued` to `completed` (rows applied, or reported in a dry run) or `failed` (`error` says why the file was refused).',
        params: ImportIdParams,
        response: { 200: CatalogImport },
      },
    },
    async (req, reply) => {
      const imp = await service.getImport(req.ctx, req.params.id);
      return reply.header('cache-control', 'no-store').send(imp);
    },
  );

  app.get(
    '/api/v1/vendor/products/export',
    {
      preValidation: vendorOnly,
      schema: {
        tags: ['vendor'],
        summary: 'Export your products and variants as CSV',
        description: `Streamed, any size. The same format as the import:\n\n${FORMAT}`,
        response: {
          200: {
            description: 'The CSV file.',
            content: { 'text/csv': { schema: Type.String({ maxLength: 1_000_000_000 }) } },
          },
        },
      },
    },
    async (req, reply) => {
      const vendorId = await service.exportVendor(req.ctx);
      const csv = Readable.from(service.exportRecords(req.ctx, vendorId)).pipe(
        stringify({ header: true, columns: [...CSV_COLUMNS] }),
      );
      return (
        reply
          .header('content-disposition', 'attachment; filename="products.csv"')
          .header('cache-control', 'no-store')
          .type('text/csv; charset=utf-8')
          // Fastify sends a stream as it is; the response schema documents the file it carries.
          .send(csv as unknown as string)
      );
    },
  );
};
