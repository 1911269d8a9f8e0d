/**
 * Sorting the platform's stores (`GET /api/v1/platform/tenants`, `sort`): every sort pages forwards
 * and back through keyset cursors in the order JavaScript sorts the same rows (ties by id), a cursor
 * continues only the sort it was issued for, the status filter combines with every sort and `total`
 * still counts the whole list. Other files' stores may share the database: the orders are checked on
 * this file's stores, wherever they fall in the list.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { tokenFor, useApp } from '../helpers.js';

interface TenantBody {
  id: string;
  name: string;
  slug: string;
  status: string;
  createdAt: string;
}

interface ListBody {
  data: TenantBody[];
  meta: { limit: number; cursor: string | null; total?: number };
  links: { self: string; next: string | null; prev: string | null };
}

const SORTS = ['createdAt', '-createdAt', 'name', '-name', 'slug', '-slug'] as const;
type Sort = (typeof SORTS)[number];

/** Far ahead of any store the run creates, so these stores are the newest. */
const BASE = Date.parse('2990-01-01T09:00:00Z');

/**
 * Six stores: names of letters only, equal in a case-insensitive pair; slugs of five letters and
 * the run's suffix (any collation orders them as JavaScript does); equal creation instants in a
 * pair, so ties fall to the id.
 */
const SPECS = [
  { name: 'Harbor', word: 'delta', minute: 0, suspended: false },
  { name: 'anchor', word: 'bravo', minute: 1, suspended: true },
  { name: 'ANCHOR', word: 'oscar', minute: 1, suspended: false },
  { name: 'Meadow', word: 'alpha', minute: 2, suspended: true },
  { name: 'cobalt', word: 'tango', minute: 3, suspended: false },
  { name: 'Willow', word: 'kilos', minute: 4, suspended: true },
] as const;

function comparator(sort: Sort): (a: TenantBody, b: TenantBody) => number {
  const sign = sort.startsWith('-') ? -1 : 1;
  const field = sort.replace('-', '') as 'createdAt' | 'name' | 'slug';
  const value = (s: TenantBody) =>
    field === 'createdAt' ? Date.parse(s.createdAt) : field === 'name' ? s.name.toLowerCase() : s.slug;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return sign * (x < y ? -1 : 1);
    return sign * (a.id < b.id ? -1 : 1);
  };
}

const ids = (rows: TenantBody[]) => rows.map((s) => s.id);

describe('sorting the platform stores list', () => {
  const t = useApp();
  const headers = async () => ({
    authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}`,
  });

  async function setup() {
    const suffix = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const mine: string[] = [];
    for (const spec of SPECS) {
      const store = await buildTenant(t.runtime, { name: spec.name, slug: `${spec.word}-${suffix}` });
      const at = new Date(BASE + spec.minute * 60_000).toISOString();
      await t.runtime.database.db.execute(
        sql`update tenants set created_at = ${at}::timestamptz${spec.suspended ? sql`, status = 'suspended'` : sql``} where id = ${store.id}::uuid`,
      );
      mine.push(store.id);
    }
    return new Set(mine);
  }

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: await headers() });
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
      backward.unshift(page);
      prev = page.links.prev;
    }
    return { forward, backward };
  };

  /** This file's stores as a walk met them. */
  const only = (pages: ListBody[], mine: Set<string>) => pages.flatMap((p) => p.data).filter((s) => mine.has(s.id));

  it('pages through the stores with every sort, forwards and back, in the order JavaScript sorts them', async () => {
    const mine = await setup();
    const all = await walk('/api/v1/platform/tenants?limit=100');
    const rows = only(all.forward, mine);
    expect(rows).toHaveLength(SPECS.length);
    expect(all.forward[0]!.meta.total).toBeGreaterThanOrEqual(SPECS.length);

    for (const sort of SORTS) {
      const expected = ids([...rows].sort(comparator(sort)));
      const { forward, backward } = await walk(`/api/v1/platform/tenants?sort=${sort}&limit=2`);
      expect(forward.length, sort).toBeGreaterThanOrEqual(3);
      expect(ids(only(forward, mine)), sort).toEqual(expected);
      // Every page but the first is read again going back.
      expect(ids(only(backward, mine)), sort).toEqual(ids(only(forward.slice(0, -1), mine)));
      expect(forward[0]!.links.prev, sort).toBeNull();
      for (const p of forward.slice(0, -1)) expect(p.links.next, sort).toContain(`sort=${encodeURIComponent(sort)}`);
      // No store twice.
      const seen = forward.flatMap((p) => ids(p.data));
      expect(new Set(seen).size, sort).toBe(seen.length);
    }

    // Without `sort`: oldest first, as before, so these newest stores come last; cursors are those of `createdAt`.
    const plain = await walk('/api/v1/platform/tenants?limit=2');
    expect(ids(only(plain.forward, mine))).toEqual(ids([...rows].sort(comparator('createdAt'))));
    expect(ids(plain.forward.flatMap((p) => p.data).slice(-SPECS.length))).toEqual(
      ids([...rows].sort(comparator('createdAt'))),
    );
    // A page ending on one of these stores: the pages after it hold only these, whatever others add.
    const at = plain.forward.findIndex((p) => mine.has(p.data.at(-1)?.id ?? '') && p.links.next !== null);
    expect(at).toBeGreaterThanOrEqual(0);
    const cursor = new URL(plain.forward[at]!.links.next!, 'http://x').searchParams.get('cursor')!;
    const explicit = await get(`/api/v1/platform/tenants?sort=createdAt&limit=2&cursor=${cursor}`);
    expect(ids(explicit.data)).toEqual(ids(plain.forward[at + 1]!.data));
    // `-createdAt` puts them first.
    const newest = await get('/api/v1/platform/tenants?sort=-createdAt&limit=6');
    expect(ids(newest.data)).toEqual(ids([...rows].sort(comparator('-createdAt'))));
    // Other files may add stores meanwhile: `total` only grows.
    expect(newest.meta.total).toBeGreaterThanOrEqual(all.forward[0]!.meta.total!);
  });

  it('refuses a cursor used with another sort than it was issued for', async () => {
    await setup();
    const cursorOf = async (query: string) => {
      const page = await get(`/api/v1/platform/tenants?${query}`);
      return new URL(page.links.next!, 'http://x').searchParams.get('cursor')!;
    };
    const cases: Array<[string, string]> = [
      ['sort=name&limit=2', 'sort=-name'],
      ['sort=name&limit=2', 'sort=slug'],
      ['sort=slug&limit=2', 'sort=-slug'],
      ['sort=-slug&limit=2', 'sort=name'],
      ['sort=-createdAt&limit=2', ''],
      ['limit=2', 'sort=slug'],
      ['limit=2', 'sort=-createdAt'],
    ];
    for (const [issued, used] of cases) {
      const cursor = await cursorOf(issued);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/platform/tenants?${used}&cursor=${cursor}`,
        headers: await headers(),
      });
      expect(res.statusCode, `${issued} → ${used}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, code: 'invalid_cursor' });
    }

    // Keys that are not ours: the old id-only shape, a bad instant, a bad id.
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ k, d: 'n' })).toString('base64url');
    const id = '0190a000-0000-7000-8000-000000000000';
    for (const [query, k] of [
      ['limit=2', [id]],
      ['sort=-createdAt', ['c-', '2025-02-30T00:00:00.000000Z', id]],
      ['sort=slug', ['s+', 'alpha', 'nope']],
    ] as const) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/platform/tenants?${query}&cursor=${forged([...k])}`,
        headers: await headers(),
      });
      expect(res.statusCode, JSON.stringify(k)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/platform/tenants?sort=status',
      headers: await headers(),
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('keeps the status filter and its total with every sort', async () => {
    const mine = await setup();
    const rows = only((await walk('/api/v1/platform/tenants?limit=100')).forward, mine);
    for (const status of ['suspended', 'active'] as const) {
      const matching = rows.filter((s) => s.status === status);
      expect(matching, status).toHaveLength(3);
      for (const sort of SORTS) {
        const { forward } = await walk(`/api/v1/platform/tenants?status=${status}&sort=${sort}&limit=2`);
        const seen = forward.flatMap((p) => p.data);
        expect(
          seen.every((s) => s.status === status),
          `${status} ${sort}`,
        ).toBe(true);
        expect(ids(only(forward, mine)), `${status} ${sort}`).toEqual(ids([...matching].sort(comparator(sort))));
        expect(forward[0]!.meta.total, `${status} ${sort}`).toBeGreaterThanOrEqual(forward[0]!.data.length);
      }
    }
  });
});
