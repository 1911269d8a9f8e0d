/**
 * Schemas of the vendor's CSV import and export: the import job resource, with a result per row.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

/** Data rows one import may hold (the file is at most 10 MB anyway). */
export const MAX_IMPORT_ROWS = 100_000;

/** The list envelope of API.md around `item`, inline (no shared `$id`). */
function listOf<T extends TSchema>(item: T, description: string) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return { ...inline, description } as typeof envelope;
}

export const ImportStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
]);

export const ImportAction = Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged')], {
  description: 'What the row did to its variant (or would do, in a dry run).',
});
export type ImportAction = Static<typeof ImportAction>;

export const ImportRowResult = Type.Object({
  row: Type.Integer({
    minimum: 1,
    maximum: MAX_IMPORT_ROWS,
    description: 'Data row number; the first after the header is 1.',
  }),
  ok: Type.Boolean(),
  error: Type.Optional(Type.String({ maxLength: 1000, description: 'Why the row was not applied.' })),
  sku: Type.Optional(Type.String({ maxLength: 64 })),
  productId: Type.Optional(Uuid),
  action: Type.Optional(ImportAction),
});
export type ImportRowResult = Static<typeof ImportRowResult>;

const importFields = {
  id: Uuid,
  status: ImportStatus,
  dryRun: Type.Boolean({ description: 'Validated and reported only; nothing was written.' }),
  totalRows: Count,
  okRows: Count,
  errorRows: Count,
  error: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
    description: 'Why the whole file was refused (header, CSV syntax, size); rows are then not applied.',
  }),
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
};

export const CatalogImport = Type.Object(
  {
    ...importFields,
    results: Type.Array(ImportRowResult, { maxItems: MAX_IMPORT_ROWS, description: 'One result per data row.' }),
  },
  { description: 'A CSV import of products and variants.' },
);
export type CatalogImport = Static<typeof CatalogImport>;

export const CatalogImportSummary = Type.Object(importFields, { description: 'An import, without its row results.' });
export type CatalogImportSummary = Static<typeof CatalogImportSummary>;

export const CatalogImportList = listOf(CatalogImportSummary, "The vendor's imports, newest first.");

export const ImportQuery = Type.Object({
  dryRun: Type.Optional(
    Type.Boolean({ default: false, description: 'Validate and report what would happen, without writing.' }),
  ),
});

export const ImportListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
});

export const ImportIdParams = Type.Object({ id: Uuid });
