/**
 * Product moderation by store staff: the review queue, approval (on sale, published once) and
 * rejection with a reason the vendor sees, featuring, who may do each, and the audit entries and
 * outbox events written with every decision.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/context.js';
import type { Runtime } from '../../src/runtime.js';
import { createCategory, createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, rawRows } from '../identity-helpers.js';
import { call } from '../http-helpers.js';

interface ProductBody {
  id: string;
  status: string;
  statusReason: string | null;
  listed: boolean;
  featured: boolean;
  vendor: { id: string; name: string };
  publishedAt: string | null;
  version: number;
}

interface ListBody {
  data: Array<{ id: string; status: string; vendor: { id: string } }>;
  links: { next: string | null };
}

async function person(
  runtime: Runtime,
  app: FastifyInstance,
  store: { id: string; slug: string },
  roles: Role[],
  permissions: string[] = [],
) {
  const user = await createUser(runtime, store.id, { roles, permissions });
  return (await login(app, user, { tenant: store.slug })).accessToken;
}

async function setup(runtime: Runtime, app: FastifyInstance) {
  const store = await buildTenant(runtime);
  const category = await createCategory(runtime, store.id);
  const vendor = await createVendor(runtime, store.id, { name: 'Potter & Co' });
  const vendorUser = await createVendorUser(runtime, store.id, vendor.id);
  const vendorToken = (await login(app, vendorUser, { tenant: store.slug })).accessToken;
  const moderator = await person(runtime, app, store, ['staff'], ['products:approve']);
  const owner = await person(runtime, app, store, ['owner']);
  /** A product waiting for review, submitted through the API. */
  const pending = async (title = 'Stoneware Jug') => {
    const p = await createProduct(runtime, store.id, {
      vendorId: vendor.id,
      categoryId: category.id,
      status: 'draft',
      title,
    });
    const res = await call(app, 'POST', `/api/v1/vendor/products/${p.id}/submit`, {
      tenant: store.slug,
      token: vendorToken,
    });
    expect(res.statusCode, res.body).toBe(200);
    return p;
  };
  return { store, category, vendor, vendorToken, moderator, owner, pending };
}

const auditOf = async (runtime: Runtime, tenantId: string, productId: string) =>
  (await rawRows(runtime, tenantId, 'audit_log'))
    .filter((r) => r.entity_id === productId)
    .sort((x, y) => String(x.created_at).localeCompare(String(y.created_at)));

const eventsOf = async (runtime: Runtime, tenantId: string, productId: string) =>
  (await rawRows(runtime, tenantId, 'outbox'))
    .filter((r) => r.aggregate_id === productId)
    .map((r) => ({ type: r.type, payload: r.payload }));

describe('the review queue', () => {
  const t = useApp();

  it('lists pending products oldest first, filters by status, vendor and text, pages', async () => {
    const { store, category, vendor, vendorToken, moderator, pending } = await setup(t.runtime, t.app);
    const first = await pending('Blue Jug');
    const second = await pending('Green Jug');
    const third = await pending('Red Bowl');
    const other = await createVendor(t.runtime, store.id);
    await createProduct(t.runtime, store.id, { vendorId: other.id, categoryId: category.id, title: 'Active Jug' });

    const queue = await call(t.app, 'GET', '/api/v1/admin/products?status=pending_review', {
      tenant: store.slug,
      token: moderator,
    });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json<ListBody>().data.map((p) => p.id)).toEqual([first.id, second.id, third.id]);

    const page1 = await call(t.app, 'GET', '/api/v1/admin/products?status=pending_review&limit=2', {
      tenant: store.slug,
      token: moderator,
    });
    const next = page1.json<ListBody>().links.next!;
    const page2 = await call(t.app, 'GET', next, { tenant: store.slug, token: moderator });
    expect(page2.json<ListBody>().data.map((p) => p.id)).toEqual([third.id]);

    const everything = await call(t.app, 'GET', '/api/v1/admin/products', { tenant: store.slug, token: moderator });
    expect(everything.json<ListBody>().data).toHaveLength(4);
    const byVendor = await call(t.app, 'GET', `/api/v1/admin/products?vendor=${vendor.id}&q=jug`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(byVendor.json<ListBody>().data.map((p) => p.id)).toEqual([second.id, first.id]);

    const detail = await call(t.app, 'GET', `/api/v1/admin/products/${first.id}`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json<ProductBody>()).toMatchObject({ status: 'pending_review', vendor: { name: 'Potter & Co' } });
    expect(detail.headers.etag).toBe(`"${detail.json<ProductBody>().version}"`);

    // A product its vendor deleted leaves the lists; staff can still list deleted ones.
    const gone = await createProduct(t.runtime, store.id, { vendorId: vendor.id, status: 'draft', title: 'Gone Jug' });
    const del = await call(t.app, 'DELETE', `/api/v1/vendor/products/${gone.id}`, {
      tenant: store.slug,
      token: vendorToken,
      headers: { 'if-match': '"1"' },
    });
    expect(del.statusCode).toBe(204);
    const live = await call(t.app, 'GET', '/api/v1/admin/products?q=gone', { tenant: store.slug, token: moderator });
    expect(live.json<ListBody>().data).toEqual([]);
    const deleted = await call(t.app, 'GET', '/api/v1/admin/products?deleted=true', {
      tenant: store.slug,
      token: moderator,
    });
    expect(deleted.json<{ data: Array<{ id: string; deletedAt: string | null }> }>().data).toEqual([
      expect.objectContaining({ id: gone.id, deletedAt: expect.any(String) }),
    ]);
    expect(
      (await call(t.app, 'GET', `/api/v1/admin/products/${gone.id}`, { tenant: store.slug, token: moderator }))
        .statusCode,
    ).toBe(404);

    // Another store's staff see none of it.
    const elsewhere = await buildTenant(t.runtime);
    const foreign = await person(t.runtime, t.app, elsewhere, ['owner']);
    const cross = await call(t.app, 'GET', `/api/v1/admin/products/${first.id}`, {
      tenant: elsewhere.slug,
      token: foreign,
    });
    expect(cross.statusCode).toBe(404);
  });

  it('is for moderators and catalog managers only', async () => {
    const { store, vendorToken, pending } = await setup(t.runtime, t.app);
    const p = await pending();
    const customer = await person(t.runtime, t.app, store, ['customer']);
    const bareStaff = await person(t.runtime, t.app, store, ['staff'], ['orders:manage']);
    const manager = await person(t.runtime, t.app, store, ['staff'], ['catalog:manage']);

    for (const token of [customer, vendorToken, bareStaff]) {
      const list = await call(t.app, 'GET', '/api/v1/admin/products', { tenant: store.slug, token });
      expect(list.statusCode).toBe(403);
      const approve = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
        tenant: store.slug,
        token,
      });
      expect(approve.statusCode).toBe(403);
      const reject = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/reject`, {
        tenant: store.slug,
        token,
        body: { reason: 'no' },
      });
      expect(reject.statusCode).toBe(403);
    }
    expect((await call(t.app, 'GET', '/api/v1/admin/products', { tenant: store.slug })).statusCode).toBe(401);
    // A catalog manager reads the queue but does not decide.
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/products', { tenant: store.slug, token: manager })).statusCode,
    ).toBe(200);
    const managerApprove = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
      tenant: store.slug,
      token: manager,
    });
    expect(managerApprove.statusCode).toBe(403);
    // Nothing changed.
    const row = (await rawRows(t.runtime, store.id, 'products')).find((r) => r.id === p.id);
    expect(row?.status).toBe('pending_review');
    expect(await auditOf(t.runtime, store.id, p.id)).toEqual([]);
  });
});

describe('decisions', () => {
  const t = useApp();

  it('approves: on sale, published once, audited with before/after, an event', async () => {
    const { store, moderator, vendorToken, pending } = await setup(t.runtime, t.app);
    const p = await pending();
    const res = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(res.statusCode, res.body).toBe(200);
    const approved = res.json<ProductBody>();
    expect(approved).toMatchObject({ status: 'active', listed: true, statusReason: null });
    expect(approved.publishedAt).not.toBeNull();

    const audit = await auditOf(t.runtime, store.id, p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'product.approved',
      entity_type: 'product',
      actor_type: 'user',
      before: { status: 'pending_review', statusReason: null },
      after: { status: 'active', statusReason: null },
    });
    expect(await eventsOf(t.runtime, store.id, p.id)).toEqual([
      expect.objectContaining({ type: 'catalog.product_submitted.v1' }),
      {
        type: 'catalog.product_approved.v1',
        payload: expect.objectContaining({ productId: p.id, status: 'active', previousStatus: 'pending_review' }),
      },
    ]);

    // Deciding twice is a conflict.
    const twice = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'invalid_transition' });
    const missing = await call(t.app, 'POST', `/api/v1/admin/products/0190f0f0-0000-7000-8000-000000000000/approve`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(missing.statusCode).toBe(404);

    // A content edit sends it back; approved again, it keeps its first publication date.
    const edited = await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: vendorToken,
      headers: { 'if-match': `"${approved.version}"` },
      body: { description: 'Hand thrown.' },
    });
    expect(edited.json<ProductBody>()).toMatchObject({ status: 'pending_review', listed: false });
    const again = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(again.json<ProductBody>()).toMatchObject({ status: 'active', publishedAt: approved.publishedAt });
  });

  it('rejects with a reason the vendor sees; an edit returns it to draft for resubmission', async () => {
    const { store, moderator, vendorToken, pending } = await setup(t.runtime, t.app);
    const p = await pending();
    const noReason = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/reject`, {
      tenant: store.slug,
      token: moderator,
      body: {},
    });
    expect(noReason.statusCode).toBe(400);
    const res = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/reject`, {
      tenant: store.slug,
      token: moderator,
      body: { reason: 'Photos are missing.' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ProductBody>()).toMatchObject({
      status: 'rejected',
      statusReason: 'Photos are missing.',
      listed: false,
    });

    const seen = await call(t.app, 'GET', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: vendorToken,
    });
    expect(seen.json<ProductBody>()).toMatchObject({ status: 'rejected', statusReason: 'Photos are missing.' });
    const audit = await auditOf(t.runtime, store.id, p.id);
    expect(audit.map((a) => a.action)).toEqual(['product.rejected']);
    expect(audit[0]).toMatchObject({
      before: { status: 'pending_review', statusReason: null },
      after: { status: 'rejected', statusReason: 'Photos are missing.' },
    });
    const events = await eventsOf(t.runtime, store.id, p.id);
    expect(events.at(-1)).toEqual({
      type: 'catalog.product_rejected.v1',
      payload: expect.objectContaining({ status: 'rejected', reason: 'Photos are missing.' }),
    });
    const approveRejected = await call(t.app, 'POST', `/api/v1/admin/products/${p.id}/approve`, {
      tenant: store.slug,
      token: moderator,
    });
    expect(approveRejected.statusCode).toBe(409);

    const edited = await call(t.app, 'PATCH', `/api/v1/vendor/products/${p.id}`, {
      tenant: store.slug,
      token: vendorToken,
      headers: { 'if-match': `"${seen.json<ProductBody>().version}"` },
      body: { title: 'Stoneware Jug, with photos' },
    });
    expect(edited.json<ProductBody>()).toMatchObject({ status: 'draft' });
    const resubmitted = await call(t.app, 'POST', `/api/v1/vendor/products/${p.id}/submit`, {
      tenant: store.slug,
      token: vendorToken,
    });
    expect(resubmitted.json<ProductBody>()).toMatchObject({ status: 'pending_review', statusReason: null });
  });

  it('features a product: catalog:manage, If-Match, audited', async () => {
    const { store, category, vendor, owner, moderator } = await setup(t.runtime, t.app);
    const p = await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: category.id });
    const url = `/api/v1/admin/products/${p.id}`;
    const current = (await call(t.app, 'GET', url, { tenant: store.slug, token: owner })).json<ProductBody>();

    const notManager = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: moderator,
      headers: { 'if-match': `"${current.version}"` },
      body: { featured: true },
    });
    expect(notManager.statusCode).toBe(403);
    const noIfMatch = await call(t.app, 'PATCH', url, { tenant: store.slug, token: owner, body: { featured: true } });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: owner,
      headers: { 'if-match': `"${current.version + 5}"` },
      body: { featured: true },
    });
    expect(stale.statusCode).toBe(412);

    const res = await call(t.app, 'PATCH', url, {
      tenant: store.slug,
      token: owner,
      headers: { 'if-match': `"${current.version}"` },
      body: { featured: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ProductBody>()).toMatchObject({ featured: true, status: 'active', version: current.version + 1 });
    expect(res.headers.etag).toBe(`"${current.version + 1}"`);
    const row = (await rawRows(t.runtime, store.id, 'products')).find((r) => r.id === p.id);
    expect(row).toMatchObject({ featured: true, listed: true });
    const audit = await auditOf(t.runtime, store.id, p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'product.featured',
      before: { featured: false, status: 'active' },
      after: { featured: true, status: 'active' },
    });
    expect((await eventsOf(t.runtime, store.id, p.id)).map((e) => e.type)).toEqual(['catalog.product_featured.v1']);
    // The facet counts follow the flag (kept by the database).
    const facets = (await rawRows(t.runtime, store.id, 'catalog_facet_counts')).filter(
      (r) => r.tenant_id === store.id && r.vendor_id === vendor.id && Number(r.count) > 0,
    );
    expect(facets.map((f) => f.featured)).toEqual([true]);
  });
});
