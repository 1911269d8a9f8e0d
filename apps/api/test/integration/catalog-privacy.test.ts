/**
 * The catalog's part in a person's data export and erasure: their reviews (hidden ones too) and the
 * vendors they applied for or act for are exported; erasure empties and deletes their reviews,
 * recomputes the products' rating summaries and drops the personal contact of their applications.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { vendors } from '../../src/modules/catalog/catalog.tables.js';
import type { Runtime } from '../../src/runtime.js';
import { createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, login, randomIp, rawRows } from '../identity-helpers.js';

function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  c: { tenant: string; token?: string; body?: Record<string, unknown> },
) {
  return app.inject({
    method,
    url,
    remoteAddress: randomIp(),
    headers: { 'x-tenant-id': c.tenant, ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    ...(c.body ? { payload: c.body } : {}),
  });
}

async function signedIn(runtime: Runtime, app: FastifyInstance, store: { id: string; slug: string }, name: string) {
  const user = await createUser(runtime, store.id, { roles: ['customer'], name });
  return { user, token: (await login(app, user, { tenant: store.slug })).accessToken };
}

/** A vendor application made by `userId`, with a sealed business contact, as the vendor API stores it. */
async function application(runtime: Runtime, tenantId: string, userId: string, contact: Record<string, string>) {
  const id = newId();
  await runtime.database.tenantTransaction({ tenantId, actorId: userId }, (tx) =>
    tx.insert(vendors).values({
      tenantId,
      id,
      slug: `shop-${id.slice(-10)}`,
      name: 'Asha Crafts',
      status: 'pending',
      applicantUserId: userId,
      contactCiphertext: runtime.pii.encrypt(JSON.stringify(contact), `catalog.vendor_contact:${tenantId}`),
    }),
  );
  return id;
}

interface ExportBody {
  sections: string[];
  data: {
    reviews: Array<{
      id: string;
      product: { id: string; title: string };
      rating: number;
      title: string;
      body: string;
      hidden: boolean;
      createdAt: string;
    }>;
    vendor: Array<{ id: string; name: string; status: string; relation: string; contact: unknown }>;
  };
}

describe('catalog personal data', () => {
  const t = useApp();

  it('exports the user’s reviews and vendor applications, and erasure removes them', async () => {
    const store = await buildTenant(t.runtime);
    const vendor = await createVendor(t.runtime, store.id);
    const lamp = await createProduct(t.runtime, store.id, { vendorId: vendor.id, title: 'Desk Lamp' });
    const mug = await createProduct(t.runtime, store.id, { vendorId: vendor.id, title: 'Mug' });
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const ownerToken = (await login(t.app, owner, { tenant: store.slug })).accessToken;
    const asha = await signedIn(t.runtime, t.app, store, 'Asha Verma');
    const bo = await signedIn(t.runtime, t.app, store, 'Bo Lin');

    const review = async (who: { token: string }, productId: string, rating: number, body: string) => {
      const res = await call(t.app, 'POST', `/api/v1/products/${productId}/reviews`, {
        tenant: store.slug,
        token: who.token,
        body: { rating, title: `${rating} stars`, body },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const lampReview = await review(asha, lamp.id, 5, 'Bright and steady.');
    const mugReview = await review(asha, mug.id, 1, 'Chipped on arrival.');
    await review(bo, lamp.id, 3, 'Fine.');
    const hidden = await call(t.app, 'POST', `/api/v1/admin/reviews/${mugReview}/hide`, {
      tenant: store.slug,
      token: ownerToken,
      body: { reason: 'Shipping complaint' },
    });
    expect(hidden.statusCode).toBe(200);
    const contact = { email: 'asha@crafts.example', phone: '+91 98765 43210', name: 'Asha Verma' };
    const applicationId = await application(t.runtime, store.id, asha.user.id, contact);

    // ------------------------------------------------------------------------------------ export
    const exported = await call(t.app, 'GET', '/api/v1/me/export', { tenant: store.slug, token: asha.token });
    expect(exported.statusCode).toBe(200);
    const body = exported.json<ExportBody>();
    expect(body.sections).toEqual(expect.arrayContaining(['reviews', 'vendor']));
    expect(body.data.reviews).toEqual([
      expect.objectContaining({
        id: lampReview,
        product: { id: lamp.id, title: 'Desk Lamp' },
        rating: 5,
        title: '5 stars',
        body: 'Bright and steady.',
        hidden: false,
      }),
      expect.objectContaining({
        id: mugReview,
        product: { id: mug.id, title: 'Mug' },
        rating: 1,
        body: 'Chipped on arrival.',
        hidden: true,
      }),
    ]);
    expect(body.data.vendor).toEqual([
      expect.objectContaining({
        id: applicationId,
        name: 'Asha Crafts',
        status: 'pending',
        relation: 'applicant',
        contact,
      }),
    ]);

    // Someone who acts for a vendor sees it as a member, with its contact (none stored here).
    const seller = await createVendorUser(t.runtime, store.id, vendor.id);
    const sellerToken = (await login(t.app, seller, { tenant: store.slug })).accessToken;
    const sellerExport = (
      await call(t.app, 'GET', '/api/v1/me/export', { tenant: store.slug, token: sellerToken })
    ).json<ExportBody>();
    expect(sellerExport.data.reviews).toEqual([]);
    expect(sellerExport.data.vendor).toEqual([
      expect.objectContaining({ id: vendor.id, relation: 'member', status: 'approved', contact: null }),
    ]);

    // Cached before the erasure: the erasure must make it stale.
    const before = await call(t.app, 'GET', `/api/v1/products/${lamp.id}/reviews`, { tenant: store.slug });
    expect(before.json<{ summary: { count: number } }>().summary.count).toBe(2);

    // ------------------------------------------------------------------------------------ erasure
    const erased = await call(t.app, 'DELETE', '/api/v1/me', {
      tenant: store.slug,
      token: asha.token,
      body: { password: TEST_PASSWORD },
    });
    expect(erased.statusCode).toBe(204);

    const reviewRows = (await rawRows(t.runtime, store.id, 'reviews')).filter((r) =>
      [lampReview, mugReview].includes(r.id as string),
    );
    expect(reviewRows).toHaveLength(2);
    for (const r of reviewRows) {
      expect(r).toMatchObject({ user_id: null, title: '', body: '' });
      expect(r.deleted_at).not.toBeNull();
    }
    const productRows = await rawRows(t.runtime, store.id, 'products');
    expect(productRows.find((p) => p.id === lamp.id)).toMatchObject({
      rating_count: 1,
      rating_histogram: [0, 0, 1, 0, 0],
    });
    expect(Number(productRows.find((p) => p.id === lamp.id)?.rating_avg)).toBe(3);
    expect(productRows.find((p) => p.id === mug.id)).toMatchObject({ rating_count: 0 });

    const applicationRow = (await rawRows(t.runtime, store.id, 'vendors')).find((v) => v.id === applicationId);
    expect(applicationRow).toMatchObject({
      name: 'Asha Crafts',
      status: 'pending',
      contact_ciphertext: null,
      applicant_user_id: null,
    });

    await expect
      .poll(
        async () => {
          const res = await call(t.app, 'GET', `/api/v1/products/${lamp.id}/reviews`, { tenant: store.slug });
          const page = res.json<{ data: Array<{ author: { name: string } }>; summary: unknown }>();
          return { names: page.data.map((r) => r.author.name), summary: page.summary };
        },
        { timeout: 5000 },
      )
      .toEqual({
        names: ['Bo L.'],
        summary: { average: 3, count: 1, histogram: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 } },
      });
    const moderation = await call(t.app, 'GET', `/api/v1/admin/reviews?productId=${mug.id}`, {
      tenant: store.slug,
      token: ownerToken,
    });
    expect(moderation.json<{ data: unknown[] }>().data).toEqual([]);
  });
});
