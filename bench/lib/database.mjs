/**
 * The database a run uses: real PostgreSQL when reachable (the API and the pg baseline then read the
 * same rows), the API's embedded database otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { runToCompletion } from './children.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/bazaar_bench';

/**
 * @typedef {{ kind: 'postgres', url: string, created: boolean }
 *         | { kind: 'embedded', reason: string }} DatabaseChoice
 */

/**
 * `BENCH_EMBEDDED=1` forces the embedded database. Otherwise `DATABASE_URL`, or the default local
 * database (created when missing). An explicit `DATABASE_URL` that does not answer is an error;
 * an unreachable default falls back to the embedded database.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<DatabaseChoice>}
 */
export async function chooseDatabase(env) {
  if (/^(1|true|yes|on)$/i.test(env.BENCH_EMBEDDED ?? '')) {
    return { kind: 'embedded', reason: 'BENCH_EMBEDDED is set' };
  }
  const explicit = Boolean(env.DATABASE_URL?.trim());
  const url = explicit ? /** @type {string} */ (env.DATABASE_URL).trim() : DEFAULT_DATABASE_URL;
  try {
    await ping(url);
    return { kind: 'postgres', url, created: false };
  } catch (err) {
    const code = /** @type {{ code?: string }} */ (err).code;
    if (code === '3D000' && !explicit) {
      await createDatabase(url);
      await ping(url);
      return { kind: 'postgres', url, created: true };
    }
    if (explicit) throw new Error(`DATABASE_URL (${redact(url)}) does not answer: ${describe(err)}`, { cause: err });
    return { kind: 'embedded', reason: `PostgreSQL unreachable at ${redact(url)}: ${describe(err)}` };
  }
}

/** @param {string} url */
async function ping(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `CREATE DATABASE <name>` through the server's `postgres` database.
 * @param {string} url
 */
async function createDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } catch (err) {
    if (/** @type {{ code?: string }} */ (err).code !== '42P04') throw err; // created meanwhile
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies the API's migrations with its own script (the API does not migrate a real database at start).
 * @param {string} root  Repository root.
 * @param {string} url
 * @param {NodeJS.ProcessEnv} env
 */
export async function migrate(root, url, env) {
  const script = join(root, 'apps/api/scripts/migrate.ts');
  if (!existsSync(script)) {
    throw new Error(
      'apps/api/scripts/migrate.ts is missing, so the PostgreSQL database cannot be migrated.\n' +
        '  Run with BENCH_EMBEDDED=1 to benchmark on the embedded database (no pg baseline).',
    );
  }
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  /** @type {NodeJS.ProcessEnv} */
  const migrateEnv = { ...env, DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  // An owner-role URL only goes with the database it was given for.
  if (env.DATABASE_URL?.trim() !== url) delete migrateEnv.DATABASE_MIGRATION_URL;
  await runToCompletion('migrate', process.execPath, [tsx, script], { cwd: root, env: migrateEnv });
}

/**
 * A URL with its password masked, for output.
 * @param {string} url
 */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '<invalid URL>';
  }
}

/** @param {unknown} err */
function describe(err) {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  return err instanceof Error ? err.message || err.name : String(err);
}
