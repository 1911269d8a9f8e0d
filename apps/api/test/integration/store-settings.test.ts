/**
 * A store's settings through the API: the defaults of a store that never changed them (version 0),
 * optimistic locking from the first change on, the payment methods a currency allows, validation,
 * permissions, the audit entry, the public store profile that shows them, and what other modules
 * read through `getStoreSettings`.
 */
import { describe, expect, it } from 'vitest';
import { getStoreSettings } from '../../src/modules/tenancy/index.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { auditOf, personOf, storeWithOwner } from '../settings-helpers.js';

interface Settings {
  name: string;
  defaultCurrency: string;
  locales: string[];
  defaultLocale: string;
  paymentMethods: string[];
  availablePaymentMethods: string[];
  commissionRateBps: number;
  pricesIncludeTax: boolean;
  defaultCountry: string;
  orderNumberPrefix: string;
  supportEmail: string | null;
  logoUrl: string | null;
  signInProviders: Array<{ slug: string; name: string; startUrl: string }>;
  version: number;
}

describe('store settings', () => {
  const t = useApp();

  it('a new store reads the defaults at version 0; the first change creates them at version 1', async () => {
    const { store, ownerId, token } = await storeWithOwner(t);
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"0"');
    expect(read.json<Settings>()).toEqual({
      name: `Store ${store.slug}`,
      defaultCurrency: 'USD',
      locales: ['en'],
      defaultLocale: 'en',
      paymentMethods: ['card'],
      availablePaymentMethods: ['card', 'cod'],
      commissionRateBps: 1000,
      pricesIncludeTax: false,
      defaultCountry: 'US',
      orderNumberPrefix: store.slug.toUpperCase(),
      supportEmail: null,
      logoUrl: null,
      signInProviders: [],
      version: 0,
    });

    const body = {
      paymentMethods: ['card', 'cod'],
      commissionRateBps: 1250,
      pricesIncludeTax: true,
      defaultCountry: 'CA',
      orderNumberPrefix: 'SHOP',
      supportEmail: 'help@example.test',
      logoUrl: 'https://cdn.example.test/logo.png',
    };
    const missing = await call(t.app, 'PATCH', '/api/v1/admin/settings', { token, tenant: store.slug, body });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'precondition_required' });
    const stale = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body,
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 0 });

    const changed = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body,
      headers: { 'if-match': '"0"' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"1"');
    expect(changed.json<Settings>()).toMatchObject({ ...body, version: 1 });

    // Someone else's "0" is now stale.
    const late = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body: { commissionRateBps: 0 },
      headers: { 'if-match': '"0"' },
    });
    expect(late.statusCode).toBe(412);

    // Only the fields sent change; null resets the prefix to the slug.
    const again = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body: { orderNumberPrefix: null, supportEmail: null },
      headers: { 'if-match': '"1"' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<Settings>()).toMatchObject({
      commissionRateBps: 1250,
      orderNumberPrefix: store.slug.toUpperCase(),
      supportEmail: null,
      version: 2,
    });

    const audits = await auditOf(t.runtime, store.id, 'settings.updated');
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({
      entityType: 'store_settings',
      entityId: store.id,
      actorId: ownerId,
      before: null,
      after: { commissionRateBps: 1250, paymentMethods: ['card', 'cod'], pricesIncludeTax: true },
    });
    expect(audits[0]).toMatchObject({
      before: { orderNumberPrefix: 'SHOP', supportEmail: 'help@example.test' },
      after: { orderNumberPrefix: store.slug.toUpperCase(), supportEmail: null },
    });
  });

  it('UPI and net banking only in INR stores', async () => {
    const usd = await storeWithOwner(t);
    const refused = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token: usd.token,
      tenant: usd.store.slug,
      body: { paymentMethods: ['card', 'upi', 'netbanking'] },
      headers: { 'if-match': '"0"' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'payment_method_unavailable', methods: ['upi', 'netbanking'] });

    const inr = await storeWithOwner(t, { defaultCurrency: 'INR' });
    const before = await call(t.app, 'GET', '/api/v1/admin/settings', { token: inr.token, tenant: inr.store.slug });
    expect(before.json<Settings>().availablePaymentMethods).toEqual(['card', 'upi', 'netbanking', 'cod']);
    const enabled = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token: inr.token,
      tenant: inr.store.slug,
      body: { paymentMethods: ['upi', 'card', 'netbanking', 'cod'], defaultCountry: 'IN' },
      headers: { 'if-match': '"0"' },
    });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json<Settings>().paymentMethods).toEqual(['upi', 'card', 'netbanking', 'cod']);
  });

  it('refuses malformed settings with 400', async () => {
    const { store, token } = await storeWithOwner(t);
    const bad: Array<Record<string, unknown>> = [
      {},
      { paymentMethods: [] },
      { paymentMethods: ['card', 'card'] },
      { paymentMethods: ['bitcoin'] },
      { commissionRateBps: 10001 },
      { commissionRateBps: -1 },
      { commissionRateBps: 12.5 },
      { defaultCountry: 'us' },
      { defaultCountry: 'USA' },
      { orderNumberPrefix: 'bad prefix' },
      { supportEmail: 'not an email' },
      { logoUrl: 'javascript:alert(1)' },
      { pricesIncludeTax: 'yes' },
      { name: '' },
      { defaultCurrency: 'euro' },
      { locales: [] },
      // Sign-in providers are managed at /admin/oidc-providers: unknown to this body.
      { signInProviders: [] },
    ];
    for (const body of bad) {
      const res = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
        token,
        tenant: store.slug,
        body,
        headers: { 'if-match': '"0"' },
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.json<Settings>().version).toBe(0);
  });

  it('needs settings:manage', async () => {
    const { store } = await storeWithOwner(t);
    expect((await call(t.app, 'GET', '/api/v1/admin/settings', { tenant: store.slug })).statusCode).toBe(401);
    const customer = await personOf(t, store, ['customer']);
    const staff = await personOf(t, store, ['staff'], ['orders:manage']);
    const manager = await personOf(t, store, ['staff'], ['settings:manage']);
    for (const who of [customer, staff]) {
      expect(
        (await call(t.app, 'GET', '/api/v1/admin/settings', { token: who.token, tenant: store.slug })).statusCode,
      ).toBe(403);
      const patch = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
        token: who.token,
        tenant: store.slug,
        body: { commissionRateBps: 0 },
        headers: { 'if-match': '"0"' },
      });
      expect(patch.statusCode).toBe(403);
    }
    const ok = await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token: manager.token,
      tenant: store.slug,
      body: { commissionRateBps: 500 },
      headers: { 'if-match': '"0"' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("one store's settings are not another's", async () => {
    const a = await storeWithOwner(t);
    const b = await storeWithOwner(t);
    await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token: a.token,
      tenant: a.store.slug,
      body: { commissionRateBps: 42 },
      headers: { 'if-match': '"0"' },
    });
    const other = await call(t.app, 'GET', '/api/v1/admin/settings', { token: b.token, tenant: b.store.slug });
    expect(other.json<Settings>()).toMatchObject({ commissionRateBps: 1000, version: 0 });
    // A's token does not reach B's settings.
    const cross = await call(t.app, 'GET', '/api/v1/admin/settings', { token: a.token, tenant: b.store.slug });
    expect([401, 403]).toContain(cross.statusCode);
  });

  it('GET /store shows the enabled payment methods, tax display and logo', async () => {
    const { store, token } = await storeWithOwner(t, { defaultCurrency: 'INR' });
    const before = await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ paymentMethods: ['card'], pricesIncludeTax: false, logoUrl: null });
    await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body: { paymentMethods: ['card', 'upi', 'cod'], pricesIncludeTax: true, logoUrl: '/media/logo.png' },
      headers: { 'if-match': '"0"' },
    });
    const after = await call(t.app, 'GET', '/api/v1/store', { tenant: store.slug });
    expect(after.json()).toMatchObject({
      paymentMethods: ['card', 'upi', 'cod'],
      pricesIncludeTax: true,
      logoUrl: '/media/logo.png',
    });
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('shows the enabled sign-in providers read-only', async () => {
    const { store, token } = await storeWithOwner(t);
    const created = await call(t.app, 'POST', '/api/v1/admin/oidc-providers', {
      token,
      tenant: store.slug,
      body: { slug: 'example-id', name: 'Example ID', issuer: 'https://id.example.test', clientId: 'bazaar' },
    });
    expect(created.statusCode).toBe(201);
    const read = await call(t.app, 'GET', '/api/v1/admin/settings', { token, tenant: store.slug });
    expect(read.json<Settings>().signInProviders).toEqual([
      expect.objectContaining({ slug: 'example-id', name: 'Example ID' }),
    ]);
  });

  it('getStoreSettings: the defaults, then what the store set', async () => {
    const { store, token } = await storeWithOwner(t);
    const read = () =>
      t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) => getStoreSettings(tx, store));
    expect(await read()).toEqual({
      paymentMethods: ['card'],
      commissionRateBps: 1000,
      pricesIncludeTax: false,
      defaultCountry: 'US',
      orderNumberPrefix: store.slug.toUpperCase(),
      supportEmail: null,
      logoUrl: null,
    });
    await call(t.app, 'PATCH', '/api/v1/admin/settings', {
      token,
      tenant: store.slug,
      body: { paymentMethods: ['cod', 'card'], commissionRateBps: 0, orderNumberPrefix: 'AB-1' },
      headers: { 'if-match': '"0"' },
    });
    expect(await read()).toMatchObject({
      paymentMethods: ['cod', 'card'],
      commissionRateBps: 0,
      orderNumberPrefix: 'AB-1',
    });
  });
});
