/**
 * The demo stores' settings, taxes, shipping and promotions seed, on a database of its own (the
 * demo stores have fixed slugs): each store gets the methods and tax display of its currency, its
 * tax rates, zones with a store-wide standard and express rate (and Demo Crafts' own weight rate),
 * the two coupons and the demo store's automatic promotion; a second run creates nothing.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedPricing } from '../../src/modules/pricing/index.js';
import { seedStoreSettings, seedTenants } from '../../src/modules/tenancy/index.js';
import { type Database, openDatabase, rowsOf } from '../../src/platform/db/client.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { newId } from '../../src/platform/ids.js';
import { testDatabase } from '../helpers.js';

let database: Database;
let dropDatabase: (() => Promise<void>) | undefined;

/** On PostgreSQL: a fresh database on the run's server, migrated, dropped at the end. */
async function ownPostgresDatabase(runUrl: string): Promise<Database> {
  const name = `bazaar_cseed_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: runUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 2 });
  await migrate(db);
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: runUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return db;
}

/** The stores, then the catalog's Demo Crafts (the one vendor the seed refers to), then the seed. */
const seedAll = () =>
  database.db.transaction(async (tx) => {
    await seedTenants(tx);
    const [demo] = rowsOf<{ id: string }>(await tx.execute(sql`select id from tenants where slug = 'demo'`));
    if (!demo) throw new Error('no demo store');
    await tx.execute(sql`select set_config('app.tenant_id', ${demo.id}, true)`);
    await tx.execute(sql`
      insert into vendors (tenant_id, id, slug, name, description, status)
      values (${demo.id}, ${newId()}, 'demo-crafts', 'Demo Crafts', '', 'approved')
      on conflict do nothing`);
    await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
    return [...(await seedStoreSettings(tx)), ...(await seedPricing(tx))];
  });

beforeAll(async () => {
  const runUrl = inject('databaseUrl');
  database = runUrl ? await ownPostgresDatabase(runUrl) : await testDatabase();
}, 120_000);

afterAll(async () => {
  if (dropDatabase) {
    await database.close();
    await dropDatabase();
  }
});

async function inStore<T>(slug: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const [store] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from tenants where slug = ${slug}`));
  if (!store) throw new Error(`no store ${slug}`);
  return database.tenantTransaction({ tenantId: store.id, actorId: null }, async (tx) =>
    rowsOf<T>(await tx.execute(query)),
  );
}

async function counts() {
  const [c] = rowsOf<Record<string, number>>(
    await database.db.execute(sql`
      select (select count(*)::int from store_settings) as settings,
             (select count(*)::int from tax_rates) as taxes,
             (select count(*)::int from shipping_zones) as zones,
             (select count(*)::int from shipping_rates) as rates,
             (select count(*)::int from coupons) as coupons`),
  );
  return c;
}

describe('demo settings and pricing seed', () => {
  it('seeds each demo store once', async () => {
    const created = await seedAll();
    expect(created.sort()).toEqual(
      ['settings:demo', 'settings:acme', 'settings:mumbai', 'pricing:demo', 'pricing:acme', 'pricing:mumbai'].sort(),
    );
    const before = await counts();

    expect(
      await inStore('mumbai', sql`select payment_methods, prices_include_tax, default_country from store_settings`),
    ).toEqual([
      { payment_methods: ['card', 'upi', 'netbanking', 'cod'], prices_include_tax: true, default_country: 'IN' },
    ]);
    expect(
      await inStore('demo', sql`select payment_methods, prices_include_tax, default_country from store_settings`),
    ).toEqual([{ payment_methods: ['card', 'cod'], prices_include_tax: false, default_country: 'US' }]);
    expect(
      await inStore('acme', sql`select payment_methods, prices_include_tax, default_country from store_settings`),
    ).toEqual([{ payment_methods: ['card'], prices_include_tax: true, default_country: 'DE' }]);

    const demoTaxes = await inStore<{ country: string; region: string | null; rate_bps: number }>(
      'demo',
      sql`select country, region, rate_bps from tax_rates order by coalesce(region, '')`,
    );
    expect(demoTaxes.map((r) => [r.country, r.region, r.rate_bps])).toEqual([
      ['US', null, 0],
      ['US', 'CA', 725],
      ['US', 'NY', 400],
      ['US', 'TX', 625],
    ]);
    expect(
      (
        await inStore<{ country: string; rate_bps: number }>(
          'acme',
          sql`select country, rate_bps from tax_rates order by country`,
        )
      ).map((r) => [r.country, r.rate_bps]),
    ).toEqual([
      ['AT', 2000],
      ['DE', 1900],
    ]);
    expect(await inStore('mumbai', sql`select country, rate_bps from tax_rates`)).toEqual([
      { country: 'IN', rate_bps: 1800 },
    ]);

    // Every store: a store-wide standard rate free over a threshold, and an express rate.
    for (const slug of ['demo', 'acme', 'mumbai']) {
      const rates = await inStore<{ name: string; vendor_id: string | null; free_over: number | null }>(
        slug,
        sql`select name, vendor_id, free_over from shipping_rates where vendor_id is null and name in ('Standard', 'Express')`,
      );
      expect(rates.find((r) => r.name === 'Standard')?.free_over, slug).toBeGreaterThan(0);
      expect(
        rates.find((r) => r.name === 'Express'),
        slug,
      ).toBeDefined();
      const codes = await inStore<{
        code: string;
        kind: string;
        value: number;
        min_subtotal: number;
        per_customer_limit: number | null;
      }>(
        slug,
        sql`select code, kind, value, min_subtotal, per_customer_limit from coupons where code is not null order by code`,
      );
      expect(codes).toEqual([
        { code: 'FREESHIP', kind: 'free_shipping', value: 0, min_subtotal: 5000, per_customer_limit: null },
        { code: 'WELCOME10', kind: 'percentage', value: 1000, min_subtotal: 0, per_customer_limit: 1 },
      ]);
    }
    const crafts = await inStore<{ kind: string; vendor: string }>(
      'demo',
      sql`select r.kind, v.slug as vendor from shipping_rates r join vendors v on v.id = r.vendor_id`,
    );
    expect(crafts).toEqual([{ kind: 'weight', vendor: 'demo-crafts' }]);
    const automatic = await inStore<{ automatic: boolean; vendor: string; value: number; min_subtotal: number }>(
      'demo',
      sql`select c.automatic, v.slug as vendor, c.value, c.min_subtotal from coupons c join vendors v on v.id = c.vendor_id`,
    );
    expect(automatic).toEqual([{ automatic: true, vendor: 'demo-crafts', value: 500, min_subtotal: 10000 }]);

    // A second run changes nothing.
    expect(await seedAll()).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
