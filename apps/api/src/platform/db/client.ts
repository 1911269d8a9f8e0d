/**
 * The database handle: PGlite in process when no `DATABASE_URL` is set, a `pg` pool otherwise.
 * Both speak PostgreSQL; callers see one Drizzle interface.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { isUuid } from '../ids.js';

/** The role every request's queries run as: owns no table, cannot bypass row-level security. */
export const APP_ROLE = 'bazaar_app';

/** The statement that starts tenant scope, with bind parameters (works on any connection). */
export const enterScopeSql = (scope: TenantScope) =>
  sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${scope.tenantId ?? ''}, true), set_config('app.actor_id', ${scope.actorId ?? ''}, true)`;

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

/** Who a tenant transaction acts for: becomes `app.tenant_id` / `app.actor_id`. */
export interface TenantScope {
  tenantId: string | null;
  actorId: string | null;
}

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly db: Db;
  /**
   * Runs `fn` in a transaction that first drops to the app role and sets the tenant and actor
   * (row-level security and the audit columns read them). Commits when `fn` resolves.
   */
  tenantTransaction<T>(scope: TenantScope, fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a plain SQL script (several statements, no parameters): migrations and set-up only. */
  exec(sqlText: string): Promise<void>;
  /** Connection pool usage; the embedded database has a single in-process connection. */
  poolStats(): PoolStats;
  close(): Promise<void>;
  /** Embedded only: a compressed snapshot of the whole database (tests start from one). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * Receives the payload of every `NOTIFY` on `channel` (sent by any process on this database, once
   * its transaction commits) until the returned function is called. One listening connection per
   * database handle, whatever the number of channels and listeners.
   */
  listen?(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
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

/**
 * `BEGIN` and the scope settings in one round trip (a simple-protocol query, so no bind
 * parameters): only for values that are UUIDs, which cannot carry anything but hex and dashes.
 */
function beginScopeText(scope: TenantScope): string | undefined {
  const literal = (v: string | null) => (v === null ? "''" : isUuid(v) ? `'${v}'` : undefined);
  const tenant = literal(scope.tenantId);
  const actor = literal(scope.actorId);
  if (tenant === undefined || actor === undefined) return undefined;
  return `begin; select set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', ${tenant}, true), set_config('app.actor_id', ${actor}, true)`;
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const max = opts.poolSize ?? 10;
  const listener = pgListener(url, opts.applicationName ?? 'bazaar');
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: opts.applicationName ?? 'bazaar',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection emits here; the pool replaces it on next checkout.
  pool.on('error', () => undefined);
  const db: Db = drizzlePg(pool);
  // One Drizzle handle per pooled connection, made once: pooled clients are reused.
  const handles = new WeakMap<pg.PoolClient, Db>();
  const handleFor = (client: pg.PoolClient): Db => {
    let h = handles.get(client);
    if (!h) {
      h = withSavepoints(drizzlePg(client));
      handles.set(client, h);
    }
    return h;
  };
  return {
    kind: 'postgres',
    db,
    async tenantTransaction(scope, fn) {
      const begin = beginScopeText(scope);
      if (begin === undefined) {
        return db.transaction(async (tx) => {
          await tx.execute(enterScopeSql(scope));
          return fn(tx);
        });
      }
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await fn(handleFor(client));
        await client.query('commit');
        return result;
      } catch (err) {
        try {
          await client.query('rollback');
        } catch (rollbackErr) {
          broken = rollbackErr as Error; // the connection is unusable: the pool discards it
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async exec(sqlText) {
      await pool.query(sqlText);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    listen: (channel, fn) => listener.listen(channel, fn),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * `db` with `transaction()` as a savepoint. A request's transaction on PostgreSQL is a pooled
 * client's Drizzle handle (its BEGIN was sent with the scope settings), whose own `transaction()`
 * would send a second BEGIN and later COMMIT the request's transaction half-way, dropping its tenant
 * setting: code that guards a step with `transaction()` gets a savepoint instead, as it would
 * inside a Drizzle transaction.
 */
function withSavepoints(db: Db): Db {
  let n = 0;
  const proxy: Db = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
          const name = sql.raw(`bazaar_sp_${++n}`);
          await target.execute(sql`savepoint ${name}`);
          try {
            const result = await fn(proxy);
            await target.execute(sql`release savepoint ${name}`);
            return result;
          } catch (err) {
            await target.execute(sql`rollback to savepoint ${name}`);
            throw err;
          }
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return proxy;
}

const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * LISTEN on real PostgreSQL: a dedicated connection outside the pool (a pooled one would be handed
 * to other work), opened with the first listener and closed with the last. A lost connection is
 * reopened after a pause and listens again; notifications sent meanwhile are missed, which callers
 * accept (they re-read state rather than trust every message).
 */
function pgListener(url: string, applicationName: string) {
  const channels = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: `${applicationName}-listen` });
      c.on('notification', (msg) => {
        for (const fn of channels.get(msg.channel) ?? []) fn(msg.payload ?? '');
      });
      const lost = () => {
        if (client !== c) return;
        client = undefined;
        connecting = undefined;
        if (!closed && channels.size > 0) retry ??= setTimeout(reconnect, 1_000);
      };
      c.on('error', lost);
      c.on('end', lost);
      try {
        await c.connect();
      } catch (err) {
        connecting = undefined;
        throw err;
      }
      client = c;
      for (const ch of channels.keys()) await c.query(`listen ${ch}`);
      return c;
    })();
    return connecting;
  };

  const reconnect = () => {
    retry = undefined;
    if (closed || channels.size === 0) return;
    connect().catch(() => {
      retry ??= setTimeout(reconnect, 1_000);
    });
  };

  return {
    async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
      if (!CHANNEL_RE.test(channel)) throw new Error(`not a channel name: ${channel}`);
      if (closed) throw new Error('the database is closed');
      let set = channels.get(channel);
      const fresh = !set;
      if (!set) {
        set = new Set();
        channels.set(channel, set);
      }
      set.add(fn);
      try {
        const c = client ?? (await connect());
        // A new connection listens to every known channel as it opens.
        if (fresh && client === c) await c.query(`listen ${channel}`);
      } catch (err) {
        set.delete(fn);
        if (set.size === 0) channels.delete(channel);
        throw err;
      }
      return async () => {
        const current = channels.get(channel);
        if (!current?.delete(fn) || current.size > 0) return;
        channels.delete(channel);
        const c = client;
        if (channels.size === 0) {
          client = undefined;
          connecting = undefined;
          await c?.end().catch(() => undefined);
        } else {
          await c?.query(`unlisten ${channel}`).catch(() => undefined);
        }
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      channels.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

async function openEmbedded(opts: DatabaseOptions): Promise<Database> {
  // Loaded only for the embedded database: a process on real PostgreSQL never pays for them.
  const [{ PGlite }, { drizzle: drizzlePglite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = join(opts.dataDir, 'pg');
    await mkdir(dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    // Trigram similarity: typo-tolerant catalog search (migration 0004 creates the extension).
    extensions: { pg_trgm },
    ...(dataDir ? { dataDir } : {}),
    ...(opts.snapshot ? { loadDataDir: opts.snapshot } : {}),
  });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'embedded',
    db,
    tenantTransaction: (scope, fn) =>
      db.transaction(async (tx) => {
        await tx.execute(enterScopeSql(scope));
        return fn(tx);
      }),
    async exec(sqlText) {
      await client.exec(sqlText);
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    listen: async (channel, fn) => {
      const unlisten = await client.listen(channel, fn);
      return () => unlisten();
    },
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('gzip'),
  };
}

/** Rows of a raw `execute()` result; `pg` and PGlite both return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
