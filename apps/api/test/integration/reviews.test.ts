/**
 * Product reviews through the API: one review per customer, the rating summary and histogram kept
 * exact through creates, edits, deletes, moderation and concurrent writers, the public list (names,
 * sorting, pages, a constant number of queries, cached with ETags and made stale by writes), and who
 * may do what.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/platform/db/client.js';
import type { Runtime } from '../../src/runtime.js';
import { createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp, testDatabase, useApp } from '../helpers.js';
import { createUser, login, rawRows } from '../identity-helpers.js';
import { call } from '../http-helpers.js';

interface ReviewBody {
  id: string;
  productId: string;
  rating: number;
  title: string;
  body: string;
  author: { name: string };
  verifiedPurchase: boolean;
  version: number;
}

interface Summary {
  average: number;
  count: number;
  histogram: Record<'1' | '2' | '3' | '4' | '5', number>;
}

interface ReviewPage {
  data: ReviewBody[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
  summary: Summary;
}

const histogram = (h: [number, number, number, number, number]) => ({ 1: h[0], 2: h[1], 3: h[2], 4: h[3], 5: h[4] });

/** A store with an approved vendor, one listed product and an owner. */
async function storeWithProduct(runtime: Runtime, app: FastifyInstance) {
  const store = await buildTenant(runtime);
  const vendor = await createVendor(runtime, store.id);
  const product = await createProduct(runtime, store.id, { vendorId: vendor.id });
  const owner = await createUser(runtime, store.id, { roles: ['owner'], name: 'Olga Owner' });
  const ownerToken = (await login(app, owner, { tenant: store.slug })).accessToken;
  return { store, vendor, product, ownerToken };
}

async function customer(runtime: Runtime, app: FastifyInstance, tenantId: string, slug: string, name: string) {
  const user = await createUser(runtime, tenantId, { roles: ['customer'], name });
  return { user, token: (await login(app, user, { tenant: slug })).accessToken };
}

async function summaryColumns(runtime: Runtime, tenantId: string, productId: string) {
  const rows = await rawRows(runtime, tenantId, 'products');
  const p = rows.find((r) => r.id === productId);
  return { avg: Number(p?.rating_avg), count: p?.rating_count, histogram: p?.rating_histogram };
}

describe('product reviews', () => {
  const t = useApp();

  it('takes one review per customer and product (409 review_exists), on listed products only', async () => {
    const { store, vendor, product } = await storeWithProduct(t.runtime, t.app);
    const asha = await customer(t.runtime, t.app, store.id, store.slug, 'Asha  Verma');
    const url = `/api/v1/products/${product.id}/reviews`;

    const first = await call(t.app, 'POST', url, {
      token: asha.token,
      tenant: store.slug,
      body: { rating: 4, title: ' Good ', body: 'Does what it says.' },
    });
    expect(first.statusCode).toBe(201);
    const review = first.json<ReviewBody>();
    expect(first.headers.location).toBe(`/api/v1/products/${product.id}/reviews/${review.id}`);
    expect(first.headers.etag).toBe('"1"');
    expect(review).toMatchObject({
      productId: product.id,
      rating: 4,
      title: 'Good',
      body: 'Does what it says.',
      author: { name: 'Asha V.' },
      verifiedPurchase: false,
      version: 1,
    });
    const got = await call(t.app, 'GET', first.headers.location as string, { tenant: store.slug });
    expect(got.statusCode).toBe(200);
    expect(got.json<ReviewBody>().id).toBe(review.id);

    const again = await call(t.app, 'POST', url, {
      token: asha.token,
      tenant: store.slug,
      body: { rating: 1, body: 'Changed my mind.' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'review_exists' });

    // Submitted at the same time: still one.
    const bo = await customer(t.runtime, t.app, store.id, store.slug, 'Bo');
    const racing = await Promise.all(
      [5, 3, 2].map((rating) =>
        call(t.app, 'POST', url, { token: bo.token, tenant: store.slug, body: { rating, body: 'Racing.' } }),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const rows = (await rawRows(t.runtime, store.id, 'reviews')).filter((r) => r.user_id === bo.user.id);
    expect(rows).toHaveLength(1);

    // Products shoppers cannot see take no reviews.
    const draft = await createProduct(t.runtime, store.id, { vendorId: vendor.id, status: 'draft' });
    for (const id of [draft.id, '01890000-0000-7000-8000-000000000000']) {
      const res = await call(t.app, 'POST', `/api/v1/products/${id}/reviews`, {
        token: asha.token,
        tenant: store.slug,
        body: { rating: 5, body: 'Nope.' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'product_not_found' });
      expect((await call(t.app, 'GET', `/api/v1/products/${id}/reviews`, { tenant: store.slug })).statusCode).toBe(404);
    }

    const invalid = await call(t.app, 'POST', url, {
      token: bo.token,
      tenant: store.slug,
      body: { rating: 6, body: '' },
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('keeps the summary and histogram exact through create, edit, delete, hide and unhide', async () => {
    const { store, product, ownerToken } = await storeWithProduct(t.runtime, t.app);
    const url = `/api/v1/products/${product.id}/reviews`;
    const people = await Promise.all(
      ['Ann Lee', 'Ben Ito', 'Cy Roe'].map((n) => customer(t.runtime, t.app, store.id, store.slug, n)),
    );
    const created: ReviewBody[] = [];
    for (const [i, rating] of [5, 4, 2].entries()) {
      const res = await call(t.app, 'POST', url, {
        token: people[i]?.token,
        tenant: store.slug,
        body: { rating, body: `Rated ${rating}` },
      });
      expect(res.statusCode).toBe(201);
      created.push(res.json<ReviewBody>());
    }
    const summary = async () => (await call(t.app, 'GET', url, { tenant: store.slug })).json<ReviewPage>().summary;

    expect(await summary()).toEqual({ average: 3.67, count: 3, histogram: histogram([0, 1, 0, 1, 1]) });
    expect(await summaryColumns(t.runtime, store.id, product.id)).toEqual({
      avg: 3.67,
      count: 3,
      histogram: [0, 1, 0, 1, 1],
    });

    // The author edits 2 → 5, with If-Match.
    const cy = people[2];
    const reviewUrl = `${url}/${created[2]?.id}`;
    const noIfMatch = await call(t.app, 'PATCH', reviewUrl, {
      token: cy?.token,
      tenant: store.slug,
      body: { rating: 5 },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await call(t.app, 'PATCH', reviewUrl, {
      token: cy?.token,
      tenant: store.slug,
      body: { rating: 5 },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    const notMine = await call(t.app, 'PATCH', reviewUrl, {
      token: people[0]?.token,
      tenant: store.slug,
      body: { rating: 1 },
      headers: { 'if-match': '"1"' },
    });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json()).toMatchObject({ code: 'not_review_author' });
    const edited = await call(t.app, 'PATCH', reviewUrl, {
      token: cy?.token,
      tenant: store.slug,
      body: { rating: 5, title: 'Better now' },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).toBe('"2"');
    expect(edited.json<ReviewBody>()).toMatchObject({ rating: 5, title: 'Better now', version: 2 });
    expect(await summary()).toEqual({ average: 4.67, count: 3, histogram: histogram([0, 0, 0, 1, 2]) });

    // Ben deletes his 4.
    const benUrl = `${url}/${created[1]?.id}`;
    const deleted = await call(t.app, 'DELETE', benUrl, {
      token: people[1]?.token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await summary()).toEqual({ average: 5, count: 2, histogram: histogram([0, 0, 0, 0, 2]) });
    expect((await call(t.app, 'GET', benUrl, { tenant: store.slug })).statusCode).toBe(404);

    // A moderator hides Ann's review: it leaves the list and the summary, and the decision is audited.
    const annId = created[0]?.id as string;
    const hidden = await call(t.app, 'POST', `/api/v1/admin/reviews/${annId}/hide`, {
      token: ownerToken,
      tenant: store.slug,
      body: { reason: 'Off-topic' },
    });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).toMatchObject({
      id: annId,
      hidden: true,
      hiddenReason: 'Off-topic',
      author: { name: 'Ann L.' },
    });
    const afterHide = (await call(t.app, 'GET', url, { tenant: store.slug })).json<ReviewPage>();
    expect(afterHide.data.map((r) => r.id)).toEqual([created[2]?.id]);
    expect(afterHide.summary).toEqual({ average: 5, count: 1, histogram: histogram([0, 0, 0, 0, 1]) });
    expect((await call(t.app, 'GET', `${url}/${annId}`, { tenant: store.slug })).statusCode).toBe(404);
    expect(await summaryColumns(t.runtime, store.id, product.id)).toEqual({
      avg: 5,
      count: 1,
      histogram: [0, 0, 0, 0, 1],
    });

    const hiddenList = await call(t.app, 'GET', `/api/v1/admin/reviews?hidden=true&productId=${product.id}`, {
      token: ownerToken,
      tenant: store.slug,
    });
    expect(hiddenList.statusCode).toBe(200);
    expect(hiddenList.json<{ data: Array<{ id: string }> }>().data.map((r) => r.id)).toEqual([annId]);
    const allList = await call(t.app, 'GET', `/api/v1/admin/reviews?productId=${product.id}`, {
      token: ownerToken,
      tenant: store.slug,
    });
    expect(allList.json<{ data: Array<{ id: string }> }>().data.map((r) => r.id)).toEqual([created[2]?.id, annId]);

    const unhidden = await call(t.app, 'POST', `/api/v1/admin/reviews/${annId}/unhide`, {
      token: ownerToken,
      tenant: store.slug,
    });
    expect(unhidden.statusCode).toBe(200);
    expect(unhidden.json()).toMatchObject({ hidden: false, hiddenReason: null });
    expect(await summary()).toEqual({ average: 5, count: 2, histogram: histogram([0, 0, 0, 0, 2]) });

    const audit = (await rawRows(t.runtime, store.id, 'audit_log')).filter((a) => a.entity_id === annId);
    expect(audit.map((a) => a.action).sort()).toEqual(['review.hidden', 'review.unhidden']);
  });

  it('counts ten customers reviewing one product at once', async () => {
    const { store, product } = await storeWithProduct(t.runtime, t.app);
    const ratings = [5, 5, 5, 4, 4, 3, 2, 1, 5, 4];
    const people: Array<Awaited<ReturnType<typeof customer>>> = [];
    for (const [i] of ratings.entries()) {
      people.push(await customer(t.runtime, t.app, store.id, store.slug, `Person ${i}`));
    }
    const results = await Promise.all(
      ratings.map((rating, i) =>
        call(t.app, 'POST', `/api/v1/products/${product.id}/reviews`, {
          token: people[i]?.token,
          tenant: store.slug,
          body: { rating, body: `Review ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(ratings.map(() => 201));
    expect(await summaryColumns(t.runtime, store.id, product.id)).toEqual({
      avg: 3.8,
      count: 10,
      histogram: [1, 1, 1, 3, 4],
    });
    const page = (
      await call(t.app, 'GET', `/api/v1/products/${product.id}/reviews?limit=100`, { tenant: store.slug })
    ).json<ReviewPage>();
    expect(page.data).toHaveLength(10);
    expect(page.summary).toEqual({ average: 3.8, count: 10, histogram: histogram([1, 1, 1, 3, 4]) });
  });

  it('sorts and pages the public list', async () => {
    const { store, product } = await storeWithProduct(t.runtime, t.app);
    const url = `/api/v1/products/${product.id}/reviews`;
    const ratings = [3, 5, 1, 5, 2, 4, 3];
    const ids: string[] = [];
    for (const [i, rating] of ratings.entries()) {
      const c = await customer(t.runtime, t.app, store.id, store.slug, `Pat ${String.fromCharCode(65 + i)}lpha`);
      const res = await call(t.app, 'POST', url, { token: c.token, tenant: store.slug, body: { rating, body: 'x' } });
      ids.push(res.json<ReviewBody>().id);
    }
    const walk = async (first: string) => {
      const seen: ReviewBody[] = [];
      let next: string | null = first;
      let last: ReviewPage | undefined;
      while (next) {
        const res = await call(t.app, 'GET', next, { tenant: store.slug });
        expect(res.statusCode).toBe(200);
        last = res.json<ReviewPage>();
        seen.push(...last.data);
        next = last.links.next;
      }
      return { seen, last: last as ReviewPage };
    };
    const newest = await walk(`${url}?limit=3`);
    expect(newest.seen.map((r) => r.id)).toEqual([...ids].reverse());
    const prev = await call(t.app, 'GET', newest.last.links.prev as string, { tenant: store.slug });
    expect(prev.json<ReviewPage>().data.map((r) => r.id)).toEqual([...ids].reverse().slice(3, 6));

    const best = await walk(`${url}?limit=2&sort=rating_desc`);
    expect(best.seen.map((r) => r.rating)).toEqual([5, 5, 4, 3, 3, 2, 1]);
    // Equal ratings: newest first.
    expect(best.seen.slice(0, 2).map((r) => r.id)).toEqual([ids[3], ids[1]]);
    const worst = await walk(`${url}?limit=4&sort=rating_asc`);
    expect(worst.seen.map((r) => r.rating)).toEqual([1, 2, 3, 3, 4, 5, 5]);
    expect(new Set(worst.seen.map((r) => r.id)).size).toBe(7);
    expect(newest.seen.every((r) => /^Pat [A-G]\.$/.test(r.author.name))).toBe(true);

    const bad = await call(t.app, 'GET', `${url}?cursor=${Buffer.from('{"k":["x"],"d":"n"}').toString('base64url')}`, {
      tenant: store.slug,
    });
    expect(bad.statusCode).toBe(400);
    expect((await call(t.app, 'GET', `${url}?limit=101`, { tenant: store.slug })).statusCode).toBe(400);
    expect((await call(t.app, 'GET', `${url}?utm=x`, { tenant: store.slug })).statusCode).toBe(400);
  });

  it('refuses guests (401), staff without reviews:write (403) and non-moderators on admin routes', async () => {
    const { store, vendor, product, ownerToken } = await storeWithProduct(t.runtime, t.app);
    const url = `/api/v1/products/${product.id}/reviews`;
    const body = { rating: 4, body: 'Fine.' };

    const guest = await call(t.app, 'POST', url, { tenant: store.slug, body });
    expect(guest.statusCode).toBe(401);

    const staffUser = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['orders:manage'] });
    const staff = (await login(t.app, staffUser, { tenant: store.slug })).accessToken;
    const refused = await call(t.app, 'POST', url, { token: staff, tenant: store.slug, body });
    expect(refused.statusCode).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/admin/reviews', { token: staff, tenant: store.slug })).statusCode).toBe(
      403,
    );

    // Vendors' people are customers too.
    const seller = await createVendorUser(t.runtime, store.id, vendor.id);
    const sellerToken = (await login(t.app, seller, { tenant: store.slug })).accessToken;
    const own = await call(t.app, 'POST', url, { token: sellerToken, tenant: store.slug, body });
    expect(own.statusCode).toBe(201);
    const reviewId = own.json<ReviewBody>().id;

    const shopper = await customer(t.runtime, t.app, store.id, store.slug, 'Sam Shopper');
    const hide = await call(t.app, 'POST', `/api/v1/admin/reviews/${reviewId}/hide`, {
      token: shopper.token,
      tenant: store.slug,
      body: { reason: 'x' },
    });
    expect(hide.statusCode).toBe(403);
    const deleteOthers = await call(t.app, 'DELETE', `${url}/${reviewId}`, {
      token: shopper.token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
    });
    expect(deleteOthers.statusCode).toBe(403);

    const moderator = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['catalog:manage'] });
    const modToken = (await login(t.app, moderator, { tenant: store.slug })).accessToken;
    const hidden = await call(t.app, 'POST', `/api/v1/admin/reviews/${reviewId}/hide`, {
      token: modToken,
      tenant: store.slug,
      body: { reason: 'Written by the seller' },
    });
    expect(hidden.statusCode).toBe(200);
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/reviews', { token: ownerToken, tenant: store.slug })).statusCode,
    ).toBe(200);

    // Another store's reviews are out of reach.
    const other = await buildTenant(t.runtime);
    const otherOwner = await createUser(t.runtime, other.id, { roles: ['owner'] });
    const otherToken = (await login(t.app, otherOwner, { tenant: other.slug })).accessToken;
    const cross = await call(t.app, 'POST', `/api/v1/admin/reviews/${reviewId}/unhide`, {
      token: otherToken,
      tenant: other.slug,
    });
    expect(cross.statusCode).toBe(404);
  });

  it('serves the list from the cache with ETag/304 and drops it when a review is written', async () => {
    const { store, product } = await storeWithProduct(t.runtime, t.app);
    const url = `/api/v1/products/${product.id}/reviews`;
    const first = await customer(t.runtime, t.app, store.id, store.slug, 'Una First');
    await call(t.app, 'POST', url, { token: first.token, tenant: store.slug, body: { rating: 2, body: 'Meh' } });

    const a = await call(t.app, 'GET', url, { tenant: store.slug });
    expect(a.statusCode).toBe(200);
    const etag = a.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const notModified = await call(t.app, 'GET', url, { tenant: store.slug, headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    const second = await customer(t.runtime, t.app, store.id, store.slug, 'Vic Second');
    const posted = await call(t.app, 'POST', url, {
      token: second.token,
      tenant: store.slug,
      body: { rating: 5, body: 'Great' },
    });
    expect(posted.statusCode).toBe(201);

    const b = await call(t.app, 'GET', url, { tenant: store.slug, headers: { 'if-none-match': etag } });
    expect(b.statusCode).toBe(200);
    expect(b.headers.etag).not.toBe(etag);
    const page = b.json<ReviewPage>();
    expect(page.data.map((r) => r.author.name)).toEqual(['Vic S.', 'Una F.']);
    expect(page.summary).toEqual({ average: 3.5, count: 2, histogram: histogram([0, 1, 0, 0, 1]) });
  });
});

/** The app's database, counting the queries run inside tenant transactions. */
function countingDatabase(base: Database): { database: Database; queries: () => number } {
  let n = 0;
  const counted = new Set(['select', 'insert', 'update', 'delete', 'execute']);
  const wrap = (tx: Queryable): Queryable =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          if (typeof prop === 'string' && counted.has(prop)) n++;
          return fn.apply(target, args);
        };
      },
    });
  const database: Database = {
    ...base,
    tenantTransaction: (scope, fn) => base.tenantTransaction(scope, (tx) => fn(wrap(tx))),
  };
  return { database, queries: () => n };
}

describe('the public review list', () => {
  let counting: ReturnType<typeof countingDatabase>;
  let app: TestApp;

  beforeAll(async () => {
    counting = countingDatabase(await testDatabase());
    app = await startApp({}, { database: counting.database });
  });
  afterAll(async () => {
    await app.close();
  });

  it('loads authors’ names for a whole page at once: the same queries for 2 reviews as for 12', async () => {
    const { store, vendor } = await storeWithProduct(app.runtime, app.app);
    const small = await createProduct(app.runtime, store.id, { vendorId: vendor.id });
    const large = await createProduct(app.runtime, store.id, { vendorId: vendor.id });
    const names = ['Mo Khan', 'Li Wei', 'Cher', 'Ana de la Cruz', 'Zoë Østergaard'];
    for (let i = 0; i < 12; i++) {
      const c = await customer(app.runtime, app.app, store.id, store.slug, names[i % names.length] as string);
      for (const p of i < 2 ? [small, large] : [large]) {
        const res = await call(app.app, 'POST', `/api/v1/products/${p.id}/reviews`, {
          token: c.token,
          tenant: store.slug,
          body: { rating: 1 + (i % 5), body: `Review ${i}` },
        });
        expect(res.statusCode).toBe(201);
      }
    }
    const queriesFor = async (productId: string) => {
      const before = counting.queries();
      const res = await call(app.app, 'GET', `/api/v1/products/${productId}/reviews?limit=50`, { tenant: store.slug });
      expect(res.statusCode).toBe(200);
      return { used: counting.queries() - before, page: res.json<ReviewPage>() };
    };
    const a = await queriesFor(small.id);
    const b = await queriesFor(large.id);
    expect(a.page.data).toHaveLength(2);
    expect(b.page.data).toHaveLength(12);
    expect(b.used).toBe(a.used);
    expect(a.used).toBeLessThanOrEqual(3);
    expect(new Set(b.page.data.map((r) => r.author.name))).toEqual(
      new Set(['Mo K.', 'Li W.', 'Cher', 'Ana C.', 'Zoë Ø.']),
    );
    // A cached page costs no query at all.
    const c = await queriesFor(large.id);
    expect(c.used).toBe(0);
  });
});
