/**
 * Sorting the store's vendors (`GET /api/v1/admin/vendors`, `sort`): every sort pages forwards and
 * back through keyset cursors in the order JavaScript sorts the same rows (ties by id), without
 * `sort` the list stays oldest first (the pending queue too), a cursor continues only the sort it was
 * issued for, and the filters combine with every sort.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createVendor } from '../catalog-factories.js';
import { inStore } from '../checkout-helpers.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { createUser, login } from '../identity-helpers.js';

interface VendorBody {
  id: string;
  name: string;
  slug: string;
  status: string;
  createdAt: string;
}

interface ListBody {
  data: VendorBody[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
}

const SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;
type Sort = (typeof SORTS)[number];

const BASE = Date.parse('2025-04-01T09:00:00Z');

/**
 * Eight vendors: names of letters only (any collation orders them as JavaScript does), equal in
 * case-insensitive pairs, and equal creation instants in pairs, so ties fall to the id.
 */
const SPECS = [
  { name: 'Kestrel', slug: 'kestrel', minute: 0, status: 'approved' },
  { name: 'alder', slug: 'alder', minute: 1, status: 'pending' },
  { name: 'ALDER', slug: 'alder-two', minute: 1, status: 'approved' },
  { name: 'Maple', slug: 'maple', minute: 2, status: 'pending' },
  { name: 'birch', slug: 'birch', minute: 3, status: 'suspended' },
  { name: 'Juniper', slug: 'juniper', minute: 4, status: 'pending' },
  { name: 'zelkova', slug: 'zelkova', minute: 4, status: 'rejected' },
  { name: 'Cedar', slug: 'cedar', minute: 5, status: 'approved' },
] as const;

/** JavaScript's order for a sort: the field (the name lower-cased), then the id. */
function comparator(sort: Sort): (a: VendorBody, b: VendorBody) => number {
  const sign = sort.startsWith('-') ? -1 : 1;
  const value = (v: VendorBody) => (sort.endsWith('name') ? v.name.toLowerCase() : Date.parse(v.createdAt));
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return sign * (x < y ? -1 : 1);
    return sign * (a.id < b.id ? -1 : 1);
  };
}

const ids = (rows: VendorBody[]) => rows.map((v) => v.id);

describe('sorting the admin vendors list', () => {
  const t = useApp();

  async function setup() {
    const store = await buildTenant(t.runtime);
    for (const spec of SPECS) {
      const vendor = await createVendor(t.runtime, store.id, { name: spec.name, slug: spec.slug, status: spec.status });
      const at = new Date(BASE + spec.minute * 60_000).toISOString();
      await inStore(t.runtime, store.id, (tx) =>
        tx.execute(sql`update vendors set created_at = ${at}::timestamptz where id = ${vendor.id}::uuid`),
      );
    }
    // Another store's vendors: never in this store's list, whatever the sort.
    const other = await buildTenant(t.runtime);
    await createVendor(t.runtime, other.id, { name: 'Aaa' });
    await createVendor(t.runtime, other.id, { name: 'zzz', status: 'pending' });
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const session = await login(t.app, owner, { tenant: store.slug });
    return { store, token: session.accessToken };
  }

  function client(tenant: string, token: string) {
    const get = async (url: string) => {
      const res = await call(t.app, 'GET', url, { tenant, token });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json<ListBody>();
    };
    /** Every page of a list, following `next` from the first page, then `prev` back from the last. */
    const walk = async (url: string) => {
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
    };
    return { get, walk };
  }

  it('pages through the vendors with every sort, forwards and back, in the order JavaScript sorts them', async () => {
    const { store, token } = await setup();
    const { get, walk } = client(store.slug, token);
    const rows = (await get('/api/v1/admin/vendors?limit=100')).data;
    expect(rows.map((v) => v.slug).sort()).toEqual(SPECS.map((x) => x.slug).sort());

    for (const sort of SORTS) {
      const expected = ids([...rows].sort(comparator(sort)));
      const { forward, backward } = await walk(`/api/v1/admin/vendors?sort=${sort}&limit=3`);
      expect(
        forward.map((p) => p.data.length),
        sort,
      ).toEqual([3, 3, 2]);
      expect(
        forward.flatMap((p) => ids(p.data)),
        sort,
      ).toEqual(expected);
      expect(forward[0]!.links.prev, sort).toBeNull();
      for (const p of forward.slice(0, -1)) expect(p.links.next, sort).toContain(`sort=${encodeURIComponent(sort)}`);
      expect(
        backward.map((p) => ids(p.data)),
        sort,
      ).toEqual([ids(forward[1]!.data), ids(forward[0]!.data)]);
    }

    // Without `sort`: oldest first, as before (the pending queue too); its cursors are those of `createdAt`.
    const plain = await walk('/api/v1/admin/vendors?limit=3');
    expect(plain.forward.flatMap((p) => ids(p.data))).toEqual(ids([...rows].sort(comparator('createdAt'))));
    const cursor = new URL(plain.forward[0]!.links.next!, 'http://x').searchParams.get('cursor')!;
    const explicit = await get(`/api/v1/admin/vendors?sort=createdAt&limit=3&cursor=${cursor}`);
    expect(ids(explicit.data)).toEqual(ids(plain.forward[1]!.data));
    const pending = await walk('/api/v1/admin/vendors?status=pending&limit=2');
    expect(pending.forward.flatMap((p) => p.data.map((v) => v.slug))).toEqual(['alder', 'maple', 'juniper']);
  });

  it('refuses a cursor used with another sort than it was issued for', async () => {
    const { store, token } = await setup();
    const { get } = client(store.slug, token);
    const cursorOf = async (query: string) => {
      const page = await get(`/api/v1/admin/vendors?${query}`);
      return new URL(page.links.next!, 'http://x').searchParams.get('cursor')!;
    };
    const cases: Array<[string, string]> = [
      // [query issuing the cursor, query it is used with]
      ['sort=name&limit=3', 'sort=-name'],
      ['sort=name&limit=3', 'sort=createdAt'],
      ['sort=-createdAt&limit=3', 'sort=createdAt'],
      ['sort=-createdAt&limit=3', ''],
      ['limit=3', 'sort=name'],
      ['limit=3', 'sort=-createdAt'],
    ];
    for (const [issued, used] of cases) {
      const cursor = await cursorOf(issued);
      const res = await call(t.app, 'GET', `/api/v1/admin/vendors?${used}&cursor=${cursor}`, {
        tenant: store.slug,
        token,
      });
      expect(res.statusCode, `${issued} → ${used}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, code: 'invalid_cursor' });
    }

    // Keys that are not ours: the old two-part shape, a bad instant, a bad id.
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ k, d: 'n' })).toString('base64url');
    const id = '0190a000-0000-7000-8000-000000000000';
    for (const [query, k] of [
      ['limit=3', ['2025-04-01T09:00:00.000000Z', id]],
      ['sort=createdAt', ['c+', '2025-02-30T00:00:00.000000Z', id]],
      ['sort=name', ['n+', 'alder', 'nope']],
    ] as const) {
      const res = await call(t.app, 'GET', `/api/v1/admin/vendors?${query}&cursor=${forged([...k])}`, {
        tenant: store.slug,
        token,
      });
      expect(res.statusCode, JSON.stringify(k)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }
    const unknown = await call(t.app, 'GET', '/api/v1/admin/vendors?sort=slug', { tenant: store.slug, token });
    expect(unknown.statusCode).toBe(400);
  });

  it('keeps every filter with every sort', async () => {
    const { store, token } = await setup();
    const { get, walk } = client(store.slug, token);
    const rows = (await get('/api/v1/admin/vendors?limit=100')).data;
    const filters: Array<[string, (v: VendorBody) => boolean]> = [
      ['status=pending', (v) => v.status === 'pending'],
      ['status=approved', (v) => v.status === 'approved'],
      ['q=al', (v) => v.name.toLowerCase().includes('al') || v.slug.includes('al')],
      ['q=e', (v) => v.name.toLowerCase().includes('e') || v.slug.includes('e')],
    ];
    for (const [query, keep] of filters) {
      const matching = rows.filter(keep);
      expect(matching.length, query).toBeGreaterThanOrEqual(2);
      expect(matching.length, query).toBeLessThan(rows.length);
      for (const sort of SORTS) {
        const { forward } = await walk(`/api/v1/admin/vendors?${query}&sort=${sort}&limit=2`);
        expect(
          forward.flatMap((p) => ids(p.data)),
          `${query} sort=${sort}`,
        ).toEqual(ids([...matching].sort(comparator(sort))));
      }
    }
  });
});
