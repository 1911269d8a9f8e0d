/**
 * Cached catalog reads: answers come from the cache until a catalog write bumps the store's version
 * (directly or through a real API write), conditional requests answer 304, and concurrent cold reads
 * load once. Runs on the in-process cache and, when REDIS_URL is set, on Redis as well, where two
 * API processes share one cache.
 */
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/client.js';
import type { Runtime } from '../../src/runtime.js';
import { createCategory, createProduct, createVendor } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp, testDatabase } from '../helpers.js';
import { createUser, login } from '../identity-helpers.js';

/** The database with every statement run inside tenant transactions recorded, per transaction. */
function recording(inner: Database): { database: Database; transactions: string[][] } {
  const dialect = new PgDialect();
  const transactions: string[][] = [];
  const database: Database = {
    kind: inner.kind,
    db: inner.db,
    exec: (text) => inner.exec(text),
    poolStats: () => inner.poolStats(),
    close: async () => undefined,
    tenantTransaction: (scope, fn) =>
      inner.tenantTransaction(scope, (tx) => {
        const statements: string[] = [];
        transactions.push(statements);
        const watched = new Proxy(tx, {
          get(target, prop, receiver) {
            const value: unknown = Reflect.get(target, prop, receiver);
            if (typeof value !== 'function') return value;
            const method = value as (...args: unknown[]) => unknown;
            if (prop === 'execute') {
              return (q: string | { getSQL(): SQL }) => {
                statements.push(typeof q === 'string' ? q : dialect.sqlToQuery(q.getSQL()).sql);
                return method.call(target, q);
              };
            }
            if (['select', 'selectDistinct', 'insert', 'update', 'delete'].includes(String(prop))) {
              return (...args: unknown[]) => {
                statements.push(String(prop));
                return method.apply(target, args);
              };
            }
            return method.bind(target);
          },
        });
        return fn(watched);
      }),
  };
  return { database, transactions };
}

const redisUrl = process.env.REDIS_URL?.trim() || undefined;
const backends: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'in-process cache', env: { REDIS_URL: '' } },
  ...(redisUrl ? [{ name: 'Redis', env: { REDIS_URL: redisUrl } }] : []),
];

for (const backend of backends) {
  describe(`catalog reads through the cache (${backend.name})`, () => {
    let a: TestApp;
    let rec: ReturnType<typeof recording>;
    let store: { id: string; slug: string };
    let product: Awaited<ReturnType<typeof createProduct>>;
    let category: { id: string; slug: string; name: string };

    beforeAll(async () => {
      rec = recording(await testDatabase());
      a = await startApp(backend.env, { database: rec.database });
      expect(a.runtime.cache.kind).toBe(backend.env.REDIS_URL ? 'redis' : 'memory');
      store = await buildTenant(a.runtime);
      const vendor = await createVendor(a.runtime, store.id);
      category = await createCategory(a.runtime, store.id, { name: 'Lamps' });
      product = await createProduct(a.runtime, store.id, {
        vendorId: vendor.id,
        categoryId: category.id,
        title: 'Desk Lamp',
        variants: [{ price: 2500 }],
      });
    });
    afterAll(async () => {
      await a?.close();
    });

    const read = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
      app.app.inject({ method: 'GET', url, headers: { 'x-tenant-id': store.slug, ...headers } });
    const setPrice = (rt: Runtime, amount: number) =>
      rt.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
        tx.execute(sql`update variants set price = ${amount} where id = ${product.variantIds[0]}::uuid`),
      );
    const urls = () => [`/api/v1/products?category=${category.slug}`, `/api/v1/products/${product.slug}`];
    const priceIn = (body: { data?: Array<{ price: { amount: number } }>; price?: { amount: number } }) =>
      body.data ? body.data[0]?.price.amount : body.price?.amount;

    it('serves cached answers until a write bumps the store, then the new data', async () => {
      for (const url of urls()) {
        const first = await read(a, url);
        expect(first.statusCode, first.body).toBe(200);
        expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
        expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
        expect(String(first.headers.vary)).toMatch(/Accept-Language/);
        expect(priceIn(first.json())).toBe(2500);
      }
      await setPrice(a.runtime, 1800);
      // Not bumped yet: the cache still answers with what it had.
      for (const url of urls()) expect(priceIn((await read(a, url)).json())).toBe(2500);
      await a.runtime.services.catalogCache.bump(store.id);
      for (const url of urls()) expect(priceIn((await read(a, url)).json())).toBe(1800);
    });

    it('answers 304 to a current If-None-Match and 200 with a new ETag once the data changed', async () => {
      for (const url of urls()) {
        const first = await read(a, url);
        const etag = first.headers.etag as string;
        const again = await read(a, url, { 'if-none-match': etag });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
        expect((await read(a, url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
        expect((await read(a, url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
      }
      const before = await Promise.all(urls().map(async (u) => (await read(a, u)).headers.etag as string));
      await setPrice(a.runtime, 1700);
      await a.runtime.services.catalogCache.bump(store.id);
      for (const [i, url] of urls().entries()) {
        const res = await read(a, url, { 'if-none-match': before[i]! });
        expect(res.statusCode).toBe(200);
        expect(res.headers.etag).not.toBe(before[i]);
        expect(priceIn(res.json())).toBe(1700);
      }
    });

    it('pages a search the same way when its facet counts come from the cache', async () => {
      const rt = a.runtime;
      const vendor = await createVendor(rt, store.id);
      for (const [i, title] of ['Desk Lamp Pro', 'Floor Lamp', 'Lamp Shade', 'Reading Lamp Desk'].entries()) {
        await createProduct(rt, store.id, {
          vendorId: vendor.id,
          title,
          description: 'a lamp '.repeat(i),
          variants: [{ price: 1000 + i }],
        });
      }
      type Page = { data: Array<{ id: string }>; links: { next: string | null }; meta: { searchMode: string } };
      for (const q of ['lamp', 'lampp']) {
        // One page with everything: page and facets read together.
        const whole = (await read(a, `/api/v1/products?q=${q}&limit=100`)).json<Page>();
        expect(whole.data.length, q).toBeGreaterThanOrEqual(4);
        expect(whole.meta.searchMode).toBe(q === 'lamp' ? 'fulltext' : 'fuzzy');
        // One row per page: every page after the first finds the facets cached and reads the page alone.
        const walked: string[] = [];
        let body = (await read(a, `/api/v1/products?q=${q}&limit=1`)).json<Page>();
        for (;;) {
          walked.push(...body.data.map((i) => i.id));
          expect(body.meta.searchMode).toBe(whole.meta.searchMode);
          if (!body.links.next) break;
          body = (await read(a, body.links.next)).json<Page>();
        }
        expect(walked, q).toEqual(whole.data.map((i) => i.id));
      }
    });

    it('sees the result of a real catalog write through the API at once', async () => {
      const owner = await createUser(a.runtime, store.id, { roles: ['owner'] });
      const { accessToken } = await login(a.app, owner, { tenant: store.slug });
      const auth = { 'x-tenant-id': store.slug, authorization: `Bearer ${accessToken}` };
      const listUrl = `/api/v1/products?category=${category.id}`;
      const before = await read(a, listUrl);
      expect(before.json().data[0].category.name).toBe('Lamps');
      const current = await a.app.inject({
        method: 'GET',
        url: `/api/v1/admin/categories/${category.id}`,
        headers: auth,
      });
      expect(current.statusCode, current.body).toBe(200);
      const renamed = await a.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/categories/${category.id}`,
        headers: { ...auth, 'if-match': current.headers.etag as string },
        payload: { name: 'Reading Lamps' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const after = await read(a, listUrl, { 'if-none-match': before.headers.etag as string });
      expect(after.statusCode).toBe(200);
      expect(after.json().data[0].category.name).toBe('Reading Lamps');
      expect(after.json().facets.categories[0].name).toBe('Reading Lamps');
    });

    it('loads once for 20 concurrent cold reads of the same thing', async () => {
      for (const url of [...urls(), '/api/v1/products/suggest?q=desk']) {
        // What one cold read costs …
        await a.runtime.services.catalogCache.bump(store.id);
        let from = rec.transactions.length;
        expect((await read(a, url)).statusCode).toBe(200);
        const one = rec.transactions.slice(from);
        expect(one.length, url).toBeGreaterThan(0);
        // … is what 20 concurrent cold reads cost.
        await a.runtime.services.catalogCache.bump(store.id);
        from = rec.transactions.length;
        const answers = await Promise.all(Array.from({ length: 20 }, () => read(a, url)));
        for (const res of answers) expect(res.statusCode, res.body).toBe(200);
        expect(new Set(answers.map((r) => r.body)).size).toBe(1);
        expect(new Set(answers.map((r) => r.headers.etag)).size).toBe(1);
        expect(rec.transactions.slice(from), url).toEqual(one);
      }
    });

    if (backend.env.REDIS_URL) {
      it('shares versions between API processes: a bump in one is seen by the other', async () => {
        const b = await startApp(backend.env);
        try {
          const url = `/api/v1/products/${product.id}`;
          await setPrice(a.runtime, 1600);
          await a.runtime.services.catalogCache.bump(store.id);
          expect(priceIn((await read(b, url)).json())).toBe(1600);
          expect(priceIn((await read(a, url)).json())).toBe(1600);
          await setPrice(a.runtime, 1500);
          // Both still answer from the shared cache …
          expect(priceIn((await read(b, url)).json())).toBe(1600);
          // … until one process bumps; the other sees it.
          await a.runtime.services.catalogCache.bump(store.id);
          expect(priceIn((await read(b, url)).json())).toBe(1500);
        } finally {
          await b.close();
        }
      });
    }
  });
}

describe('with the cache turned off (CATALOG_CACHE_TTL=0)', () => {
  it('reads the database every time', async () => {
    const app = await startApp({ CATALOG_CACHE_TTL: '0', REDIS_URL: '' });
    try {
      const store = await buildTenant(app.runtime);
      const vendor = await createVendor(app.runtime, store.id);
      const p = await createProduct(app.runtime, store.id, { vendorId: vendor.id, variants: [{ price: 1000 }] });
      const url = `/api/v1/products/${p.id}`;
      const first = await app.app.inject({ url, headers: { 'x-tenant-id': store.slug } });
      expect(first.json().price.amount).toBe(1000);
      await app.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
        tx.execute(sql`update variants set price = 1234 where id = ${p.variantIds[0]}::uuid`),
      );
      const second = await app.app.inject({ url, headers: { 'x-tenant-id': store.slug } });
      expect(second.json().price.amount).toBe(1234);
      expect(second.headers.etag).not.toBe(first.headers.etag);
      expect(
        (
          await app.app.inject({
            url,
            headers: { 'x-tenant-id': store.slug, 'if-none-match': second.headers.etag as string },
          })
        ).statusCode,
      ).toBe(304);
    } finally {
      await app.close();
    }
  });
});
