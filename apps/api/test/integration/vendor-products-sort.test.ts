/**
 * Sorting the product tables (`GET /api/v1/vendor/products` and `GET /api/v1/admin/products`,
 * `sort`): every sort pages forwards and back through keyset cursors in the order JavaScript sorts
 * the same rows (ties by id, titles case-insensitively), a cursor continues only the sort it was
 * issued for, and a long title's cursor still fits.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { inStore } from '../checkout-helpers.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { login } from '../identity-helpers.js';
import { personOf, storeWithOwner } from '../settings-helpers.js';

interface Summary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  vendor: { id: string };
}

interface ListBody {
  data: Summary[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
}

const SORTS = ['-createdAt', 'createdAt', 'title', '-title', '-updatedAt', 'updatedAt'] as const;
type Sort = (typeof SORTS)[number];

/** Letters only, with the same words in other cases: any collation orders them as JavaScript does. */
const TITLES = [
  'Amber',
  'amber',
  'AMBER',
  'Birch',
  'birch',
  'Cedar',
  'copper',
  'Copper',
  'Dune',
  'ember',
  'Fjord',
  'fjord',
  'Garnet',
  'Harbor',
  'iris',
  'Juniper',
  'kelp',
  'Linen',
  'linen',
  'Moss',
  'Nutmeg',
  'Onyx',
  'Pebble',
  'quartz',
  'Rust',
];

const BASE = Date.parse('2025-01-01T00:00:00Z');

/** JavaScript's order for a sort: the field (titles lower-cased), then the id. */
function comparator(sort: Sort): (a: Summary, b: Summary) => number {
  const field = sort.replace('-', '') as 'createdAt' | 'updatedAt' | 'title';
  const sign = sort.startsWith('-') ? -1 : 1;
  const value = (s: Summary) => (field === 'title' ? s.title.toLowerCase() : s[field]);
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return sign * (x < y ? -1 : 1);
    return sign * (a.id < b.id ? -1 : 1);
  };
}

describe('sorting the product tables', () => {
  const t = useApp();

  async function setup() {
    const { store, token: ownerToken } = await storeWithOwner(t);
    const vendor = await createVendor(t.runtime, store.id);
    const vendorToken = (
      await login(t.app, await createVendorUser(t.runtime, store.id, vendor.id), { tenant: store.slug })
    ).accessToken;
    const moderator = await personOf(t, store, ['staff'], ['products:approve']);
    // Created and updated in pairs and triples of equal instants, so ties fall to the id.
    for (const [i, title] of TITLES.entries()) {
      const p = await createProduct(t.runtime, store.id, {
        vendorId: vendor.id,
        title,
        status: i % 3 === 0 ? 'pending_review' : 'active',
        createdAt: new Date(BASE + Math.floor(i / 2) * 60_000),
      });
      const updatedAt = new Date(BASE + 86_400_000 + ((i * 7) % 9) * 60_000).toISOString();
      await inStore(t.runtime, store.id, (tx) =>
        tx.execute(sql`update products set updated_at = ${updatedAt}::timestamptz where id = ${p.id}::uuid`),
      );
    }
    // Another vendor's product: in the store's table, not in the vendor's.
    const other = await createVendor(t.runtime, store.id);
    await createProduct(t.runtime, store.id, {
      vendorId: other.id,
      title: 'Birch',
      createdAt: new Date(BASE + 5 * 60_000),
    });
    return { store, vendor, vendorToken, ownerToken, moderator };
  }

  /** Every page of a list, following `next` from the first page, then `prev` back from the last. */
  async function walk(url: string, token: string, tenant: string) {
    const get = async (u: string) => {
      const res = await call(t.app, 'GET', u, { token, tenant });
      expect(res.statusCode, `${u}: ${res.body}`).toBe(200);
      return res.json<ListBody>();
    };
    const forward: ListBody[] = [];
    for (let next: string | null = url; next !== null;) {
      const page = await get(next);
      forward.push(page);
      next = page.links.next;
    }
    const backward: ListBody[] = [];
    for (let prev = forward.at(-1)?.links.prev ?? null; prev !== null;) {
      const page = await get(prev);
      backward.push(page);
      prev = page.links.prev;
    }
    return { forward, backward };
  }

  it('pages through 25 products with every sort, forwards and back, in the order JavaScript sorts them', async () => {
    const { store, vendor, vendorToken, moderator } = await setup();
    const lists = [
      { path: '/api/v1/vendor/products', token: vendorToken, size: 25 },
      { path: '/api/v1/admin/products', token: moderator.token, size: 26 },
    ];
    for (const { path, token, size } of lists) {
      const everything = await call(t.app, 'GET', `${path}?limit=100`, { token, tenant: store.slug });
      const rows = everything.json<ListBody>().data;
      expect(rows).toHaveLength(size);
      if (size === 25) expect(rows.every((r) => r.vendor.id === vendor.id)).toBe(true);

      for (const sort of SORTS) {
        const expected = [...rows].sort(comparator(sort)).map((r) => r.id);
        const { forward, backward } = await walk(`${path}?sort=${sort}&limit=10`, token, store.slug);
        const label = `${path} sort=${sort}`;
        expect(
          forward.map((p) => p.data.length),
          label,
        ).toEqual(size === 25 ? [10, 10, 5] : [10, 10, 6]);
        expect(
          forward.flatMap((p) => p.data.map((r) => r.id)),
          label,
        ).toEqual(expected);
        expect(forward[0]!.links.prev, label).toBeNull();
        // Back from the last page: the second page, then the first, each as it was read forwards.
        expect(
          backward.map((p) => p.data.map((r) => r.id)),
          label,
        ).toEqual([forward[1]!.data.map((r) => r.id), forward[0]!.data.map((r) => r.id)]);
        expect(backward.at(-1)!.links.prev, label).toBeNull();
      }

      // Without `sort`: newest first, as before.
      const plain = await walk(`${path}?limit=10`, token, store.slug);
      expect(plain.forward.flatMap((p) => p.data.map((r) => r.id))).toEqual(
        [...rows].sort(comparator('-createdAt')).map((r) => r.id),
      );
    }
  });

  it('keeps filters with a sort, and the review queue without one', async () => {
    const { store, moderator } = await setup();
    const get = async (query: string) => {
      const res = await call(t.app, 'GET', `/api/v1/admin/products?${query}`, {
        token: moderator.token,
        tenant: store.slug,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ListBody>().data;
    };
    const pending = await get('status=pending_review&limit=100');
    expect(pending).toHaveLength(9);
    // The queue (no sort): oldest first.
    expect(pending.map((r) => r.id)).toEqual([...pending].sort(comparator('createdAt')).map((r) => r.id));
    const byTitle = await get('status=pending_review&sort=-title&limit=100');
    expect(byTitle.map((r) => r.id)).toEqual([...pending].sort(comparator('-title')).map((r) => r.id));
    // 'Linen' and 'linen' are the same title to the sort: the id decides.
    const named = await get('q=linen&sort=title');
    expect(named.map((r) => r.title.toLowerCase())).toEqual(['linen', 'linen']);
    expect(named.map((r) => r.id)).toEqual(named.map((r) => r.id).sort());
    const reversed = await get('q=linen&sort=-title');
    expect(reversed.map((r) => r.id)).toEqual(named.map((r) => r.id).reverse());
  });

  it('refuses a cursor used with another sort than it was issued for', async () => {
    const { store, vendorToken, moderator } = await setup();
    const first = async (path: string, query: string, token: string) => {
      const res = await call(t.app, 'GET', `${path}?${query}`, { token, tenant: store.slug });
      expect(res.statusCode, res.body).toBe(200);
      return new URL(res.json<ListBody>().links.next!, 'http://x').searchParams.get('cursor')!;
    };
    const vendorList = '/api/v1/vendor/products';
    const adminList = '/api/v1/admin/products';
    const cases: Array<[string, string, string, string]> = [
      // [list, query issuing the cursor, query it is used with, token]
      [vendorList, 'sort=title&limit=5', 'sort=-title', vendorToken],
      [vendorList, 'sort=title&limit=5', 'sort=createdAt', vendorToken],
      [vendorList, 'sort=-createdAt&limit=5', 'sort=createdAt', vendorToken],
      [vendorList, 'sort=updatedAt&limit=5', 'sort=createdAt', vendorToken],
      [vendorList, 'limit=5', 'sort=-updatedAt', vendorToken],
      [adminList, 'status=pending_review&limit=2', 'status=pending_review&sort=createdAt', moderator.token],
      [adminList, 'status=pending_review&limit=2', 'status=active', moderator.token],
      [adminList, 'sort=-title&limit=5', 'sort=title', moderator.token],
    ];
    for (const [path, issued, used, token] of cases) {
      const cursor = await first(path, issued, token);
      const res = await call(t.app, 'GET', `${path}?${used}&cursor=${cursor}`, { token, tenant: store.slug });
      expect(res.statusCode, `${path} ${issued} → ${used}`).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }

    // The default order is `-createdAt`: their cursors are interchangeable.
    const plain = await first(vendorList, 'limit=5', vendorToken);
    const explicit = await call(t.app, 'GET', `${vendorList}?sort=-createdAt&limit=5&cursor=${plain}`, {
      token: vendorToken,
      tenant: store.slug,
    });
    expect(explicit.statusCode).toBe(200);

    // A key that is not ours: the old two-part shape, a bad timestamp, a bad id.
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ k, d: 'n' })).toString('base64url');
    for (const [query, k] of [
      ['limit=5', ['2025-01-01T00:00:00.000000Z', '0190a000-0000-7000-8000-000000000000']],
      ['limit=5', ['c-', '2025-02-30T00:00:00.000000Z', '0190a000-0000-7000-8000-000000000000']],
      ['sort=title', ['t+', 'amber', 'nope']],
      ['sort=title', ['t+', 12, '0190a000-0000-7000-8000-000000000000']],
    ] as const) {
      const res = await call(t.app, 'GET', `${vendorList}?${query}&cursor=${forged([...k])}`, {
        token: vendorToken,
        tenant: store.slug,
      });
      expect(res.statusCode, JSON.stringify(k)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }
    const unknown = await call(t.app, 'GET', `${vendorList}?sort=price`, { token: vendorToken, tenant: store.slug });
    expect(unknown.statusCode).toBe(400);
  });

  it('pages by long titles in any script', async () => {
    const { store } = await storeWithOwner(t);
    const vendor = await createVendor(t.runtime, store.id);
    const token = (await login(t.app, await createVendorUser(t.runtime, store.id, vendor.id), { tenant: store.slug }))
      .accessToken;
    const titles = ['\u0915'.repeat(200), '\u0916'.repeat(200), '\u0917'.repeat(200)];
    for (const title of titles) await createProduct(t.runtime, store.id, { vendorId: vendor.id, title });
    const { forward, backward } = await walk('/api/v1/vendor/products?sort=title&limit=1', token, store.slug);
    expect(forward.map((p) => p.data[0]!.title)).toEqual(titles);
    expect(forward[0]!.links.next!.length).toBeGreaterThan(512);
    expect(backward.map((p) => p.data[0]!.title)).toEqual([titles[1], titles[0]]);
  });
});
