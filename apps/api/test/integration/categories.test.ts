/**
 * The category tree through the API: administration (create, rename, move, delete) with optimistic
 * locking, cycles and non-empty deletes refused, audit entries; the public tree and category pages
 * in the request's locale, with product counts over each subtree from the facet-count table; and
 * the cached representation: ETags, 304, and fresh data after every write (in-process cache, and
 * Redis when `REDIS_URL` is set).
 */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { type TestApp, useApp } from '../helpers.js';
import { createCategory, createProduct, createVendor } from '../catalog-factories.js';
import { createUser, login, rawRows } from '../identity-helpers.js';
import { call } from '../http-helpers.js';

interface AdminCategoryBody {
  id: string;
  slug: string;
  name: string;
  description: string;
  parentId: string | null;
  position: number;
  translations: Record<string, { name?: string; description?: string }>;
  deletedAt: string | null;
  version: number;
}

interface NodeBody {
  id: string;
  slug: string;
  name: string;
  description: string;
  parentId: string | null;
  position: number;
  productCount: number;
  children: NodeBody[];
}

interface DetailBody extends Omit<NodeBody, 'children'> {
  children: Array<Omit<NodeBody, 'children'>>;
  ancestors: Array<{ id: string; slug: string; name: string }>;
}

interface ListBody<T> {
  data: T[];
  links: { next: string | null; prev: string | null };
}

const uniq = () => Math.random().toString(36).slice(2, 8);

async function storeWithOwner(t: TestApp) {
  const store = await buildTenant(t.runtime);
  const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
  const session = await login(t.app, owner, { tenant: store.slug });
  return { store, owner, token: session.accessToken };
}

/** The tree as `name(count)[children]`, for compact assertions on order and counts. */
const shape = (nodes: NodeBody[]): string =>
  nodes.map((n) => `${n.name}(${n.productCount})${n.children.length ? `[${shape(n.children)}]` : ''}`).join(' ');

async function tree(t: TestApp, tenant: string, headers: Record<string, string> = {}) {
  const res = await call(t.app, 'GET', '/api/v1/categories', { tenant, headers });
  expect(res.statusCode).toBe(200);
  return { res, data: res.json<{ data: NodeBody[] }>().data };
}

/** Reads are cached, answer 304 to a matching ETag, and are fresh after every catalog write. */
async function cacheScenario(t: TestApp) {
  const { store, token } = await storeWithOwner(t);
  const vendor = await createVendor(t.runtime, store.id);
  const root = await createCategory(t.runtime, store.id, { name: 'Garden' });
  const child = await createCategory(t.runtime, store.id, { name: 'Seeds', parentId: root.id });
  await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: child.id });

  const first = await tree(t, store.slug);
  expect(shape(first.data)).toBe('Garden(1)[Seeds(1)]');
  const etag = first.res.headers.etag as string;
  expect(first.res.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  const again = await call(t.app, 'GET', '/api/v1/categories', {
    tenant: store.slug,
    headers: { 'if-none-match': etag },
  });
  expect(again.statusCode).toBe(304);
  expect(again.headers.etag).toBe(etag);
  const detail = await call(t.app, 'GET', `/api/v1/categories/${root.slug}`, { tenant: store.slug });
  const detailNotModified = await call(t.app, 'GET', `/api/v1/categories/${root.slug}`, {
    tenant: store.slug,
    headers: { 'if-none-match': `"other", ${detail.headers.etag as string}` },
  });
  expect(detailNotModified.statusCode).toBe(304);

  // A product written straight into the table (no catalog write, no bump): the cached tree
  // stays as it was, which shows the read is cached.
  await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: child.id });
  expect(shape((await tree(t, store.slug)).data)).toBe('Garden(1)[Seeds(1)]');

  // Any catalog write through the API makes every cached read of the store stale.
  const renamed = await call(t.app, 'PATCH', `/api/v1/admin/categories/${child.id}`, {
    token,
    tenant: store.slug,
    headers: { 'if-match': '"1"' },
    body: { name: 'Seeds & Bulbs' },
  });
  expect(renamed.statusCode).toBe(200);
  const fresh = await tree(t, store.slug);
  expect(shape(fresh.data)).toBe('Garden(2)[Seeds & Bulbs(2)]');
  expect(fresh.res.headers.etag).not.toBe(etag);
  const stale = await call(t.app, 'GET', '/api/v1/categories', {
    tenant: store.slug,
    headers: { 'if-none-match': etag },
  });
  expect(stale.statusCode).toBe(200);
  const freshDetail = await call(t.app, 'GET', `/api/v1/categories/${root.slug}`, { tenant: store.slug });
  expect(freshDetail.json<DetailBody>().productCount).toBe(2);

  // A new category appears at once too.
  const created = await call(t.app, 'POST', '/api/v1/admin/categories', {
    token,
    tenant: store.slug,
    body: { name: 'Tools', slug: `tools-${uniq()}` },
  });
  expect(created.statusCode).toBe(201);
  expect(shape((await tree(t, store.slug)).data)).toBe('Garden(2)[Seeds & Bulbs(2)] Tools(0)');
}

describe('categories', () => {
  const t = useApp();

  it('creates, reads, renames, re-slugs and deletes with If-Match, audited', async () => {
    const { store, token } = await storeWithOwner(t);
    const created = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token,
      tenant: store.slug,
      body: { name: 'Home & Garden', description: 'For the house.', translations: { 'de-de': { name: 'Haus' } } },
    });
    expect(created.statusCode).toBe(201);
    const home = created.json<AdminCategoryBody>();
    expect(created.headers.location).toBe(`/api/v1/admin/categories/${home.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(home).toMatchObject({
      slug: 'home-garden',
      name: 'Home & Garden',
      parentId: null,
      position: 0,
      translations: { 'de-DE': { name: 'Haus' } },
      deletedAt: null,
      version: 1,
    });

    const child = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token,
      tenant: store.slug,
      body: { name: 'Lamps', slug: 'lamps', parentId: home.id, position: 2 },
    });
    expect(child.statusCode).toBe(201);
    const lamps = child.json<AdminCategoryBody>();
    expect(lamps.parentId).toBe(home.id);

    const got = await call(t.app, 'GET', `/api/v1/admin/categories/${home.id}`, { token, tenant: store.slug });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');

    const dupe = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token,
      tenant: store.slug,
      body: { name: 'Lamps again', slug: 'lamps' },
    });
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json<{ code: string }>().code).toBe('slug_taken');
    const orphan = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token,
      tenant: store.slug,
      body: { name: 'Orphan', parentId: '01900000-0000-7000-8000-000000000000' },
    });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json<{ code: string }>().code).toBe('category_parent_not_found');

    const noIfMatch = await call(t.app, 'PATCH', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      body: { name: 'Lighting' },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const renamed = await call(t.app, 'PATCH', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'Lighting', slug: 'lighting', translations: { de: { name: 'Beleuchtung' } } },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    expect(renamed.json<AdminCategoryBody>()).toMatchObject({
      name: 'Lighting',
      slug: 'lighting',
      translations: { de: { name: 'Beleuchtung' } },
      version: 2,
    });
    const stale = await call(t.app, 'PATCH', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'Late' },
    });
    expect(stale.statusCode).toBe(412);
    const slugClash = await call(t.app, 'PATCH', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { slug: 'home-garden' },
    });
    expect(slugClash.statusCode).toBe(409);
    const badLocale = await call(t.app, 'PATCH', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { translations: { 'de-12': { name: 'x' } } },
    });
    expect(badLocale.statusCode).toBe(422);

    const list = await call(t.app, 'GET', '/api/v1/admin/categories', { token, tenant: store.slug });
    expect(list.json<ListBody<AdminCategoryBody>>().data.map((c) => [c.id, c.version])).toEqual([
      [home.id, 1],
      [lamps.id, 2],
    ]);
    const children = await call(t.app, 'GET', `/api/v1/admin/categories?parentId=${home.id}`, {
      token,
      tenant: store.slug,
    });
    expect(children.json<ListBody<AdminCategoryBody>>().data.map((c) => c.id)).toEqual([lamps.id]);

    const deleted = await call(t.app, 'DELETE', `/api/v1/admin/categories/${lamps.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await call(t.app, 'GET', `/api/v1/admin/categories/${lamps.id}`, { token, tenant: store.slug })).statusCode,
    ).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/categories/lighting', { tenant: store.slug })).statusCode).toBe(404);
    const withDeleted = await call(t.app, 'GET', '/api/v1/admin/categories?includeDeleted=true', {
      token,
      tenant: store.slug,
    });
    const gone = withDeleted.json<ListBody<AdminCategoryBody>>().data.find((c) => c.id === lamps.id);
    expect(gone?.deletedAt).not.toBeNull();
    // The slug of a deleted category is free again.
    const reused = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token,
      tenant: store.slug,
      body: { name: 'Lighting', slug: 'lighting' },
    });
    expect(reused.statusCode).toBe(201);

    const audit = (await rawRows(t.runtime, store.id, 'audit_log')).filter((r) => r.entity_type === 'category');
    expect(audit.filter((r) => r.entity_id === lamps.id).map((r) => r.action)).toEqual(
      expect.arrayContaining(['category.created', 'category.updated', 'category.deleted']),
    );
    const update = audit.find((r) => r.entity_id === lamps.id && r.action === 'category.updated');
    expect(update).toMatchObject({
      before: { name: 'Lamps', slug: 'lamps' },
      after: { name: 'Lighting', slug: 'lighting' },
    });
  });

  it('refuses cycles and deleting categories that are not empty', async () => {
    const { store, token } = await storeWithOwner(t);
    const root = await createCategory(t.runtime, store.id, { name: 'Root' });
    const mid = await createCategory(t.runtime, store.id, { name: 'Mid', parentId: root.id });
    const leaf = await createCategory(t.runtime, store.id, { name: 'Leaf', parentId: mid.id });
    const other = await createCategory(t.runtime, store.id, { name: 'Other' });

    for (const parentId of [root.id, mid.id, leaf.id]) {
      const res = await call(t.app, 'PATCH', `/api/v1/admin/categories/${root.id}`, {
        token,
        tenant: store.slug,
        headers: { 'if-match': '"1"' },
        body: { parentId },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ code: string }>().code).toBe('category_cycle');
    }
    // A move that keeps the tree a tree, and back to the top level.
    const moved = await call(t.app, 'PATCH', `/api/v1/admin/categories/${mid.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { parentId: other.id },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<AdminCategoryBody>().parentId).toBe(other.id);
    const toTop = await call(t.app, 'PATCH', `/api/v1/admin/categories/${mid.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { parentId: null },
    });
    expect(toTop.json<AdminCategoryBody>().parentId).toBeNull();

    const withChild = await call(t.app, 'DELETE', `/api/v1/admin/categories/${mid.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"3"' },
    });
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json<{ code: string }>().code).toBe('category_not_empty');

    const vendor = await createVendor(t.runtime, store.id);
    // Even a draft product keeps its category in use.
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: leaf.id, status: 'draft' });
    const withProduct = await call(t.app, 'DELETE', `/api/v1/admin/categories/${leaf.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
    });
    expect(withProduct.statusCode).toBe(409);
    expect(withProduct.json<{ code: string }>().code).toBe('category_not_empty');
    const stale = await call(t.app, 'DELETE', `/api/v1/admin/categories/${other.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    const emptied = await call(t.app, 'DELETE', `/api/v1/admin/categories/${other.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
    });
    expect(emptied.statusCode).toBe(204);

    const ids = await t.runtime.services.uow(
      { tenantId: store.id, tenant: null, actor: null, requestId: 'test', locale: 'en', ip: '127.0.0.1' },
      (tx) => t.runtime.services.catalogCategories.descendantIds(tx, mid.id),
    );
    expect(ids.sort()).toEqual([mid.id, leaf.id].sort());
  });

  it('serves the tree in order, translated, with product counts over each subtree', async () => {
    const store = await buildTenant(t.runtime);
    const vendor = await createVendor(t.runtime, store.id);
    const suspended = await createVendor(t.runtime, store.id, { status: 'suspended' });
    const books = await createCategory(t.runtime, store.id, {
      name: 'Books',
      position: 1,
      translations: { de: { name: 'Bücher', description: 'Alles zum Lesen' } },
    });
    await createCategory(t.runtime, store.id, { name: 'Zoo', position: 0 });
    await createCategory(t.runtime, store.id, { name: 'Apple', position: 0 });
    const fiction = await createCategory(t.runtime, store.id, {
      name: 'Fiction',
      parentId: books.id,
      translations: { de: { name: 'Romane' } },
    });
    const crime = await createCategory(t.runtime, store.id, { name: 'Crime', parentId: fiction.id });
    const poetry = await createCategory(t.runtime, store.id, { name: 'Poetry', parentId: books.id });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: crime.id });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: crime.id });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: fiction.id });
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: books.id });
    // Not listed: drafts and the products of a suspended vendor.
    await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: poetry.id, status: 'draft' });
    await createProduct(t.runtime, store.id, { vendorId: suspended.id, categoryId: poetry.id });

    const en = await tree(t, store.slug);
    expect(shape(en.data)).toBe('Apple(0) Zoo(0) Books(4)[Fiction(3)[Crime(2)] Poetry(0)]');
    const first = en.data[2];
    expect(first).toMatchObject({ id: books.id, slug: books.slug, parentId: null, position: 1, description: '' });

    const de = await tree(t, store.slug, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(shape(de.data)).toBe('Apple(0) Zoo(0) Bücher(4)[Poetry(0) Romane(3)[Crime(2)]]');
    expect(de.data[2]?.description).toBe('Alles zum Lesen');
    expect(de.res.headers.etag).not.toBe(en.res.headers.etag);
    expect(de.res.headers.vary).toContain('Accept-Language');

    const page = await call(t.app, 'GET', `/api/v1/categories/${crime.slug}`, {
      tenant: store.slug,
      headers: { 'accept-language': 'de' },
    });
    expect(page.statusCode).toBe(200);
    const detail = page.json<DetailBody>();
    expect(detail).toMatchObject({ id: crime.id, name: 'Crime', productCount: 2, children: [] });
    expect(detail.ancestors).toEqual([
      { id: books.id, slug: books.slug, name: 'Bücher' },
      { id: fiction.id, slug: fiction.slug, name: 'Romane' },
    ]);
    const booksPage = await call(t.app, 'GET', `/api/v1/categories/${books.id}`, { tenant: store.slug });
    expect(booksPage.json<DetailBody>()).toMatchObject({ slug: books.slug, productCount: 4, ancestors: [] });
    expect(booksPage.json<DetailBody>().children.map((c) => [c.name, c.productCount])).toEqual([
      ['Fiction', 3],
      ['Poetry', 0],
    ]);
    expect((await call(t.app, 'GET', '/api/v1/categories/no-such-thing', { tenant: store.slug })).statusCode).toBe(404);
    // Nothing of another store.
    const other = await buildTenant(t.runtime);
    expect((await tree(t, other.slug)).data).toEqual([]);
    expect((await call(t.app, 'GET', `/api/v1/categories/${books.slug}`, { tenant: other.slug })).statusCode).toBe(404);
  });

  it('answers 304 to a matching ETag and serves fresh data after every write', () => cacheScenario(t));

  it('admin routes need catalog:manage', async () => {
    const { store } = await storeWithOwner(t);
    const category = await createCategory(t.runtime, store.id);
    const shopper = await createUser(t.runtime, store.id);
    const staff = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['orders:manage'] });
    const manager = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['catalog:manage'] });
    const shopperToken = (await login(t.app, shopper, { tenant: store.slug })).accessToken;
    const staffToken = (await login(t.app, staff, { tenant: store.slug })).accessToken;
    const managerToken = (await login(t.app, manager, { tenant: store.slug })).accessToken;

    expect((await call(t.app, 'GET', '/api/v1/admin/categories', { tenant: store.slug })).statusCode).toBe(401);
    const requests: Array<[Parameters<typeof call>[1], string, Record<string, unknown> | undefined]> = [
      ['GET', '/api/v1/admin/categories', undefined],
      ['POST', '/api/v1/admin/categories', { name: 'Nope' }],
      ['PATCH', `/api/v1/admin/categories/${category.id}`, { name: 'Nope' }],
      ['DELETE', `/api/v1/admin/categories/${category.id}`, undefined],
    ];
    for (const token of [shopperToken, staffToken]) {
      for (const [method, url, body] of requests) {
        const res = await call(t.app, method, url, {
          token,
          tenant: store.slug,
          headers: { 'if-match': '"1"' },
          ...(body ? { body } : {}),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    const allowed = await call(t.app, 'POST', '/api/v1/admin/categories', {
      token: managerToken,
      tenant: store.slug,
      body: { name: 'Allowed' },
    });
    expect(allowed.statusCode).toBe(201);
    // The public reads need no one.
    expect((await call(t.app, 'GET', '/api/v1/categories', { tenant: store.slug })).statusCode).toBe(200);
  });
});

// With REDIS_URL set, the suite above caches in Redis; the in-process cache is covered here too.
if (process.env.REDIS_URL) {
  describe('categories with the in-process cache', () => {
    const t = useApp({ REDIS_URL: undefined });
    it('answers 304 to a matching ETag and serves fresh data after every write', () => cacheScenario(t));
  });
}
