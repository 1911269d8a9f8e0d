/**
 * Zero 5xx for anything a client can send: every route, hit with malformed paths, headers, query
 * strings and bodies, answers a 4xx problem (or a success), never a 5xx.
 */
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { tokenFor, useApp } from '../helpers.js';

const BODIES: Array<{ type: string; payload: string }> = [
  { type: 'application/json', payload: '' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: '[]' },
  { type: 'application/json', payload: '"text"' },
  { type: 'application/json', payload: '{"slug":' },
  { type: 'application/json', payload: '{"__proto__":{"admin":true},"slug":"x"}' },
  { type: 'application/json', payload: '{"constructor":{"prototype":{"x":1}}}' },
  {
    type: 'application/json',
    payload: JSON.stringify({ slug: 'a'.repeat(5000), name: 'x', defaultCurrency: 'USD', defaultLocale: 'en' }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({ slug: 'ok-slug', name: '\u0000', defaultCurrency: 'USD', defaultLocale: 'en' }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({ slug: 'ok-slug', name: 'x', defaultCurrency: 'usd', defaultLocale: 'en' }),
  },
  {
    type: 'application/json',
    payload: JSON.stringify({ slug: 'ok-slug', name: 'x', defaultCurrency: 'USD', defaultLocale: 'xx-!!' }),
  },
  { type: 'application/json', payload: JSON.stringify({ name: 12, status: 'deleted', domains: 'a.b' }) },
  { type: 'application/json', payload: JSON.stringify({ domains: ['UPPER.example', '-bad-.x', ''] }) },
  { type: 'text/plain', payload: 'hello' },
  { type: 'application/x-www-form-urlencoded', payload: 'a=1' },
  { type: 'multipart/form-data; boundary=x', payload: '--x--' },
  { type: 'application/json; charset=latin1', payload: '{}' },
];

const PATH_IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', '..%2F..%2Fetc', 'ü', 'a'.repeat(300)];
const QUERIES = [
  'limit=-1',
  'limit=1.5',
  'limit=99999999999999999999',
  'cursor=',
  'cursor=%00',
  'status[]=active',
  'limit=1&limit=2',
  'x=%E0%A4%A',
];
const HEADERS: Array<Record<string, string>> = [
  { 'x-tenant-id': '' },
  { 'x-tenant-id': 'x'.repeat(500) },
  { 'x-tenant-id': "'; drop table tenants; --" },
  { 'x-tenant-id': 'ÄÖÜ' },
  { host: 'weird..host' },
  { authorization: 'Bearer ' },
  { authorization: `Bearer ${'a'.repeat(5000)}` },
  { authorization: 'Bearer a.b.c' },
  { 'if-match': '"999999999999999999999"' },
  { 'if-none-match': '*' },
  { 'idempotency-key': 'x'.repeat(300) },
  { 'accept-language': '*;q=abc,,;' },
  { 'x-request-id': '\u00ff'.repeat(10) },
];

describe('malformed input', () => {
  const t = useApp({ RATE_LIMIT_PER_MINUTE: '1000000' });

  it('never gets a 5xx from any route', async () => {
    const tenant = await buildTenant(t.runtime);
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const routes = t.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('platform/tenants');
    const targets: Array<{ method: 'GET' | 'POST' | 'PATCH'; url: string }> = [
      { method: 'GET', url: '/api/v1/store' },
      { method: 'GET', url: '/api/v1/platform/tenants' },
      { method: 'POST', url: '/api/v1/platform/tenants' },
      ...PATH_IDS.flatMap((id) => [
        { method: 'GET' as const, url: `/api/v1/platform/tenants/${id}` },
        { method: 'PATCH' as const, url: `/api/v1/platform/tenants/${id}` },
      ]),
      { method: 'PATCH', url: `/api/v1/platform/tenants/${tenant.id}` },
      { method: 'GET', url: '/api/v1/products' },
      { method: 'GET', url: '/api/v1/products/suggest' },
      { method: 'GET', url: '/api/v1/categories' },
      { method: 'POST', url: '/api/v1/vendors/apply' },
      { method: 'POST', url: '/api/v1/admin/categories' },
      ...PATH_IDS.flatMap((id) => [
        { method: 'GET' as const, url: `/api/v1/products/${id}` },
        { method: 'GET' as const, url: `/api/v1/products/${id}/reviews` },
        { method: 'GET' as const, url: `/api/v1/vendors/${id}` },
        { method: 'GET' as const, url: `/api/v1/categories/${id}` },
        { method: 'PATCH' as const, url: `/api/v1/admin/categories/${id}` },
        { method: 'POST' as const, url: `/api/v1/admin/products/${id}/reject` },
        { method: 'GET' as const, url: `/api/v1/media/${id}/products/${id}/${id}` },
      ]),
      { method: 'GET', url: '/ready' },
      { method: 'GET', url: '/health' },
    ];
    const failures: string[] = [];
    const check = async (desc: string, req: InjectOptions) => {
      const res = await t.app.inject(req);
      if (res.statusCode >= 500) failures.push(`${desc} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) expect(res.headers['content-type'], desc).toMatch(/^application\/problem\+json/);
    };
    for (const target of targets) {
      const base = { 'x-tenant-id': tenant.slug, authorization: `Bearer ${admin}`, 'if-match': '"1"' };
      for (const h of HEADERS) {
        await check(`${target.method} ${target.url} ${JSON.stringify(h).slice(0, 60)}`, {
          method: target.method,
          url: target.url,
          headers: { ...base, ...h },
          ...(target.method === 'GET' ? {} : { payload: {} }),
        });
      }
      for (const q of QUERIES) {
        await check(`${target.method} ${target.url}?${q}`, {
          method: target.method,
          url: `${target.url}?${q}`,
          headers: base,
        });
      }
      if (target.method !== 'GET') {
        for (const b of BODIES) {
          await check(`${target.method} ${target.url} ${b.type} ${b.payload.slice(0, 40)}`, {
            method: target.method,
            url: target.url,
            headers: { ...base, 'content-type': b.type },
            payload: b.payload,
          });
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
