/**
 * Product search: full-text ranking (titles over descriptions), web-search syntax, typo tolerance
 * through trigram similarity, relevance pages, and search-box suggestions.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createProduct, createVendor, type TestProduct } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';

interface ListBody {
  data: Array<{ id: string; title: string; price: { amount: number } }>;
  meta: { limit: number; total?: number; searchMode?: string };
  links: { next: string | null; prev: string | null };
  facets: { categories: Array<{ id: string; count: number }>; vendors: Array<{ id: string; count: number }> };
}

const get = (app: FastifyInstance, tenant: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { 'x-tenant-id': tenant } });

describe('product search', () => {
  const t = useApp({ CATALOG_CACHE_TTL: '0' });
  let store: { id: string; slug: string };
  const p: Record<string, TestProduct> = {};

  async function search(query: string): Promise<ListBody> {
    const res = await get(t.app, store.slug, `/api/v1/products?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const ids = (b: { data: Array<{ id: string }> }) => b.data.map((i) => i.id);

  beforeAll(async () => {
    const rt = t.runtime;
    store = await buildTenant(rt);
    const vendor = await createVendor(rt, store.id);
    const other = await createVendor(rt, store.id);
    const home = await createCategory(rt, store.id, { name: 'Home' });
    const make = (title: string, description = '', price = 1000, vendorId = vendor.id) =>
      createProduct(rt, store.id, { vendorId, categoryId: home.id, title, description, variants: [{ price }] });
    p.woolBlanket = await make('Wool Blanket', 'Warm and soft.', 4000);
    p.blanketOfWool = await make('Blanket of Wool', 'Knitted by hand.', 3000, other.id);
    // The word three times, in the description only.
    p.throw = await make(
      'Cotton Throw',
      'A blanket for the sofa: the blanket you reach for, a blanket for naps.',
      2000,
    );
    p.scarf = await make('Knitted Scarf', 'Pairs well with any blanket.', 1500);
    p.mug = await make('Stoneware Mug', 'Holds tea.', 900);
    await createProduct(rt, store.id, {
      vendorId: vendor.id,
      title: 'Hidden Blanket',
      status: 'pending_review',
    });
  });

  it('ranks title matches above description-only matches, however often the description repeats the word', async () => {
    const body = await search('q=blanket');
    expect(body.meta.searchMode).toBe('fulltext');
    expect(body.meta.total).toBe(4);
    const order = ids(body);
    expect(new Set(order.slice(0, 2))).toEqual(new Set([p.woolBlanket!.id, p.blanketOfWool!.id]));
    expect(new Set(order.slice(2))).toEqual(new Set([p.throw!.id, p.scarf!.id]));
    // The repeated description outranks the single mention.
    expect(order.slice(2)).toEqual([p.throw!.id, p.scarf!.id]);
    // Upper case and extra spaces are the same search.
    expect(ids(await search('q=%20%20BLANKET%20'))).toEqual(order);
  });

  it('understands web-search syntax: quoted phrases, exclusions and or', async () => {
    expect(ids(await search('q=%22wool%20blanket%22'))).toEqual([p.woolBlanket!.id]);
    expect(new Set(ids(await search('q=blanket%20-wool')))).toEqual(new Set([p.throw!.id, p.scarf!.id]));
    expect(new Set(ids(await search('q=mug%20or%20scarf')))).toEqual(new Set([p.mug!.id, p.scarf!.id]));
    // An exclusion that leaves almost nothing is not widened by typo tolerance.
    const narrow = await search('q=knitted%20-scarf');
    expect(narrow.meta.searchMode).toBe('fulltext');
    expect(ids(narrow)).toEqual([p.blanketOfWool!.id]);
  });

  it('tolerates typos: when full text finds almost nothing, titles that look alike are found', async () => {
    const body = await search('q=blankte');
    expect(body.meta.searchMode).toBe('fuzzy');
    expect(new Set(ids(body))).toEqual(new Set([p.woolBlanket!.id, p.blanketOfWool!.id]));
    expect(body.meta.total).toBe(2);
    expect(body.facets.vendors.reduce((n, v) => n + v.count, 0)).toBe(2);
    expect(ids(await search('q=blanet'))).toContain(p.woolBlanket!.id);
    // Filters still apply to fuzzy matches.
    expect(ids(await search('q=blankte&maxPrice=3500'))).toEqual([p.blanketOfWool!.id]);
    // Nothing alike: an empty list, not an error.
    const none = await search('q=xylophone');
    expect(none.data).toEqual([]);
    expect(none.meta.total).toBe(0);
  });

  it('pages through relevance and fuzzy results with the same order as one page', async () => {
    for (const q of ['blanket', 'blankte']) {
      const whole = ids(await search(`q=${q}&limit=100`));
      const walked: string[] = [];
      let body = await search(`q=${q}&limit=1`);
      for (;;) {
        walked.push(...ids(body));
        if (!body.links.next) break;
        const res = await get(t.app, store.slug, body.links.next);
        expect(res.statusCode, res.body).toBe(200);
        body = res.json();
        // The search mode chosen on the first page holds for the whole walk.
        expect(body.meta.searchMode).toBe(q === 'blanket' ? 'fulltext' : 'fuzzy');
      }
      expect(walked).toEqual(whole);
      const back = (await get(t.app, store.slug, body.links.prev!)).json<ListBody>();
      expect(ids(back)).toEqual([whole[whole.length - 2]]);
    }
    // Other sorts apply to the matches.
    expect(ids(await search('q=blanket&sort=price_asc'))).toEqual([
      p.scarf!.id,
      p.throw!.id,
      p.blanketOfWool!.id,
      p.woolBlanket!.id,
    ]);
  });

  it('answers any text without an error', async () => {
    for (const q of [
      '!!!',
      '-',
      '"',
      "it's",
      'a & b | c',
      '()',
      ':*',
      '\\',
      'or',
      '"unclosed phrase',
      'nul\u0000byte',
      'x'.repeat(200),
    ]) {
      const res = await get(t.app, store.slug, `/api/v1/products?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect((await get(t.app, store.slug, `/api/v1/products?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
    // Control characters are spaces to the search.
    const nul = await search(`q=${encodeURIComponent('wool\u0000blanket')}`);
    expect(ids(nul)).toEqual(ids(await search('q=wool%20blanket')));
  });

  describe('suggestions', () => {
    async function suggest(q: string) {
      const res = await get(t.app, store.slug, `/api/v1/products/suggest?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: Array<{ id: string; slug: string; title: string }> }>();
    }

    it('suggests titles whose words start like the text, not description matches', async () => {
      const body = await suggest('blan');
      expect(new Set(body.data.map((s) => s.id))).toEqual(new Set([p.woolBlanket!.id, p.blanketOfWool!.id]));
      expect(body.data[0]).toEqual({ id: expect.any(String), slug: expect.any(String), title: expect.any(String) });
      expect((await suggest('wool bl')).data.map((s) => s.title).sort()).toEqual(['Blanket of Wool', 'Wool Blanket']);
      expect((await suggest('K')).data.map((s) => s.title)).toEqual(['Knitted Scarf']);
    });

    it('falls back to titles that look alike, and gives at most 8', async () => {
      expect((await suggest('blankte')).data.map((s) => s.title).sort()).toEqual(['Blanket of Wool', 'Wool Blanket']);
      for (let i = 0; i < 10; i++) {
        await createProduct(t.runtime, store.id, {
          vendorId: (await createVendor(t.runtime, store.id)).id,
          title: `Teapot ${i}`,
        });
      }
      expect((await suggest('teap')).data).toHaveLength(8);
      expect((await suggest('teapto')).data).toHaveLength(8);
    });

    it('needs 1–100 characters and survives any text', async () => {
      expect((await get(t.app, store.slug, '/api/v1/products/suggest')).statusCode).toBe(400);
      expect((await get(t.app, store.slug, '/api/v1/products/suggest?q=')).statusCode).toBe(400);
      expect((await get(t.app, store.slug, `/api/v1/products/suggest?q=${'a'.repeat(101)}`)).statusCode).toBe(400);
      expect(await suggest('   ')).toEqual({ data: [] });
      for (const q of ["bla'nk:*&|!", '!', '""', '-', 'ü']) await suggest(q);
    });
  });
});
