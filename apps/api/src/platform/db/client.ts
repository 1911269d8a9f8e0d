/**
 * The database handle: PGlite in process when no `DATABASE_URL` is set, a `pg` pool otherwise.
 * Both speak PostgreSQL; callers see one Drizzle interface.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly db: Db;
  /** Runs a plain SQL script (several statements, no parameters): migrations and set-up only. */
  exec(sqlText: string): Promise<void>;
  /** Connection pool usage; the embedded database has a single in-process connection. */
  poolStats(): PoolStats;
  close(): Promise<void>;
  /** Embedded only: a compressed snapshot of the whole database (tests start from one). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface DatabaseOptions {
  /** `postgres://…`; absent selects the embedded database. */
  url?: string | undefined;
  poolSize?: number;
  /** Embedded only: where PGlite keeps its files; absent keeps the database in memory. */
  dataDir?: string | undefined;
  /** Embedded only: a `dumpDataDir()` snapshot to start from (tests). */
  snapshot?: Blob | File | undefined;
  applicationName?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts) : openEmbedded(opts);
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const max = opts.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: opts.applicationName ?? 'bazaar',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection emits here; the pool replaces it on next checkout.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    db: drizzlePg(pool),
    async exec(sqlText) {
      await pool.query(sqlText);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    close: () => pool.end(),
  };
}

async function openEmbedded(opts: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = join(opts.dataDir, 'pg');
    await mkdir(dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(opts.snapshot ? { loadDataDir: opts.snapshot } : {}),
  });
  return {
    kind: 'embedded',
    db: drizzlePglite(client) as unknown as Db,
    async exec(sqlText) {
      await client.exec(sqlText);
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('gzip'),
  };
}

/** Rows of a raw `execute()` result; `pg` and PGlite both return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
