/**
 * Identity helpers for tests: real accounts made through the service, sign-in through the API, and
 * the stored messages (the embedded default's outbox of mail) read back and decrypted.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../src/platform/context.js';
import { rowsOf } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import { hashPassword } from '../src/modules/identity/identity.passwords.js';
import { PLATFORM_SCOPE, personalData } from '../src/modules/identity/identity.secrets.js';
import { notifications } from '../src/modules/identity/identity.tables.js';
import type { Runtime } from '../src/runtime.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let cachedHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  tenantId: string | null;
}

/** An account in `tenantId` (null: the platform) with the given roles, created in the database. */
export async function createUser(
  runtime: Runtime,
  tenantId: string | null,
  opts: { roles?: Role[]; permissions?: string[]; email?: string; name?: string; verified?: boolean } = {},
): Promise<TestUser> {
  const email = opts.email ?? `user-${newId().slice(-12)}@example.test`;
  const ctx = {
    tenantId,
    tenant: null,
    actor: null,
    requestId: `test-${newId()}`,
    locale: 'en',
    ip: '127.0.0.1',
  };
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await cachedHash;
  const identity = runtime.services.identity;
  const row = await identity.inScope(ctx, (tx) =>
    identity.createUser(tx, {
      email,
      passwordHash,
      name: opts.name ?? 'Test User',
      roles: opts.roles ?? ['customer'],
      permissions: opts.permissions ?? [],
      emailVerified: opts.verified ?? true,
    }),
  );
  return { id: row.id, email, password: TEST_PASSWORD, tenantId };
}

/** A random client address, so login limits of one test never touch another's. */
export const randomIp = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

export async function login(
  app: FastifyInstance,
  user: { email: string; password: string },
  opts: { tenant?: string | null; ip?: string; totp?: string } = {},
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: opts.ip ?? randomIp(),
    headers: opts.tenant ? { 'x-tenant-id': opts.tenant } : {},
    payload: { email: user.email, password: user.password, ...(opts.totp ? { totp: opts.totp } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface StoredMessage {
  id: string;
  template: string;
  subject: string;
  body: string;
  to: string;
  status: string;
  /** The token in the message's link, if any. */
  token: string | undefined;
}

/** Messages stored for `email` in `tenantId`, newest first, decrypted. */
export async function messagesTo(runtime: Runtime, tenantId: string | null, email: string): Promise<StoredMessage[]> {
  const scope = tenantId ?? PLATFORM_SCOPE;
  const data = personalData(runtime.pii, scope);
  const rows = await runtime.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${scope}, true)`);
    return tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.tenantId, scope)))
      .orderBy(desc(notifications.createdAt), desc(notifications.id));
  });
  return rows
    .map((r) => {
      const body = data.open('body', r.bodyCiphertext);
      return {
        id: r.id,
        template: r.template,
        subject: r.subject,
        body,
        to: data.open('recipient', r.recipientCiphertext),
        status: r.status,
        token: /[?&]token=([A-Za-z0-9_-]+)/.exec(body)?.[1],
      };
    })
    .filter((m) => m.to === email.toLowerCase());
}

/**
 * Runs the relay and jobs until `done` holds (or fails after `timeoutMs`). On real PostgreSQL the
 * files share one database and any file's runner may claim this file's jobs (a batch at a time):
 * a busy file can sit on a claimed job until its lease (60 s) runs out and another runner takes it
 * over. The default waits past one lease.
 */
export async function drainUntil(runtime: Runtime, done: () => Promise<boolean>, timeoutMs = 75_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await runtime.events.syncSubscriptions(runtime.database.db);
    await runtime.background.drain(1);
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('condition not reached while draining background work');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Raw rows of a table as the owner would see them inside one store (for "no plaintext" checks). */
export async function rawRows(
  runtime: Runtime,
  tenantId: string,
  table: string,
): Promise<Array<Record<string, unknown>>> {
  return runtime.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return rowsOf<Record<string, unknown>>(await tx.execute(sql.raw(`select * from ${table}`)));
  });
}
