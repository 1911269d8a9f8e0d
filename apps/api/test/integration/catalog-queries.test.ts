/**
 * The catalog's reads send a fixed number of SQL statements, whatever the page size or the number of
 * variants and images: no query per row. Statements are counted on the database handle the app
 * runs on (inside its tenant transactions), with the cache off.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { createCategory, createProduct, createVendor, type TestProduct } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp, testDatabase } from '../helpers.js';
import { recording } from '../statement-recorder.js';

describe('statements per catalog read', () => {
  let app: TestApp;
  let rec: ReturnType<typeof recording>;
  let store: { id: string; slug: string };
  let category: { id: string; slug: string };
  let vendor: { id: string; slug: string };
  let plain: TestProduct;
  let rich: TestProduct;

  beforeAll(async () => {
    rec = recording(await testDatabase());
    app = await startApp({ CATALOG_CACHE_TTL: '0', REDIS_URL: '' }, { database: rec.database });
    const rt = app.runtime;
    store = await buildTenant(rt);
    vendor = await createVendor(rt, store.id);
    const other = await createVendor(rt, store.id);
    const root = await createCategory(rt, store.id, { name: 'Lighting' });
    category = await createCategory(rt, store.id, { name: 'Lamps', parentId: root.id });
    for (let i = 0; i < 60; i++) {
      const p = await createProduct(rt, store.id, {
        vendorId: i % 3 ? vendor.id : other.id,
        categoryId: i % 2 ? category.id : root.id,
        title: `Lamp number ${i}`,
        variants: [
          { price: 1000 + i * 37, compareAtPrice: 9000 },
          { price: 2000 + i * 53, onHand: i % 4 },
        ],
      });
      await addImages(p.id, 1);
    }
    plain = await createProduct(rt, store.id, { vendorId: vendor.id, title: 'Plain lamp', variants: [{ price: 500 }] });
    rich = await createProduct(rt, store.id, {
      vendorId: vendor.id,
      categoryId: category.id,
      title: 'Rich lamp',
      options: [{ name: 'Shade', values: Array.from({ length: 30 }, (_, i) => `s${i}`) }],
      variants: Array.from({ length: 30 }, (_, i) => ({ price: 700 + i, options: { Shade: `s${i}` } })),
    });
    await addImages(rich.id, 5);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function addImages(productId: string, n: number) {
    for (let i = 0; i < n; i++) {
      const id = newId();
      await app.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
        tx.execute(sql`insert into product_images (tenant_id, id, product_id, storage_key, thumbnail_key, content_type, width, height, bytes, position)
                       values (${store.id}::uuid, ${id}::uuid, ${productId}::uuid, ${`k/${id}.webp`}, ${`k/${id}-thumb.webp`}, 'image/webp', 10, 10, 100, ${i})`),
      );
    }
  }

  /** Statements one request sends, and its JSON body. */
  async function measure(
    url: string,
  ): Promise<{ count: number; body: Record<string, unknown> & { data?: unknown[] } }> {
    const from = rec.statements.length;
    const res = await app.app.inject({ method: 'GET', url, headers: { 'x-tenant-id': store.slug } });
    expect(res.statusCode, res.body).toBe(200);
    return { count: rec.statements.length - from, body: res.json() };
  }

  it('lists with the same statements for 5 rows and for 50, on every page', async () => {
    const cases: Array<[string, number]> = [
      // [query, statements]: the facet counts and the page, one more to resolve category or vendor
      // names. Searches and price ranges that cut price buckets set their settings first; a search
      // reads page and facets in one statement, and once more when it falls back to fuzzy titles.
      ['', 2],
      ['sort=price_asc&inStock=true', 2],
      ['minPrice=1000&maxPrice=4999&sort=rating', 2],
      ['minPrice=1234&maxPrice=5000&sort=rating', 3],
      [`category=${category.slug}&vendor=${vendor.slug}&sort=price_desc`, 3],
      ['q=lamp', 2],
      [`q=lamp&category=${category.id}&sort=newest`, 3],
      ['q=lampp', 3],
    ];
    for (const [query, expected] of cases) {
      const small = await measure(`/api/v1/products?${query}&limit=5`);
      const large = await measure(`/api/v1/products?${query}&limit=50`);
      expect(small.body.data!.length, query).toBeGreaterThan(0);
      expect(large.body.data!.length, query).toBeGreaterThan(small.body.data!.length);
      expect([small.count, large.count], query).toEqual([expected, expected]);
      const links = (b: Record<string, unknown>) => b.links as { next: string | null };
      const nextSmall = await measure(links(small.body).next!);
      const nextLarge = await measure(links(large.body).next ?? links(small.body).next!);
      expect(nextSmall.count, `${query} next page`).toBe(nextLarge.count);
    }
  });

  it('shows a product page in one statement, with 1 or 30 variants and 0 or 5 images', async () => {
    const one = await measure(`/api/v1/products/${plain.id}`);
    const many = await measure(`/api/v1/products/${rich.slug}`);
    expect((one.body.variants as unknown[]).length).toBe(1);
    expect((one.body.images as unknown[]).length).toBe(0);
    expect((many.body.variants as unknown[]).length).toBe(30);
    expect((many.body.images as unknown[]).length).toBe(5);
    expect([one.count, many.count]).toEqual([1, 1]);
  });

  it('suggests in one statement, or two with the fallback to titles that look alike', async () => {
    expect((await measure('/api/v1/products/suggest?q=la')).count).toBe(1);
    expect((await measure('/api/v1/products/suggest?q=lamp')).count).toBe(1);
    expect((await measure('/api/v1/products/suggest?q=lampp')).count).toBe(2);
  });
});
