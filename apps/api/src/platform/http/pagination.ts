/**
 * Lists: the envelope of API.md, `limit` 1–100 (default 20), opaque keyset cursors and links.
 */
import { type SQL, asc, desc, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { BadRequest } from '../errors.js';
import { isUuid } from '../ids.js';

export const LimitQuery = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1–100.' });
export const CursorQuery = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from `links.next` or `links.prev`.',
});

/**
 * The longest cursor of a list sorted by a text of up to 200 characters of any script (a name or
 * title): its key can outgrow the 512 characters of other lists' cursors.
 */
export const SORTED_CURSOR_MAX = 2048;

export const SortedCursorQuery = Type.String({
  minLength: 1,
  maxLength: SORTED_CURSOR_MAX,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from `links.next` or `links.prev`.',
});

export const PageQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
});

const LinkString = Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]);

export const ListEnvelope = <T extends TSchema>(item: T, $id: string, cursorMax = 512) =>
  Type.Object(
    {
      data: Type.Array(item, { maxItems: 100 }),
      meta: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 100 }),
        cursor: Type.Union([Type.String({ maxLength: cursorMax }), Type.Null()]),
        total: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
      }),
      links: Type.Object({ self: Type.String({ maxLength: 4096 }), next: LinkString, prev: LinkString }),
    },
    { $id },
  );

/** A cursor is a base64url JSON of the sort key of the last row and the direction. */
export interface Cursor {
  /** Sort key values of the row the page continues from. */
  k: Array<string | number>;
  /** `n`: rows after the key, `p`: rows before it. */
  d: 'n' | 'p';
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (!Array.isArray(c.k) || (c.d !== 'n' && c.d !== 'p')) throw new Error('shape');
    if (!c.k.every((v) => typeof v === 'string' || typeof v === 'number')) throw new Error('shape');
    return c;
  } catch {
    throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued.');
  }
}

export interface Page<T> {
  data: T[];
  meta: { limit: number; cursor: string | null; total?: number };
  links: { self: string; next: string | null; prev: string | null };
}

/**
 * Builds the envelope from rows fetched with `limit + 1` in the cursor's direction: the extra row
 * only says whether another page exists. `keyOf` returns the sort key of a row.
 */
export function toPage<Row, T>(
  req: FastifyRequest,
  rows: Row[],
  opts: {
    limit: number;
    cursor: Cursor | null;
    keyOf: (r: Row) => Array<string | number>;
    map: (r: Row) => T;
    total?: number;
  },
): Page<T> {
  const backwards = opts.cursor?.d === 'p';
  const hasMore = rows.length > opts.limit;
  let page = rows.slice(0, opts.limit);
  if (backwards) page = page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = backwards ? opts.cursor !== null : hasMore;
  const hasPrev = backwards ? hasMore : opts.cursor !== null;
  const link = (c: Cursor) => {
    const url = new URL(req.url, 'http://x');
    url.searchParams.set('cursor', encodeCursor(c));
    url.searchParams.set('limit', String(opts.limit));
    return url.pathname + url.search;
  };
  return {
    data: page.map(opts.map),
    meta: {
      limit: opts.limit,
      cursor: opts.cursor ? encodeCursor(opts.cursor) : null,
      ...(opts.total === undefined ? {} : { total: opts.total }),
    },
    links: {
      self: req.url,
      next: hasNext && last ? link({ k: opts.keyOf(last), d: 'n' }) : null,
      prev: hasPrev && first ? link({ k: opts.keyOf(first), d: 'p' }) : null,
    },
  };
}

// ------------------------------------------------------------------ keyset pages on (created_at, id)

/** One row of a list: the item and its keyset position (see `keysetOf`). */
export interface Keyed<T> {
  key: [string, string];
  item: T;
}

export const keyOf = <K extends Array<string | number>>(r: { key: K }) => r.key;
export const itemOf = <T>(r: { item: T }) => r.item;

export interface ListInput {
  limit: number;
  cursor: Cursor | null;
}

/**
 * A row's position as text with microseconds: a JavaScript Date keeps only milliseconds, and rows
 * created in the same millisecond would otherwise be skipped or repeated between pages.
 */
export const positionOf = (createdAt: PgColumn | SQL) =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const POSITION_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A timestamp key as this API writes it, and a real instant PostgreSQL can hold (no 30 February, no year 0). */
const isPosition = (at: string) =>
  POSITION_RE.test(at) &&
  !at.startsWith('0000') &&
  !Number.isNaN(Date.parse(at)) &&
  new Date(at).toISOString().slice(0, 19) === at.slice(0, 19);

/**
 * The WHERE and ORDER BY of a keyset page on `(created_at, id)`. `newestFirst` is the list's order;
 * a `p` cursor reads the other way (the page is reversed again by `toPage`). The bound is written as
 * `created_at <= x and (created_at < x or id < y)` so an index leading with `created_at` serves it.
 */
export function keysetOf(
  cols: { createdAt: PgColumn; id: PgColumn },
  cursor: Cursor | null,
  newestFirst: boolean,
): { where: SQL | undefined; orderBy: SQL[] } {
  const descending = newestFirst === (cursor?.d !== 'p');
  const orderBy = descending ? [desc(cols.createdAt), desc(cols.id)] : [asc(cols.createdAt), asc(cols.id)];
  if (!cursor) return { where: undefined, orderBy };
  const [at, id] = cursor.k;
  if (cursor.k.length !== 2 || typeof at !== 'string' || typeof id !== 'string' || !isPosition(at) || !isUuid(id)) {
    throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued.');
  }
  const where = descending
    ? sql`(${cols.createdAt} <= ${at}::timestamptz and (${cols.createdAt} < ${at}::timestamptz or ${cols.id} < ${id}::uuid))`
    : sql`(${cols.createdAt} >= ${at}::timestamptz and (${cols.createdAt} > ${at}::timestamptz or ${cols.id} > ${id}::uuid))`;
  return { where, orderBy };
}

// ------------------------------------------------------------- keyset pages in an order `sort` names

/**
 * How a sortable list is ordered: by `expr`, ties by the row's id. `tag` comes first in every cursor
 * key, so a cursor continues only the order it was issued for.
 */
export interface SortOrder {
  tag: string;
  expr: SQL;
  /**
   * A timestamp (the key is its text with microseconds), text (the key is the value itself) or a
   * whole number (the key is its decimal text).
   */
  kind: 'time' | 'text' | 'integer';
  descending: boolean;
}

/** One row of a sorted list and its keyset position: the order's tag, the row's key in it and its id. */
export interface SortKeyed<T> {
  key: [string, string, string];
  item: T;
}

const INTEGER_RE = /^-?\d{1,18}$/;

/** A row's key in `order` as text, to select beside the row and hand to `toPage` as `[tag, key, id]`. */
export const sortKeyText = (order: SortOrder) => {
  switch (order.kind) {
    case 'time':
      return positionOf(order.expr);
    case 'integer':
      return sql<string>`(${order.expr})::text`;
    default:
      return sql<string>`${order.expr}`;
  }
};

/**
 * The WHERE and ORDER BY of a keyset page on `(expr, id)`; a `p` cursor reads backwards (the page is
 * reversed again by `toPage`). The cursor key is `[tag, key, id]`: one issued for another order (or
 * not by this API) is 400 `invalid_cursor`. The bound is written as `expr <= x and (expr < x or
 * id < y)` so an index on `(expr, id)` serves it.
 */
export function sortedKeysetOf(
  order: SortOrder,
  id: PgColumn,
  cursor: Cursor | null,
): { where: SQL | undefined; orderBy: SQL[] } {
  const { expr } = order;
  const descending = order.descending === (cursor?.d !== 'p');
  const orderBy = descending ? [sql`${expr} desc`, desc(id)] : [sql`${expr} asc`, asc(id)];
  if (!cursor) return { where: undefined, orderBy };
  const [tag, at, last] = cursor.k;
  if (
    cursor.k.length !== 3 ||
    tag !== order.tag ||
    typeof at !== 'string' ||
    typeof last !== 'string' ||
    !isUuid(last) ||
    (order.kind === 'time' && !isPosition(at)) ||
    (order.kind === 'integer' && !INTEGER_RE.test(at))
  ) {
    throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued for this list and sort.');
  }
  const key =
    order.kind === 'time' ? sql`${at}::timestamptz` : order.kind === 'integer' ? sql`${at}::bigint` : sql`${at}::text`;
  const where = descending
    ? sql`(${expr} <= ${key} and (${expr} < ${key} or ${id} < ${last}::uuid))`
    : sql`(${expr} >= ${key} and (${expr} > ${key} or ${id} > ${last}::uuid))`;
  return { where, orderBy };
}
