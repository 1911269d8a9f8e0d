/** The embedded database keeps its data in BAZAAR_DATA_DIR across restarts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime } from '../../src/runtime.js';
import { buildTenant } from '../factories.js';

describe('embedded database', () => {
  it('migrates and seeds on first start, and keeps everything across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bazaar-persist-'));
    const config = loadConfig({ BAZAAR_DATA_DIR: dataDir });
    expect(config.demo).toBe(true);
    const log = pino({ level: 'silent' });
    try {
      const first = await createRuntime(config, log);
      const made = await buildTenant(first, { name: 'Survivor' });
      await first.close();

      const second = await createRuntime(config, log);
      const again = await second.services.tenancy.resolver.byRef(made.slug);
      expect(again).toMatchObject({ id: made.id, slug: made.slug });
      expect(await second.services.tenancy.resolver.byRef('demo')).toMatchObject({
        slug: 'demo',
        defaultCurrency: 'USD',
      });
      expect(await second.services.tenancy.resolver.byDomain('mumbai.localhost')).toMatchObject({
        slug: 'mumbai',
        defaultCurrency: 'INR',
        defaultLocale: 'en-IN',
      });
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
