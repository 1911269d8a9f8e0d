import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { type Database, rowsOf } from './client.js';

/** The committed SQL migrations (`apps/api/drizzle`), from `src/` and from `dist/` alike. */
export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** What the committed migrations and grants add up to: changes when either changes. */
async function schemaState(): Promise<string> {
  const journal = JSON.parse(await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const grants = await readFile(`${migrationsFolder}/post-migrate.sql`, 'utf8');
  const hash = createHash('sha256').update(grants).digest('hex').slice(0, 16);
  return `${journal.entries.length}:${journal.entries.at(-1)?.tag ?? ''}:${hash}`;
}

async function appliedState(database: Database): Promise<string | undefined> {
  const [meta] = rowsOf<{ present: boolean }>(
    await database.db.execute(sql`select to_regclass('public.bazaar_meta') is not null as present`),
  );
  if (!meta?.present) return undefined;
  const [row] = rowsOf<{ value: string }>(
    await database.db.execute(sql`select value from bazaar_meta where key = 'schema_state'`),
  );
  return row?.value;
}

/**
 * Applies pending migrations, then the idempotent role and grant script. Serialised across
 * processes with an advisory lock, so replicas starting together do not race. A database already
 * at the committed state is left alone (a restart costs one query). The lock is held by a session:
 * call this with a single-connection database handle.
 */
export async function migrate(database: Database): Promise<void> {
  const wanted = await schemaState();
  if ((await appliedState(database)) === wanted) return;
  await database.db.execute(sql`select pg_advisory_lock(hashtext('bazaar.migrate'))`);
  try {
    if (database.kind === 'embedded') {
      const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      const { migrate: migratePg } = await import('drizzle-orm/node-postgres/migrator');
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    }
    await database.exec(await readFile(`${migrationsFolder}/post-migrate.sql`, 'utf8'));
    await database.db.execute(
      sql`insert into bazaar_meta (key, value) values ('schema_state', ${wanted}) on conflict (key) do update set value = excluded.value`,
    );
  } finally {
    await database.db.execute(sql`select pg_advisory_unlock(hashtext('bazaar.migrate'))`);
  }
}
