/** Queries on identity tables. Every function runs on the caller's (tenant-scoped) transaction. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { refreshTokens, users } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

const live = isNull(users.deletedAt);

export async function findUserById(
  db: Queryable,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  const q = db
    .select()
    .from(users)
    .where(and(eq(users.id, id), live));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/** By blind index; `candidates` covers every key the index may have been written under. */
export async function findUserByEmailIndex(
  db: Queryable,
  candidates: string[],
  opts: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  if (candidates.length === 0) return undefined;
  const q = db
    .select()
    .from(users)
    .where(and(inArray(users.emailIndex, candidates), live))
    .limit(1);
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/**
 * Revokes every live refresh token of a user (password change, block, erasure); returns the
 * sessions (families) that ended.
 */
export async function revokeUserSessions(db: Queryable, userId: string, reason: string): Promise<string[]> {
  const res = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .returning({ familyId: refreshTokens.familyId });
  return [...new Set(res.map((r) => r.familyId))];
}

export async function revokeFamily(db: Queryable, familyId: string, reason: string): Promise<number> {
  const res = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return res.length;
}
