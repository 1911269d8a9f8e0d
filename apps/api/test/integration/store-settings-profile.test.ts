/**
 * A store's own administrators change its name, locales and currency through its settings
 * (`PATCH /api/v1/admin/settings`): the same update of the store row as the platform's PATCH, so the
 * public profile and the tenant resolver show the change at once; the currency only while the store
 * has no products or orders; the same permission and If-Match rules as the other settings.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createProduct, createVendor } from '../catalog-factories.js';
import { platformAdminContext, useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { auditOf, personOf, storeWithOwner } from '../settings-helpers.js';

interface Settings {
  name: string;
  defaultCurrency: string;
  locales: string[];
  defaultLocale: string;
  paymentMethods: string[];
  availablePaymentMethods: string[];
  version: number;
}

interface Store {
  name: string;
  currency: string;
  locale: string;
  locales: string[];
  paymentMethods: string[];
}

describe('store settings: name, locales and currency', () => {
  const t = useApp();

  const patch = (c: { token: string; tenant: string }, version: number | string, body: Record<string, unknown>) =>
    call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token: c.token,
      tenant: c.tenant,
      body,
      headers: { 'if-match': `"${version}"` },
    });

  it('the owner renames the store: the settings, GET /store and the resolver show the new name', async () => {
    const { store, ownerId, token } = await storeWithOwner(t);
    const before = await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    expect(before.json<Store>().name).toBe(`Store ${store.slug}`);
    // The resolver has cached the store by now.
    expect((await t.runtime.services.tenancy.resolver.byRef(store.slug))?.name).toBe(`Store ${store.slug}`);

    const res = await patch({ token, tenant: store.slug }, 0, { name: 'Corner Shop' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json<Settings>()).toMatchObject({ name: 'Corner Shop', defaultCurrency: 'USD', version: 1 });

    const after = await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    expect(after.json<Store>().name).toBe('Corner Shop');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await t.runtime.services.tenancy.resolver.byRef(store.slug))?.name).toBe('Corner Shop');
    expect((await t.runtime.services.tenancy.resolver.byRef(store.id))?.name).toBe('Corner Shop');
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.json<Settings>()).toMatchObject({ name: 'Corner Shop', version: 1 });

    // Audited as a settings change (with the profile) and, as the platform's PATCH, a store change.
    const [settingsAudit] = await auditOf(t.runtime, store.id, 'settings.updated');
    expect(settingsAudit).toMatchObject({
      entityType: 'store_settings',
      entityId: store.id,
      actorId: ownerId,
      before: { name: `Store ${store.slug}`, defaultCurrency: 'USD', paymentMethods: ['card'] },
      after: { name: 'Corner Shop', defaultCurrency: 'USD', paymentMethods: ['card'] },
    });
    const [tenantAudit] = await auditOf(t.runtime, store.id, 'tenant.updated');
    expect(tenantAudit).toMatchObject({
      entityType: 'tenant',
      actorId: ownerId,
      before: { name: `Store ${store.slug}` },
      after: { name: 'Corner Shop' },
    });

    // The platform admin sees the new name too, at a new version of the store.
    const platform = await t.runtime.services.tenancy.get(platformAdminContext(), store.id);
    expect(platform).toMatchObject({ name: 'Corner Shop', version: 2 });
  });

  it('changes the locales and the default locale; a default outside the locales is a 400', async () => {
    const { store, token } = await storeWithOwner(t);
    const c = { token, tenant: store.slug };
    const res = await patch(c, 0, { locales: ['en', 'de'], defaultLocale: 'de' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Settings>()).toMatchObject({ defaultLocale: 'de', version: 1 });
    expect([...res.json<Settings>().locales].sort()).toEqual(['de', 'en']);
    const profile = await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    expect(profile.json<Store>()).toMatchObject({ locale: 'de' });
    expect([...profile.json<Store>().locales].sort()).toEqual(['de', 'en']);
    expect((await t.runtime.services.tenancy.resolver.byRef(store.slug))?.defaultLocale).toBe('de');

    // Only the default: checked against the current locales.
    const outside = await patch(c, 1, { defaultLocale: 'fr' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ path: 'body.defaultLocale' })],
    });
    // Only the locales, without the current default.
    const dropped = await patch(c, 1, { locales: ['en', 'fr'] });
    expect(dropped.statusCode).toBe(400);
    expect(dropped.json()).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ path: 'body.locales' })],
    });
    // Both, not matching.
    const both = await patch(c, 1, { locales: ['en'], defaultLocale: 'de' });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].path).toBe('body.defaultLocale');
    // Not a locale tag at all: schema validation.
    expect((await patch(c, 1, { locales: ['not a tag'] })).statusCode).toBe(400);
    expect((await patch(c, 1, { locales: [] })).statusCode).toBe(400);

    // Nothing changed meanwhile.
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.json<Settings>()).toMatchObject({ defaultLocale: 'de', version: 1 });

    // Locales and default together, the default taken from the locales sent (canonical tags).
    const moved = await patch(c, 1, { locales: ['fr', 'en-in'], defaultLocale: 'en-IN' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<Settings>()).toMatchObject({ defaultLocale: 'en-IN', version: 2 });
    expect([...moved.json<Settings>().locales].sort()).toEqual(['en-IN', 'fr']);
  });

  it('changes the currency of a store without products or orders', async () => {
    const { store, token } = await storeWithOwner(t);
    await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    const res = await patch({ token, tenant: store.slug }, 0, { defaultCurrency: 'EUR' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Settings>()).toMatchObject({
      defaultCurrency: 'EUR',
      paymentMethods: ['card'],
      availablePaymentMethods: ['card', 'cod'],
      version: 1,
    });
    expect((await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug })).json<Store>().currency).toBe('EUR');
    expect((await t.runtime.services.tenancy.resolver.byRef(store.slug))?.defaultCurrency).toBe('EUR');
    const [audit] = await auditOf(t.runtime, store.id, 'settings.updated');
    expect(audit).toMatchObject({ before: { defaultCurrency: 'USD' }, after: { defaultCurrency: 'EUR' } });

    // Not a currency.
    const unknown = await patch({ token, tenant: store.slug }, 1, { defaultCurrency: 'ABC' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_currency' });
  });

  it('the payment methods must suit the new currency', async () => {
    const { store, token } = await storeWithOwner(t, { defaultCurrency: 'INR' });
    const c = { token, tenant: store.slug };
    expect((await patch(c, 0, { paymentMethods: ['card', 'upi'] })).statusCode).toBe(200);

    const refused = await patch(c, 1, { defaultCurrency: 'USD' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'payment_method_unavailable', methods: ['upi'] });
    const sentBad = await patch(c, 1, { defaultCurrency: 'USD', paymentMethods: ['card', 'netbanking'] });
    expect(sentBad.statusCode).toBe(422);
    expect(sentBad.json()).toMatchObject({ code: 'payment_method_unavailable', methods: ['netbanking'] });
    expect((await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug })).json<Store>().currency).toBe('INR');

    const ok = await patch(c, 1, { defaultCurrency: 'USD', paymentMethods: ['card', 'cod'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Settings>()).toMatchObject({ defaultCurrency: 'USD', paymentMethods: ['card', 'cod'], version: 2 });
  });

  it('refuses a new currency with 409 currency_locked once the store has a product, even a deleted one', async () => {
    const { store, token } = await storeWithOwner(t);
    const c = { token, tenant: store.slug };
    const vendor = await createVendor(t.runtime, store.id);
    const product = await createProduct(t.runtime, store.id, { vendorId: vendor.id });
    await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      tx.execute(sql`update products set deleted_at = now() where id = ${product.id}`),
    );

    const res = await patch(c, 0, { defaultCurrency: 'EUR', name: 'Renamed' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'currency_locked' });
    expect(res.json().detail).toContain('USD');
    // Nothing of the request applied.
    const profile = (await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug })).json<Store>();
    expect(profile).toMatchObject({ currency: 'USD', name: `Store ${store.slug}` });
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.json<Settings>().version).toBe(0);

    // The same currency is no change.
    const same = await patch(c, 0, { defaultCurrency: 'USD', name: 'Renamed' });
    expect(same.statusCode).toBe(200);
    expect(same.json<Settings>()).toMatchObject({ defaultCurrency: 'USD', name: 'Renamed' });
  });

  it('needs settings:manage: staff without it get 403, staff with it may rename', async () => {
    const { store } = await storeWithOwner(t);
    const staff = await personOf(t, store, ['staff'], ['orders:manage']);
    const denied = await patch({ token: staff.token, tenant: store.slug }, 0, { name: 'Mine now' });
    expect(denied.statusCode).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug })).json<Store>().name).toBe(
      `Store ${store.slug}`,
    );
    const manager = await personOf(t, store, ['staff'], ['settings:manage']);
    const ok = await patch({ token: manager.token, tenant: store.slug }, 0, { name: 'Managed' });
    expect(ok.statusCode).toBe(200);
  });

  it('a stale If-Match is a 412, a missing one a 428, and neither changes the store', async () => {
    const { store, token } = await storeWithOwner(t);
    const c = { token, tenant: store.slug };
    expect((await patch(c, 0, { commissionRateBps: 500 })).statusCode).toBe(200);
    const stale = await patch(c, 0, { name: 'Too late', defaultCurrency: 'EUR' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 1 });
    const missing = await call(t.app, 'PATCH', '/api/v1/admin/settings', { ...c, body: { name: 'No version' } });
    expect(missing.statusCode).toBe(428);
    const profile = (await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug })).json<Store>();
    expect(profile).toMatchObject({ name: `Store ${store.slug}`, currency: 'USD' });
  });
});
