/**
 * `npm run keys:rotate [-- --batch-size=200]`: re-encrypts stored personal data under the newest
 * key of ENCRYPTION_KEYS, so older keys can then be removed from the list. Safe to stop and re-run
 * (it continues where it stopped) and to run while the API serves requests. Exits non-zero on error.
 *
 * Rotating a key: put the new key first in ENCRYPTION_KEYS (keep the old ones), restart the API and
 * workers, run this, then remove the old key and restart again.
 */
import { loadConfig } from '../src/config.js';
import { loadPiiCipher } from '../src/platform/crypto/pii.js';
import { openDatabase } from '../src/platform/db/client.js';
import { CATALOG_SEALED_COLUMNS } from '../src/modules/catalog/index.js';
import { ORDERS_SEALED_COLUMNS } from '../src/modules/orders/index.js';
import { rotatePersonalData } from '../src/modules/identity/index.js';

function batchSizeOf(args: string[]): number {
  const arg = args.find((a) => a.startsWith('--batch-size='));
  if (!arg) return 200;
  const n = Number(arg.slice('--batch-size='.length));
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new Error('--batch-size must be a whole number from 1 to 10000');
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

try {
  const batchSize = batchSizeOf(process.argv.slice(2));
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseMigrationUrl, poolSize: 1, dataDir: config.dataDir });
  try {
    const pii = await loadPiiCipher({ configured: config.encryptionKeys, dataDir: config.dataDir });
    out(`re-encrypting personal data under key "${pii.currentKeyId}" (batches of ${batchSize})`);
    const started = Date.now();
    const report = await rotatePersonalData(database, pii, {
      batchSize,
      columns: [...CATALOG_SEALED_COLUMNS, ...ORDERS_SEALED_COLUMNS],
      onProgress: (p) => out(`  ${p.scope} ${p.table}: ${p.done} rows`),
    });
    const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
    out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.scopes} scopes, ${total} rows re-encrypted`);
    for (const [table, n] of Object.entries(report.rows)) out(`  ${table}: ${n}`);
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`key rotation failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
