/**
 * Optimistic locking and soft delete. Versioned resources carry `ETag: "<version>"`; writes must
 * send `If-Match` with it. The version check is part of the UPDATE's WHERE clause, so two writers
 * can never both succeed against the same version.
 */
import { createHash } from 'node:crypto';
import { type SQL, and, eq, isNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { BadRequest, NotFound, PreconditionRequired, VersionConflict } from '../errors.js';
import { currentActorSql } from './columns.js';
import { type Queryable } from './client.js';

export const etagForVersion = (version: number): string => `"${version}"`;

/** A strong ETag of a representation (public catalog reads): changes whenever the body does. */
export const etagForBody = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** Reads `If-Match: "<version>"`. Missing → 428 `precondition_required`; not a version → 400. */
export function requireIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw new PreconditionRequired();
  const m = /^\s*(?:W\/)?"(\d{1,10})"\s*$/.exec(value);
  if (!m?.[1]) throw new BadRequest('invalid_if_match', 'If-Match must be the ETag of the resource, e.g. "3".');
  return Number(m[1]);
}

export interface VersionedTable extends PgTable {
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  updatedBy: PgColumn;
  deletedAt: PgColumn;
}

/**
 * Applies `values` to the live row `id` if its version is `expectedVersion`, bumping the version.
 * Absent (or soft-deleted) → `notFound`; present at another version → 412 `version_conflict`.
 * Tenant scoping comes from row-level security on the transaction.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Queryable,
  table: T,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown>,
  notFound: () => Error = () => new NotFound(),
  extraWhere?: SQL,
): Promise<T['$inferSelect']> {
  const live = and(eq(table.id, id), isNull(table.deletedAt), extraWhere);
  const updated = await db
    .update(table)
    .set({
      ...values,
      version: sql`${table.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: currentActorSql,
    } as never)
    .where(and(live, eq(table.version, expectedVersion)))
    .returning();
  const row = (updated as T['$inferSelect'][])[0];
  if (row) return row;
  const plain: PgTable = table; // widened: Drizzle's `from()` cannot narrow a generic table type
  const [current] = (await db.select({ version: table.version }).from(plain).where(live)) as Array<{
    version: number;
  }>;
  if (!current) throw notFound();
  throw new VersionConflict(current.version);
}

/** Marks the row deleted (it stays in the database with `deleted_at`); same checks as an update. */
export function softDelete<T extends VersionedTable>(
  db: Queryable,
  table: T,
  id: string,
  expectedVersion: number,
  notFound?: () => Error,
): Promise<T['$inferSelect']> {
  return updateVersioned(db, table, id, expectedVersion, { deletedAt: sql`now()` }, notFound);
}

/** `deleted_at is null`: the filter every read of a soft-deletable table starts from. */
export const live = (table: { deletedAt: PgColumn }): SQL => isNull(table.deletedAt);
