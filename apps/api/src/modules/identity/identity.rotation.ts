/**
 * PII key rotation: re-encrypts every stored personal value that was not written under the newest
 * key of `ENCRYPTION_KEYS`, so an old key can then be removed. New writes already use the newest
 * key; this moves what was written before.
 *
 * It works store by store (and the platform scope), table by table, in small batches, each its own
 * transaction that selects rows still under an old key with `for update skip locked`: a crash
 * loses at most one uncommitted batch and a re-run continues from what is left, a second run finds
 * nothing to do, and requests editing the same rows at the same time are neither blocked for long
 * nor overwritten. It runs as the connection's own role; row-level security is FORCEd on these
 * tables even for their owner, so each transaction names its store in `app.tenant_id`.
 *
 * Re-encryption changes no value, so versions and `updated_at` stay as they are (ETags held by
 * clients stay valid).
 */
import { type SQLWrapper, and, eq, or, sql } from 'drizzle-orm';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { type Database, type Queryable, rowsOf } from '../../platform/db/client.js';
import { PLATFORM_SCOPE, type PersonalData, type PiiField, personalData } from './identity.secrets.js';
import { addresses, notifications, oidcProviders, oneTimeTokens, users } from './identity.tables.js';

export const ROTATED_TABLES = ['users', 'addresses', 'notifications', 'oidc_providers', 'one_time_tokens'] as const;
export type RotatedTable = (typeof ROTATED_TABLES)[number];

export interface RotationProgress {
  /** The store (or `PLATFORM_SCOPE`). */
  scope: string;
  /** An identity table, or `<table>.<column>` of another module's column. */
  table: string;
  /** Rows re-encrypted by this batch. */
  rows: number;
  /** Rows re-encrypted so far in this table of this store. */
  done: number;
}

/**
 * A sealed column another module owns (`vendors.contact_ciphertext`): rotated with the same batches,
 * under the encryption context that module seals it with.
 */
export interface RotatedColumn {
  table: string;
  column: string;
  /** The encryption context of a value in `scope` (the store id). */
  context: (scope: string) => string;
}

export interface RotationOptions {
  /** Rows per transaction (default 200). */
  batchSize?: number;
  onProgress?: (p: RotationProgress) => void;
  /** Other modules' sealed columns. */
  columns?: readonly RotatedColumn[];
}

export interface RotationReport {
  keyId: string;
  /** Scopes visited: every store plus the platform. */
  scopes: number;
  /** Rows re-encrypted, per identity table and per other module's `<table>.<column>`. */
  rows: Record<RotatedTable, number> & Record<string, number>;
}

/** One batch of one table in one store: re-encrypts up to `limit` rows, returns how many. */
type BatchFn = (tx: Queryable, scope: string, data: PersonalData, limit: number) => Promise<number>;

export async function rotatePersonalData(
  database: Database,
  pii: PiiCipher,
  opts: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const prefix = `v1.${pii.currentKeyId}.`;
  /** A ciphertext written under any key but the newest. */
  const stale = (value: SQLWrapper) => sql`(${value} is not null and not starts_with(${value}, ${prefix}))`;
  const isCurrent = (token: string) => token.startsWith(prefix);

  /** `token` re-encrypted under the newest key, or undefined when it already is (or is absent). */
  const reseal = (data: PersonalData, field: PiiField, token: string | null): string | undefined =>
    token === null || isCurrent(token) ? undefined : data.seal(field, data.open(field, token));

  const batches: Record<RotatedTable, BatchFn> = {
    async users(tx, scope, data, limit) {
      const rows = await tx
        .select({
          id: users.id,
          status: users.status,
          email: users.emailCiphertext,
          name: users.nameCiphertext,
          phone: users.phoneCiphertext,
          mfa: users.mfaSecretCiphertext,
          mfaPending: users.mfaPendingSecretCiphertext,
        })
        .from(users)
        .where(
          and(
            eq(users.tenantId, scope),
            or(
              stale(users.emailCiphertext),
              stale(users.nameCiphertext),
              stale(users.phoneCiphertext),
              stale(users.mfaSecretCiphertext),
              stale(users.mfaPendingSecretCiphertext),
            ),
          ),
        )
        .limit(limit)
        .for('update', { skipLocked: true });
      for (const r of rows) {
        const values: Partial<typeof users.$inferInsert> = {};
        const email = reseal(data, 'email', r.email);
        if (email !== undefined) {
          values.emailCiphertext = email;
          // The blind index moves to the newest key with the email. An erased account's index is
          // random on purpose (its address may register again) and stays so.
          if (r.status !== 'erased') values.emailIndex = data.emailIndex(data.open('email', email));
        }
        const name = reseal(data, 'name', r.name);
        if (name !== undefined) values.nameCiphertext = name;
        const phone = reseal(data, 'phone', r.phone);
        if (phone !== undefined) values.phoneCiphertext = phone;
        const mfa = reseal(data, 'mfa_secret', r.mfa);
        if (mfa !== undefined) values.mfaSecretCiphertext = mfa;
        const mfaPending = reseal(data, 'mfa_secret', r.mfaPending);
        if (mfaPending !== undefined) values.mfaPendingSecretCiphertext = mfaPending;
        if (Object.keys(values).length === 0) continue;
        await tx
          .update(users)
          .set(values)
          .where(and(eq(users.tenantId, scope), eq(users.id, r.id)));
      }
      return rows.length;
    },

    async addresses(tx, scope, data, limit) {
      const rows = await tx
        .select({ id: addresses.id, value: addresses.dataCiphertext })
        .from(addresses)
        .where(and(eq(addresses.tenantId, scope), stale(addresses.dataCiphertext)))
        .limit(limit)
        .for('update', { skipLocked: true });
      for (const r of rows) {
        await tx
          .update(addresses)
          .set({ dataCiphertext: reseal(data, 'address', r.value) ?? r.value })
          .where(and(eq(addresses.tenantId, scope), eq(addresses.id, r.id)));
      }
      return rows.length;
    },

    async notifications(tx, scope, data, limit) {
      const rows = await tx
        .select({
          id: notifications.id,
          recipient: notifications.recipientCiphertext,
          body: notifications.bodyCiphertext,
        })
        .from(notifications)
        .where(
          and(
            eq(notifications.tenantId, scope),
            or(stale(notifications.recipientCiphertext), stale(notifications.bodyCiphertext)),
          ),
        )
        .limit(limit)
        .for('update', { skipLocked: true });
      for (const r of rows) {
        await tx
          .update(notifications)
          .set({
            recipientCiphertext: reseal(data, 'recipient', r.recipient) ?? r.recipient,
            bodyCiphertext: reseal(data, 'body', r.body) ?? r.body,
          })
          .where(and(eq(notifications.tenantId, scope), eq(notifications.id, r.id)));
      }
      return rows.length;
    },

    async oidc_providers(tx, scope, data, limit) {
      const rows = await tx
        .select({ id: oidcProviders.id, secret: oidcProviders.clientSecretCiphertext })
        .from(oidcProviders)
        .where(and(eq(oidcProviders.tenantId, scope), stale(oidcProviders.clientSecretCiphertext)))
        .limit(limit)
        .for('update', { skipLocked: true });
      for (const r of rows) {
        await tx
          .update(oidcProviders)
          .set({ clientSecretCiphertext: reseal(data, 'client_secret', r.secret) ?? r.secret })
          .where(and(eq(oidcProviders.tenantId, scope), eq(oidcProviders.id, r.id)));
      }
      return rows.length;
    },

    /** Invitations keep the invitee's email, sealed as `email`, in `data.emailCiphertext`. */
    async one_time_tokens(tx, scope, data, limit) {
      const emailOf = sql<string | null>`${oneTimeTokens.data}->>'emailCiphertext'`;
      const rows = await tx
        .select({ id: oneTimeTokens.id, email: emailOf })
        .from(oneTimeTokens)
        .where(and(eq(oneTimeTokens.tenantId, scope), stale(emailOf)))
        .limit(limit)
        .for('update', { skipLocked: true });
      for (const r of rows) {
        const email = reseal(data, 'email', r.email);
        if (email === undefined) continue;
        await tx
          .update(oneTimeTokens)
          .set({ data: sql`jsonb_set(${oneTimeTokens.data}, '{emailCiphertext}', to_jsonb(${email}::text))` })
          .where(and(eq(oneTimeTokens.tenantId, scope), eq(oneTimeTokens.id, r.id)));
      }
      return rows.length;
    },
  };

  /** One batch of another module's sealed column. */
  const columnBatch =
    (c: RotatedColumn): BatchFn =>
    async (tx, scope, _data, limit) => {
      const table = sql.identifier(c.table);
      const column = sql.identifier(c.column);
      const rows = rowsOf<{ id: string; value: string }>(
        await tx.execute(
          sql`select id, ${column} as value from ${table} where tenant_id = ${scope} and ${stale(column)} limit ${limit} for update skip locked`,
        ),
      );
      const context = c.context(scope);
      for (const r of rows) {
        const resealed = pii.encrypt(pii.decrypt(r.value, context), context);
        await tx.execute(sql`update ${table} set ${column} = ${resealed} where tenant_id = ${scope} and id = ${r.id}`);
      }
      return rows.length;
    };
  const work: Array<[string, BatchFn]> = [
    ...ROTATED_TABLES.map((t): [string, BatchFn] => [t, batches[t]]),
    ...(opts.columns ?? []).map((c): [string, BatchFn] => [`${c.table}.${c.column}`, columnBatch(c)]),
  ];

  const tenantIds = rowsOf<{ id: string }>(await database.db.execute(sql`select id from tenants order by id`));
  const scopes = [PLATFORM_SCOPE, ...tenantIds.map((t) => t.id)];
  const report: RotationReport = {
    keyId: pii.currentKeyId,
    scopes: scopes.length,
    rows: Object.fromEntries(work.map(([name]) => [name, 0])) as RotationReport['rows'],
  };

  for (const scope of scopes) {
    const data = personalData(pii, scope);
    for (const [table, batch] of work) {
      let done = 0;
      for (;;) {
        const rows = await database.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('app.tenant_id', ${scope}, true)`);
          try {
            return await batch(tx, scope, data, batchSize);
          } catch (err) {
            // Which store and table failed (never a value), so the operator can fix the key list.
            throw new Error(`re-encrypting ${table} of ${scope}: ${err instanceof Error ? err.message : String(err)}`, {
              cause: err,
            });
          }
        });
        if (rows === 0) break;
        done += rows;
        report.rows[table] = (report.rows[table] ?? 0) + rows;
        opts.onProgress?.({ scope, table, rows, done });
      }
    }
  }
  return report;
}
