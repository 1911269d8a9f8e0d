/** `npm run db:seed`: adds the demo stores, accounts and catalog (images included) when they are absent. */
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { loadPiiCipher } from '../src/platform/crypto/pii.js';
import { openStorage } from '../src/platform/storage/index.js';
import { seedDemo } from '../src/runtime.js';

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseMigrationUrl, poolSize: 1, dataDir: config.dataDir });
  try {
    const pii = await loadPiiCipher({ configured: config.encryptionKeys, dataDir: config.dataDir });
    const created = await seedDemo(database, pii, await openStorage(config));
    process.stdout.write(created.length > 0 ? `created: ${created.join(', ')}\n` : 'demo data already present\n');
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
