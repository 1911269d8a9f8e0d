/**
 * The shopper's product list and product page: every filter and sort, what shoppers must never see,
 * keyset pages that stay stable while products are added, facet counts checked against direct SQL,
 * and the product page by id or slug.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import { PRICE_BUCKET_BOUNDS } from '../../src/modules/catalog/catalog.constants.js';
import type { Runtime } from '../../src/runtime.js';
import { createCategory, createProduct, createVendor, type TestProduct } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';

interface Money {
  amount: number;
  currency: string;
}
interface Item {
  id: string;
  slug: string;
  title: string;
  price: Money;
  priceRange: { min: Money; max: Money };
  compareAtPrice?: Money;
  image: { url: string; thumbnailUrl: string; alt: string; width: number; height: number } | null;
  vendor: { id: string; slug: string; name: string };
  category: { id: string; slug: string; name: string } | null;
  rating: { average: number; count: number };
  inStock: boolean;
  featured: boolean;
  createdAt: string;
}
interface Facet {
  id: string;
  slug: string;
  name: string;
  count: number;
}
interface ListBody {
  data: Item[];
  meta: { limit: number; cursor: string | null; total?: number; searchMode?: string };
  links: { self: string; next: string | null; prev: string | null };
  facets: {
    categories: Array<Facet & { parentId: string | null }>;
    vendors: Facet[];
    price: Array<{ min: number; max: number | null; count: number }>;
  };
}

const get = (app: FastifyInstance, tenant: string, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { 'x-tenant-id': tenant, ...headers } });

async function list(app: FastifyInstance, tenant: string, query: string): Promise<ListBody> {
  const res = await get(app, tenant, `/api/v1/products${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Runs SQL as the owner inside one store (row-level security applies). */
function inStore<T>(runtime: Runtime, tenantId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return runtime.database.tenantTransaction({ tenantId, actorId: null }, async (tx) =>
    rowsOf<T>(await tx.execute(query)),
  );
}

describe('the product list and page', () => {
  const t = useApp({ CATALOG_CACHE_TTL: '0' });
  let store: { id: string; slug: string };
  let acme: { id: string; slug: string; name: string };
  let bolt: { id: string; slug: string; name: string };
  let home: { id: string; slug: string; name: string };
  let bedding: { id: string; slug: string; name: string };
  let blankets: { id: string; slug: string; name: string };
  let kitchen: { id: string; slug: string; name: string };
  const visible: Record<string, TestProduct> = {};
  const hidden: Record<string, TestProduct> = {};
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n));

  beforeAll(async () => {
    const rt = t.runtime;
    store = await buildTenant(rt);
    acme = await createVendor(rt, store.id, { name: 'Acme Textiles', slug: `acme-${newId().slice(-6)}` });
    bolt = await createVendor(rt, store.id, { name: 'Bolt Kitchen', slug: `bolt-${newId().slice(-6)}` });
    const pending = await createVendor(rt, store.id, { status: 'pending' });
    const suspended = await createVendor(rt, store.id, { status: 'approved' });
    home = await createCategory(rt, store.id, { name: 'Home' });
    bedding = await createCategory(rt, store.id, { name: 'Bedding', parentId: home.id });
    blankets = await createCategory(rt, store.id, { name: 'Blankets', parentId: bedding.id });
    kitchen = await createCategory(rt, store.id, { name: 'Kitchen' });

    visible.blanket = await createProduct(rt, store.id, {
      vendorId: acme.id,
      categoryId: blankets.id,
      title: 'Wool Blanket',
      featured: true,
      createdAt: day(1),
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { price: 1500, compareAtPrice: 2000, onHand: 4, options: { Size: 'S' } },
        { price: 2200, onHand: 0, options: { Size: 'L' } },
        { price: 100, onHand: 9, active: false, options: { Size: 'L' } },
      ],
    });
    visible.sheet = await createProduct(rt, store.id, {
      vendorId: acme.id,
      categoryId: bedding.id,
      title: 'Linen Sheet',
      createdAt: day(2),
      variants: [{ price: 3000, onHand: 0 }],
    });
    visible.pan = await createProduct(rt, store.id, {
      vendorId: bolt.id,
      categoryId: kitchen.id,
      title: 'Copper Pan',
      createdAt: day(3),
      variants: [{ price: 700, onHand: 3 }],
    });
    visible.lamp = await createProduct(rt, store.id, {
      vendorId: bolt.id,
      categoryId: home.id,
      title: 'Brass Lamp',
      featured: true,
      createdAt: day(4),
      variants: [{ price: 12000, onHand: 1 }],
    });
    visible.chair = await createProduct(rt, store.id, {
      vendorId: acme.id,
      categoryId: null,
      title: 'Oak Chair',
      createdAt: day(5),
      variants: [{ price: 60000, onHand: 2 }],
    });
    // Products shoppers must never see; each has the word "zephyr" for search and suggest.
    for (const status of ['draft', 'pending_review', 'rejected', 'archived'] as const) {
      hidden[status] = await createProduct(rt, store.id, {
        vendorId: acme.id,
        categoryId: blankets.id,
        status,
        title: `Zephyr ${status} Blanket`,
      });
    }
    hidden.deleted = await createProduct(rt, store.id, {
      vendorId: acme.id,
      categoryId: blankets.id,
      title: 'Zephyr Deleted Blanket',
    });
    // A soft delete names only `deleted_at`: the facet counts must follow all the same.
    await inStore(rt, store.id, sql`update products set deleted_at = now() where id = ${hidden.deleted.id}`);
    hidden.pendingVendor = await createProduct(rt, store.id, {
      vendorId: pending.id,
      categoryId: blankets.id,
      title: 'Zephyr Pending Vendor Blanket',
    });
    hidden.suspendedVendor = await createProduct(rt, store.id, {
      vendorId: suspended.id,
      categoryId: blankets.id,
      title: 'Zephyr Suspended Vendor Blanket',
    });
    await inStore(rt, store.id, sql`update vendors set status = 'suspended' where id = ${suspended.id}`);
    hidden.noPrice = await createProduct(rt, store.id, {
      vendorId: acme.id,
      categoryId: blankets.id,
      title: 'Zephyr Priceless Blanket',
      variants: [{ price: 900, active: false }],
    });
    await inStore(
      rt,
      store.id,
      sql`update products set rating_avg = case id when ${visible.pan?.id}::uuid then 4.8 when ${visible.sheet?.id}::uuid then 4.1 when ${visible.lamp?.id}::uuid then 4.1 else 0 end,
                              rating_count = 3, rating_histogram = '{0,0,1,1,1}'`,
    );
  });

  const ids = (body: ListBody) => body.data.map((i) => i.id);
  const all = () => Object.values(visible).map((p) => p.id);

  it('lists the listed products, newest first, with the list fields', async () => {
    const body = await list(t.app, store.slug, '');
    expect(ids(body)).toEqual([
      visible.chair!.id,
      visible.lamp!.id,
      visible.pan!.id,
      visible.sheet!.id,
      visible.blanket!.id,
    ]);
    expect(body.meta).toMatchObject({ limit: 20, cursor: null, total: 5 });
    expect(body.links).toMatchObject({ next: null, prev: null });
    const blanket = body.data.find((i) => i.id === visible.blanket!.id)!;
    expect(blanket).toEqual({
      id: visible.blanket!.id,
      slug: visible.blanket!.slug,
      title: 'Wool Blanket',
      price: { amount: 1500, currency: 'USD' },
      priceRange: { min: { amount: 1500, currency: 'USD' }, max: { amount: 2200, currency: 'USD' } },
      compareAtPrice: { amount: 2000, currency: 'USD' },
      image: null,
      vendor: { id: acme.id, slug: acme.slug, name: 'Acme Textiles' },
      category: { id: blankets.id, slug: blankets.slug, name: 'Blankets' },
      rating: { average: 0, count: 3 },
      inStock: true,
      featured: true,
      createdAt: day(1).toISOString(),
    });
    expect(body.data.find((i) => i.id === visible.chair!.id)?.category).toBeNull();
    expect(body.data.find((i) => i.id === visible.sheet!.id)).toMatchObject({ inStock: false });
    expect(body.data.find((i) => i.id === visible.pan!.id)).not.toHaveProperty('compareAtPrice');
  });

  it('filters by category with its descendants, by slug or id', async () => {
    const bySlug = await list(t.app, store.slug, `category=${home.slug}`);
    expect(new Set(ids(bySlug))).toEqual(new Set([visible.blanket!.id, visible.sheet!.id, visible.lamp!.id]));
    const byId = await list(t.app, store.slug, `category=${home.id}`);
    expect(ids(byId)).toEqual(ids(bySlug));
    expect(ids(await list(t.app, store.slug, `category=${bedding.slug}`))).toEqual([
      visible.sheet!.id,
      visible.blanket!.id,
    ]);
    expect(ids(await list(t.app, store.slug, `category=${blankets.id}`))).toEqual([visible.blanket!.id]);
    const unknown = await list(t.app, store.slug, 'category=no-such-category');
    expect(unknown.data).toEqual([]);
    expect(unknown.meta.total).toBe(0);
  });

  it('filters by vendor, by slug or id', async () => {
    const bySlug = await list(t.app, store.slug, `vendor=${bolt.slug}`);
    expect(ids(bySlug)).toEqual([visible.lamp!.id, visible.pan!.id]);
    expect(ids(await list(t.app, store.slug, `vendor=${bolt.id}`))).toEqual(ids(bySlug));
    expect(ids(await list(t.app, store.slug, `vendor=${acme.slug}&category=${bedding.id}`))).toEqual([
      visible.sheet!.id,
      visible.blanket!.id,
    ]);
    expect((await list(t.app, store.slug, `vendor=${newId()}`)).data).toEqual([]);
  });

  it('filters by price (inclusive, on the lowest price), stock and featured', async () => {
    expect(ids(await list(t.app, store.slug, 'minPrice=1500&maxPrice=12000&sort=price_asc'))).toEqual([
      visible.blanket!.id,
      visible.sheet!.id,
      visible.lamp!.id,
    ]);
    expect(ids(await list(t.app, store.slug, 'minPrice=1501&sort=price_asc'))).toEqual([
      visible.sheet!.id,
      visible.lamp!.id,
      visible.chair!.id,
    ]);
    expect(ids(await list(t.app, store.slug, 'maxPrice=700'))).toEqual([visible.pan!.id]);
    expect(ids(await list(t.app, store.slug, 'minPrice=5000&maxPrice=100'))).toEqual([]);
    expect(ids(await list(t.app, store.slug, 'inStock=false'))).toEqual([visible.sheet!.id]);
    expect(ids(await list(t.app, store.slug, 'inStock=true'))).toHaveLength(4);
    expect(ids(await list(t.app, store.slug, 'featured=true'))).toEqual([visible.lamp!.id, visible.blanket!.id]);
    expect(ids(await list(t.app, store.slug, 'featured=false&inStock=true'))).toEqual([
      visible.chair!.id,
      visible.pan!.id,
    ]);
  });

  it('sorts by newest, price either way and rating, ties broken by id', async () => {
    const { blanket, sheet, pan, lamp, chair } = visible as Required<typeof visible>;
    expect(ids(await list(t.app, store.slug, 'sort=price_asc'))).toEqual([
      pan!.id,
      blanket!.id,
      sheet!.id,
      lamp!.id,
      chair!.id,
    ]);
    expect(ids(await list(t.app, store.slug, 'sort=price_desc'))).toEqual([
      chair!.id,
      lamp!.id,
      sheet!.id,
      blanket!.id,
      pan!.id,
    ]);
    // sheet and lamp share 4.1: the later id first, as the cursor's tie-break.
    const [first, second] = [sheet!.id, lamp!.id].sort().reverse();
    const byRating = ids(await list(t.app, store.slug, 'sort=rating'));
    expect(byRating.slice(0, 3)).toEqual([pan!.id, first, second]);
    expect(new Set(byRating.slice(3))).toEqual(new Set([blanket!.id, chair!.id]));
    // Relevance needs a query: without one it is newest.
    expect(ids(await list(t.app, store.slug, 'sort=relevance'))).toEqual(ids(await list(t.app, store.slug, '')));
  });

  it('never shows drafts, pending, rejected, archived, deleted or unpriced products, or those of unapproved vendors', async () => {
    const everything = await list(t.app, store.slug, 'limit=100');
    expect(new Set(ids(everything))).toEqual(new Set(all()));
    expect((await list(t.app, store.slug, 'q=zephyr')).data).toEqual([]);
    expect((await list(t.app, store.slug, `category=${blankets.slug}&q=blanket`)).data.map((i) => i.id)).toEqual([
      visible.blanket!.id,
    ]);
    const facets = (await list(t.app, store.slug, '')).facets;
    expect(facets.vendors.map((v) => v.id).sort()).toEqual([acme.id, bolt.id].sort());
    expect(facets.categories.find((c) => c.id === blankets.id)?.count).toBe(1);
    for (const p of Object.values(hidden)) {
      expect((await get(t.app, store.slug, `/api/v1/products/${p.id}`)).statusCode).toBe(404);
      expect((await get(t.app, store.slug, `/api/v1/products/${p.slug}`)).statusCode).toBe(404);
    }
    const suggest = await get(t.app, store.slug, '/api/v1/products/suggest?q=zeph');
    expect(suggest.json()).toEqual({ data: [] });
  });

  it('pages by keyset with next and prev links, stable while products are added', async () => {
    const rt = t.runtime;
    const shelf = await createCategory(rt, store.id, { name: 'Shelf' });
    const start: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await createProduct(rt, store.id, {
        vendorId: i % 2 ? acme.id : bolt.id,
        categoryId: shelf.id,
        title: `Shelf item ${i}`,
        // Two share a price and two a creation time: the id breaks those ties.
        createdAt: new Date(Date.UTC(2024, 5, 1 + Math.min(i, 8))),
        variants: [{ price: 1000 + 100 * Math.min(i, 8) }],
      });
      start.push(p.id);
    }
    for (const sort of ['newest', 'price_asc', 'price_desc', 'rating']) {
      const seen: string[] = [];
      let body = await list(t.app, store.slug, `category=${shelf.id}&sort=${sort}&limit=3`);
      const pages: ListBody[] = [body];
      for (let n = 0; ; n++) {
        seen.push(...ids(body));
        // Someone adds a product between two page fetches (cheaper, dearer, older and newer ones).
        await createProduct(rt, store.id, {
          vendorId: acme.id,
          categoryId: shelf.id,
          title: `Added during ${sort} ${n}`,
          createdAt: new Date(Date.UTC(2024, 5, 1 + ((n * 5) % 12))),
          variants: [{ price: 950 + ((n * 370) % 1000) }],
        });
        if (!body.links.next) break;
        const res = await get(t.app, store.slug, body.links.next);
        expect(res.statusCode, res.body).toBe(200);
        body = res.json();
        pages.push(body);
        expect(body.data.length).toBeLessThanOrEqual(3);
      }
      expect(new Set(seen).size, `${sort}: no duplicates`).toBe(seen.length);
      for (const id of start) expect(seen, `${sort}: no gaps`).toContain(id);
      // prev from the third page gives the rows just before it, in the list as it is now.
      const third = pages[2]!;
      expect(third.links.prev).not.toBeNull();
      const prev = (await get(t.app, store.slug, third.links.prev!)).json<ListBody>();
      const now = ids(await list(t.app, store.slug, `category=${shelf.id}&sort=${sort}&limit=100`));
      const at = now.indexOf(third.data[0]!.id);
      expect(ids(prev)).toEqual(now.slice(at - 3, at));
      expect(prev.links.next).not.toBeNull();
      const fromPrev = (await get(t.app, store.slug, prev.links.next!)).json<ListBody>();
      expect(ids(fromPrev)).toEqual(now.slice(at, at + 3));
      // The first page's prev is null, and prev from the second page ends there.
      expect(pages[0]!.links.prev).toBeNull();
    }
  });

  it('refuses cursors it did not issue and limits outside 1–100', async () => {
    const body = await list(t.app, store.slug, 'sort=price_asc&limit=2');
    const cursor = new URL(body.links.next!, 'http://x').searchParams.get('cursor')!;
    expect((await get(t.app, store.slug, `/api/v1/products?sort=newest&cursor=${cursor}`)).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify({ k: ['pa', '-', 'x', 'y'], d: 'n' })).toString('base64url');
    const res = await get(t.app, store.slug, `/api/v1/products?sort=price_asc&cursor=${forged}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    expect((await get(t.app, store.slug, '/api/v1/products?limit=101')).statusCode).toBe(400);
    expect((await get(t.app, store.slug, '/api/v1/products?limit=0')).statusCode).toBe(400);
    expect((await get(t.app, store.slug, '/api/v1/products?sort=cheapest')).statusCode).toBe(400);
    expect((await get(t.app, store.slug, '/api/v1/products?minPrice=-1')).statusCode).toBe(400);
  });

  describe('facet counts equal direct SQL counts of the same filter', () => {
    interface Row {
      id: string;
      category_id: string | null;
      vendor_id: string;
      price_min: number;
      in_stock: boolean;
      featured: boolean;
      matches: boolean;
    }
    interface Filter {
      q?: string;
      category?: string;
      vendor?: string;
      minPrice?: number;
      maxPrice?: number;
      inStock?: boolean;
      featured?: boolean;
    }

    let rows: Row[];
    let parents: Map<string, string | null>;
    let big: { id: string; slug: string };

    beforeAll(async () => {
      const rt = t.runtime;
      big = await buildTenant(rt);
      const vendors = [await createVendor(rt, big.id), await createVendor(rt, big.id), await createVendor(rt, big.id)];
      await createVendor(rt, big.id, { status: 'suspended' });
      const root = await createCategory(rt, big.id, { name: 'Root' });
      const a = await createCategory(rt, big.id, { name: 'A', parentId: root.id });
      const b = await createCategory(rt, big.id, { name: 'B', parentId: root.id });
      const a1 = await createCategory(rt, big.id, { name: 'A1', parentId: a.id });
      const other = await createCategory(rt, big.id, { name: 'Other' });
      const cats = [root.id, a.id, b.id, a1.id, other.id, null];
      const words = ['red blanket', 'blue mug', 'green blanket', 'red mug', 'wool throw'];
      for (let i = 0; i < 48; i++) {
        await createProduct(rt, big.id, {
          vendorId: vendors[i % 3]!.id,
          categoryId: cats[(i * 7) % cats.length]!,
          title: `${words[i % words.length]} ${i}`,
          description: i % 4 === 0 ? 'goes well with a blanket' : '',
          featured: i % 5 === 0,
          status: i % 11 === 10 ? 'draft' : 'active',
          variants: [{ price: [500, 999, 1000, 2499, 2500, 7000, 30000, 80000][i % 8]! + i, onHand: i % 3 ? 5 : 0 }],
        });
      }
      rows = await inStore<Row>(
        rt,
        big.id,
        sql`select id, category_id, vendor_id, price_min, in_stock, featured,
                   search_vector @@ websearch_to_tsquery('english', 'blanket') as matches
            from products where listed and price_min is not null`,
      );
      const cs = await inStore<{ id: string; parent_id: string | null }>(
        rt,
        big.id,
        sql`select id, parent_id from categories`,
      );
      parents = new Map(cs.map((c) => [c.id, c.parent_id]));
    });

    /** The category and its ancestors. */
    const lineage = (id: string | null): string[] => {
      const out: string[] = [];
      for (let c = id; c; c = parents.get(c) ?? null) out.push(c);
      return out;
    };

    function expected(f: Filter) {
      const pass = (r: Row, skip: 'category' | 'vendor' | 'price' | null) =>
        (f.q === undefined || r.matches) &&
        (skip === 'category' || f.category === undefined || lineage(r.category_id).includes(f.category)) &&
        (skip === 'vendor' || f.vendor === undefined || r.vendor_id === f.vendor) &&
        (skip === 'price' ||
          ((f.minPrice === undefined || r.price_min >= f.minPrice) &&
            (f.maxPrice === undefined || r.price_min <= f.maxPrice))) &&
        (f.inStock === undefined || r.in_stock === f.inStock) &&
        (f.featured === undefined || r.featured === f.featured);
      const tally = (keys: string[]) => {
        const m = new Map<string, number>();
        for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
        return m;
      };
      const bucketOf = (p: number) => PRICE_BUCKET_BOUNDS.filter((b) => p >= b).length;
      return {
        total: rows.filter((r) => pass(r, null)).length,
        categories: tally(rows.filter((r) => pass(r, 'category')).flatMap((r) => lineage(r.category_id))),
        vendors: tally(rows.filter((r) => pass(r, 'vendor')).map((r) => r.vendor_id)),
        price: tally(rows.filter((r) => pass(r, 'price')).map((r) => String(bucketOf(r.price_min)))),
      };
    }

    const filters: Array<(ids: { cat: string; vendor: string }) => Filter> = [
      () => ({}),
      () => ({ q: 'blanket' }),
      ({ cat }) => ({ category: cat }),
      ({ vendor }) => ({ vendor }),
      () => ({ minPrice: 1000, maxPrice: 24999 }),
      () => ({ minPrice: 1234 }),
      () => ({ maxPrice: 2510 }),
      () => ({ minPrice: 990, maxPrice: 2520, inStock: true }),
      ({ cat, vendor }) => ({ category: cat, vendor, featured: false }),
      ({ cat }) => ({ q: 'blanket', category: cat, minPrice: 600 }),
      ({ vendor }) => ({ q: 'blanket', vendor, inStock: false, maxPrice: 30000 }),
      () => ({ minPrice: 1010, maxPrice: 1020 }),
    ];

    it('with and without q, with every filter, including price bounds that cut buckets', async () => {
      const someCategory = [...parents.entries()].find(([, parent]) => parent !== null && parents.get(parent) === null);
      const ids = { cat: someCategory![0], vendor: rows[0]!.vendor_id };
      for (const make of filters) {
        const f = make(ids);
        const qs = new URLSearchParams(Object.entries(f).map(([k, v]): [string, string] => [k, String(v)])).toString();
        const body = await list(t.app, big.slug, qs);
        const want = expected(f);
        expect(body.meta.total, qs).toBe(want.total);
        expect(body.data.length, qs).toBe(Math.min(20, want.total));
        expect(new Map(body.facets.vendors.map((v) => [v.id, v.count])), `vendors ${qs}`).toEqual(want.vendors);
        expect(new Map(body.facets.categories.map((c) => [c.id, c.count])), `categories ${qs}`).toEqual(
          want.categories,
        );
        const price = new Map(
          body.facets.price.map((p) => [String(PRICE_BUCKET_BOUNDS.filter((b) => p.min >= b).length), p.count]),
        );
        expect(price, `price ${qs}`).toEqual(want.price);
      }
    });

    it('describes price buckets with inclusive bounds and names vendors and categories', async () => {
      const body = await list(t.app, big.slug, '');
      expect(body.facets.price[0]).toMatchObject({ min: 0, max: 999 });
      expect(body.facets.price.at(-1)).toMatchObject({ min: 50000, max: null });
      for (const v of body.facets.vendors)
        expect(v).toMatchObject({ slug: expect.any(String), name: expect.any(String) });
      const counts = body.facets.categories.map((c) => c.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(body.facets.categories.find((c) => c.name === 'A1')?.parentId).toEqual(
        body.facets.categories.find((c) => c.name === 'A')?.id,
      );
    });
  });

  describe('the product page', () => {
    it('shows a product by id or slug with variants, images, rating and the category path', async () => {
      const rt = t.runtime;
      const p = visible.blanket!;
      const images = [newId(), newId(), newId()];
      await inStore(
        rt,
        store.id,
        sql`insert into product_images (tenant_id, id, product_id, storage_key, thumbnail_key, content_type, width, height, bytes, alt, position)
            values (${store.id}::uuid, ${images[0]}::uuid, ${p.id}::uuid, ${`${store.id}/products/${p.id}/${images[0]}.webp`}, ${`${store.id}/products/${p.id}/${images[0]}-thumb.webp`}, 'image/webp', 800, 600, 1000, 'Folded', 2),
                   (${store.id}::uuid, ${images[1]}::uuid, ${p.id}::uuid, ${`${store.id}/products/${p.id}/${images[1]}.webp`}, ${`${store.id}/products/${p.id}/${images[1]}-thumb.webp`}, 'image/webp', 800, 800, 1000, 'On a bed', 0),
                   (${store.id}::uuid, ${images[2]}::uuid, ${p.id}::uuid, ${`${store.id}/products/${p.id}/${images[2]}.webp`}, ${`${store.id}/products/${p.id}/${images[2]}-thumb.webp`}, 'image/webp', 400, 300, 1000, 'Detail', 1)`,
      );
      await inStore(rt, store.id, sql`update variants set reserved = 1 where id = ${p.variantIds[0]}::uuid`);
      const byId = await get(t.app, store.slug, `/api/v1/products/${p.id}`);
      expect(byId.statusCode, byId.body).toBe(200);
      const detail = byId.json<{ images: Array<{ id: string }> } & Record<string, unknown>>();
      expect(detail).toMatchObject({
        id: p.id,
        slug: p.slug,
        title: 'Wool Blanket',
        description: '',
        options: [{ name: 'Size', values: ['S', 'L'] }],
        price: { amount: 1500, currency: 'USD' },
        compareAtPrice: { amount: 2000, currency: 'USD' },
        inStock: true,
        featured: true,
        vendor: { id: acme.id, slug: acme.slug, name: 'Acme Textiles' },
        category: {
          id: blankets.id,
          slug: blankets.slug,
          name: 'Blankets',
          breadcrumb: [
            { id: home.id, slug: home.slug, name: 'Home' },
            { id: bedding.id, slug: bedding.slug, name: 'Bedding' },
          ],
        },
        rating: { average: 0, count: 3, histogram: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } },
      });
      // Active variants only, with what can be bought now.
      expect(detail.variants).toEqual([
        {
          id: p.variantIds[0],
          sku: p.skus[0],
          options: { Size: 'S' },
          price: { amount: 1500, currency: 'USD' },
          compareAtPrice: { amount: 2000, currency: 'USD' },
          available: 3,
          inStock: true,
          weight: null,
        },
        {
          id: p.variantIds[1],
          sku: p.skus[1],
          options: { Size: 'L' },
          price: { amount: 2200, currency: 'USD' },
          compareAtPrice: null,
          available: 0,
          inStock: false,
          weight: null,
        },
      ]);
      // Images by position; the first is the list image when none is primary.
      expect(detail.images.map((i) => i.id)).toEqual([images[1], images[2], images[0]]);
      expect(detail.images[0]).toEqual({
        id: images[1],
        url: `/api/v1/media/${store.id}/products/${p.id}/${images[1]}.webp`,
        thumbnailUrl: `/api/v1/media/${store.id}/products/${p.id}/${images[1]}-thumb.webp`,
        alt: 'On a bed',
        width: 800,
        height: 800,
      });
      expect(detail.image).toMatchObject({ alt: 'On a bed' });
      const bySlug = await get(t.app, store.slug, `/api/v1/products/${p.slug}`);
      expect(bySlug.json()).toEqual(detail);

      // A primary image wins over position, in the list too.
      await inStore(rt, store.id, sql`update products set primary_image_id = ${images[0]}::uuid where id = ${p.id}`);
      expect((await get(t.app, store.slug, `/api/v1/products/${p.id}`)).json().image).toMatchObject({
        alt: 'Folded',
        width: 800,
        height: 600,
      });
      const item = (await list(t.app, store.slug, `category=${blankets.slug}`)).data[0]!;
      expect(item.image).toEqual({
        url: `/api/v1/media/${store.id}/products/${p.id}/${images[0]}.webp`,
        thumbnailUrl: `/api/v1/media/${store.id}/products/${p.id}/${images[0]}-thumb.webp`,
        alt: 'Folded',
        width: 800,
        height: 600,
      });
    });

    it('answers 404 product_not_found for unknown products and other stores’ products', async () => {
      for (const ref of [newId(), 'no-such-product']) {
        const res = await get(t.app, store.slug, `/api/v1/products/${ref}`);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'product_not_found' });
      }
      const other = await buildTenant(t.runtime);
      const res = await get(t.app, other.slug, `/api/v1/products/${visible.pan!.id}`);
      expect(res.statusCode).toBe(404);
    });

    it('translates titles and category names for the request’s locale, falling back to the original', async () => {
      const rt = t.runtime;
      await inStore(
        rt,
        store.id,
        sql`update products set translations = '{"de": {"title": "Kupferpfanne", "description": "Aus Kupfer"}}' where id = ${visible.pan!.id}`,
      );
      await inStore(
        rt,
        store.id,
        sql`update categories set translations = '{"de": {"name": "Küche"}}' where id = ${kitchen.id}`,
      );
      const de = await get(t.app, store.slug, `/api/v1/products/${visible.pan!.slug}`, {
        'accept-language': 'de-DE,de;q=0.9',
      });
      expect(de.json()).toMatchObject({
        title: 'Kupferpfanne',
        description: 'Aus Kupfer',
        category: { name: 'Küche' },
      });
      const fr = await get(t.app, store.slug, `/api/v1/products/${visible.pan!.slug}`, { 'accept-language': 'fr' });
      expect(fr.json()).toMatchObject({ title: 'Copper Pan', category: { name: 'Kitchen' } });
      const listDe = (
        await get(t.app, store.slug, `/api/v1/products?vendor=${bolt.slug}`, { 'accept-language': 'de' })
      ).json<ListBody>();
      expect(listDe.data.find((i) => i.id === visible.pan!.id)?.title).toBe('Kupferpfanne');
      expect(listDe.facets.categories.find((c) => c.id === kitchen.id)?.name).toBe('Küche');
    });
  });
});
