/**
 * The demo catalog seed on a database of its own (the demo stores have fixed slugs, so it must not
 * share one with files that seed them too): vendors linked to their accounts, the category tree
 * with translations, listed products with variants, stored images, reviews with consistent rating
 * summaries, the small catalogs of the other stores, and a second run that creates nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../../src/platform/db/client.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { loadPiiCipher, type PiiCipher } from '../../src/platform/crypto/pii.js';
import { createLocalStorage, type ObjectStorage } from '../../src/platform/storage/index.js';
import { DEMO_PASSWORD } from '../../src/modules/identity/index.js';
import { seedDemo } from '../../src/runtime.js';
import { startApp, testDatabase } from '../helpers.js';
import { login } from '../identity-helpers.js';

let database: Database;
let pii: PiiCipher;
let storage: ObjectStorage;
let dir: string;
let created: string[];
let dropDatabase: (() => Promise<void>) | undefined;
/** The seed and the app must read personal data with the same key. */
const encryptionKeys = `seed:${randomBytes(32).toString('base64')}`;

/** On PostgreSQL: a fresh database on the run's server, migrated, dropped at the end. */
async function ownPostgresDatabase(runUrl: string): Promise<Database> {
  const name = `bazaar_seed_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: runUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 3 });
  await migrate(db);
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: runUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return db;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bazaar-seed-'));
  const runUrl = inject('databaseUrl');
  // Embedded: this file's PGlite, started from the migrated snapshot, is its alone.
  database = runUrl ? await ownPostgresDatabase(runUrl) : await testDatabase();
  pii = await loadPiiCipher({ configured: [encryptionKeys], dataDir: dir });
  storage = createLocalStorage(join(dir, 'objects'));
  created = await seedDemo(database, pii, storage);
}, 180_000);

afterAll(async () => {
  if (dropDatabase) {
    await database.close();
    await dropDatabase();
  }
  await rm(dir, { recursive: true, force: true });
});

async function storeId(slug: string): Promise<string> {
  const rows = rowsOf<{ id: string }>(await database.db.execute(sql`select id from tenants where slug = ${slug}`));
  const id = rows[0]?.id;
  if (!id) throw new Error(`no store ${slug}`);
  return id;
}

/** Rows of `query` as the app role inside the store's tenant setting (row-level security applies). */
async function inStore<T>(slug: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const tenantId = await storeId(slug);
  return database.tenantTransaction({ tenantId, actorId: null }, async (tx) => rowsOf<T>(await tx.execute(query)));
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function counts() {
  const demo = await storeId('demo');
  const [c] = rowsOf<{
    vendors: number;
    categories: number;
    products: number;
    variants: number;
    images: number;
    reviews: number;
    demo_users: number;
  }>(
    await database.db.execute(sql`
      select (select count(*)::int from vendors) as vendors,
             (select count(*)::int from categories) as categories,
             (select count(*)::int from products) as products,
             (select count(*)::int from variants) as variants,
             (select count(*)::int from product_images) as images,
             (select count(*)::int from reviews) as reviews,
             (select count(*)::int from users where tenant_id = ${demo}) as demo_users`),
  );
  if (!c) throw new Error('no counts');
  return { ...c, objects: (await filesUnder(join(dir, 'objects'))).length };
}

describe('demo catalog seed', () => {
  it('seeds the catalog of every demo store and the reviewer accounts', () => {
    expect(created).toEqual(expect.arrayContaining(['catalog:demo', 'catalog:acme', 'catalog:mumbai']));
    for (let i = 1; i <= 5; i++) expect(created).toContain(`reviewer${i}@demo.test`);
  });

  it('creates the two approved demo vendors, each linked to its vendor account', async () => {
    const rows = await inStore<{ slug: string; name: string; status: string; description: string; linked: string[] }>(
      'demo',
      sql`select v.slug, v.name, v.status, v.description,
                 array(select u.roles::text from users u where u.vendor_id = v.id) as linked
            from vendors v order by v.slug`,
    );
    expect(rows.map((r) => [r.slug, r.name, r.status])).toEqual([
      ['demo-crafts', 'Demo Crafts', 'approved'],
      ['second-shelf', 'Second Shelf', 'approved'],
    ]);
    for (const r of rows) {
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.linked).toHaveLength(1);
      expect(r.linked[0]).toContain('vendor');
    }
    // The link names the right account: the vendor's applicant is the account that acts for it.
    const [pairs] = await inStore<{ ok: boolean }>(
      'demo',
      sql`select bool_and(u.vendor_id = v.id) as ok from vendors v join users u on u.id = v.applicant_user_id`,
    );
    expect(pairs?.ok).toBe(true);
  });

  it('builds a nested category tree with German names', async () => {
    const rows = await inStore<{ slug: string; parent: string | null; de: string | null }>(
      'demo',
      sql`select c.slug, p.slug as parent, c.translations -> 'de' ->> 'name' as de
            from categories c left join categories p on p.id = c.parent_id order by c.slug`,
    );
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.slug === 'kitchen')).toMatchObject({ parent: 'home', de: 'Küche' });
    expect(rows.find((r) => r.slug === 'textiles')).toMatchObject({ parent: 'home', de: 'Heimtextilien' });
    expect(rows.find((r) => r.slug === 'books')).toMatchObject({ parent: null, de: 'Bücher' });
    expect(rows.every((r) => r.de)).toBe(true);
  });

  it('lists about forty products with variants whose summaries the database computed', async () => {
    const products = await inStore<{
      slug: string;
      status: string;
      listed: boolean;
      featured: boolean;
      currency: string;
      price_min: number | null;
      price_max: number | null;
      in_stock: boolean;
      option_names: string[];
      variants: number;
      min_price: number;
      max_price: number;
      available: number;
      option_keys_ok: boolean;
    }>(
      'demo',
      sql`select p.slug, p.status, p.listed, p.featured, p.currency, p.price_min, p.price_max, p.in_stock,
                 array(select o ->> 'name' from jsonb_array_elements(p.options) o) as option_names,
                 count(v.id)::int as variants, min(v.price) as min_price, max(v.price) as max_price,
                 coalesce(sum(v.on_hand - v.reserved), 0)::int as available,
                 bool_and((select count(*) from jsonb_object_keys(v.options)) = jsonb_array_length(p.options)) as option_keys_ok
            from products p join variants v on v.product_id = p.id
           group by p.tenant_id, p.id`,
    );
    const listed = products.filter((p) => p.listed);
    expect(listed.length).toBeGreaterThanOrEqual(38);
    expect(listed.length).toBeLessThanOrEqual(45);
    expect(products.filter((p) => p.status === 'pending_review').map((p) => p.listed)).toEqual([false]);
    expect(products.filter((p) => p.status === 'draft').map((p) => p.listed)).toEqual([false]);
    for (const p of products) {
      expect(p.currency).toBe('USD');
      expect(p.variants).toBeGreaterThanOrEqual(1);
      expect(p.variants).toBeLessThanOrEqual(4);
      expect([p.price_min, p.price_max]).toEqual([p.min_price, p.max_price]);
      expect(p.in_stock).toBe(p.available > 0);
      expect(p.option_keys_ok).toBe(true);
    }
    expect(listed.filter((p) => !p.in_stock).length).toBeGreaterThanOrEqual(3);
    expect(listed.filter((p) => p.featured).length).toBeGreaterThanOrEqual(4);
    expect(products.some((p) => p.option_names.includes('Colour'))).toBe(true);
    expect(products.some((p) => p.option_names.includes('Size'))).toBe(true);
    // Prices over the whole range of the storefront's price facet.
    const buckets = new Set(
      listed.map((p) => [1000, 2500, 5000, 10000, 25000, 50000].filter((b) => (p.price_min ?? 0) >= b).length),
    );
    expect(buckets.size).toBe(7);
    const [compare] = await inStore<{ n: number }>(
      'demo',
      sql`select count(*)::int as n from variants where compare_at_price > price`,
    );
    expect(compare?.n).toBeGreaterThanOrEqual(3);
  });

  it('keeps the facet counts equal to a direct count of the listed products', async () => {
    for (const store of ['demo', 'acme', 'mumbai']) {
      const [check] = await inStore<{ direct: number; facets: number; mismatched: number }>(
        store,
        sql`with direct as (
              select coalesce(category_id, '00000000-0000-0000-0000-000000000000'::uuid) as category_id, vendor_id,
                     catalog_price_bucket(price_min) as price_bucket, in_stock, featured, count(*)::int as n
                from products where listed group by 1, 2, 3, 4, 5)
            select (select coalesce(sum(n), 0)::int from direct) as direct,
                   (select coalesce(sum(count), 0)::int from catalog_facet_counts) as facets,
                   (select count(*)::int from direct d full join (select * from catalog_facet_counts where count > 0) f
                      using (category_id, vendor_id, price_bucket, in_stock, featured)
                     where d.n is distinct from f.count) as mismatched`,
      );
      expect(check?.direct).toBeGreaterThanOrEqual(8);
      expect(check).toMatchObject({ facets: check?.direct, mismatched: 0 });
    }
  });

  it('stores an image and a thumbnail for every product and makes it the primary image', async () => {
    const rows = await inStore<{
      slug: string;
      primary_ok: boolean;
      storage_key: string;
      thumbnail_key: string;
      content_type: string;
      width: number;
      height: number;
      bytes: number;
      alt: string;
      title: string;
    }>(
      'demo',
      sql`select p.slug, p.primary_image_id = i.id as primary_ok, i.storage_key, i.thumbnail_key, i.content_type,
                 i.width, i.height, i.bytes, i.alt, p.title
            from products p join product_images i on i.product_id = p.id`,
    );
    const [all] = await inStore<{ n: number }>('demo', sql`select count(*)::int as n from products`);
    expect(rows).toHaveLength(all?.n ?? -1);
    const demo = await storeId('demo');
    for (const r of rows) {
      expect(r.primary_ok).toBe(true);
      expect(r.alt).toBe(r.title);
      expect(r).toMatchObject({ content_type: 'image/webp', width: r.height });
      expect(r.width).toBeGreaterThanOrEqual(400);
      expect(r.storage_key.startsWith(`${demo}/products/`)).toBe(true);
      const image = await readFile(join(dir, 'objects', r.storage_key));
      expect(image.length).toBe(r.bytes);
      expect(image.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(image.subarray(8, 12).toString('latin1')).toBe('WEBP');
      const thumb = await storage.get(r.thumbnail_key);
      expect(thumb?.contentType).toBe('image/webp');
      thumb?.body.destroy();
    }
  });

  it('writes reviews by demo customers and keeps every rating summary consistent with them', async () => {
    const [stats] = await inStore<{ reviews: number; products: number; authors: number; ratings: number[] }>(
      'demo',
      sql`select count(*)::int as reviews, count(distinct product_id)::int as products,
                 count(distinct user_id)::int as authors, array_agg(distinct rating order by rating) as ratings
            from reviews`,
    );
    expect(stats?.reviews).toBeGreaterThanOrEqual(40);
    expect(stats?.products).toBeGreaterThanOrEqual(25);
    expect(stats?.authors).toBe(5);
    expect(stats?.ratings).toEqual([1, 2, 3, 4, 5]);
    const inconsistent = await inStore<{ slug: string }>(
      'demo',
      sql`select p.slug from products p
            left join lateral (
              select count(*)::int as n, coalesce(round(avg(r.rating), 2), 0) as average,
                     array[count(*) filter (where r.rating = 1), count(*) filter (where r.rating = 2),
                           count(*) filter (where r.rating = 3), count(*) filter (where r.rating = 4),
                           count(*) filter (where r.rating = 5)]::int[] as histogram
                from reviews r where r.product_id = p.id and r.deleted_at is null and r.hidden_at is null) s on true
           where (p.rating_count, p.rating_avg, p.rating_histogram) is distinct from (s.n, s.average, s.histogram)`,
    );
    expect(inconsistent).toEqual([]);
    const [summary] = await inStore<{ rated: number }>(
      'demo',
      sql`select count(*)::int as rated from products where rating_count > 0`,
    );
    expect(summary?.rated).toBe(stats?.products);
  });

  it('gives the acme store a German catalog in euros and the mumbai store one in rupees', async () => {
    const acme = await inStore<{ title: string; currency: string; category: string }>(
      'acme',
      sql`select p.title, p.currency, c.name as category from products p join categories c on c.id = p.category_id where p.listed`,
    );
    expect(acme.length).toBeGreaterThanOrEqual(8);
    expect(new Set(acme.map((p) => p.currency))).toEqual(new Set(['EUR']));
    expect(acme.map((p) => p.title)).toContain('Wanderrucksack 30 L');
    expect(new Set(acme.map((p) => p.category))).toEqual(new Set(['Rucksäcke', 'Bekleidung', 'Zubehör']));
    const mumbai = await inStore<{ currency: string; price_min: number }>(
      'mumbai',
      sql`select currency, price_min from products where listed`,
    );
    expect(mumbai.length).toBeGreaterThanOrEqual(8);
    expect(new Set(mumbai.map((p) => p.currency))).toEqual(new Set(['INR']));
    const [vendor] = await inStore<{ status: string }>('mumbai', sql`select status from vendors`);
    expect(vendor?.status).toBe('approved');
  });

  it('lets the reviewer and vendor accounts sign in with the demo password', async () => {
    const t = await startApp({ ENCRYPTION_KEYS: encryptionKeys }, { database });
    try {
      await login(t.app, { email: 'reviewer3@demo.test', password: DEMO_PASSWORD }, { tenant: 'demo' });
      const vendor = await login(t.app, { email: 'vendor2@demo.test', password: DEMO_PASSWORD }, { tenant: 'demo' });
      const claims = JSON.parse(Buffer.from(vendor.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        roles: string[];
      };
      expect(claims.roles).toContain('vendor');
    } finally {
      await t.close();
    }
  });

  it('creates nothing on a second run', async () => {
    const before = await counts();
    expect(before.objects).toBe(2 * before.images);
    expect(await seedDemo(database, pii, storage)).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
