/**
 * The store administration of tax rates, shipping zones with their rates, and coupons through the
 * API: create (201 + Location + ETag), lists with keyset pages, optimistic locking, soft delete,
 * uniqueness, the business rules (422 with stable codes), malformed input (400), permissions,
 * isolation between stores, audit entries, and that the cart's pricing loader sees what was set.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadPricingRules } from '../../src/modules/pricing/index.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { createVendor } from '../catalog-factories.js';
import { rawRows } from '../identity-helpers.js';
import { auditOf, personOf, storeWithOwner } from '../settings-helpers.js';

interface Page<T> {
  data: T[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
}

interface TaxRate {
  id: string;
  name: string;
  country: string;
  region: string | null;
  rateBps: number;
  version: number;
  deletedAt: string | null;
}

interface Money {
  amount: number;
  currency: string;
}

interface Rate {
  id: string;
  vendorId: string | null;
  name: string;
  kind: 'flat' | 'weight';
  amount: Money;
  perKgAmount: Money;
  freeOver: Money | null;
  estimatedDays: { min: number; max: number };
}

interface Zone {
  id: string;
  name: string;
  countries: string[];
  regions: string[];
  rates: Rate[];
  version: number;
}

interface Coupon {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  value: number;
  vendorId: string | null;
  automatic: boolean;
  active: boolean;
  minSubtotal: Money;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
  version: number;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('tax rates', () => {
  const t = useApp();

  it('create, list, change, delete; one rate per place', async () => {
    const { store, ownerId, token } = await storeWithOwner(t);
    const s = { token, tenant: store.slug };
    const created = await call(t.app, 'POST', '/api/v1/admin/tax-rates', {
      ...s,
      body: { name: 'California', country: 'US', region: 'CA', rateBps: 725 },
    });
    expect(created.statusCode).toBe(201);
    const ca = created.json<TaxRate>();
    expect(created.headers.location).toBe(`/api/v1/admin/tax-rates/${ca.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(ca).toMatchObject({ name: 'California', country: 'US', region: 'CA', rateBps: 725, version: 1 });

    const country = await call(t.app, 'POST', '/api/v1/admin/tax-rates', {
      ...s,
      body: { name: 'US', country: 'US', rateBps: 0 },
    });
    expect(country.statusCode).toBe(201);
    expect(country.json<TaxRate>().region).toBeNull();

    for (const body of [
      { name: 'Dup', country: 'US', region: 'CA', rateBps: 800 },
      { name: 'Dup', country: 'US', region: null, rateBps: 800 },
    ]) {
      const dup = await call(t.app, 'POST', '/api/v1/admin/tax-rates', { ...s, body });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'tax_rate_exists' });
    }

    const list = await call(t.app, 'GET', '/api/v1/admin/tax-rates?country=US', s);
    expect(list.statusCode).toBe(200);
    expect(list.json<Page<TaxRate>>().data.map((r) => r.id)).toEqual([ca.id, country.json<TaxRate>().id]);

    expect(
      (await call(t.app, 'PATCH', `/api/v1/admin/tax-rates/${ca.id}`, { ...s, body: { rateBps: 750 } })).statusCode,
    ).toBe(428);
    const stale = await call(t.app, 'PATCH', `/api/v1/admin/tax-rates/${ca.id}`, {
      ...s,
      body: { rateBps: 750 },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    const changed = await call(t.app, 'PATCH', `/api/v1/admin/tax-rates/${ca.id}`, {
      ...s,
      body: { rateBps: 750 },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json<TaxRate>()).toMatchObject({ rateBps: 750, version: 2 });
    const moved = await call(t.app, 'PATCH', `/api/v1/admin/tax-rates/${ca.id}`, {
      ...s,
      body: { region: null },
      headers: { 'if-match': '"2"' },
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json()).toMatchObject({ code: 'tax_rate_exists' });

    expect((await call(t.app, 'DELETE', `/api/v1/admin/tax-rates/${ca.id}`, s)).statusCode).toBe(428);
    const deleted = await call(t.app, 'DELETE', `/api/v1/admin/tax-rates/${ca.id}`, {
      ...s,
      headers: { 'if-match': '"2"' },
    });
    expect(deleted.statusCode).toBe(204);
    const again = await call(t.app, 'PATCH', `/api/v1/admin/tax-rates/${ca.id}`, {
      ...s,
      body: { rateBps: 1 },
      headers: { 'if-match': '"3"' },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'tax_rate_not_found' });
    const live = await call(t.app, 'GET', '/api/v1/admin/tax-rates', s);
    expect(live.json<Page<TaxRate>>().data.map((r) => r.id)).toEqual([country.json<TaxRate>().id]);
    const all = await call(t.app, 'GET', '/api/v1/admin/tax-rates?includeDeleted=true', s);
    expect(all.json<Page<TaxRate>>().data.find((r) => r.id === ca.id)?.deletedAt).not.toBeNull();
    // The place is free again.
    const readded = await call(t.app, 'POST', '/api/v1/admin/tax-rates', {
      ...s,
      body: { name: 'California', country: 'US', region: 'CA', rateBps: 725 },
    });
    expect(readded.statusCode).toBe(201);

    const createdAudit = await auditOf(t.runtime, store.id, 'tax_rate.created');
    expect(createdAudit.find((a) => a.entityId === ca.id)).toMatchObject({
      actorId: ownerId,
      entityType: 'tax_rate',
      before: null,
      after: { country: 'US', region: 'CA', rateBps: 725 },
    });
    expect((await auditOf(t.runtime, store.id, 'tax_rate.updated'))[0]).toMatchObject({
      entityId: ca.id,
      before: { rateBps: 725 },
      after: { rateBps: 750 },
    });
    expect((await auditOf(t.runtime, store.id, 'tax_rate.deleted'))[0]).toMatchObject({
      entityId: ca.id,
      before: { rateBps: 750 },
      after: null,
    });
  });

  it('keyset pages', async () => {
    const { store, token } = await storeWithOwner(t);
    const s = { token, tenant: store.slug };
    const ids: string[] = [];
    for (const country of ['DE', 'AT', 'FR', 'IT', 'ES']) {
      const res = await call(t.app, 'POST', '/api/v1/admin/tax-rates', {
        ...s,
        body: { name: country, country, rateBps: 2000 },
      });
      ids.push(res.json<TaxRate>().id);
    }
    const seen: string[] = [];
    let url: string | null = '/api/v1/admin/tax-rates?limit=2';
    while (url) {
      const res = await call(t.app, 'GET', url, s);
      expect(res.statusCode).toBe(200);
      const page = res.json<Page<TaxRate>>();
      seen.push(...page.data.map((r) => r.id));
      url = page.links.next;
    }
    expect(seen).toEqual(ids);
    expect((await call(t.app, 'GET', '/api/v1/admin/tax-rates?limit=101', s)).statusCode).toBe(400);
    expect((await call(t.app, 'GET', '/api/v1/admin/tax-rates?cursor=nope', s)).statusCode).toBe(400);
  });

  it('refuses malformed tax rates with 400', async () => {
    const { store, token } = await storeWithOwner(t);
    for (const body of [
      { name: 'x', country: 'us', rateBps: 100 },
      { name: 'x', country: 'USA', rateBps: 100 },
      { name: 'x', country: 'US', rateBps: 10001 },
      { name: 'x', country: 'US', rateBps: -1 },
      { name: 'x', country: 'US', rateBps: 7.25 },
      { name: 'x', country: 'US', region: 'california', rateBps: 100 },
      { name: '', country: 'US', rateBps: 100 },
      { country: 'US', rateBps: 100 },
      { name: 'x', country: 'US', rateBps: '100' },
    ]) {
      const res = await call(t.app, 'POST', '/api/v1/admin/tax-rates', { token, tenant: store.slug, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const bad = await call(t.app, 'PATCH', '/api/v1/admin/tax-rates/not-a-uuid', {
      token,
      tenant: store.slug,
      body: { rateBps: 1 },
      headers: { 'if-match': '"1"' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('shipping zones', () => {
  const t = useApp();

  it('a zone with store-wide and vendor rates; PATCH replaces the rate list; delete', async () => {
    const { store, token } = await storeWithOwner(t);
    const s = { token, tenant: store.slug };
    const vendor = await createVendor(t.runtime, store.id);
    const created = await call(t.app, 'POST', '/api/v1/admin/shipping-zones', {
      ...s,
      body: {
        name: 'Domestic',
        countries: ['US'],
        regions: ['US-CA', 'US-NY'],
        rates: [
          { name: 'Standard', amount: usd(599), freeOver: usd(5000), estimatedDays: { min: 3, max: 6 } },
          { name: 'Express', amount: usd(1999), estimatedDays: { min: 1, max: 2 } },
          { vendorId: vendor.id, name: 'By weight', kind: 'weight', amount: usd(300), perKgAmount: usd(150) },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const zone = created.json<Zone>();
    expect(created.headers.location).toBe(`/api/v1/admin/shipping-zones/${zone.id}`);
    expect(zone).toMatchObject({ name: 'Domestic', countries: ['US'], regions: ['US-CA', 'US-NY'], version: 1 });
    expect(zone.rates).toEqual([
      {
        id: expect.any(String),
        vendorId: null,
        name: 'Standard',
        kind: 'flat',
        amount: usd(599),
        perKgAmount: usd(0),
        freeOver: usd(5000),
        estimatedDays: { min: 3, max: 6 },
      },
      expect.objectContaining({ name: 'Express', freeOver: null, estimatedDays: { min: 1, max: 2 } }),
      expect.objectContaining({
        vendorId: vendor.id,
        kind: 'weight',
        perKgAmount: usd(150),
        estimatedDays: { min: 2, max: 5 },
      }),
    ]);
    const [standard, express, byWeight] = zone.rates as [Rate, Rate, Rate];

    // The cart's loader sees the zone and its rates for the vendor.
    const rules = await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      loadPricingRules(tx, { country: 'US', region: 'CA', codes: [], vendorIds: [vendor.id], customerKey: null }),
    );
    expect(rules.zones.map((z) => z.id)).toEqual([zone.id]);
    expect(rules.rates.map((r) => r.id).sort()).toEqual([standard.id, express.id, byWeight.id].sort());

    const stale = await call(t.app, 'PATCH', `/api/v1/admin/shipping-zones/${zone.id}`, {
      ...s,
      body: { rates: [] },
      headers: { 'if-match': '"5"' },
    });
    expect(stale.statusCode).toBe(412);

    const patched = await call(t.app, 'PATCH', `/api/v1/admin/shipping-zones/${zone.id}`, {
      ...s,
      headers: { 'if-match': '"1"' },
      body: {
        name: 'Domestic (US)',
        rates: [
          {
            id: standard.id,
            name: 'Standard',
            amount: usd(699),
            freeOver: usd(7500),
            estimatedDays: { min: 3, max: 6 },
          },
          { name: 'Overnight', amount: usd(3999), estimatedDays: { min: 1, max: 1 } },
        ],
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    const after = patched.json<Zone>();
    expect(after.name).toBe('Domestic (US)');
    expect(after.rates.map((r) => [r.id === standard.id, r.name, r.amount.amount])).toEqual([
      [true, 'Standard', 699],
      [false, 'Overnight', 3999],
    ]);
    const rows = await rawRows(t.runtime, store.id, 'shipping_rates');
    const gone = rows.filter((r) => r.id === express.id || r.id === byWeight.id);
    expect(gone.map((r) => r.deleted_at !== null)).toEqual([true, true]);

    // Only name or countries: the rates stay.
    const renamed = await call(t.app, 'PATCH', `/api/v1/admin/shipping-zones/${zone.id}`, {
      ...s,
      headers: { 'if-match': '"2"' },
      body: { countries: ['US', 'CA'], regions: [] },
    });
    expect(renamed.json<Zone>()).toMatchObject({ countries: ['US', 'CA'], regions: [], version: 3 });
    expect(renamed.json<Zone>().rates).toHaveLength(2);

    const list = await call(t.app, 'GET', '/api/v1/admin/shipping-zones?country=CA', s);
    expect(list.json<Page<Zone>>().data.map((z) => [z.id, z.rates.length])).toEqual([[zone.id, 2]]);
    const none = await call(t.app, 'GET', '/api/v1/admin/shipping-zones?country=DE', s);
    expect(none.json<Page<Zone>>().data).toEqual([]);

    const removed = await call(t.app, 'DELETE', `/api/v1/admin/shipping-zones/${zone.id}`, {
      ...s,
      headers: { 'if-match': '"3"' },
    });
    expect(removed.statusCode).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/admin/shipping-zones', s)).json<Page<Zone>>().data).toEqual([]);
    const rulesAfter = await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      loadPricingRules(tx, { country: 'US', region: null, codes: [], vendorIds: [vendor.id], customerKey: null }),
    );
    expect(rulesAfter.zones).toEqual([]);
    expect(rulesAfter.rates).toEqual([]);

    expect((await auditOf(t.runtime, store.id, 'shipping_zone.created'))[0]).toMatchObject({ entityId: zone.id });
    const updates = await auditOf(t.runtime, store.id, 'shipping_zone.updated');
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ before: { name: 'Domestic' }, after: { name: 'Domestic (US)' } });
    expect((await auditOf(t.runtime, store.id, 'shipping_zone.deleted'))[0]).toMatchObject({
      entityId: zone.id,
      after: null,
    });
  });

  it('business rules: vendor of the store, store currency, regions in the zone, known rate ids', async () => {
    const { store, token } = await storeWithOwner(t);
    const other = await storeWithOwner(t);
    const foreignVendor = await createVendor(t.runtime, other.store.id);
    const s = { token, tenant: store.slug };
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { name: 'Z', countries: ['US'], rates: [{ vendorId: foreignVendor.id, name: 'R', amount: usd(1) }] },
        'unknown_vendor',
      ],
      [
        { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: { amount: 1, currency: 'EUR' } }] },
        'currency_mismatch',
      ],
      [{ name: 'Z', countries: ['US'], regions: ['DE-BY'] }, 'region_outside_zone'],
      [
        { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: usd(1), estimatedDays: { min: 5, max: 2 } }] },
        'invalid_estimated_days',
      ],
      [
        {
          name: 'Z',
          countries: ['US'],
          rates: [{ id: '01890000-0000-7000-8000-000000000000', name: 'R', amount: usd(1) }],
        },
        'shipping_rate_not_found',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await call(t.app, 'POST', '/api/v1/admin/shipping-zones', { ...s, body });
      expect(res.statusCode, code).toBe(422);
      expect(res.json()).toMatchObject({ code });
    }
    // Nothing was written by the refused requests.
    expect((await call(t.app, 'GET', '/api/v1/admin/shipping-zones', s)).json<Page<Zone>>().data).toEqual([]);

    const zone = (
      await call(t.app, 'POST', '/api/v1/admin/shipping-zones', {
        ...s,
        body: { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: usd(1) }] },
      })
    ).json<Zone>();
    const otherZone = (
      await call(t.app, 'POST', '/api/v1/admin/shipping-zones', {
        ...other,
        tenant: other.store.slug,
        token: other.token,
        body: { name: 'Other', countries: ['US'], rates: [{ name: 'R', amount: usd(1) }] },
      })
    ).json<Zone>();
    // A rate of another zone cannot be taken over.
    const foreignRate = await call(t.app, 'PATCH', `/api/v1/admin/shipping-zones/${zone.id}`, {
      ...s,
      headers: { 'if-match': '"1"' },
      body: { rates: [{ id: otherZone.rates[0]?.id, name: 'R', amount: usd(2) }] },
    });
    expect(foreignRate.statusCode).toBe(422);
    // Another store's zone is not found here.
    const cross = await call(t.app, 'PATCH', `/api/v1/admin/shipping-zones/${otherZone.id}`, {
      ...s,
      headers: { 'if-match': '"1"' },
      body: { name: 'Mine' },
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.json()).toMatchObject({ code: 'shipping_zone_not_found' });
  });

  it('refuses malformed zones with 400', async () => {
    const { store, token } = await storeWithOwner(t);
    for (const body of [
      { name: 'Z', countries: [] },
      { name: 'Z', countries: ['us'] },
      { name: 'Z', countries: ['US', 'US'] },
      { name: 'Z', countries: ['US'], regions: ['CA'] },
      { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: 100 }] },
      { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: usd(-1) }] },
      { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: usd(1), kind: 'distance' }] },
      { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: usd(1), vendorId: 'nope' }] },
      { name: 'Z', countries: ['US'], rates: [{ name: 'R', amount: { amount: 1, currency: 'usd' } }] },
    ]) {
      const res = await call(t.app, 'POST', '/api/v1/admin/shipping-zones', { token, tenant: store.slug, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('coupons', () => {
  const t = useApp();

  it('create, search, change, delete; codes upper case and unique', async () => {
    const { store, token } = await storeWithOwner(t);
    const s = { token, tenant: store.slug };
    const created = await call(t.app, 'POST', '/api/v1/admin/coupons', {
      ...s,
      body: {
        code: 'welcome10',
        name: 'Welcome',
        kind: 'percentage',
        value: 1000,
        perCustomerLimit: 1,
        minSubtotal: usd(2000),
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2027-01-01T00:00:00Z',
      },
    });
    expect(created.statusCode).toBe(201);
    const welcome = created.json<Coupon>();
    expect(created.headers.location).toBe(`/api/v1/admin/coupons/${welcome.id}`);
    expect(welcome).toMatchObject({
      code: 'WELCOME10',
      kind: 'percentage',
      value: 1000,
      vendorId: null,
      automatic: false,
      active: true,
      minSubtotal: usd(2000),
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2027-01-01T00:00:00.000Z',
      usageLimit: null,
      perCustomerLimit: 1,
      usedCount: 0,
      version: 1,
    });
    const dup = await call(t.app, 'POST', '/api/v1/admin/coupons', {
      ...s,
      body: { code: 'Welcome10', name: 'Again', kind: 'fixed', value: 500 },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'coupon_code_taken' });

    const ship = await call(t.app, 'POST', '/api/v1/admin/coupons', {
      ...s,
      body: { code: 'FREESHIP', name: 'Free shipping', kind: 'free_shipping', value: 99, active: false },
    });
    expect(ship.json<Coupon>()).toMatchObject({ value: 0, active: false });
    const vendor = await createVendor(t.runtime, store.id);
    const auto = await call(t.app, 'POST', '/api/v1/admin/coupons', {
      ...s,
      body: { name: '5 % off', kind: 'percentage', value: 500, automatic: true, vendorId: vendor.id },
    });
    expect(auto.statusCode).toBe(201);
    expect(auto.json<Coupon>()).toMatchObject({ code: null, automatic: true, vendorId: vendor.id });

    const search = await call(t.app, 'GET', '/api/v1/admin/coupons?q=come', s);
    expect(search.json<Page<Coupon>>().data.map((c) => c.code)).toEqual(['WELCOME10']);
    const inactive = await call(t.app, 'GET', '/api/v1/admin/coupons?active=false', s);
    expect(inactive.json<Page<Coupon>>().data.map((c) => c.code)).toEqual(['FREESHIP']);
    const automatic = await call(t.app, 'GET', '/api/v1/admin/coupons?automatic=true', s);
    expect(automatic.json<Page<Coupon>>().data.map((c) => c.id)).toEqual([auto.json<Coupon>().id]);

    // The cart's loader finds the coupon by code and the automatic promotion by vendor.
    const rules = await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      loadPricingRules(tx, {
        country: 'US',
        region: null,
        codes: ['welcome10'],
        vendorIds: [vendor.id],
        customerKey: null,
      }),
    );
    expect(rules.promotions.map((p) => p.id).sort()).toEqual([welcome.id, auto.json<Coupon>().id].sort());

    const changed = await call(t.app, 'PATCH', `/api/v1/admin/coupons/${welcome.id}`, {
      ...s,
      headers: { 'if-match': '"1"' },
      body: { code: 'hello15', value: 1500, usageLimit: 100 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<Coupon>()).toMatchObject({ code: 'HELLO15', value: 1500, usageLimit: 100, version: 2 });
    // The old code is free again.
    const reuse = await call(t.app, 'POST', '/api/v1/admin/coupons', {
      ...s,
      body: { code: 'WELCOME10', name: 'Welcome back', kind: 'fixed', value: 500 },
    });
    expect(reuse.statusCode).toBe(201);
    const taken = await call(t.app, 'PATCH', `/api/v1/admin/coupons/${welcome.id}`, {
      ...s,
      headers: { 'if-match': '"2"' },
      body: { code: 'freeship' },
    });
    expect(taken.statusCode).toBe(409);

    // Uses so far bound the limit from below.
    await t.runtime.database.tenantTransaction({ tenantId: store.id, actorId: null }, (tx) =>
      tx.execute(sql`update coupons set used_count = 7 where id = ${welcome.id}`),
    );
    const below = await call(t.app, 'PATCH', `/api/v1/admin/coupons/${welcome.id}`, {
      ...s,
      headers: { 'if-match': '"2"' },
      body: { usageLimit: 5 },
    });
    expect(below.statusCode).toBe(422);
    expect(below.json()).toMatchObject({ code: 'usage_limit_below_used', usedCount: 7 });

    const deleted = await call(t.app, 'DELETE', `/api/v1/admin/coupons/${welcome.id}`, {
      ...s,
      headers: { 'if-match': '"2"' },
    });
    expect(deleted.statusCode).toBe(204);
    const listed = await call(t.app, 'GET', '/api/v1/admin/coupons', s);
    expect(listed.json<Page<Coupon>>().data.map((c) => c.id)).not.toContain(welcome.id);

    expect((await auditOf(t.runtime, store.id, 'coupon.updated'))[0]).toMatchObject({
      entityId: welcome.id,
      before: { code: 'WELCOME10', value: 1000, usageLimit: null },
      after: { code: 'HELLO15', value: 1500, usageLimit: 100 },
    });
    expect((await auditOf(t.runtime, store.id, 'coupon.deleted'))[0]).toMatchObject({ entityId: welcome.id });
  });

  it('business rules with stable codes', async () => {
    const { store, token } = await storeWithOwner(t);
    const other = await storeWithOwner(t);
    const foreign = await createVendor(t.runtime, other.store.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ code: 'P0', name: 'x', kind: 'percentage', value: 0 }, 'invalid_coupon_value'],
      [{ code: 'P1', name: 'x', kind: 'percentage', value: 10001 }, 'invalid_coupon_value'],
      [{ code: 'F0', name: 'x', kind: 'fixed', value: 0 }, 'invalid_coupon_value'],
      [{ code: 'F1', name: 'x', kind: 'fixed' }, 'invalid_coupon_value'],
      [{ name: 'x', kind: 'fixed', value: 100 }, 'coupon_code_required'],
      [
        {
          code: 'T1',
          name: 'x',
          kind: 'fixed',
          value: 100,
          startsAt: '2026-05-01T00:00:00Z',
          endsAt: '2026-05-01T00:00:00Z',
        },
        'invalid_coupon_period',
      ],
      [{ code: 'V1', name: 'x', kind: 'fixed', value: 100, vendorId: foreign.id }, 'unknown_vendor'],
      [
        { code: 'M1', name: 'x', kind: 'fixed', value: 100, minSubtotal: { amount: 1, currency: 'EUR' } },
        'currency_mismatch',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await call(t.app, 'POST', '/api/v1/admin/coupons', { token, tenant: store.slug, body });
      expect(res.statusCode, code).toBe(422);
      expect(res.json()).toMatchObject({ code });
    }
    const fixed = (
      await call(t.app, 'POST', '/api/v1/admin/coupons', {
        token,
        tenant: store.slug,
        body: { code: 'TEN', name: 'x', kind: 'fixed', value: 1000 },
      })
    ).json<Coupon>();
    // A change is checked against the coupon as a whole.
    const toPercent = await call(t.app, 'PATCH', `/api/v1/admin/coupons/${fixed.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"1"' },
      body: { kind: 'percentage' },
    });
    expect(toPercent.statusCode).toBe(200);
    expect(toPercent.json<Coupon>()).toMatchObject({ kind: 'percentage', value: 1000 });
    const noCode = await call(t.app, 'PATCH', `/api/v1/admin/coupons/${fixed.id}`, {
      token,
      tenant: store.slug,
      headers: { 'if-match': '"2"' },
      body: { code: null },
    });
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json()).toMatchObject({ code: 'coupon_code_required' });

    for (const body of [
      { code: 'X', name: 'x', kind: 'fixed', value: 1 },
      { code: 'has space', name: 'x', kind: 'fixed', value: 1 },
      { code: 'OK', name: 'x', kind: 'bogo', value: 1 },
      { code: 'OK', name: 'x', kind: 'fixed', value: -1 },
      { code: 'OK', name: 'x', kind: 'fixed', value: 1, usageLimit: 0 },
      { code: 'OK', name: 'x', kind: 'fixed', value: 1, startsAt: 'tomorrow' },
      { code: 'OK', kind: 'fixed', value: 1 },
    ]) {
      const res = await call(t.app, 'POST', '/api/v1/admin/coupons', { token, tenant: store.slug, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('pricing administration permissions', () => {
  const t = useApp();

  it('tax and shipping need settings:manage, coupons need coupons:manage', async () => {
    const { store } = await storeWithOwner(t);
    const customer = await personOf(t, store, ['customer']);
    const couponStaff = await personOf(t, store, ['staff'], ['coupons:manage']);
    const settingsStaff = await personOf(t, store, ['staff'], ['settings:manage']);
    const tax = { name: 'US', country: 'US', rateBps: 0 };
    const coupon = { code: 'STAFF5', name: 'x', kind: 'fixed', value: 5 };

    expect((await call(t.app, 'GET', '/api/v1/admin/tax-rates', { tenant: store.slug })).statusCode).toBe(401);
    for (const who of [customer, couponStaff]) {
      expect(
        (await call(t.app, 'POST', '/api/v1/admin/tax-rates', { token: who.token, tenant: store.slug, body: tax }))
          .statusCode,
      ).toBe(403);
      expect(
        (await call(t.app, 'GET', '/api/v1/admin/shipping-zones', { token: who.token, tenant: store.slug })).statusCode,
      ).toBe(403);
    }
    for (const who of [customer, settingsStaff]) {
      expect(
        (await call(t.app, 'POST', '/api/v1/admin/coupons', { token: who.token, tenant: store.slug, body: coupon }))
          .statusCode,
      ).toBe(403);
    }
    expect(
      (
        await call(t.app, 'POST', '/api/v1/admin/tax-rates', {
          token: settingsStaff.token,
          tenant: store.slug,
          body: tax,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call(t.app, 'POST', '/api/v1/admin/coupons', {
          token: couponStaff.token,
          tenant: store.slug,
          body: coupon,
        })
      ).statusCode,
    ).toBe(201);
  });
});
