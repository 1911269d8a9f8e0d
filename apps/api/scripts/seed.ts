/** `npm run db:seed`: adds the demo stores (and, later, users and catalog) when they are absent. */
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { seedDemo } from '../src/runtime.js';

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseMigrationUrl, poolSize: 1, dataDir: config.dataDir });
  try {
    const created = await seedDemo(database);
    process.stdout.write(
      created.length > 0 ? `created demo stores: ${created.join(', ')}\n` : 'demo data already present\n',
    );
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
