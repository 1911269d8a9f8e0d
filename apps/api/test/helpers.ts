/**
 * Test harness: every test file gets its own database handle for the run's tier (real PostgreSQL or
 * a PGlite started from the migrated snapshot) and builds real apps on it. Nothing is mocked.
 */
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/platform/db/client.js';
import type { RequestContext } from '../src/platform/context.js';
import { newId } from '../src/platform/ids.js';
import { REDACT_PATHS } from '../src/platform/logging.js';
import { createRuntime, type Runtime } from '../src/runtime.js';

export const tier: 'postgres' | 'embedded' = inject('databaseUrl') ? 'postgres' : 'embedded';

let shared: Promise<Database> | undefined;

/** This file's database (opened once, closed after the file's tests). */
export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const url = inject('databaseUrl');
    if (url) return openDatabase({ url, poolSize: 5 });
    const snapshot = inject('pgliteSnapshot');
    if (!snapshot) throw new Error('global setup provided no database');
    const buf = await readFile(snapshot);
    return openDatabase({ snapshot: new Blob([buf]) });
  })();
  return shared;
}

// Registered while the importing test file is collected: closes the file's database at its end.
afterAll(async () => {
  if (shared) await (await shared).close();
});

/** The encryption key every test app uses unless a test names its own (a fixed test-only value). */
const SHARED_TEST_KEY = `tests:${Buffer.alloc(32, 7).toString('base64')}`;

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  /** Log lines the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A real app on this file's database. `env` overrides configuration as the environment would; the
 * service URLs of the run (REDIS_URL, AMQP_URL) apply unless overridden.
 */
export async function startApp(
  env: Record<string, string | undefined> = {},
  opts: { database?: Database } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await testDatabase());
  const dataDir = await mkdtemp(join(tmpdir(), 'bazaar-app-'));
  // Every app of the run stores objects in one place (see `sharedObjects` in global-setup).
  await symlink(inject('sharedObjects'), join(dataDir, 'objects'), 'dir');
  const config = loadConfig({
    NODE_ENV: 'test',
    BAZAAR_DATA_DIR: dataDir,
    BAZAAR_DEMO: '0',
    LOG_LEVEL: 'info',
    // Files run side by side and, on the Redis tier, share one rate-limit counter per address:
    // the limit is raised out of reach unless a test sets its own.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Files share one database on the PostgreSQL tier, and any file's job runner may take another's
    // jobs (an order message to encrypt, an email to decrypt): like replicas, they share one key.
    ENCRYPTION_KEYS: SHARED_TEST_KEY,
    REDIS_URL: process.env.REDIS_URL,
    AMQP_URL: process.env.AMQP_URL,
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino(
    { level: config.logLevel, base: { service: 'bazaar' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    sink,
  );
  const runtime = await createRuntime(config, logger, { database, migrate: false });
  const app = await buildApp(runtime);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { app, runtime, logs, close };
}

/**
 * Starts an app before the suite's tests and closes it after them. Call at collection time:
 * `const t = useApp();` then `t.app` inside tests.
 */
export function useApp(env: Record<string, string | undefined> = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startApp(env);
  });
  afterAll(async () => {
    await current?.close();
  });
  const need = () => {
    if (!current) throw new Error('the app is started in beforeAll');
    return current;
  };
  return {
    get app() {
      return need().app;
    },
    get runtime() {
      return need().runtime;
    },
    get logs() {
      return need().logs;
    },
    close: () => need().close(),
  };
}

/** An access token as identity issues them, signed with the app's own key. */
export function tokenFor(
  runtime: Runtime,
  claims: { sub?: string; tid?: string | null; roles: string[]; scope?: string },
  ttlSeconds = 900,
): Promise<string> {
  const { tid, ...rest } = claims;
  return runtime.keys.sign({ sub: claims.sub ?? newId(), ...rest, ...(tid ? { tid } : {}) }, ttlSeconds);
}

export const platformAdminContext = (): RequestContext => ({
  tenantId: null,
  tenant: null,
  actor: { kind: 'user', id: newId(), tenantId: null, roles: ['platform_admin'], scopes: [] },
  requestId: `test-${newId()}`,
  locale: 'en',
  ip: '127.0.0.1',
});

/** A unique slug, so files sharing a PostgreSQL database never collide. */
export const uniqueSlug = (prefix = 't') => `${prefix}-${newId().replace(/-/g, '').slice(-12)}`;
