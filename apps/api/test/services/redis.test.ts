/** Real Redis (REDIS_URL): rate limits shared by every replica, and readiness that names the cache. */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { startApp } from '../helpers.js';
import { createUser } from '../identity-helpers.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('the Redis tier needs REDIS_URL');

describe('Redis', () => {
  it('shares the rate limit between two API processes', async () => {
    const env = { REDIS_URL: redisUrl, RATE_LIMIT_PER_MINUTE: '4' };
    const [a, b] = [await startApp(env), await startApp(env)];
    expect(a.runtime.cache.kind).toBe('redis');
    // A client address no other test uses, so the shared window starts empty.
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    await a.runtime.cache.redis?.del(`ratelimit:${ip}`);
    const codes: number[] = [];
    for (const app of [a, b, a, b, a]) {
      codes.push((await app.app.inject({ method: 'GET', url: '/no/such/route', remoteAddress: ip })).statusCode);
    }
    expect(codes).toEqual([404, 404, 404, 404, 429]);
    await a.close();
    await b.close();
  });

  it('shares the failed-login limit between two API processes', async () => {
    const env = { REDIS_URL: redisUrl, LOGIN_RATE_LIMIT: '3' };
    const [a, b] = [await startApp(env), await startApp(env)];
    const store = await buildTenant(a.runtime);
    const user = await createUser(a.runtime, store.id);
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    await a.runtime.cache.redis?.del(`login-fail:${ip}`);
    const attempt = (app: typeof a, password: string) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: { 'x-tenant-id': store.slug },
        payload: { email: user.email, password },
      });
    const codes: number[] = [];
    for (const app of [a, b, a]) codes.push((await attempt(app, 'not the right one')).statusCode);
    codes.push((await attempt(b, user.password)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const ttl = await a.runtime.cache.redis?.ttl(`login-fail:${ip}`);
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(900);
    await a.close();
    await b.close();
  });

  it('reports the cache in /ready, and 503 naming it when Redis is unreachable', async () => {
    const up = await startApp({ REDIS_URL: redisUrl });
    const ok = await up.app.inject({ method: 'GET', url: '/ready' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ checks: { database: { status: 'up' }, cache: { status: 'up' } } });
    await up.close();

    const down = await startApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await down.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'not_ready',
      failing: ['cache'],
      checks: { database: { status: 'up' }, cache: { status: 'down' } },
    });
    expect(res.headers['retry-after']).toBe('5');
    // Why it is down (addresses, errors) is logged, never told to an unauthenticated caller.
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|redis:\/\//);
    await down.close();
  });
});
