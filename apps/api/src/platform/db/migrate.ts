import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './client.js';

/** The committed SQL migrations (`apps/api/drizzle`), from `src/` and from `dist/` alike. */
export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/**
 * Applies pending migrations, then the idempotent role and grant script. Serialised across
 * processes with an advisory lock, so replicas starting together do not race.
 */
export async function migrate(database: Database): Promise<void> {
  await database.db.execute(sql`select pg_advisory_lock(hashtext('bazaar.migrate'))`);
  try {
    if (database.kind === 'embedded') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    }
    await database.exec(await readFile(`${migrationsFolder}/post-migrate.sql`, 'utf8'));
  } finally {
    await database.db.execute(sql`select pg_advisory_unlock(hashtext('bazaar.migrate'))`);
  }
}
