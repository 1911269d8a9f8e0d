/**
 * A vendor's products through the API: creating drafts with variants (and every rule a create can
 * break), reading and listing one's own products only, optimistic locking, the moderation rule for
 * edits (content sends an active product back to review, price and stock apply at once), submitting,
 * archiving and deleting, and the catalog cache made stale by each write.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { deductStock } from '../../src/modules/catalog/index.js';
import { systemContext } from '../../src/platform/context.js';
import { newId } from '../../src/platform/ids.js';
import { createCategory, createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { stockOf } from '../checkout-helpers.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, rawRows } from '../identity-helpers.js';
import { call } from '../http-helpers.js';

interface VariantBody {
  id: string;
  sku: string;
  options: Record<string, string>;
  price: { amount: number; currency: string };
  compareAtPrice: { amount: number; currency: string } | null;
  stock: number;
  reserved: number;
  available: number;
  weight: number | null;
  active: boolean;
  version: number;
}

interface ProductBody {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: string;
  statusReason: string | null;
  listed: boolean;
  categoryId: string | null;
  vendor: { id: string };
  currency: string;
  options: Array<{ name: string; values: string[] }>;
  translations: Record<string, Record<string, string>>;
  variants: VariantBody[];
  priceRange: { min: { amount: number }; max: { amount: number } } | null;
  submittedAt: string | null;
  version: number;
}

interface ListBody {
  data: Array<{ id: string; title: string; status: string; variantCount: number; vendor: { id: string } }>;
  links: { next: string | null; prev: string | null };
}

const usd = (amount: number) => ({ amount, currency: 'USD' });
let skuSeq = 0;
const sku = (p = 'SKU') => `${p}-${Date.now().toString(36)}-${(skuSeq++).toString(36)}`;

async function vendorSession(
  runtime: Runtime,
  app: FastifyInstance,
  store: { id: string; slug: string },
  status?: 'approved' | 'pending' | 'suspended',
) {
  const vendor = await createVendor(runtime, store.id, { status: status ?? 'approved' });
  const user = await createVendorUser(runtime, store.id, vendor.id);
  const token = (await login(app, user, { tenant: store.slug })).accessToken;
  return { vendor, user, token };
}

async function setup(runtime: Runtime, app: FastifyInstance) {
  const store = await buildTenant(runtime);
  const category = await createCategory(runtime, store.id);
  const a = await vendorSession(runtime, app, store);
  const b = await vendorSession(runtime, app, store);
  return { store, category, a, b };
}

function shirt(categoryId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Linen Shirt',
    description: 'Breathable summer shirt.',
    categoryId,
    options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
    variants: [
      { sku: sku('LS'), price: usd(2500), compareAtPrice: usd(3000), stock: 5, weight: 200, options: { Size: 'S' } },
      { sku: sku('LS'), price: usd(2700), stock: 0, options: { Size: 'M' } },
    ],
    ...overrides,
  };
}

async function productRow(runtime: Runtime, tenantId: string, id: string) {
  const row = (await rawRows(runtime, tenantId, 'products')).find((r) => r.id === id);
  if (!row) throw new Error(`no product ${id}`);
  return row as { status: string; listed: boolean; price_min: number | null; in_stock: boolean; version: number };
}

describe('POST /api/v1/vendor/products', () => {
  const t = useApp();

  it('creates a draft with its variants: 201, Location, ETag, not listed', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const body = shirt(category.id, { translations: { de: { title: 'Leinenhemd' } } });
    const res = await call(t.app, 'POST', '/api/v1/vendor/products', { tenant: store.slug, token: a.token, body });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<ProductBody>();
    expect(res.headers.location).toBe(`/api/v1/vendor/products/${p.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(p).toMatchObject({
      title: 'Linen Shirt',
      slug: 'linen-shirt',
      status: 'draft',
      listed: false,
      categoryId: category.id,
      vendor: { id: a.vendor.id },
      currency: 'USD',
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
      translations: { de: { title: 'Leinenhemd' } },
      priceRange: { min: { amount: 2500 }, max: { amount: 2700 } },
    });
    expect(p.variants).toHaveLength(2);
    expect(p.variants[0]).toMatchObject({
      options: { Size: 'S' },
      price: usd(2500),
      compareAtPrice: usd(3000),
      stock: 5,
      reserved: 0,
      available: 5,
      weight: 200,
      active: true,
      version: 1,
    });
    expect(p.variants[1]).toMatchObject({ compareAtPrice: null, stock: 0, weight: null });

    const row = await productRow(t.runtime, store.id, p.id);
    expect(row).toMatchObject({ status: 'draft', listed: false, price_min: 2500, in_stock: true });

    // The same title again gets a free slug of its own; an explicit slug already used is refused.
    const again = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id),
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<ProductBody>().slug).toMatch(/^linen-shirt-[0-9a-f]{6}$/);
    const taken = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id, { slug: 'linen-shirt' }),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'slug_taken' });
  });

  it('refuses what breaks a rule: options, SKUs, currency, prices, category', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const post = (body: Record<string, unknown>) =>
      call(t.app, 'POST', '/api/v1/vendor/products', { tenant: store.slug, token: a.token, body });
    const expectProblem = async (body: Record<string, unknown>, status: number, code: string) => {
      const res = await post(body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code });
      return res;
    };

    // A variant naming a value its option does not list, or an option the product does not have.
    await expectProblem(
      shirt(category.id, { variants: [{ sku: sku(), price: usd(100), stock: 1, options: { Size: 'XXL' } }] }),
      422,
      'variant_options_mismatch',
    );
    await expectProblem(
      shirt(category.id, { variants: [{ sku: sku(), price: usd(100), stock: 1, options: { Colour: 'Red' } }] }),
      422,
      'variant_options_mismatch',
    );
    await expectProblem(
      shirt(category.id, { variants: [{ sku: sku(), price: usd(100), stock: 1 }] }),
      422,
      'variant_options_mismatch',
    );
    // Two variants with the same options; several variants without any option.
    await expectProblem(
      shirt(category.id, {
        variants: [
          { sku: sku(), price: usd(100), stock: 1, options: { Size: 'S' } },
          { sku: sku(), price: usd(100), stock: 1, options: { Size: 'S' } },
        ],
      }),
      422,
      'duplicate_variant_options',
    );
    await expectProblem(
      shirt(category.id, {
        options: [],
        variants: [
          { sku: sku(), price: usd(100), stock: 1 },
          { sku: sku(), price: usd(100), stock: 1 },
        ],
      }),
      422,
      'options_required',
    );
    await expectProblem(
      shirt(category.id, {
        options: [
          { name: 'Size', values: ['S'] },
          { name: 'size', values: ['M'] },
        ],
      }),
      422,
      'invalid_options',
    );
    // Money in another currency than the store's; a compare-at price below the price.
    const wrongCurrency = await expectProblem(
      shirt(category.id, {
        variants: [{ sku: sku(), price: { amount: 100, currency: 'EUR' }, stock: 1, options: { Size: 'S' } }],
      }),
      422,
      'currency_mismatch',
    );
    expect(wrongCurrency.json().errors).toEqual([{ path: 'body.variants.0.price', message: expect.any(String) }]);
    await expectProblem(
      shirt(category.id, {
        variants: [{ sku: sku(), price: usd(500), compareAtPrice: usd(400), stock: 1, options: { Size: 'S' } }],
      }),
      422,
      'compare_at_price_below_price',
    );
    // A category that does not exist (or belongs to another store).
    const elsewhere = await buildTenant(t.runtime);
    const foreignCategory = await createCategory(t.runtime, elsewhere.id);
    await expectProblem(shirt(foreignCategory.id), 422, 'unknown_category');

    // SKUs: twice in one body (422), already used by another product of the store (409).
    const dup = sku();
    await expectProblem(
      shirt(category.id, {
        variants: [
          { sku: dup, price: usd(100), stock: 1, options: { Size: 'S' } },
          { sku: dup, price: usd(100), stock: 1, options: { Size: 'M' } },
        ],
      }),
      422,
      'duplicate_sku',
    );
    const first = shirt(category.id);
    expect((await post(first)).statusCode).toBe(201);
    const used = (first.variants as Array<{ sku: string }>)[0]!.sku;
    const clash = await expectProblem(
      shirt(category.id, { variants: [{ sku: used, price: usd(100), stock: 1, options: { Size: 'S' } }] }),
      409,
      'sku_taken',
    );
    expect(clash.json().skus).toEqual([used]);
    // Another store may use the same SKU.
    const other = await vendorSession(t.runtime, t.app, elsewhere);
    const otherCreate = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: elsewhere.slug,
      token: other.token,
      body: shirt(foreignCategory.id, { variants: [{ sku: used, price: usd(100), stock: 1, options: { Size: 'S' } }] }),
    });
    expect(otherCreate.statusCode, otherCreate.body).toBe(201);

    // Shape errors are 400: no variants, too many, an unknown field.
    await expectProblem(shirt(category.id, { variants: [] }), 400, 'validation_failed');
    await expectProblem(shirt(category.id, { price: 12 }), 400, 'validation_failed');
    // Nothing of the refused requests was written.
    const rows = (await rawRows(t.runtime, store.id, 'products')).filter((r) => r.tenant_id === store.id);
    expect(rows).toHaveLength(1);
  });

  it('turns a race on one SKU into one 201 and one 409', async () => {
    const { store, category, a, b } = await setup(t.runtime, t.app);
    const shared = sku('RACE');
    const body = shirt(category.id, { variants: [{ sku: shared, price: usd(100), stock: 1, options: { Size: 'S' } }] });
    const results = await Promise.all([
      call(t.app, 'POST', '/api/v1/vendor/products', { tenant: store.slug, token: a.token, body }),
      call(t.app, 'POST', '/api/v1/vendor/products', { tenant: store.slug, token: b.token, body }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'sku_taken' });
  });

  it('gives concurrent creates of one title each a slug of their own', async () => {
    const { store, category, a, b } = await setup(t.runtime, t.app);
    const title = `Clay Vase ${Date.now()}`;
    const results = await Promise.all(
      [a, b, a].map((v) =>
        call(t.app, 'POST', '/api/v1/vendor/products', {
          tenant: store.slug,
          token: v.token,
          body: shirt(category.id, { title }),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const slugs = results.map((r) => r.json<ProductBody>().slug);
    expect(new Set(slugs).size).toBe(3);
    expect(slugs).toContain(`clay-vase-${title.split(' ')[2]}`);
  });

  it('is for approved vendors only', async () => {
    const { store, category } = await setup(t.runtime, t.app);
    const pending = await vendorSession(t.runtime, t.app, store, 'pending');
    const refused = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: pending.token,
      body: shirt(category.id),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'vendor_not_approved' });
    // A pending vendor still reads its (empty) list.
    const list = await call(t.app, 'GET', '/api/v1/vendor/products', { tenant: store.slug, token: pending.token });
    expect(list.statusCode).toBe(200);

    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const ownerToken = (await login(t.app, owner, { tenant: store.slug })).accessToken;
    const notVendor = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: ownerToken,
      body: shirt(category.id),
    });
    expect(notVendor.statusCode).toBe(403);
    expect(notVendor.json()).toMatchObject({ code: 'not_a_vendor' });

    const customer = await createUser(t.runtime, store.id, { roles: ['customer'] });
    const customerToken = (await login(t.app, customer, { tenant: store.slug })).accessToken;
    const forbidden = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: customerToken,
      body: { nonsense: true },
    });
    // The permission is checked before the body: a refused caller learns nothing about it.
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await call(t.app, 'GET', '/api/v1/vendor/products', { tenant: store.slug });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('reading and listing', () => {
  const t = useApp();

  it("lists only the vendor's own products, newest first, with filters and pages", async () => {
    const { store, category, a, b } = await setup(t.runtime, t.app);
    const ids: string[] = [];
    for (const title of ['Alpha Mug', 'Beta Mug', 'Gamma Bowl']) {
      const res = await call(t.app, 'POST', '/api/v1/vendor/products', {
        tenant: store.slug,
        token: a.token,
        body: shirt(category.id, { title }),
      });
      ids.push(res.json<ProductBody>().id);
    }
    await createProduct(t.runtime, store.id, { vendorId: b.vendor.id, title: 'Not Mine Mug' });
    await call(t.app, 'POST', `/api/v1/vendor/products/${ids[0]}/submit`, { tenant: store.slug, token: a.token });

    const all = await call(t.app, 'GET', '/api/v1/vendor/products', { tenant: store.slug, token: a.token });
    expect(all.statusCode).toBe(200);
    const page = all.json<ListBody>();
    expect(page.data.map((p) => p.id)).toEqual([...ids].reverse());
    expect(page.data.every((p) => p.vendor.id === a.vendor.id && p.variantCount === 2)).toBe(true);

    const first = await call(t.app, 'GET', '/api/v1/vendor/products?limit=2', { tenant: store.slug, token: a.token });
    const p1 = first.json<ListBody>();
    expect(p1.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const second = await call(t.app, 'GET', p1.links.next!, { tenant: store.slug, token: a.token });
    const p2 = second.json<ListBody>();
    expect(p2.data.map((p) => p.id)).toEqual([ids[0]]);
    expect(p2.links.next).toBeNull();
    const back = await call(t.app, 'GET', p2.links.prev!, { tenant: store.slug, token: a.token });
    expect(back.json<ListBody>().data.map((p) => p.id)).toEqual([ids[2], ids[1]]);

    const pending = await call(t.app, 'GET', '/api/v1/vendor/products?status=pending_review', {
      tenant: store.slug,
      token: a.token,
    });
    expect(pending.json<ListBody>().data.map((p) => p.id)).toEqual([ids[0]]);
    const mugs = await call(t.app, 'GET', '/api/v1/vendor/products?q=mug', { tenant: store.slug, token: a.token });
    expect(mugs.json<ListBody>().data.map((p) => p.title)).toEqual(['Beta Mug', 'Alpha Mug']);
    const bad = await call(t.app, 'GET', '/api/v1/vendor/products?cursor=bm9wZQ', {
      tenant: store.slug,
      token: a.token,
    });
    expect(bad.statusCode).toBe(400);
  });

  it("answers 404 for another vendor's product, whatever the request", async () => {
    const { store, category, a, b } = await setup(t.runtime, t.app);
    const created = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id),
    });
    const p = created.json<ProductBody>();
    const asB = { tenant: store.slug, token: b.token, headers: { 'if-match': '"1"' } };
    const attempts = [
      await call(t.app, 'GET', `/api/v1/vendor/products/${p.id}`, asB),
      await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, { ...asB, body: { title: 'Mine now' } }),
      await call(t.app, 'DELETE', `/api/v1/vendor/products/${p.id}`, asB),
      await call(t.app, 'POST', `/api/v1/vendor/products/${p.id}/submit`, asB),
      await call(t.app, 'POST', `/api/v1/vendor/products/${p.id}/archive`, asB),
      await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}/variants/${p.variants[0]!.id}`, {
        ...asB,
        body: { price: usd(1) },
      }),
    ];
    for (const res of attempts) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: 'product_not_found' });
    }
    const still = await call(t.app, 'GET', `/api/v1/vendor/products/${p.id}`, { tenant: store.slug, token: a.token });
    expect(still.json<ProductBody>()).toMatchObject({ title: 'Linen Shirt', status: 'draft', version: 1 });
    expect(still.headers.etag).toBe('"1"');
  });
});

describe('PATCH /api/v1/vendor/products/:id', () => {
  const t = useApp();

  it('needs If-Match: 428 without, 412 when stale, 200 with the new ETag', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const p = (
      await call(t.app, 'POST', '/api/v1/vendor/products', {
        tenant: store.slug,
        token: a.token,
        body: shirt(category.id),
      })
    ).json<ProductBody>();
    const url = `/api/v1/vendor/products/${p.id}`;
    const missing = await call(t.app, 'PATCH', url, { tenant: store.slug, token: a.token, body: { title: 'X' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'precondition_required' });

    const ok = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: { title: 'Linen Shirt, relaxed', description: 'Now longer.' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json<ProductBody>()).toMatchObject({ title: 'Linen Shirt, relaxed', status: 'draft', version: 2 });

    const stale = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: { title: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    // Nothing changed: no new version.
    const same = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"2"' },
      body: { title: 'Linen Shirt, relaxed' },
    });
    expect(same.json<ProductBody>().version).toBe(2);
  });

  it('upserts variants by id or SKU, creates new ones and deactivates those left out', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const p = (
      await call(t.app, 'POST', '/api/v1/vendor/products', {
        tenant: store.slug,
        token: a.token,
        body: shirt(category.id),
      })
    ).json<ProductBody>();
    const [s, m] = p.variants as [VariantBody, VariantBody];
    const newSku = sku('LS-L');
    const res = await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: {
        variants: [
          { id: s.id, sku: `${s.sku}-X`, price: usd(2600), stock: 8, options: { Size: 'S' } },
          { sku: newSku, price: usd(2900), stock: 3, options: { Size: 'L' } },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<ProductBody>();
    const bySku = Object.fromEntries(after.variants.map((v) => [v.sku, v]));
    expect(bySku[`${s.sku}-X`]).toMatchObject({
      id: s.id,
      price: usd(2600),
      stock: 8,
      compareAtPrice: null,
      version: 2,
    });
    expect(bySku[newSku]).toMatchObject({ price: usd(2900), stock: 3, active: true });
    expect(bySku[m.sku]).toMatchObject({ id: m.id, active: false });
    expect(after.priceRange).toMatchObject({ min: { amount: 2600 }, max: { amount: 2900 } });

    // Options changed without variants that fit them: refused; the old SKU is free again.
    const misfit = await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${after.version}"` },
      body: { options: [{ name: 'Colour', values: ['Red'] }] },
    });
    expect(misfit.statusCode).toBe(422);
    expect(misfit.json()).toMatchObject({ code: 'variant_options_mismatch' });
    const reuse = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id, { variants: [{ sku: s.sku, price: usd(100), stock: 1, options: { Size: 'S' } }] }),
    });
    expect(reuse.statusCode, reuse.body).toBe(201);
    // …but a SKU of another product is not.
    const steal = await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${after.version}"` },
      body: { variants: [{ id: s.id, sku: s.sku, price: usd(2600), stock: 8, options: { Size: 'S' } }] },
    });
    expect(steal.statusCode).toBe(409);
    expect(steal.json()).toMatchObject({ code: 'sku_taken' });
  });

  it('sends an active product back to review on a content edit, but applies price and stock at once', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const listed = await createProduct(t.runtime, store.id, {
      vendorId: a.vendor.id,
      categoryId: category.id,
      title: 'Teapot',
      variants: [{ price: 4000, onHand: 2 }],
    });
    expect(await productRow(t.runtime, store.id, listed.id)).toMatchObject({ status: 'active', listed: true });
    const url = `/api/v1/vendor/products/${listed.id}`;
    const current = (await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).json<ProductBody>();
    const variant = current.variants[0]!;

    // Price and stock of one variant: no review, still listed, the summary follows.
    const priced = await call(t.app, 'PATCH', `${url}/variants/${variant.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${variant.version}"` },
      body: { price: usd(3500), compareAtPrice: usd(4000), stock: 0 },
    });
    expect(priced.statusCode, priced.body).toBe(200);
    expect(priced.headers.etag).toBe(`"${variant.version + 1}"`);
    expect(priced.json<VariantBody>()).toMatchObject({ price: usd(3500), compareAtPrice: usd(4000), stock: 0 });
    expect(await productRow(t.runtime, store.id, listed.id)).toMatchObject({
      status: 'active',
      listed: true,
      price_min: 3500,
      in_stock: false,
    });
    const staleVariant = await call(t.app, 'PATCH', `${url}/variants/${variant.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${variant.version}"` },
      body: { stock: 4 },
    });
    expect(staleVariant.statusCode).toBe(412);
    const below = await call(t.app, 'PATCH', `${url}/variants/${variant.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${variant.version + 1}"` },
      body: { compareAtPrice: usd(100) },
    });
    expect(below.statusCode).toBe(422);
    expect(below.json()).toMatchObject({ code: 'compare_at_price_below_price' });
    // The last active variant of a product on sale cannot be switched off.
    const last = await call(t.app, 'PATCH', `${url}/variants/${variant.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${variant.version + 1}"` },
      body: { active: false },
    });
    expect(last.statusCode).toBe(422);
    expect(last.json()).toMatchObject({ code: 'no_active_variant' });

    // Stock through the product's variant list: also no review.
    const mid = (await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).json<ProductBody>();
    const restocked = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${mid.version}"` },
      body: { variants: [{ id: variant.id, sku: variant.sku, price: usd(3300), compareAtPrice: usd(4000), stock: 9 }] },
    });
    expect(restocked.statusCode, restocked.body).toBe(200);
    expect(restocked.json<ProductBody>()).toMatchObject({ status: 'active', listed: true });
    expect(await productRow(t.runtime, store.id, listed.id)).toMatchObject({
      listed: true,
      price_min: 3300,
      in_stock: true,
    });

    // A content edit: back to review, off the storefront.
    const edited = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${restocked.json<ProductBody>().version}"` },
      body: { title: 'Teapot, cast iron' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<ProductBody>()).toMatchObject({ status: 'pending_review', listed: false });
    expect(edited.json<ProductBody>().submittedAt).not.toBeNull();
    expect(await productRow(t.runtime, store.id, listed.id)).toMatchObject({ status: 'pending_review', listed: false });
  });

  it('keeps the units on hand when a variant leaves out stock, and sets them when it names stock', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const created = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id),
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json<ProductBody>();
    const [s, m] = p.variants as [VariantBody, VariantBody];
    expect(s.stock).toBe(5);
    const url = `/api/v1/vendor/products/${p.id}`;

    // A sale takes 2 units off the shelf: on hand changes, the product's version does not.
    await t.runtime.services.uow(systemContext({ id: store.id }, `test-${newId()}`), (ctx) =>
      deductStock(ctx, [{ variantId: s.id, quantity: 2 }]),
    );
    expect(await stockOf(t.runtime, store.id, s.id)).toEqual({ onHand: 3, reserved: 0 });
    const loaded = (await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).json<ProductBody>();
    expect(loaded.version).toBe(p.version);

    // An editor loaded before the sale saves a price change without stock: the sale stays.
    const newSku = sku('LS-L');
    const priced = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${p.version}"` },
      body: {
        variants: [
          { id: s.id, sku: s.sku, price: usd(2400), compareAtPrice: usd(3000), weight: 200, options: { Size: 'S' } },
          { id: m.id, sku: m.sku, price: usd(2700), options: { Size: 'M' } },
          { sku: newSku, price: usd(2900), options: { Size: 'L' } },
        ],
      },
    });
    expect(priced.statusCode, priced.body).toBe(200);
    const after = priced.json<ProductBody>();
    const bySku = Object.fromEntries(after.variants.map((v) => [v.sku, v]));
    expect(bySku[s.sku]).toMatchObject({ price: usd(2400), stock: 3 });
    expect(bySku[m.sku]).toMatchObject({ stock: 0, version: m.version });
    // A new variant without stock starts with none.
    expect(bySku[newSku]).toMatchObject({ stock: 0, active: true });
    expect(await stockOf(t.runtime, store.id, s.id)).toEqual({ onHand: 3, reserved: 0 });

    // Stock named: set to that number of units.
    const restocked = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${after.version}"` },
      body: {
        variants: [
          {
            id: s.id,
            sku: s.sku,
            price: usd(2400),
            compareAtPrice: usd(3000),
            weight: 200,
            stock: 12,
            options: { Size: 'S' },
          },
          { id: m.id, sku: m.sku, price: usd(2700), options: { Size: 'M' } },
          { sku: newSku, price: usd(2900), options: { Size: 'L' } },
        ],
      },
    });
    expect(restocked.statusCode, restocked.body).toBe(200);
    expect(restocked.json<ProductBody>().variants.find((v) => v.id === s.id)).toMatchObject({ stock: 12 });
    expect(await stockOf(t.runtime, store.id, s.id)).toEqual({ onHand: 12, reserved: 0 });
  });

  it('makes every write stale in the catalog cache', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    let loads = 0;
    const read = () =>
      t.runtime.services.catalogCache.read(store.id, 'probe', async () => {
        loads++;
        return { loads };
      });
    await read();
    await read();
    expect(loads).toBe(1);
    const created = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id),
    });
    expect(created.statusCode).toBe(201);
    await read();
    expect(loads).toBe(2);
    await call(t.app, 'PATCH', `/api/v1/vendor/products/${created.json<ProductBody>().id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: { description: 'Changed.' },
    });
    await read();
    expect(loads).toBe(3);
  });
});

describe('submit, archive, delete', () => {
  const t = useApp();

  it('submits a draft that has an active variant and a category, once', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const p = (
      await call(t.app, 'POST', '/api/v1/vendor/products', {
        tenant: store.slug,
        token: a.token,
        body: shirt(category.id),
      })
    ).json<ProductBody>();
    const submitted = await call(t.app, 'POST', `/api/v1/vendor/products/${p.id}/submit`, {
      tenant: store.slug,
      token: a.token,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json<ProductBody>()).toMatchObject({ status: 'pending_review', listed: false, version: 2 });
    expect(submitted.json<ProductBody>().submittedAt).not.toBeNull();
    const again = await call(t.app, 'POST', `/api/v1/vendor/products/${p.id}/submit`, {
      tenant: store.slug,
      token: a.token,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
    const outbox = (await rawRows(t.runtime, store.id, 'outbox')).filter((r) => r.aggregate_id === p.id);
    expect(outbox.map((r) => r.type)).toEqual(['catalog.product_submitted.v1']);

    // Without an active variant: 422.
    const bare = (
      await call(t.app, 'POST', '/api/v1/vendor/products', {
        tenant: store.slug,
        token: a.token,
        body: shirt(category.id, { options: [], variants: [{ sku: sku(), price: usd(100), stock: 1 }] }),
      })
    ).json<ProductBody>();
    const off = await call(t.app, 'PATCH', `/api/v1/vendor/products/${bare.id}/variants/${bare.variants[0]!.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
      body: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const noVariant = await call(t.app, 'POST', `/api/v1/vendor/products/${bare.id}/submit`, {
      tenant: store.slug,
      token: a.token,
    });
    expect(noVariant.statusCode).toBe(422);
    expect(noVariant.json()).toMatchObject({ code: 'no_active_variant' });

    // Without a (live) category: 422.
    const orphan = await createProduct(t.runtime, store.id, {
      vendorId: a.vendor.id,
      status: 'draft',
      categoryId: null,
    });
    const noCategory = await call(t.app, 'POST', `/api/v1/vendor/products/${orphan.id}/submit`, {
      tenant: store.slug,
      token: a.token,
    });
    expect(noCategory.statusCode).toBe(422);
    expect(noCategory.json()).toMatchObject({ code: 'category_required' });
  });

  it('archives (read-only), unarchives to draft, and deletes with If-Match', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const listed = await createProduct(t.runtime, store.id, { vendorId: a.vendor.id, categoryId: category.id });
    const url = `/api/v1/vendor/products/${listed.id}`;
    const archived = await call(t.app, 'POST', `${url}/archive`, { tenant: store.slug, token: a.token });
    expect(archived.statusCode).toBe(200);
    expect(archived.json<ProductBody>()).toMatchObject({ status: 'archived', listed: false });
    const version = archived.json<ProductBody>().version;
    const locked = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${version}"` },
      body: { title: 'Changed' },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 'product_archived' });
    const twice = await call(t.app, 'POST', `${url}/archive`, { tenant: store.slug, token: a.token });
    expect(twice.statusCode).toBe(409);
    const back = await call(t.app, 'POST', `${url}/unarchive`, { tenant: store.slug, token: a.token });
    expect(back.json<ProductBody>()).toMatchObject({ status: 'draft' });

    const noIfMatch = await call(t.app, 'DELETE', url, { tenant: store.slug, token: a.token });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await call(t.app, 'DELETE', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    const deleted = await call(t.app, 'DELETE', url, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${back.json<ProductBody>().version}"` },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).statusCode).toBe(404);
    const row = (await rawRows(t.runtime, store.id, 'products')).find((r) => r.id === listed.id);
    expect(row?.deleted_at).not.toBeNull();
    // Its SKU is free for a new product.
    const reuse = await call(t.app, 'POST', '/api/v1/vendor/products', {
      tenant: store.slug,
      token: a.token,
      body: shirt(category.id, { options: [], variants: [{ sku: listed.skus[0], price: usd(100), stock: 1 }] }),
    });
    expect(reuse.statusCode, reuse.body).toBe(201);
  });

  it('returns a rejected product to draft on any edit', async () => {
    const { store, category, a } = await setup(t.runtime, t.app);
    const rejected = await createProduct(t.runtime, store.id, {
      vendorId: a.vendor.id,
      categoryId: category.id,
      status: 'rejected',
    });
    const url = `/api/v1/vendor/products/${rejected.id}`;
    const current = (await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).json<ProductBody>();
    const variant = current.variants[0]!;
    const res = await call(t.app, 'PATCH', `${url}/variants/${variant.id}`, {
      tenant: store.slug,
      token: a.token,
      headers: { 'if-match': `"${variant.version}"` },
      body: { stock: 3 },
    });
    expect(res.statusCode).toBe(200);
    const after = (await call(t.app, 'GET', url, { tenant: store.slug, token: a.token })).json<ProductBody>();
    expect(after).toMatchObject({ status: 'draft', version: current.version + 1 });
  });
});
