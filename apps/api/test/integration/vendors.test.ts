/**
 * The marketplace's vendors through the API: applying, the review by the store's administrators
 * (approve, reject, suspend, reinstate) and what each decision changes for the applicant's account,
 * the storefront and the vendor's products; the vendor's own profile; permissions; audit entries
 * and events; and the business contact stored only encrypted.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { createUser, login, rawRows } from '../identity-helpers.js';
import type { Runtime } from '../../src/runtime.js';
import { call } from '../http-helpers.js';

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles: string[]; scope: string };

interface VendorBody {
  id: string;
  slug: string;
  name: string;
  description: string;
  logoUrl: string | null;
  status: string;
  statusReason: string | null;
  commissionRateBps: number | null;
  contact: { email: string; phone?: string; name?: string } | null;
  approvedAt: string | null;
  version: number;
  applicantUserId?: string | null;
  reviewedBy?: string | null;
}

interface ListBody<T> {
  data: T[];
  links: { next: string | null; prev: string | null };
}

const uniq = () => Math.random().toString(36).slice(2, 8);

async function storeWithOwner(t: { runtime: Runtime; app: FastifyInstance }) {
  const store = await buildTenant(t.runtime);
  const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
  const session = await login(t.app, owner, { tenant: store.slug });
  return { store, owner, token: session.accessToken };
}

async function customer(t: { runtime: Runtime; app: FastifyInstance }, store: { id: string; slug: string }) {
  const user = await createUser(t.runtime, store.id, { roles: ['customer'] });
  const session = await login(t.app, user, { tenant: store.slug });
  return { user, token: session.accessToken, refreshToken: session.refreshToken };
}

const listedOf = async (runtime: Runtime, tenantId: string, ids: string[]) =>
  Object.fromEntries(
    (await rawRows(runtime, tenantId, 'products'))
      .filter((r) => ids.includes(r.id as string))
      .map((r) => [r.id as string, r.listed as boolean]),
  );

describe('vendor applications', () => {
  const t = useApp();

  it('apply → admin list → approve → the account acts for the vendor → public profile', async () => {
    const { store, owner, token: admin } = await storeWithOwner(t);
    const applicant = await customer(t, store);
    const name = `Green Leaf Tea ${uniq()} Co.`;

    const applied = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body: { name, description: 'Loose-leaf tea.', contact: { email: 'tea@example.test', phone: '+1 555 0100' } },
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.headers.location).toBe('/api/v1/vendor/profile');
    const app = applied.json<VendorBody>();
    expect(app).toMatchObject({
      name,
      slug: name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, ''),
      description: 'Loose-leaf tea.',
      status: 'pending',
      statusReason: null,
      contact: { email: 'tea@example.test', phone: '+1 555 0100' },
      approvedAt: null,
      version: 1,
    });
    expect(applied.headers.etag).toBe('"1"');

    // Not public while pending; the applicant sees the application.
    expect((await call(t.app, 'GET', `/api/v1/vendors/${app.slug}`, { tenant: store.slug })).statusCode).toBe(404);
    const own = await call(t.app, 'GET', '/api/v1/vendor/profile', { token: applicant.token, tenant: store.slug });
    expect(own.statusCode).toBe(200);
    expect(own.json<VendorBody>()).toMatchObject({ id: app.id, status: 'pending' });

    const pending = await call(t.app, 'GET', '/api/v1/admin/vendors?status=pending', {
      token: admin,
      tenant: store.slug,
    });
    expect(pending.statusCode).toBe(200);
    const listed = pending.json<ListBody<VendorBody>>().data;
    expect(listed.map((v) => v.id)).toEqual([app.id]);
    expect(listed[0]).toMatchObject({ applicantUserId: applicant.user.id, contact: { email: 'tea@example.test' } });
    const approvedList = await call(t.app, 'GET', '/api/v1/admin/vendors?status=approved', {
      token: admin,
      tenant: store.slug,
    });
    expect(approvedList.json<ListBody<VendorBody>>().data).toEqual([]);

    const approved = await call(t.app, 'POST', `/api/v1/admin/vendors/${app.id}/approve`, {
      token: admin,
      tenant: store.slug,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<VendorBody>()).toMatchObject({ status: 'approved', reviewedBy: owner.id, version: 2 });
    expect(approved.json<VendorBody>().approvedAt).not.toBeNull();
    const again = await call(t.app, 'POST', `/api/v1/admin/vendors/${app.id}/approve`, {
      token: admin,
      tenant: store.slug,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('invalid_transition');

    // The token issued before approval does not carry the role; the next one does.
    expect(claimsOf(applicant.token).roles).not.toContain('vendor');
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: applicant.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const claims = claimsOf(refreshed.json<{ accessToken: string }>().accessToken);
    expect(claims.roles).toEqual(expect.arrayContaining(['vendor', 'customer']));
    expect(claims.scope.split(' ')).toContain('products:write:own');
    const relogged = await login(t.app, applicant.user, { tenant: store.slug });
    expect(claimsOf(relogged.accessToken).roles).toContain('vendor');
    const profile = await call(t.app, 'GET', '/api/v1/vendor/profile', {
      token: relogged.accessToken,
      tenant: store.slug,
    });
    expect(profile.json<VendorBody>()).toMatchObject({ id: app.id, status: 'approved' });
    const accounts = await rawRows(t.runtime, store.id, 'users');
    expect(accounts.find((u) => u.id === applicant.user.id)?.vendor_id).toBe(app.id);

    // Public now, with an ETag of the representation and 304 on a match.
    const pub = await call(t.app, 'GET', `/api/v1/vendors/${app.slug}`, { tenant: store.slug });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual({
      id: app.id,
      slug: app.slug,
      name,
      description: 'Loose-leaf tea.',
      logoUrl: null,
      productCount: 0,
      rating: { average: 0, count: 0 },
    });
    expect(pub.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const etag = pub.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const notModified = await call(t.app, 'GET', `/api/v1/vendors/${app.slug}`, {
      tenant: store.slug,
      headers: { 'if-none-match': etag },
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    // Another store never sees it.
    const other = await buildTenant(t.runtime);
    expect((await call(t.app, 'GET', `/api/v1/vendors/${app.slug}`, { tenant: other.slug })).statusCode).toBe(404);
  });

  it('the public profile counts listed products and averages their reviews', async () => {
    const { store } = await storeWithOwner(t);
    const vendor = await createVendor(t.runtime, store.id);
    const a = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    const b = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    const draft = await createProduct(t.runtime, store.id, { vendorId: vendor.id, status: 'draft' });
    const ratings: Array<[string, number, number]> = [
      [a.id, 4, 2],
      [b.id, 5, 1],
      [draft.id, 1, 10],
    ];
    await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, async (tx) => {
      // Written directly here: the reviews code keeps these columns.
      for (const [id, avg, count] of ratings) {
        await tx.execute(sql`update products set rating_avg = ${avg}, rating_count = ${count} where id = ${id}::uuid`);
      }
    });
    await t.runtime.services.catalogCache.bump(store.id);
    const pub = await call(t.app, 'GET', `/api/v1/vendors/${vendor.slug}`, { tenant: store.slug });
    expect(pub.statusCode).toBe(200);
    // The draft is not listed: neither counted nor rated. (4·2 + 5·1) / 3 = 4.33.
    expect(pub.json()).toMatchObject({ productCount: 2, rating: { average: 4.33, count: 3 } });
  });

  it('reject: the reason is shown to the applicant, who can re-apply', async () => {
    const { store, token: admin } = await storeWithOwner(t);
    const applicant = await customer(t, store);
    const applied = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body: { name: 'Rejected Wares', slug: `rej-${uniq()}`, contact: { email: 'rej@example.test' } },
    });
    expect(applied.statusCode).toBe(201);
    const { id, slug } = applied.json<VendorBody>();

    const noReason = await call(t.app, 'POST', `/api/v1/admin/vendors/${id}/reject`, {
      token: admin,
      tenant: store.slug,
      body: {},
    });
    expect(noReason.statusCode).toBe(400);
    const rejected = await call(t.app, 'POST', `/api/v1/admin/vendors/${id}/reject`, {
      token: admin,
      tenant: store.slug,
      body: { reason: 'Please add your tax number.' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json<VendorBody>()).toMatchObject({
      status: 'rejected',
      statusReason: 'Please add your tax number.',
    });

    const seen = await call(t.app, 'GET', '/api/v1/vendor/profile', { token: applicant.token, tenant: store.slug });
    expect(seen.json<VendorBody>()).toMatchObject({
      id,
      status: 'rejected',
      statusReason: 'Please add your tax number.',
    });
    for (const action of ['reject', 'suspend', 'reinstate']) {
      const res = await call(t.app, 'POST', `/api/v1/admin/vendors/${id}/${action}`, {
        token: admin,
        tenant: store.slug,
        body: { reason: 'again' },
      });
      expect(res.statusCode, action).toBe(409);
      expect(res.json<{ code: string }>().code).toBe('invalid_transition');
    }
    expect((await call(t.app, 'GET', `/api/v1/vendors/${slug}`, { tenant: store.slug })).statusCode).toBe(404);
    // The applicant is not linked to a rejected vendor.
    expect(
      (
        await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
          token: applicant.token,
          tenant: store.slug,
          headers: { 'if-match': '"2"' },
          body: { name: 'x' },
        })
      ).json<{ code: string }>().code,
    ).toBe('not_a_vendor');

    const reapplied = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body: { name: 'Rejected Wares', slug, description: 'Tax no. 12345', contact: { email: 'rej@example.test' } },
    });
    expect(reapplied.statusCode).toBe(201);
    expect(reapplied.json<VendorBody>()).toMatchObject({
      id,
      slug,
      status: 'pending',
      statusReason: null,
      description: 'Tax no. 12345',
    });
  });

  it('suspend hides the vendor and its products from the storefront; reinstate brings them back', async () => {
    const { store, token: admin } = await storeWithOwner(t);
    const vendor = await createVendor(t.runtime, store.id);
    const seller = await createVendorUser(t.runtime, store.id, vendor.id);
    const sellerToken = (await login(t.app, seller, { tenant: store.slug })).accessToken;
    const p1 = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    const p2 = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    const draft = await createProduct(t.runtime, store.id, { vendorId: vendor.id, status: 'draft' });
    const ids = [p1.id, p2.id, draft.id];
    expect(await listedOf(t.runtime, store.id, ids)).toEqual({ [p1.id]: true, [p2.id]: true, [draft.id]: false });
    const before = await call(t.app, 'GET', `/api/v1/vendors/${vendor.slug}`, { tenant: store.slug });
    expect(before.json<{ productCount: number }>().productCount).toBe(2);

    const suspended = await call(t.app, 'POST', `/api/v1/admin/vendors/${vendor.id}/suspend`, {
      token: admin,
      tenant: store.slug,
      body: { reason: 'Counterfeit goods reported.' },
    });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json<VendorBody>()).toMatchObject({
      status: 'suspended',
      statusReason: 'Counterfeit goods reported.',
    });
    expect(await listedOf(t.runtime, store.id, ids)).toEqual({ [p1.id]: false, [p2.id]: false, [draft.id]: false });
    // The cached profile was invalidated by the decision.
    expect((await call(t.app, 'GET', `/api/v1/vendors/${vendor.slug}`, { tenant: store.slug })).statusCode).toBe(404);
    const own = await call(t.app, 'GET', '/api/v1/vendor/profile', { token: sellerToken, tenant: store.slug });
    expect(own.json<VendorBody>()).toMatchObject({ status: 'suspended', statusReason: 'Counterfeit goods reported.' });

    const reinstated = await call(t.app, 'POST', `/api/v1/admin/vendors/${vendor.id}/reinstate`, {
      token: admin,
      tenant: store.slug,
    });
    expect(reinstated.statusCode).toBe(200);
    expect(reinstated.json<VendorBody>()).toMatchObject({ status: 'approved', statusReason: null });
    expect(await listedOf(t.runtime, store.id, ids)).toEqual({ [p1.id]: true, [p2.id]: true, [draft.id]: false });
    const after = await call(t.app, 'GET', `/api/v1/vendors/${vendor.slug}`, { tenant: store.slug });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ productCount: number }>().productCount).toBe(2);
  });

  it('refuses duplicate applications, existing vendors and slugs in use', async () => {
    const { store } = await storeWithOwner(t);
    const applicant = await customer(t, store);
    const body = { name: `Dup Shop ${uniq()}`, contact: { email: 'dup@example.test' } };
    const first = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body,
    });
    expect(first.statusCode).toBe(201);
    const second = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body: { ...body, slug: `another-${uniq()}` },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ code: string }>().code).toBe('application_pending');

    // Another user: the derived slug and an explicit one are both taken.
    const other = await customer(t, store);
    const sameName = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: other.token,
      tenant: store.slug,
      body,
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json<{ code: string }>().code).toBe('slug_taken');
    const existing = await createVendor(t.runtime, store.id);
    const explicit = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: other.token,
      tenant: store.slug,
      body: { name: 'Anything', slug: existing.slug, contact: { email: 'x@example.test' } },
    });
    expect(explicit.statusCode).toBe(409);
    expect(explicit.json<{ code: string }>().code).toBe('slug_taken');

    // Two users racing for one slug: one wins, the other gets 409, never 500.
    const racers = [];
    for (let i = 0; i < 4; i++) racers.push(await customer(t, store));
    const slug = `race-${uniq()}`;
    const results = await Promise.all(
      racers.map((u) =>
        call(t.app, 'POST', '/api/v1/vendors/apply', {
          token: u.token,
          tenant: store.slug,
          body: { name: 'Racer', slug, contact: { email: 'race@example.test' } },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json<{ code: string }>().code).toBe('slug_taken');

    // Someone who already acts for a vendor.
    const seller = await createVendorUser(t.runtime, store.id, existing.id);
    const sellerToken = (await login(t.app, seller, { tenant: store.slug })).accessToken;
    const already = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: sellerToken,
      tenant: store.slug,
      body: { name: 'Second Business', contact: { email: 'second@example.test' } },
    });
    expect(already.statusCode).toBe(409);
    expect(already.json<{ code: string }>().code).toBe('already_vendor');

    // Shape errors are 400, a name without letters or digits needs a slug (422).
    const bad = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: other.token,
      tenant: store.slug,
      body: { name: 'x', contact: { email: 'not-an-email' } },
    });
    expect(bad.statusCode).toBe(400);
    const noSlug = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: other.token,
      tenant: store.slug,
      body: { name: '★★★', contact: { email: 'stars@example.test' } },
    });
    expect(noSlug.statusCode).toBe(422);
    expect(noSlug.json<{ code: string }>().code).toBe('slug_required');

    // An applicant who meanwhile came to act for another vendor cannot be approved for this one.
    const late = await customer(t, store);
    const lateApp = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: late.token,
      tenant: store.slug,
      body: { name: `Late ${uniq()}`, contact: { email: 'late@example.test' } },
    });
    expect(lateApp.statusCode).toBe(201);
    await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      tx.execute(sql`update users set vendor_id = ${existing.id}::uuid where id = ${late.user.id}::uuid`),
    );
    const ownerToken = (
      await login(t.app, await createUser(t.runtime, store.id, { roles: ['owner'] }), {
        tenant: store.slug,
      })
    ).accessToken;
    const conflicting = await call(t.app, 'POST', `/api/v1/admin/vendors/${lateApp.json<VendorBody>().id}/approve`, {
      token: ownerToken,
      tenant: store.slug,
    });
    expect(conflicting.statusCode).toBe(409);
    expect(conflicting.json<{ code: string }>().code).toBe('applicant_already_vendor');
  });
});

describe('vendor permissions and profiles', () => {
  const t = useApp();

  it('admin routes need vendors:approve; commission changes need settings:manage', async () => {
    const { store, token: owner } = await storeWithOwner(t);
    const vendor = await createVendor(t.runtime, store.id);
    const anon = await call(t.app, 'GET', '/api/v1/admin/vendors', { tenant: store.slug });
    expect(anon.statusCode).toBe(401);
    expect(
      (
        await call(t.app, 'POST', '/api/v1/vendors/apply', {
          tenant: store.slug,
          body: { name: 'Anon', contact: { email: 'a@example.test' } },
        })
      ).statusCode,
    ).toBe(401);

    const shopper = await customer(t, store);
    const staffWithout = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['orders:manage'] });
    const staffWith = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['vendors:approve'] });
    const withoutToken = (await login(t.app, staffWithout, { tenant: store.slug })).accessToken;
    const withToken = (await login(t.app, staffWith, { tenant: store.slug })).accessToken;

    for (const token of [shopper.token, withoutToken]) {
      const requests: Array<[Parameters<typeof call>[1], string, Record<string, unknown> | undefined]> = [
        ['GET', '/api/v1/admin/vendors', undefined],
        ['GET', `/api/v1/admin/vendors/${vendor.id}`, undefined],
        ['POST', `/api/v1/admin/vendors/${vendor.id}/suspend`, { reason: 'no' }],
        ['POST', `/api/v1/admin/vendors/${vendor.id}/approve`, undefined],
        ['PATCH', `/api/v1/admin/vendors/${vendor.id}`, { name: 'Hijacked' }],
      ];
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

    const list = await call(t.app, 'GET', '/api/v1/admin/vendors', { token: withToken, tenant: store.slug });
    expect(list.statusCode).toBe(200);
    expect(list.json<ListBody<VendorBody>>().data.map((v) => v.id)).toContain(vendor.id);

    const renamed = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: withToken,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'Renamed by staff' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<VendorBody>()).toMatchObject({ name: 'Renamed by staff', version: 2 });
    expect(renamed.headers.etag).toBe('"2"');

    const commission = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: withToken,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { commissionRateBps: 1500 },
    });
    expect(commission.statusCode).toBe(403);
    const byOwner = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: owner,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { commissionRateBps: 1500 },
    });
    expect(byOwner.statusCode).toBe(200);
    expect(byOwner.json<VendorBody>().commissionRateBps).toBe(1500);
    const outOfRange = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: owner,
      tenant: store.slug,
      headers: { 'if-match': '"3"' },
      body: { commissionRateBps: 10001 },
    });
    expect(outOfRange.statusCode).toBe(400);
    const noIfMatch = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: owner,
      tenant: store.slug,
      body: { name: 'x' },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await call(t.app, 'PATCH', `/api/v1/admin/vendors/${vendor.id}`, {
      token: owner,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const missing = await call(
      t.app,
      'GET',
      `/api/v1/admin/vendors/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`,
      {
        token: owner,
        tenant: store.slug,
      },
    );
    expect(missing.statusCode).toBe(404);
  });

  it("a vendor's people change their own profile only", async () => {
    const { store } = await storeWithOwner(t);
    const a = await createVendor(t.runtime, store.id, { name: 'Vendor A' });
    const b = await createVendor(t.runtime, store.id, { name: 'Vendor B' });
    const aUser = await createVendorUser(t.runtime, store.id, a.id);
    const aToken = (await login(t.app, aUser, { tenant: store.slug })).accessToken;

    const patched = await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
      token: aToken,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { description: 'Handmade in Lisbon.', logoUrl: 'https://cdn.example.test/a.png' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<VendorBody>()).toMatchObject({
      id: a.id,
      description: 'Handmade in Lisbon.',
      logoUrl: 'https://cdn.example.test/a.png',
      version: 2,
    });
    // B's version is also 1: the If-Match cannot redirect the change to B.
    const rows = await rawRows(t.runtime, store.id, 'vendors');
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ description: '', version: 1, logo_url: null });
    const pub = await call(t.app, 'GET', `/api/v1/vendors/${a.slug}`, { tenant: store.slug });
    expect(pub.json()).toMatchObject({ description: 'Handmade in Lisbon.', logoUrl: 'https://cdn.example.test/a.png' });

    const stale = await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
      token: aToken,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'Late' },
    });
    expect(stale.statusCode).toBe(412);
    const script = await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
      token: aToken,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { logoUrl: 'javascript:alert(1)' },
    });
    expect(script.statusCode).toBe(400);
    const status = await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
      token: aToken,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { status: 'approved' },
    });
    expect(status.statusCode).toBe(400);

    // Someone who does not act for a vendor.
    const shopper = await customer(t, store);
    const notVendor = await call(t.app, 'PATCH', '/api/v1/vendor/profile', {
      token: shopper.token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { name: 'Mine now' },
    });
    expect(notVendor.statusCode).toBe(403);
    expect(notVendor.json<{ code: string }>().code).toBe('not_a_vendor');
    const none = await call(t.app, 'GET', '/api/v1/vendor/profile', { token: shopper.token, tenant: store.slug });
    expect(none.statusCode).toBe(404);
    expect((await rawRows(t.runtime, store.id, 'vendors')).find((r) => r.id === b.id)?.name).toBe('Vendor B');
  });

  it('records audit entries and events, never the contact, which is stored encrypted', async () => {
    const { store, token: admin } = await storeWithOwner(t);
    const applicant = await customer(t, store);
    const contact = { email: 'secret-contact@example.test', phone: '+44 20 7946 0000', name: 'Priya Secret' };
    const applied = await call(t.app, 'POST', '/api/v1/vendors/apply', {
      token: applicant.token,
      tenant: store.slug,
      body: { name: `Audited ${uniq()}`, contact },
    });
    const { id } = applied.json<VendorBody>();
    await call(t.app, 'POST', `/api/v1/admin/vendors/${id}/approve`, { token: admin, tenant: store.slug });
    await call(t.app, 'POST', `/api/v1/admin/vendors/${id}/suspend`, {
      token: admin,
      tenant: store.slug,
      body: { reason: 'Paused' },
    });

    const [row] = (await rawRows(t.runtime, store.id, 'vendors')).filter((r) => r.id === id);
    const raw = JSON.stringify(row);
    for (const secret of [contact.email, contact.phone, contact.name, 'secret-contact']) {
      expect(raw).not.toContain(secret);
    }
    expect(typeof row?.contact_ciphertext).toBe('string');
    expect(
      JSON.parse(t.runtime.pii.decrypt(row?.contact_ciphertext as string, `catalog.vendor_contact:${store.id}`)),
    ).toEqual(contact);

    const audit = (await rawRows(t.runtime, store.id, 'audit_log')).filter((r) => r.entity_id === id);
    expect(audit.map((r) => r.action).sort()).toEqual(['vendor.applied', 'vendor.approved', 'vendor.suspended']);
    expect(audit.find((r) => r.action === 'vendor.suspended')).toMatchObject({
      before: { status: 'approved', statusReason: null },
      after: { status: 'suspended', statusReason: 'Paused' },
    });
    expect(JSON.stringify(audit)).not.toContain('secret-contact');

    const events = (await rawRows(t.runtime, store.id, 'outbox')).filter((r) => r.aggregate_id === id);
    expect(events.map((e) => e.type).sort()).toEqual([
      'catalog.vendor_applied.v1',
      'catalog.vendor_approved.v1',
      'catalog.vendor_suspended.v1',
    ]);
    expect(events.find((e) => e.type === 'catalog.vendor_approved.v1')?.payload).toEqual({
      vendorId: id,
      status: 'approved',
      applicantUserId: applicant.user.id,
    });
    expect(JSON.stringify(events)).not.toContain('secret-contact');

    // The audit log API shows the same entries to the owner.
    const log = await call(t.app, 'GET', `/api/v1/admin/audit-log?entityType=vendor&entityId=${id}`, {
      token: admin,
      tenant: store.slug,
    });
    expect(log.json<ListBody<{ action: string }>>().data.map((e) => e.action)).toEqual([
      'vendor.suspended',
      'vendor.approved',
      'vendor.applied',
    ]);
  });

  it('tells other catalog code which vendor the actor acts for, and whether it may sell', async () => {
    const store = await buildTenant(t.runtime);
    const approved = await createVendor(t.runtime, store.id);
    const pending = await createVendor(t.runtime, store.id, { status: 'pending' });
    const seller = await createVendorUser(t.runtime, store.id, approved.id);
    const waiting = await createVendorUser(t.runtime, store.id, pending.id);
    const shopper = await createUser(t.runtime, store.id);
    const service = t.runtime.services.catalogVendors;
    const as = (userId: string) => ({
      tenantId: store.id,
      tenant: null,
      actor: { kind: 'user' as const, id: userId, tenantId: store.id, roles: [], scopes: [] },
      requestId: 'test',
      locale: 'en',
      ip: '127.0.0.1',
    });
    const inTx = <T>(userId: string, fn: Parameters<typeof t.runtime.services.uow<T>>[1]) =>
      t.runtime.services.uow(as(userId), fn);

    expect((await inTx(seller.id, (tx) => service.requireApprovedVendor(tx))).id).toBe(approved.id);
    expect((await inTx(waiting.id, (tx) => service.actingVendor(tx))).status).toBe('pending');
    await expect(inTx(waiting.id, (tx) => service.requireApprovedVendor(tx))).rejects.toMatchObject({
      status: 403,
      code: 'vendor_not_approved',
    });
    await expect(inTx(shopper.id, (tx) => service.actingVendor(tx))).rejects.toMatchObject({
      status: 403,
      code: 'not_a_vendor',
    });
  });

  it('pages the admin list oldest first and searches by name', async () => {
    const { store, token: admin } = await storeWithOwner(t);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createVendor(t.runtime, store.id, { name: `Paged ${i} %_ shop` }));
    await createVendor(t.runtime, store.id, { name: 'Unrelated' });
    const seen: string[] = [];
    let url: string | null = '/api/v1/admin/vendors?limit=2&q=%25_';
    while (url) {
      const page = await call(t.app, 'GET', url, { token: admin, tenant: store.slug });
      expect(page.statusCode).toBe(200);
      const body = page.json<ListBody<VendorBody>>();
      seen.push(...body.data.map((v) => v.id));
      url = body.links.next;
    }
    expect(seen).toEqual(made.map((v) => v.id));
    const bad = await call(t.app, 'GET', '/api/v1/admin/vendors?limit=101', { token: admin, tenant: store.slug });
    expect(bad.statusCode).toBe(400);
  });
});
