/**
 * Zero 5xx from the store settings, pricing administration, payout, analytics and vendor balance
 * routes, whatever a client sends: malformed paths, headers, query strings and bodies each get a 4xx
 * problem (or a success), never a 5xx.
 */
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createVendor, createVendorUser } from '../catalog-factories.js';
import { tokenFor, useApp } from '../helpers.js';
import { login } from '../identity-helpers.js';
import { storeWithOwner } from '../settings-helpers.js';

const BODIES: Array<{ type: string; payload: string }> = [
  { type: 'application/json', payload: '' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: '[]' },
  { type: 'application/json', payload: '"text"' },
  { type: 'application/json', payload: '{"name":' },
  { type: 'application/json', payload: '{"__proto__":{"admin":true},"name":"x"}' },
  { type: 'application/json', payload: JSON.stringify({ name: 'x', country: 'US', rateBps: 1e300 }) },
  {
    type: 'application/json',
    payload: JSON.stringify({ name: '\u0000', country: 'US', region: '\u0000', rateBps: 1 }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({
      name: 'x',
      countries: ['US'],
      rates: [{ name: 'r', amount: { amount: 2 ** 40, currency: 'USD' } }],
    }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({
      code: 'A'.repeat(41),
      name: 'x',
      kind: 'fixed',
      value: 1,
      startsAt: '9999-99-99T00:00:00Z',
    }),
  },
  { type: 'application/json', payload: JSON.stringify({ paymentMethods: 'card', commissionRateBps: '10' }) },
  {
    type: 'application/json',
    payload: JSON.stringify({ code: 'YEAR0', name: 'x', kind: 'fixed', value: 1, startsAt: '0000-01-01T00:00:00Z' }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({ code: 'LEAP', name: 'x', kind: 'fixed', value: 1, endsAt: '2025-02-29T25:61:00+99:00' }),
  },
  { type: 'application/json', payload: JSON.stringify({ vendorId: '00000000-0000-0000-0000-000000000000' }) },
  { type: 'text/plain', payload: 'hello' },
  { type: 'application/x-www-form-urlencoded', payload: 'a=1' },
];

const PATH_IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', 'ü', 'a'.repeat(300)];
const QUERIES = [
  'limit=-1',
  'limit=1.5',
  'limit=99999999999999999999',
  'cursor=',
  'cursor=%00',
  'cursor=eyJrIjpbMV0sImQiOiJuIn0',
  'kind[]=sale',
  'from=0000-00-00&to=9999-12-31',
  'from=0000-01-01&to=0000-01-02',
  'from=9999-12-31&to=9999-12-31&interval=month',
  'from=2025-01-01&to=2025-01-01&interval=day&interval=week',
  'vendorId=%00',
  'active=maybe&includeDeleted=2',
  'x=%E0%A4%A',
];
const HEADERS: Array<Record<string, string>> = [
  { 'x-tenant-id': '' },
  { 'x-tenant-id': "'; drop table tenants; --" },
  { authorization: 'Bearer a.b.c' },
  { 'if-match': '"999999999999999999999"' },
  { 'if-match': '"9999999999"' },
  { 'if-match': 'W/"x"' },
  { 'idempotency-key': 'x'.repeat(300) },
];

describe('malformed input on commerce administration', () => {
  const t = useApp({ RATE_LIMIT_PER_MINUTE: '1000000' });

  it('never gets a 5xx', async () => {
    const { store, token: owner } = await storeWithOwner(t);
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const vendor = await createVendor(t.runtime, store.id);
    const vendorToken = (
      await login(t.app, await createVendorUser(t.runtime, store.id, vendor.id), { tenant: store.slug })
    ).accessToken;
    const targets: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; token: string }> = [
      { method: 'GET', url: '/api/v1/admin/settings', token: owner },
      { method: 'PATCH', url: '/api/v1/admin/settings', token: owner },
      { method: 'GET', url: '/api/v1/admin/tax-rates', token: admin },
      { method: 'POST', url: '/api/v1/admin/tax-rates', token: owner },
      { method: 'GET', url: '/api/v1/admin/shipping-zones', token: owner },
      { method: 'POST', url: '/api/v1/admin/shipping-zones', token: owner },
      { method: 'GET', url: '/api/v1/admin/coupons', token: owner },
      { method: 'POST', url: '/api/v1/admin/coupons', token: owner },
      { method: 'GET', url: '/api/v1/admin/payouts', token: owner },
      { method: 'POST', url: '/api/v1/admin/payouts', token: owner },
      { method: 'GET', url: '/api/v1/admin/analytics/sales', token: owner },
      { method: 'GET', url: '/api/v1/vendor/balance', token: vendorToken },
      { method: 'GET', url: '/api/v1/vendor/ledger', token: vendorToken },
      ...PATH_IDS.flatMap((id) =>
        ['tax-rates', 'shipping-zones', 'coupons'].flatMap((what) => [
          { method: 'PATCH' as const, url: `/api/v1/admin/${what}/${id}`, token: owner },
          { method: 'DELETE' as const, url: `/api/v1/admin/${what}/${id}`, token: owner },
        ]),
      ),
    ];
    const failures: string[] = [];
    const check = async (desc: string, req: InjectOptions) => {
      const res = await t.app.inject(req);
      if (res.statusCode >= 500) failures.push(`${desc} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) expect(res.headers['content-type'], desc).toMatch(/^application\/problem\+json/);
    };
    let key = 0;
    for (const target of targets) {
      const base = {
        'x-tenant-id': store.slug,
        authorization: `Bearer ${target.token}`,
        'if-match': '"1"',
        'idempotency-key': `malformed-${store.id}-${key++}`,
      };
      const withBody = target.method === 'POST' || target.method === 'PATCH';
      for (const h of HEADERS) {
        await check(`${target.method} ${target.url} ${JSON.stringify(h).slice(0, 60)}`, {
          method: target.method,
          url: target.url,
          headers: { ...base, 'idempotency-key': `malformed-${store.id}-${key++}`, ...h },
          ...(withBody ? { payload: {} } : {}),
        });
      }
      for (const q of QUERIES) {
        await check(`${target.method} ${target.url}?${q}`, {
          method: target.method,
          url: `${target.url}?${q}`,
          headers: { ...base, 'idempotency-key': `malformed-${store.id}-${key++}` },
        });
      }
      if (withBody) {
        for (const b of BODIES) {
          await check(`${target.method} ${target.url} ${b.type} ${b.payload.slice(0, 40)}`, {
            method: target.method,
            url: target.url,
            headers: { ...base, 'idempotency-key': `malformed-${store.id}-${key++}`, 'content-type': b.type },
            payload: b.payload,
          });
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
