/**
 * Vendors' CSV import and export through the API and the job queue: good rows applied while bad
 * ones are reported by row number, dry runs, idempotent re-imports, another vendor's SKUs refused,
 * the moderation rule for content edits, export → import round trips, the import resource, body
 * limits and who may import.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { createCategory, createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, drainUntil, login, randomIp, rawRows } from '../identity-helpers.js';

const HEADER =
  'product_slug,title,description,category,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,price,compare_at_price,stock,weight_grams,active';

interface RowResult {
  row: number;
  ok: boolean;
  error?: string;
  sku?: string;
  productId?: string;
  action?: 'created' | 'updated' | 'unchanged';
}

interface ImportBody {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  dryRun: boolean;
  totalRows: number;
  okRows: number;
  errorRows: number;
  error: string | null;
  results: RowResult[];
  finishedAt: string | null;
}

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

function upload(app: FastifyInstance, tenant: string, token: string | undefined, body: string, query = '') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/vendor/products/import${query}`,
    remoteAddress: randomIp(),
    headers: {
      'x-tenant-id': tenant,
      'content-type': 'text/csv',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    payload: body,
  });
}

function get(app: FastifyInstance, tenant: string, token: string, url: string) {
  return app.inject({
    method: 'GET',
    url,
    remoteAddress: randomIp(),
    headers: { 'x-tenant-id': tenant, authorization: `Bearer ${token}` },
  });
}

/** A store with a category and an approved vendor whose user is signed in. */
async function vendorStore(runtime: Runtime, app: FastifyInstance) {
  const store = await buildTenant(runtime, { defaultCurrency: 'EUR' });
  const category = await createCategory(runtime, store.id, { slug: 'shoes', name: 'Shoes' });
  const vendor = await createVendor(runtime, store.id);
  const user = await createVendorUser(runtime, store.id, vendor.id);
  const token = (await login(app, user, { tenant: store.slug })).accessToken;
  return { store, category, vendor, token };
}

/** Uploads, runs the import and its follow-up job, and returns the finished import. */
async function importFile(
  t: { app: FastifyInstance; runtime: Runtime },
  s: { store: { id: string; slug: string }; token: string },
  body: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportBody> {
  const res = await upload(t.app, s.store.slug, s.token, body, opts.dryRun ? '?dryRun=true' : '');
  expect(res.statusCode).toBe(202);
  const queued = res.json<ImportBody>();
  expect(res.headers.location).toBe(`/api/v1/vendor/imports/${queued.id}`);
  expect(queued).toMatchObject({ status: 'queued', dryRun: opts.dryRun ?? false, results: [] });
  const sourceKey = `${s.store.id}/imports/${queued.id}.csv`;
  await drainUntil(t.runtime, async () => (await t.runtime.storage.get(sourceKey)) === undefined);
  const done = await get(t.app, s.store.slug, s.token, res.headers.location as string);
  expect(done.statusCode).toBe(200);
  return done.json<ImportBody>();
}

// Raw rows are read as the tables' owner, past row-level security: keep the store's own.
async function rowsOf(runtime: Runtime, tenantId: string, table: string) {
  return (await rawRows(runtime, tenantId, table)).filter((r) => r.tenant_id === tenantId);
}

async function variantsOf(runtime: Runtime, tenantId: string) {
  return (await rowsOf(runtime, tenantId, 'variants')).filter((v) => v.deleted_at === null);
}

async function productBySlug(runtime: Runtime, tenantId: string, slug: string) {
  return (await rowsOf(runtime, tenantId, 'products')).find((p) => p.slug === slug && p.deleted_at === null);
}

const importsOf = (runtime: Runtime, tenantId: string) => rowsOf(runtime, tenantId, 'catalog_imports');

describe('CSV import', () => {
  const t = useApp();

  it('applies the good rows and reports the bad ones by row number', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const rival = await createVendor(t.runtime, s.store.id);
    await createProduct(t.runtime, s.store.id, {
      vendorId: rival.id,
      slug: 'rival-thing',
      variants: [{ sku: 'RIVAL-1', price: 100 }],
    });

    const result = await importFile(
      t,
      s,
      csv(
        'trail-shoe,Trail Shoe,Grippy soles,shoes,Size,40,,,,,TS-40,5999,6999,10,800,true',
        'trail-shoe,Trail Shoe,Grippy soles,shoes,Size,41,,,,,TS-41,5999,,5,800,true',
        'trail-shoe,,,,Size,42,,,,,TS-42,12.50,,5,,true',
        'trail-shoe,,,,Size,43,,,,,,5999,,5,,true',
        'sock,Sock,,no-such-category,,,,,,,SOCK-1,499,,3,,',
        'trail-shoe,,,,Colour,Red,,,,,TS-RED,5999,,1,,',
        'rival-copy,Copy,,,,,,,,,RIVAL-1,100,,1,,',
        'rival-thing,Mine now,,,,,,,,,MINE-1,100,,1,,',
        'cap,Cap,,,,,,,,,CAP-1,1500,,0,,false',
        'cap,,,,,,,,,,CAP-1,1600,,0,,false',
        'cap,,,,,,,,,,CAP-2,1600,1000,0,,',
        'cap,,,,,,',
      ),
    );
    expect(result).toMatchObject({ status: 'completed', totalRows: 12, okRows: 3, errorRows: 9, error: null });
    const byRow = new Map(result.results.map((r) => [r.row, r]));
    expect(result.results.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(byRow.get(1)).toMatchObject({ ok: true, sku: 'TS-40', action: 'created' });
    expect(byRow.get(2)).toMatchObject({ ok: true, sku: 'TS-41', action: 'created' });
    expect(byRow.get(2)?.productId).toBe(byRow.get(1)?.productId);
    expect(byRow.get(3)).toMatchObject({ ok: false, sku: 'TS-42' });
    expect(byRow.get(3)?.error).toMatch(/price must be a whole number/);
    expect(byRow.get(4)?.error).toMatch(/sku is required/);
    expect(byRow.get(5)?.error).toMatch(/unknown category no-such-category/);
    expect(byRow.get(6)?.error).toMatch(/options must be Size/);
    expect(byRow.get(7)?.error).toMatch(/sku RIVAL-1 belongs to another vendor/);
    expect(byRow.get(8)?.error).toMatch(/rival-thing is used by another vendor/);
    expect(byRow.get(9)).toMatchObject({ ok: true, sku: 'CAP-1', action: 'created' });
    expect(byRow.get(10)?.error).toMatch(/CAP-1 is also on row 9/);
    expect(byRow.get(11)?.error).toMatch(/compare_at_price must not be lower than price/);
    expect(byRow.get(12)?.error).toMatch(/header/);

    const shoe = await productBySlug(t.runtime, s.store.id, 'trail-shoe');
    expect(shoe).toMatchObject({
      vendor_id: s.vendor.id,
      title: 'Trail Shoe',
      description: 'Grippy soles',
      category_id: s.category.id,
      status: 'draft',
      currency: 'EUR',
      options: [{ name: 'Size', values: ['40', '41'] }],
    });
    const vs = await variantsOf(t.runtime, s.store.id);
    const ts40 = vs.find((v) => v.sku === 'TS-40');
    expect(ts40).toMatchObject({
      product_id: shoe?.id,
      options: { Size: '40' },
      price: 5999,
      compare_at_price: 6999,
      on_hand: 10,
      weight_grams: 800,
      active: true,
    });
    expect(vs.find((v) => v.sku === 'CAP-1')).toMatchObject({ price: 1500, active: false, on_hand: 0 });
    expect(vs.filter((v) => ['TS-42', 'SOCK-1', 'TS-RED', 'MINE-1', 'CAP-2'].includes(v.sku as string))).toEqual([]);
    // The rival's variant is untouched.
    expect(vs.find((v) => v.sku === 'RIVAL-1')).toMatchObject({ price: 100 });
    expect(await productBySlug(t.runtime, s.store.id, 'sock')).toBeUndefined();
  });

  it('writes nothing in a dry run, yet reports what would happen', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const before = await variantsOf(t.runtime, s.store.id);
    const result = await importFile(
      t,
      s,
      csv('dry-shoe,Dry Shoe,,shoes,,,,,,,DRY-1,2500,,4,,true', 'dry-shoe,,,,,,,,,,DRY-2,oops,,4,,true'),
      { dryRun: true },
    );
    expect(result).toMatchObject({ status: 'completed', dryRun: true, totalRows: 2, okRows: 1, errorRows: 1 });
    expect(result.results[0]).toMatchObject({ row: 1, ok: true, action: 'created', sku: 'DRY-1' });
    expect(result.results[1]).toMatchObject({ row: 2, ok: false });
    expect(await productBySlug(t.runtime, s.store.id, 'dry-shoe')).toBeUndefined();
    expect(await variantsOf(t.runtime, s.store.id)).toEqual(before);
  });

  it('changes nothing when the same file is imported twice, and updates by SKU after', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const file = csv(
      'tee,"Tee, classic","Soft ""organic"" cotton",shoes,Size,S,Colour,Blue,,,TEE-S-B,1999,2499,7,150,true',
      'tee,"Tee, classic","Soft ""organic"" cotton",shoes,Size,M,Colour,Blue,,,TEE-M-B,1999,2499,3,150,true',
      'tee,"Tee, classic","Soft ""organic"" cotton",shoes,Size,M,Colour,Red,,,TEE-M-R,2099,,0,150,false',
    );
    const first = await importFile(t, s, file);
    expect(first.results.map((r) => r.action)).toEqual(['created', 'created', 'created']);
    const productAfterFirst = await productBySlug(t.runtime, s.store.id, 'tee');
    expect(productAfterFirst).toMatchObject({
      title: 'Tee, classic',
      description: 'Soft "organic" cotton',
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['Blue', 'Red'] },
      ],
    });
    const variantsAfterFirst = await variantsOf(t.runtime, s.store.id);

    const second = await importFile(t, s, file);
    expect(second).toMatchObject({ status: 'completed', okRows: 3, errorRows: 0 });
    expect(second.results.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await productBySlug(t.runtime, s.store.id, 'tee')).toEqual(productAfterFirst);
    expect(await variantsOf(t.runtime, s.store.id)).toEqual(variantsAfterFirst);

    // Approved and live, the product takes price and stock edits at once; new content goes to review.
    await t.runtime.database.tenantTransaction({ tenantId: s.store.id, actorId: null }, (tx) =>
      tx.execute(sql`update products set status = 'active' where slug = 'tee'`),
    );
    expect(await productBySlug(t.runtime, s.store.id, 'tee')).toMatchObject({ status: 'active', listed: true });
    const priced = await importFile(t, s, csv('tee,,,,Size,S,Colour,Blue,,,TEE-S-B,1799,2499,9,150,true'));
    expect(priced.results[0]).toMatchObject({ ok: true, action: 'updated', sku: 'TEE-S-B' });
    expect(await productBySlug(t.runtime, s.store.id, 'tee')).toMatchObject({ status: 'active', listed: true });
    expect((await variantsOf(t.runtime, s.store.id)).find((v) => v.sku === 'TEE-S-B')).toMatchObject({
      price: 1799,
      on_hand: 9,
    });
    const retitled = await importFile(t, s, csv('tee,Tee Deluxe,,,Size,S,Colour,Blue,,,TEE-S-B,1799,2499,9,150,true'));
    expect(retitled.results[0]).toMatchObject({ ok: true, action: 'updated' });
    expect(await productBySlug(t.runtime, s.store.id, 'tee')).toMatchObject({
      title: 'Tee Deluxe',
      status: 'pending_review',
      listed: false,
    });
  });

  it('exports the vendor’s variants as CSV that imports back unchanged', async () => {
    const s = await vendorStore(t.runtime, t.app);
    await createProduct(t.runtime, s.store.id, {
      vendorId: s.vendor.id,
      slug: 'boot',
      title: 'Boot, "winter"',
      description: 'Line one\nline two',
      categoryId: s.category.id,
      options: [{ name: 'Size', values: ['42', '43'] }],
      variants: [
        { sku: 'BOOT-42', price: 8999, compareAtPrice: 9999, onHand: 2, options: { Size: '42' } },
        { sku: 'BOOT-43', price: 8999, onHand: 0, options: { Size: '43' }, active: false },
      ],
    });
    await createProduct(t.runtime, s.store.id, {
      vendorId: s.vendor.id,
      slug: 'plain',
      variants: [{ sku: 'PLAIN-1', price: 5 }],
    });
    // Another vendor's products are not in this vendor's export.
    const rival = await createVendor(t.runtime, s.store.id);
    await createProduct(t.runtime, s.store.id, { vendorId: rival.id, variants: [{ sku: 'RIVAL-X', price: 1 }] });

    const res = await get(t.app, s.store.slug, s.token, '/api/v1/vendor/products/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="products.csv"');
    const records = parse<Record<string, string>>(res.body, { columns: true });
    expect(res.body.split('\n')[0]).toBe(HEADER);
    expect(records.map((r) => r.sku).sort()).toEqual(['BOOT-42', 'BOOT-43', 'PLAIN-1']);
    expect(records.find((r) => r.sku === 'BOOT-42')).toEqual({
      product_slug: 'boot',
      title: 'Boot, "winter"',
      description: 'Line one\nline two',
      category: 'shoes',
      option1_name: 'Size',
      option1_value: '42',
      option2_name: '',
      option2_value: '',
      option3_name: '',
      option3_value: '',
      sku: 'BOOT-42',
      price: '8999',
      compare_at_price: '9999',
      stock: '2',
      weight_grams: '',
      active: 'true',
    });
    expect(records.find((r) => r.sku === 'BOOT-43')).toMatchObject({
      active: 'false',
      compare_at_price: '',
      stock: '0',
    });

    const before = await variantsOf(t.runtime, s.store.id);
    const back = await importFile(t, s, res.body);
    expect(back).toMatchObject({ status: 'completed', totalRows: 3, okRows: 3, errorRows: 0 });
    expect(back.results.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await variantsOf(t.runtime, s.store.id)).toEqual(before);
  });

  it('pages exports larger than one batch', async () => {
    const s = await vendorStore(t.runtime, t.app);
    // Seven products of about 170 variants, each a distinct Size × Colour.
    const rows = Array.from({ length: 1203 }, (_, i) => {
      const j = Math.floor(i / 7);
      return `bulk-${i % 7},Bulk ${i % 7},,,Size,${j % 20},Colour,${Math.floor(j / 20)},,,BULK-${i},${100 + i},,${i},,true`;
    });
    const imported = await importFile(t, s, csv(...rows));
    expect(imported).toMatchObject({ status: 'completed', totalRows: 1203, okRows: 1203 });
    const res = await get(t.app, s.store.slug, s.token, '/api/v1/vendor/products/export');
    const records = parse<Record<string, string>>(res.body, { columns: true });
    expect(records).toHaveLength(1203);
    expect(new Set(records.map((r) => r.sku)).size).toBe(1203);
  });

  it('makes cached catalog reads stale once an import has changed something', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const cache = t.runtime.services.catalogCache;
    let loads = 0;
    const read = () => cache.read(s.store.id, 'csv-probe', async () => ({ n: ++loads }));
    await read();
    await read();
    expect(loads).toBe(1);
    await importFile(t, s, csv('probe,Probe,,,,,,,,,PROBE-1,100,,1,,true'));
    await read();
    expect(loads).toBe(2);
    // An import that changes nothing leaves the cache alone.
    await importFile(t, s, csv('probe,Probe,,,,,,,,,PROBE-1,100,,1,,true'));
    await read();
    expect(loads).toBe(2);
  });

  it('fails a file with a bad header, and a finished import is not run again', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const bad = await importFile(t, s, 'product_slug,title,price\nx,X,100\n');
    expect(bad).toMatchObject({ status: 'failed', totalRows: 0, results: [] });
    expect(bad.error).toMatch(/missing columns: sku, stock/);
    const unknown = await importFile(t, s, `${HEADER},colour\n`);
    expect(unknown.error).toMatch(/unknown columns: colour/);
    const broken = await importFile(t, s, csv('a,"unclosed,,,,,,,,,SKU-Q,1,,1,,'));
    expect(broken).toMatchObject({ status: 'failed' });
    expect(broken.error).toMatch(/not valid CSV/);

    const done = await importFile(t, s, csv('once,Once,,,,,,,,,ONCE-1,100,,1,,true'));
    expect(done.results[0]).toMatchObject({ action: 'created' });
    const variantsBefore = await variantsOf(t.runtime, s.store.id);
    // A duplicate delivery of the job: the import is finished, so nothing runs twice.
    await t.runtime.jobs.enqueue(t.runtime.database.db, {
      name: 'catalog.import',
      tenantId: s.store.id,
      payload: { importId: done.id, currency: 'EUR' },
    });
    await t.runtime.background.drain(5);
    expect(await variantsOf(t.runtime, s.store.id)).toEqual(variantsBefore);
    const again = await get(t.app, s.store.slug, s.token, `/api/v1/vendor/imports/${done.id}`);
    expect(again.json()).toEqual(done);
  });

  it('shows a vendor its own imports only, newest first', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const a = await importFile(t, s, csv('list-a,A,,,,,,,,,LIST-A,1,,1,,'));
    const b = await importFile(t, s, csv('list-b,B,,,,,,,,,LIST-B,1,,1,,'));
    const list = await get(t.app, s.store.slug, s.token, '/api/v1/vendor/imports?limit=1');
    expect(list.statusCode).toBe(200);
    const page = list.json<{ data: Array<Record<string, unknown>>; links: { next: string | null } }>();
    expect(page.data.map((i) => i.id)).toEqual([b.id]);
    expect(page.data[0]).not.toHaveProperty('results');
    const next = await get(t.app, s.store.slug, s.token, page.links.next as string);
    expect(next.json<{ data: Array<{ id: string }> }>().data.map((i) => i.id)).toEqual([a.id]);

    const rival = await createVendor(t.runtime, s.store.id);
    const rivalUser = await createVendorUser(t.runtime, s.store.id, rival.id);
    const rivalToken = (await login(t.app, rivalUser, { tenant: s.store.slug })).accessToken;
    expect((await get(t.app, s.store.slug, rivalToken, `/api/v1/vendor/imports/${a.id}`)).statusCode).toBe(404);
    const rivalList = await get(t.app, s.store.slug, rivalToken, '/api/v1/vendor/imports');
    expect(rivalList.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('refuses uploads over 10 MB (413), other content types (415) and empty files', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const line = 'big,Big,,,,,,,,,BIG-0000000,100,,1,,true\n';
    const huge = HEADER + '\n' + line.repeat(Math.ceil((10.5 * 1024 * 1024) / line.length));
    const tooBig = await upload(t.app, s.store.slug, s.token, huge);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'payload_too_large' });

    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vendor/products/import',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': s.store.slug, authorization: `Bearer ${s.token}` },
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    const empty = await upload(t.app, s.store.slug, s.token, '  \n');
    expect(empty.statusCode).toBe(400);
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vendor/products/import',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': s.store.slug, authorization: `Bearer ${s.token}` },
    });
    expect(none.statusCode).toBe(400);
    expect(await importsOf(t.runtime, s.store.id)).toEqual([]);
  });

  it('lets only approved vendors import and export', async () => {
    const s = await vendorStore(t.runtime, t.app);
    const file = csv('x,X,,,,,,,,,X-1,1,,1,,');

    expect((await upload(t.app, s.store.slug, undefined, file)).statusCode).toBe(401);

    const shopper = await createUser(t.runtime, s.store.id, { roles: ['customer'] });
    const shopperToken = (await login(t.app, shopper, { tenant: s.store.slug })).accessToken;
    expect((await upload(t.app, s.store.slug, shopperToken, file)).statusCode).toBe(403);
    expect((await get(t.app, s.store.slug, shopperToken, '/api/v1/vendor/products/export')).statusCode).toBe(403);

    // The vendor role without a vendor behind it.
    const orphan = await createUser(t.runtime, s.store.id, { roles: ['vendor', 'customer'] });
    const orphanToken = (await login(t.app, orphan, { tenant: s.store.slug })).accessToken;
    const noVendor = await upload(t.app, s.store.slug, orphanToken, file);
    expect(noVendor.statusCode).toBe(403);
    expect(noVendor.json()).toMatchObject({ code: 'not_a_vendor' });

    const pending = await createVendor(t.runtime, s.store.id, { status: 'pending' });
    const applicant = await createVendorUser(t.runtime, s.store.id, pending.id);
    const applicantToken = (await login(t.app, applicant, { tenant: s.store.slug })).accessToken;
    const notApproved = await upload(t.app, s.store.slug, applicantToken, file);
    expect(notApproved.statusCode).toBe(403);
    expect(notApproved.json()).toMatchObject({ code: 'vendor_not_approved' });
    expect(await importsOf(t.runtime, s.store.id)).toEqual([]);
  });
});
