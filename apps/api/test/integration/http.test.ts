/**
 * The HTTP contract of API.md: tenant resolution, RFC 9457 problems for every error class, request
 * ids, security headers, CORS, rate-limit headers, ops endpoints. Real app, real database.
 */
import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTenant } from '../factories.js';
import { tokenFor, uniqueSlug, useApp } from '../helpers.js';

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Record<string, unknown>>();
  expect(body).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.instance).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  // Nothing internal leaks: no stack, no SQL, no error class names.
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+|select |insert |Error:|pg_|drizzle/i);
  return body;
}

describe('tenant resolution', () => {
  const t = useApp();

  it('answers 400 tenant_required without X-Tenant-ID or a store domain', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store' });
    expectProblem(res, 400, 'tenant_required');
  });

  it('answers 404 tenant_not_found for an unknown store', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': 'no-such-store' },
    });
    expectProblem(res, 404, 'tenant_not_found');
  });

  it('resolves a store by slug, by id and by one of its domains', async () => {
    const domain = `${uniqueSlug('shop')}.example.test`;
    const tenant = await buildTenant(t.runtime, {
      name: 'Corner Shop',
      defaultCurrency: 'EUR',
      defaultLocale: 'de',
      domains: [domain],
    });
    for (const headers of [{ 'x-tenant-id': tenant.slug }, { 'x-tenant-id': tenant.id }, { host: domain }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: tenant.id,
        slug: tenant.slug,
        name: 'Corner Shop',
        currency: 'EUR',
        locale: 'de',
        locales: ['de'],
        domains: [domain],
        signInProviders: [],
        paymentMethods: ['card'],
        pricesIncludeTax: false,
        logoUrl: null,
      });
    }
  });

  it('gives the store profile an ETag of its representation and honours If-None-Match', async () => {
    const tenant = await buildTenant(t.runtime);
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': tenant.slug } });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': tenant.slug, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
  });

  it('refuses a suspended store with 403 tenant_suspended', async () => {
    const tenant = await buildTenant(t.runtime);
    for (const ref of [tenant.slug, tenant.slug.toUpperCase(), tenant.id.toUpperCase()]) {
      const warm = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': ref } });
      expect(warm.statusCode).toBe(200);
    }
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/platform/tenants/${tenant.id}`,
      headers: { authorization: `Bearer ${admin}`, 'if-match': `"${tenant.version}"` },
      payload: { status: 'suspended' },
    });
    expect(res.statusCode).toBe(200);
    // Every spelling the resolver may have cached is dropped, on this replica at once.
    for (const ref of [tenant.slug, tenant.slug.toUpperCase(), tenant.id, tenant.id.toUpperCase()]) {
      const store = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': ref } });
      expectProblem(store, 403, 'tenant_suspended');
    }
  });

  it('does not ask platform routes for a tenant', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/platform/tenants' });
    expectProblem(res, 401, 'unauthorized');
  });
});

describe('problem responses', () => {
  const t = useApp();

  it('400 validation_failed lists each bad field', async () => {
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: { authorization: `Bearer ${admin}` },
      payload: { slug: 'NOT A SLUG', name: 42, defaultLocale: 'en', extra: true },
    });
    const body = expectProblem(res, 400, 'validation_failed');
    const paths = (body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.slug', 'body.name', 'body.defaultCurrency', 'body.extra']));
  });

  it('400 malformed_json for a body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: { 'content-type': 'application/json' },
      payload: '{"slug": ',
    });
    expectProblem(res, 400, 'malformed_json');
  });

  it('400 for query parameters of the wrong type or over the page limit', async () => {
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    for (const query of ['limit=101', 'limit=abc', 'limit=0', 'cursor=%24%24%24', 'status=gone']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/platform/tenants?${query}`,
        headers: { authorization: `Bearer ${admin}` },
      });
      expectProblem(res, 400, 'validation_failed');
    }
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/platform/tenants?cursor=bm90LWEtY3Vyc29y`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expectProblem(res, 400, 'invalid_cursor');
  });

  it('401 for a missing, malformed, forged or expired token', async () => {
    const expired = await tokenFor(t.runtime, { roles: ['platform_admin'] }, -60);
    const forged = `${(await tokenFor(t.runtime, { roles: ['platform_admin'] })).slice(0, -4)}AAAA`;
    for (const authorization of [undefined, 'Basic abc', 'Bearer not-a-jwt', `Bearer ${forged}`, `Bearer ${expired}`]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/platform/tenants',
        headers: authorization ? { authorization } : {},
      });
      expectProblem(res, 401, authorization ? 'invalid_token' : 'unauthorized');
    }
  });

  it('401 for a token of another store', async () => {
    const a = await buildTenant(t.runtime);
    const b = await buildTenant(t.runtime);
    const token = await tokenFor(t.runtime, { tid: a.id, roles: ['customer'] });
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': a.slug, authorization: `Bearer ${token}` },
    });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': b.slug, authorization: `Bearer ${token}` },
    });
    expectProblem(other, 401, 'invalid_token');
  });

  it('403 for a signed-in user without the role', async () => {
    const tenant = await buildTenant(t.runtime);
    const token = await tokenFor(t.runtime, { tid: tenant.id, roles: ['owner'] });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/platform/tenants',
      headers: { authorization: `Bearer ${token}` },
    });
    // A store owner is a valid caller without the platform role.
    expectProblem(res, 403, 'forbidden');
    // Store-less ops routes do not care whose credential rides along.
    const health = await t.app.inject({ method: 'GET', url: '/health', headers: { authorization: `Bearer ${token}` } });
    expect(health.statusCode).toBe(200);
    const platformCustomer = await tokenFor(t.runtime, { roles: ['customer'] });
    const res2 = await t.app.inject({
      method: 'GET',
      url: '/api/v1/platform/tenants',
      headers: { authorization: `Bearer ${platformCustomer}` },
    });
    expectProblem(res2, 403, 'forbidden');
  });

  it('404 route_not_found for an unknown route, also under /api/v1', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/nope' }), 404, 'route_not_found');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/store' }), 404, 'route_not_found');
  });

  it('404 tenant_not_found for a well-formed id that does not exist', async () => {
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/platform/tenants/01900000-0000-7000-8000-000000000000',
      headers: { authorization: `Bearer ${admin}` },
    });
    expectProblem(res, 404, 'tenant_not_found');
  });

  it('409 for a slug that is taken, 422 for a business rule', async () => {
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    const existing = await buildTenant(t.runtime);
    const headers = { authorization: `Bearer ${admin}` };
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers,
      payload: {
        slug: existing.slug,
        name: 'Again',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email: 'owner@example.test' },
      },
    });
    expectProblem(taken, 409, 'tenant_slug_taken');
    const currency = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers,
      payload: {
        slug: uniqueSlug(),
        name: 'Bad money',
        defaultCurrency: 'XYZ',
        defaultLocale: 'en',
        owner: { email: 'owner@example.test' },
      },
    });
    expectProblem(currency, 422, 'unknown_currency');
    const uuidSlug = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers,
      payload: {
        slug: '01900000-0000-7000-8000-000000000000',
        name: 'Id-like',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email: 'owner@example.test' },
      },
    });
    expectProblem(uuidSlug, 422, 'tenant_slug_invalid');
  });

  it('400 for text the database cannot store (NUL), in a body or a cursor', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const nul = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: auth,
      payload: {
        slug: uniqueSlug(),
        name: 'a\u0000b',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email: 'owner@example.test' },
      },
    });
    expectProblem(nul, 400, 'bad_request');
    const cursor = Buffer.from(JSON.stringify({ k: ['\u0000'], d: 'n' })).toString('base64url');
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/platform/tenants?cursor=${cursor}`, headers: auth });
    expect(page.statusCode).toBe(400);
  });

  it('413 for a body over the limit, 415 for a content type the route does not take', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expectProblem(big, 413, 'payload_too_large');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: { 'content-type': 'text/csv' },
      payload: 'slug,name',
    });
    expectProblem(text, 415, 'unsupported_media_type');
  });

  it('500 internal_error hides what went wrong and logs it with the request id', async () => {
    const app = (await import('../helpers.js')).startApp;
    const own = await app();
    own.app.get('/api/v1/test/boom', async () => {
      throw new Error('select secret from vault where password = hunter2');
    });
    const res = await own.app.inject({
      method: 'GET',
      url: '/api/v1/test/boom',
      headers: { 'x-tenant-id': (await buildTenant(own.runtime)).slug },
    });
    const body = expectProblem(res, 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    const logged = own.logs.find((l) => l.requestId === res.headers['x-request-id'] && l.level === 50);
    expect(logged).toBeDefined();
    await own.close();
  });
});

describe('request ids and logs', () => {
  const t = useApp();

  it('logs URLs without the secrets some carry in their query', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/x/callback?code=SECRETCODE&state=SECRETSTATE&x=1',
      headers: { 'x-request-id': 'query-redaction' },
    });
    const line = t.logs.find((l) => l.requestId === 'query-redaction');
    expect(JSON.stringify(line)).not.toMatch(/SECRETCODE|SECRETSTATE/);
    expect((line?.req as { url: string }).url).toContain('x=1');
  });

  it('echoes a client request id and puts it in every log line of the request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'client-abc.123' } });
    expect(res.headers['x-request-id']).toBe('client-abc.123');
    const lines = t.logs.filter((l) => l.requestId === 'client-abc.123');
    // One line per request, with everything an operator needs to find it.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/health' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]?.responseTime).toBe('number');
  });

  it('replaces a request id that is not a sane token with a fresh one', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\twith "quotes"' },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.app.inject({ method: 'GET', url: '/health' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
  });

  it('never logs credentials, even when code logs headers or bodies', async () => {
    const own = await (await import('../helpers.js')).startApp();
    own.app.post('/api/v1/test/echo-log', { config: { tenant: 'none' } }, async (req) => {
      req.log.info({ req: { headers: req.headers }, body: req.body }, 'logging what came in');
      return { ok: true };
    });
    const secret = await tokenFor(own.runtime, { roles: ['platform_admin'] });
    const res = await own.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo-log',
      headers: {
        authorization: `Bearer ${secret}`,
        cookie: 'bazaar_session=topsecret',
        'x-request-id': 'redaction-check',
      },
      payload: {
        email: 'shopper@example.test',
        password: 'correct horse battery',
        card: { number: '4242424242424242' },
      },
    });
    expect(res.statusCode).toBe(200);
    const lines = own.logs.filter((l) => l.requestId === 'redaction-check');
    const text = JSON.stringify(lines);
    expect(lines.some((l) => l.msg === 'logging what came in')).toBe(true);
    for (const leaked of [secret, 'topsecret', 'correct horse battery', '4242424242424242', 'shopper@example.test'])
      expect(text).not.toContain(leaked);
    await own.close();
  });
});

describe('headers', () => {
  const t = useApp({ CORS_ORIGINS: 'https://shop.example.test' });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows only configured CORS origins', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/store',
      headers: { origin: 'https://shop.example.test', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.test');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example.test' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends RateLimit-* headers on every response', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': 'no-such' } });
    expect(res.headers['ratelimit-limit']).toBeDefined();
    expect(res.headers['ratelimit-remaining']).toBeDefined();
    expect(res.headers['ratelimit-reset']).toBeDefined();
  });
});

describe('rate limits', () => {
  const t = useApp({ RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 with Retry-After once the limit is used up', async () => {
    const codes: number[] = [];
    let last: LightMyRequestResponse | undefined;
    // A fresh client address: with REDIS_URL the window is shared with earlier runs.
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 4; i++) {
      last = await t.app.inject({
        method: 'GET',
        url: '/api/v1/store',
        headers: { 'x-tenant-id': 'whatever' },
        remoteAddress: ip,
      });
      codes.push(last.statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([404, 404, 404]);
    if (!last) throw new Error('no response');
    expectProblem(last, 429, 'rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('proxies', () => {
  const plain = useApp();
  const proxied = useApp({ TRUST_PROXY: '127.0.0.1' });

  it('trusts X-Forwarded-For only from configured proxies', async () => {
    for (const [t, expected] of [
      [plain, '127.0.0.1'],
      [proxied, '203.0.113.9'],
    ] as const) {
      t.app.get('/api/v1/test/ip', { config: { tenant: 'none' } }, async (req) => ({ ip: req.ip }));
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/test/ip',
        headers: { 'x-forwarded-for': '203.0.113.9' },
        remoteAddress: '127.0.0.1',
      });
      expect(res.json()).toEqual({ ip: expected });
    }
  });
});

describe('ops endpoints', () => {
  const t = useApp();

  it('/health and /ready answer 200', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: { status: 'up' } } });
  });

  it('/metrics exposes request durations by route, event-loop lag and pool usage', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health"[^}]*status_code="200"/);
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).toContain('db_pool_connections{state="max"}');
    expect(res.body).toContain('bazaar_background_backlog{queue="outbox_pending"}');
  });

  it('/openapi.json is OpenAPI 3.1 and /docs serves the reference', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: object;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/store', '/health', '/ready']));
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('/.well-known/jwks.json lists the public key that verifies tokens', async () => {
    const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: Array<Record<string, unknown>>;
    }>();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
