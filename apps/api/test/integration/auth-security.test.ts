/**
 * The harder edges of sign-in: cookie sessions with the CSRF double submit, TOTP two-factor sign-in
 * with recovery codes, password reset without account enumeration, per-account backoff, forged and
 * foreign tokens, no plaintext personal data at rest, and the demo accounts.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { tokenFor, useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, drainUntil, login, messagesTo, randomIp, rawRows } from '../identity-helpers.js';

const cookiesOf = (setCookie: string | string[] | undefined) => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(
    list.map((c) => {
      const [pair = '', ...attrs] = c.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      return [pair.slice(0, i), { value: pair.slice(i + 1), attrs: attrs.map((a) => a.toLowerCase()) }];
    }),
  ) as Record<string, { value: string; attrs: string[] }>;
};

describe('cookie sessions', () => {
  const t = useApp();

  it('sets httpOnly Secure SameSite=Lax cookies and demands X-CSRF-Token on state changes', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id, { verified: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': store.slug },
      payload: { email: user.email, password: user.password, mode: 'cookie' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tokenType: 'cookie', expiresIn: 900 });
    const jar = cookiesOf(res.headers['set-cookie']);
    for (const name of ['bazaar_access', 'bazaar_refresh']) {
      expect(jar[name]?.attrs).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax']));
    }
    expect(jar.bazaar_csrf?.attrs).not.toContain('httponly');
    expect(jar.bazaar_refresh?.attrs).toContain('path=/api/v1/auth');
    const csrf = jar.bazaar_csrf?.value as string;
    const cookie = `bazaar_access=${jar.bazaar_access?.value}; bazaar_csrf=${csrf}`;

    const resend = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/email/verification',
        headers: { 'x-tenant-id': store.slug, ...headers },
      });
    const without = await resend({ cookie });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_token_invalid');
    // Its last character changed (to one it is not: a token may end in "x" already).
    const wrong = await resend({ cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('x') ? 'y' : 'x'}` });
    expect(wrong.statusCode).toBe(403);
    // A cookie whose characters take more bytes than the header's is refused, never a 500.
    const multibyte = await resend({
      cookie: `bazaar_access=x; bazaar_csrf=%C3%A9${'a'.repeat(15)}`,
      'x-csrf-token': 'a'.repeat(16),
    });
    expect(multibyte.statusCode).toBe(403);
    expect((await resend({ cookie, 'x-csrf-token': csrf })).statusCode).toBe(204);

    // Refresh from the cookie (CSRF applies), then logout clears the cookies.
    const refreshCookie = `bazaar_refresh=${jar.bazaar_refresh?.value}; bazaar_csrf=${csrf}`;
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug, cookie: refreshCookie, 'x-csrf-token': csrf },
      payload: {},
    });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().tokenType).toBe('cookie');
    const next = cookiesOf(refreshed.headers['set-cookie']);
    expect(next.bazaar_refresh?.value).not.toBe(jar.bazaar_refresh?.value);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: {
        'x-tenant-id': store.slug,
        cookie: `bazaar_refresh=${next.bazaar_refresh?.value}; bazaar_csrf=${next.bazaar_csrf?.value}`,
        'x-csrf-token': next.bazaar_csrf?.value as string,
      },
    });
    expect(out.statusCode).toBe(204);
    const cleared = cookiesOf(out.headers['set-cookie']);
    expect(cleared.bazaar_access?.value).toBe('');
    const dead = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: next.bazaar_refresh?.value },
    });
    expect(dead.statusCode).toBe(401);
  });
});

describe('two-factor sign-in', () => {
  const t = useApp();

  it('enrols with a QR code, then requires a code or a single-use recovery code, and turns off with the password', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const s = await login(t.app, user, { tenant: store.slug });
    const auth = { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` };

    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: auth });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri, qrCode } = enrol.json<{ secret: string; otpauthUri: string; qrCode: string }>();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/verify',
      headers: auth,
      payload: { code: '000000' },
    });
    expect(bad.statusCode).toBe(422);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/verify',
      headers: auth,
      payload: { code: await generate({ secret }) },
    });
    expect(verified.statusCode).toBe(200);
    const { recoveryCodes } = verified.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const attempt = (extra: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: randomIp(),
        headers: { 'x-tenant-id': store.slug },
        payload: { email: user.email, password: user.password, ...extra },
      });
    const required = await attempt({});
    expect(required.statusCode).toBe(401);
    expect(required.json().code).toBe('mfa_required');
    expect((await attempt({ totp: '123456' === (await generate({ secret })) ? '654321' : '123456' })).json().code).toBe(
      'invalid_mfa_code',
    );
    const totp = await generate({ secret });
    expect((await attempt({ totp })).statusCode).toBe(200);
    // A code signs in once: replaying it within its validity window is refused.
    const replay = await attempt({ totp });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('invalid_mfa_code');
    const code = recoveryCodes[0] as string;
    expect((await attempt({ recoveryCode: code.toUpperCase() })).statusCode).toBe(200);
    expect((await attempt({ recoveryCode: code })).statusCode).toBe(401);

    // The next time step's code (the current one is used): accepted within the drift window.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const fresh = await login(t.app, user, { tenant: store.slug, totp: next });
    const headers = { 'x-tenant-id': store.slug, authorization: `Bearer ${fresh.accessToken}` };
    const wrongPassword = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa/totp',
      headers,
      payload: { password: 'not the password at all' },
    });
    expect(wrongPassword.statusCode).toBe(422);
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa/totp',
      headers,
      payload: { password: user.password },
    });
    expect(off.statusCode).toBe(204);
    expect((await attempt({})).statusCode).toBe(200);
  });
});

describe('password reset and account protection', () => {
  const t = useApp();

  it('answers forgot-password alike for unknown and known emails; the link works once and ends every session', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const old = await login(t.app, user, { tenant: store.slug });
    const forgot = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password/forgot',
        headers: { 'x-tenant-id': store.slug },
        payload: { email },
      });
    const unknown = await forgot('nobody-at-all@example.test');
    const known = await forgot(user.email);
    expect(unknown.statusCode).toBe(204);
    expect(known.statusCode).toBe(204);
    expect(unknown.body).toBe(known.body);

    let messages = await messagesTo(t.runtime, store.id, user.email);
    await drainUntil(t.runtime, async () => {
      messages = await messagesTo(t.runtime, store.id, user.email);
      return messages.some((m) => m.template === 'password_reset' && m.status === 'stored');
    });
    expect(await messagesTo(t.runtime, store.id, 'nobody-at-all@example.test')).toHaveLength(0);
    const token = messages.find((m) => m.template === 'password_reset')?.token as string;

    const reset = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password/reset',
        headers: { 'x-tenant-id': store.slug },
        payload: { token, password },
      });
    const weak = await reset('123456789012');
    expect(weak.statusCode).toBe(422);
    const newPassword = 'a brand new passphrase 42';
    expect((await reset(newPassword)).statusCode).toBe(204);
    expect((await reset(newPassword)).json().code).toBe('token_invalid');

    const oldRefresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: old.refreshToken },
    });
    expect(oldRefresh.statusCode).toBe(401);
    await login(t.app, { email: user.email, password: newPassword }, { tenant: store.slug });
  });

  it('holds an account back after repeated wrong passwords, whatever the address', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: randomIp(),
        headers: { 'x-tenant-id': store.slug },
        payload: { email: user.email, password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password again')).statusCode).toBe(401);
    const right = await attempt(user.password);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('invalid_credentials');
    const [row] = await rawRows(t.runtime, store.id, `users where id = '${user.id}'`);
    expect(row?.failed_login_count).toBe(5);
    expect(new Date(row?.locked_until as string).getTime()).toBeGreaterThan(Date.now());
  });

  it('changes the password with the current one, ending every session', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id);
    const s = await login(t.app, user, { tenant: store.slug });
    const change = (currentPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password/change',
        headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` },
        payload: { currentPassword, newPassword: 'another long passphrase 7' },
      });
    expect((await change('not my password at all')).statusCode).toBe(422);
    expect((await change(TEST_PASSWORD)).statusCode).toBe(204);
    expect((await change('another long passphrase 7')).json().code).toBe('token_revoked');
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: s.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });
});

describe('tokens that must be refused', () => {
  const t = useApp();

  it('answers 401 to expired, tampered, unsigned, foreign-key and other-store tokens', async () => {
    const a = await buildTenant(t.runtime);
    const b = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, a.id);
    const good = (await login(t.app, user, { tenant: a.slug })).accessToken;
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const kid = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string }).kid;

    const expired = await tokenFor(t.runtime, { sub: user.id, tid: a.id, roles: ['customer'] }, -60);
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['owner'] })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid })).toString('base64url')}.${payload}.`;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer('bazaar')
      .setAudience('bazaar-api')
      .setExpirationTime('5m')
      .sign(privateKey);

    const call = (token: string, store: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/email/verification',
        headers: { 'x-tenant-id': store, authorization: `Bearer ${token}` },
      });
    expect((await call(good, a.slug)).statusCode).toBe(204);
    for (const [name, token] of Object.entries({ expired, tampered, none, foreign })) {
      const res = await call(token, a.slug);
      expect(res.statusCode, name).toBe(401);
      expect(res.json().code, name).toBe('invalid_token');
    }
    const otherStore = await call(good, b.slug);
    expect(otherStore.statusCode).toBe(401);
  });

  it('keeps no plaintext email or name in the users table', async () => {
    const store = await buildTenant(t.runtime);
    const user = await createUser(t.runtime, store.id, { name: 'Zebulon Plaintextcheck' });
    const rows = await rawRows(t.runtime, store.id, 'users');
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(dump).not.toContain(user.email);
    expect(dump.toLowerCase()).not.toContain(user.email.split('@')[0] as string);
    expect(dump).not.toContain('Zebulon');
  });
});

describe('demo accounts', () => {
  const t = useApp({ BAZAAR_DEMO: '1' });

  it('signs in the demo logins with bazaar-demo-pass, each with its role', async () => {
    const pass = 'bazaar-demo-pass';
    const decode = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as {
        roles: string[];
        scope: string;
      };
    const admin = decode((await login(t.app, { email: 'admin@bazaar.test', password: pass })).accessToken);
    expect(admin.roles).toEqual(['platform_admin']);
    const owner = decode(
      (await login(t.app, { email: 'owner@demo.test', password: pass }, { tenant: 'demo' })).accessToken,
    );
    expect(owner.roles).toEqual(['owner']);
    const staff = decode(
      (await login(t.app, { email: 'staff@demo.test', password: pass }, { tenant: 'demo' })).accessToken,
    );
    expect(staff.scope.split(' ')).toEqual(
      expect.arrayContaining(['vendors:approve', 'products:approve', 'orders:manage']),
    );
    for (const denied of ['orders:refund', 'payouts:manage', 'settings:manage', 'users:manage']) {
      expect(staff.scope.split(' ')).not.toContain(denied);
    }
    for (const [email, store] of [
      ['vendor@demo.test', 'demo'],
      ['vendor2@demo.test', 'demo'],
      ['shopper@demo.test', 'demo'],
      ['owner@acme.test', 'acme'],
      ['shopper@acme.test', 'acme'],
    ] as const) {
      await login(t.app, { email, password: pass }, { tenant: store });
    }
  });
});
