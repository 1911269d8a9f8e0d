/**
 * Accounts and sessions through the API: registration with the password policy, email verification
 * from the stored message, login, refresh rotation with reuse detection, logout, password reset and
 * change, and the per-address login limit.
 */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, drainUntil, login, messagesTo, randomIp } from '../identity-helpers.js';

const email = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`;

describe('registration and email verification', () => {
  const t = useApp();

  it('creates a customer, stores a verification message, and verifies with its token once', async () => {
    const store = await buildTenant(t.runtime);
    const address = email();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload: { email: address, password: TEST_PASSWORD, name: 'Ada' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/me');
    const me = res.json<{ id: string; email: string; emailVerified: boolean; roles: string[] }>();
    expect(me).toMatchObject({ email: address, emailVerified: false, roles: ['customer'] });

    let messages = await messagesTo(t.runtime, store.id, address);
    await drainUntil(t.runtime, async () => {
      messages = await messagesTo(t.runtime, store.id, address);
      return messages[0]?.status === 'stored';
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.template).toBe('email_verification');
    const token = messages[0]?.token as string;
    expect(token).toBeTruthy();

    const verify = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/email/verify',
        headers: { 'x-tenant-id': store.slug },
        payload: { token },
      });
    expect((await verify()).statusCode).toBe(204);
    const again = await verify();
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('token_invalid');
  });

  it('refuses weak passwords with 422 weak_password and a taken email with 409', async () => {
    const store = await buildTenant(t.runtime);
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload: { email: email(), password: 'password1234' },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('weak_password');
    expect(weak.json().errors[0]).toMatchObject({ path: 'password', code: 'password_common' });
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload: { email: email(), password: 'short-one' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors).toContainEqual(
      expect.objectContaining({ path: 'password', code: 'password_too_short', limit: 12 }),
    );

    const address = email();
    const payload = { email: address, password: TEST_PASSWORD };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload,
    });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload: { ...payload, email: address.toUpperCase() },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('email_taken');
  });
});

describe('sessions', () => {
  const t = useApp();

  it('logs in, refreshes with rotation, and revokes the whole family when a used token comes back', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const first = await login(t.app, user, { tenant: store.slug });
    expect(first.accessToken.split('.')).toHaveLength(3);

    const refresh = (refreshToken: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { 'x-tenant-id': store.slug },
        payload: { refreshToken },
      });
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const pair = second.json<{ refreshToken: string; accessToken: string }>();
    expect(pair.refreshToken).not.toBe(first.refreshToken);

    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('refresh_token_reused');
    // The successor was revoked with the family.
    const successor = await refresh(pair.refreshToken);
    expect(successor.statusCode).toBe(401);
  });

  it('logout revokes a platform admin’s session even when the request names a store', async () => {
    const store = await buildTenant(t.runtime);
    const admin = await createUser(t.runtime, null, { roles: ['platform_admin'] });
    const s = await login(t.app, admin);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` },
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: s.refreshToken },
    });
    expect(after.statusCode).toBe(401);
  });

  it('logout revokes the session', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const s = await login(t.app, user, { tenant: store.slug });
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` },
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    // The access token of the ended session stops working too, not only the refresh token.
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/email/verification',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` },
    });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('token_revoked');
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: s.refreshToken },
    });
    expect(after.statusCode).toBe(401);
  });

  it('a login without a store signs in a platform admin; a store account cannot sign in there', async () => {
    const admin = await createUser(t.runtime, null, { roles: ['platform_admin'] });
    const s = await login(t.app, admin);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/platform/tenants',
      headers: { authorization: `Bearer ${s.accessToken}` },
    });
    expect(list.statusCode).toBe(200);

    const store = await buildTenant(t.runtime);
    const customer = await createUser(t.runtime, store.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: randomIp(),
      payload: { email: customer.email, password: customer.password },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });

  it('the 11th failed login from one address in 15 minutes is 429 with Retry-After', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const ip = randomIp();
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: { 'x-tenant-id': store.slug },
        payload: { email: `nobody-${Math.random()}@example.test`.slice(0, 60), password },
      });
    for (let i = 0; i < 10; i++) expect((await attempt('wrong password here')).statusCode).toBe(401);
    const eleventh = await attempt('wrong password here');
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused from that address until the window ends.
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: ip,
      headers: { 'x-tenant-id': store.slug },
      payload: { email: user.email, password: user.password },
    });
    expect(right.statusCode).toBe(429);
  });

  it('counts parallel wrong guesses before checking them: 25 at once let at most 10 be tried', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const ip = randomIp();
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: ip,
          headers: { 'x-tenant-id': store.slug },
          payload: { email: `nobody-${Math.random()}@example.test`.slice(0, 60), password: 'wrong password here' },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(15);
    // Successful sign-ins give their attempt back: a fresh address can sign in many times.
    const other = randomIp();
    for (let i = 0; i < 12; i++) {
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: other,
        headers: { 'x-tenant-id': store.slug },
        payload: { email: user.email, password: user.password },
      });
      expect(ok.statusCode).toBe(200);
    }
  });
});
