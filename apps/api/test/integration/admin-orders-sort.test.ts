/**
 * Sorting the store's orders (`GET /api/v1/admin/orders`, `sort`): every sort pages forwards and
 * back through keyset cursors in the order JavaScript sorts the same rows (ties by id), a cursor
 * continues only the sort it was issued for, and every filter combines with every sort.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createProduct, createVendor } from '../catalog-factories.js';
import { checkoutStore, inStore } from '../checkout-helpers.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { type OrderBody, insertConfirmedOrders, signedIn } from '../order-helpers.js';

interface ListBody {
  data: OrderBody[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
}

const SORTS = ['-placedAt', 'placedAt', '-total', 'total', '-number', 'number'] as const;
type Sort = (typeof SORTS)[number];

const BASE = Date.parse('2025-03-01T09:00:00Z');

/**
 * Eight orders: numbers of capital letters only (any collation orders them as JavaScript does),
 * equal placing instants and equal totals in pairs and triples, so ties fall to the id. `vendor` 1
 * or 2 sells the order's only line; `processing` orders are moved on from `confirmed`.
 */
const SPECS = [
  { prefix: 'KA', minute: 0, unitPrice: 1000, quantity: 3, vendor: 1, processing: false },
  { prefix: 'KB', minute: 1, unitPrice: 1200, quantity: 1, vendor: 2, processing: false },
  { prefix: 'KC', minute: 1, unitPrice: 1500, quantity: 2, vendor: 1, processing: true },
  { prefix: 'LA', minute: 2, unitPrice: 500, quantity: 1, vendor: 2, processing: false },
  { prefix: 'LB', minute: 3, unitPrice: 3000, quantity: 1, vendor: 1, processing: false },
  { prefix: 'LC', minute: 4, unitPrice: 3300, quantity: 3, vendor: 2, processing: true },
  { prefix: 'MA', minute: 4, unitPrice: 600, quantity: 2, vendor: 2, processing: false },
  { prefix: 'MB', minute: 5, unitPrice: 100, quantity: 1, vendor: 1, processing: true },
] as const;

/** JavaScript's order for a sort: the field, then the id. */
function comparator(sort: Sort): (a: OrderBody, b: OrderBody) => number {
  const field = sort.replace('-', '') as 'placedAt' | 'total' | 'number';
  const sign = sort.startsWith('-') ? -1 : 1;
  const value = (o: OrderBody) =>
    field === 'total' ? o.totals.total.amount : field === 'placedAt' ? Date.parse(o.placedAt) : o.number;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return sign * (x < y ? -1 : 1);
    return sign * (a.id < b.id ? -1 : 1);
  };
}

const ids = (rows: OrderBody[]) => rows.map((o) => o.id);

describe('sorting the admin orders list', () => {
  const t = useApp();

  async function setup() {
    const s = await checkoutStore(t.runtime);
    const vendor2 = await createVendor(t.runtime, s.tenant.id);
    const product2 = await createProduct(t.runtime, s.tenant.id, { vendorId: vendor2.id, currency: 'USD' });
    const sellers = {
      1: { vendorId: s.vendor.id, productId: s.product.id, variantId: s.variantId },
      2: { vendorId: vendor2.id, productId: product2.id, variantId: product2.variantIds[0]! },
    };
    const processing: string[] = [];
    for (const spec of SPECS) {
      const [made] = await insertConfirmedOrders(t.runtime, s.tenant, 1, {
        prefix: spec.prefix,
        placedAt: () => new Date(BASE + spec.minute * 60_000),
        lines: [{ ...sellers[spec.vendor], unitPrice: spec.unitPrice, quantity: spec.quantity }],
      });
      if (spec.processing) processing.push(made!.orderId);
    }
    await inStore(t.runtime, s.tenant.id, (tx) =>
      tx.execute(
        sql`update orders set status = 'processing' where id in (${sql.join(
          processing.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    // Another store's orders: never in this store's list, whatever the sort.
    const other = await checkoutStore(t.runtime);
    await insertConfirmedOrders(t.runtime, other.tenant, 2, {
      prefix: 'KZ',
      lines: [
        {
          vendorId: other.vendor.id,
          productId: other.product.id,
          variantId: other.variantId,
          unitPrice: 1,
          quantity: 1,
        },
      ],
    });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    return { s, vendor2, owner };
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

  it('pages through the orders with every sort, forwards and back, in the order JavaScript sorts them', async () => {
    const { s, owner } = await setup();
    const { get, walk } = client(s.tenant.slug, owner.token);
    const rows = (await get('/api/v1/admin/orders?limit=100')).data;
    expect(rows.map((o) => o.number.slice(0, 2)).sort()).toEqual(SPECS.map((x) => x.prefix));

    for (const sort of SORTS) {
      const expected = ids([...rows].sort(comparator(sort)));
      const { forward, backward } = await walk(`/api/v1/admin/orders?sort=${sort}&limit=3`);
      expect(
        forward.map((p) => p.data.length),
        sort,
      ).toEqual([3, 3, 2]);
      expect(
        forward.flatMap((p) => ids(p.data)),
        sort,
      ).toEqual(expected);
      expect(forward[0]!.links.prev, sort).toBeNull();
      // The next page continues the same sort.
      for (const p of forward.slice(0, -1)) expect(p.links.next, sort).toContain(`sort=${encodeURIComponent(sort)}`);
      expect(
        backward.map((p) => ids(p.data)),
        sort,
      ).toEqual([ids(forward[1]!.data), ids(forward[0]!.data)]);
    }

    // Without `sort`: newest placed first, as before; its cursors are those of `-placedAt`.
    const plain = await walk('/api/v1/admin/orders?limit=3');
    expect(plain.forward.flatMap((p) => ids(p.data))).toEqual(ids([...rows].sort(comparator('-placedAt'))));
    const cursor = new URL(plain.forward[0]!.links.next!, 'http://x').searchParams.get('cursor')!;
    const explicit = await get(`/api/v1/admin/orders?sort=-placedAt&limit=3&cursor=${cursor}`);
    expect(ids(explicit.data)).toEqual(ids(plain.forward[1]!.data));
  });

  it('refuses a cursor used with another sort than it was issued for', async () => {
    const { s, owner } = await setup();
    const { get } = client(s.tenant.slug, owner.token);
    const cursorOf = async (query: string) => {
      const page = await get(`/api/v1/admin/orders?${query}`);
      return new URL(page.links.next!, 'http://x').searchParams.get('cursor')!;
    };
    const cases: Array<[string, string]> = [
      // [query issuing the cursor, query it is used with]
      ['sort=total&limit=3', 'sort=-total'],
      ['sort=total&limit=3', 'sort=number'],
      ['sort=-number&limit=3', 'sort=number'],
      ['sort=number&limit=3', 'sort=placedAt'],
      ['limit=3', 'sort=placedAt'],
      ['limit=3', 'sort=-total'],
      ['sort=placedAt&limit=3', ''],
    ];
    for (const [issued, used] of cases) {
      const cursor = await cursorOf(issued);
      const res = await call(t.app, 'GET', `/api/v1/admin/orders?${used}&cursor=${cursor}`, {
        tenant: s.tenant.slug,
        token: owner.token,
      });
      expect(res.statusCode, `${issued} → ${used}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, code: 'invalid_cursor' });
    }

    // Keys that are not ours: the old two-part shape, a total that is no number, a bad id.
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ k, d: 'n' })).toString('base64url');
    const id = '0190a000-0000-7000-8000-000000000000';
    for (const [query, k] of [
      ['limit=3', ['2025-03-01T09:00:00.000000Z', id]],
      ['sort=total', ['t+', '12.5', id]],
      ['sort=total', ['t+', '99999999999999999999', id]],
      ['sort=-number', ['n-', 'KA-000001', 'nope']],
      ['sort=placedAt', ['p+', '2025-02-30T00:00:00.000000Z', id]],
      // Year 0 passes JavaScript's date check but not PostgreSQL's: still the client's mistake.
      ['sort=-placedAt', ['p-', '0000-06-01T00:00:00.000000Z', id]],
    ] as const) {
      const res = await call(t.app, 'GET', `/api/v1/admin/orders?${query}&cursor=${forged([...k])}`, {
        tenant: s.tenant.slug,
        token: owner.token,
      });
      expect(res.statusCode, JSON.stringify(k)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }
    const unknown = await call(t.app, 'GET', '/api/v1/admin/orders?sort=email', {
      tenant: s.tenant.slug,
      token: owner.token,
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('keeps every filter with every sort', async () => {
    const { s, vendor2, owner } = await setup();
    const { get, walk } = client(s.tenant.slug, owner.token);
    const rows = (await get('/api/v1/admin/orders?limit=100')).data;
    const at = (minute: number) => encodeURIComponent(new Date(BASE + minute * 60_000).toISOString());
    const filters: Array<[string, (o: OrderBody) => boolean]> = [
      [`vendorId=${vendor2.id}`, (o) => o.subOrders.some((x) => x.vendor.id === vendor2.id)],
      ['status=processing', (o) => o.status === 'processing'],
      ['q=k', (o) => o.number.startsWith('K')],
      [
        `from=${at(1)}&to=${at(4)}`,
        (o) => Date.parse(o.placedAt) >= BASE + 60_000 && Date.parse(o.placedAt) < BASE + 240_000,
      ],
      ['paymentStatus=paid&status=confirmed', (o) => o.paymentStatus === 'paid' && o.status === 'confirmed'],
    ];
    for (const [query, keep] of filters) {
      const matching = rows.filter(keep);
      expect(matching.length, query).toBeGreaterThanOrEqual(3);
      expect(matching.length, query).toBeLessThan(rows.length);
      for (const sort of SORTS) {
        const { forward } = await walk(`/api/v1/admin/orders?${query}&sort=${sort}&limit=2`);
        expect(forward.length, `${query} sort=${sort}`).toBeGreaterThanOrEqual(2);
        expect(
          forward.flatMap((p) => ids(p.data)),
          `${query} sort=${sort}`,
        ).toEqual(ids([...matching].sort(comparator(sort))));
      }
    }
  });
});
