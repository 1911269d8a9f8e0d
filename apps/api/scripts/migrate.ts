/**
 * `npm run db:migrate`: applies the committed migrations to the database of
 * `DATABASE_MIGRATION_URL` (the owner role; falls back to `DATABASE_URL`), or to the embedded one.
 */
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { migrate } from '../src/platform/db/migrate.js';

try {
  const config = loadConfig();
  // One connection: the advisory lock that serialises concurrent migrations is held by a session.
  const database = await openDatabase({ url: config.databaseMigrationUrl, poolSize: 1, dataDir: config.dataDir });
  try {
    await migrate(database);
    process.stdout.write(`migrations applied (${database.kind} database)\n`);
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
