/**
 * OpenID Connect sign-in against a real identity provider: an oidc-provider instance started here on
 * 127.0.0.1 (random port), whose development login form is driven with fetch and a small cookie
 * jar. Covers the admin's provider settings, the start redirect (PKCE, state, nonce), new and
 * linked accounts, replays, states used across stores, unverified emails and cookie sessions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, randomIp, rawRows } from '../identity-helpers.js';
import type { Runtime } from '../../src/runtime.js';

// ---------------------------------------------------------------------------------------- the IdP

/** The parts of oidc-provider this test uses (the package ships no type declarations). */
interface IdpInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type IdpConstructor = new (issuer: string, configuration: Record<string, unknown>) => IdpInstance;

interface AccountClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

const API_HOST = 'shop.test';
const CLIENT_ID = 'bazaar-test';
const CLIENT_SECRET = 'idp-client-secret-0123456789';
const SLUG = 'idp';
const redirectUriFor = (slug: string) => `http://${API_HOST}/api/v1/auth/oidc/${slug}/callback`;

/** People at the provider, by the login typed into its form (which becomes their `sub`). */
const accounts = new Map<string, AccountClaims>();

interface Idp {
  issuer: string;
  server: Server;
}

async function startIdp(): Promise<Idp> {
  // A variable specifier: the package has no types, so its shape is declared above instead.
  const specifier = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as { default: IdpConstructor };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUriFor(SLUG)],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, ...(accounts.get(id) ?? {}) }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return { issuer, server };
}

/**
 * Follows the browser through the provider: its login form (any password), its consent form, and
 * back. Returns the path and query the provider redirects to on the API.
 */
async function throughProvider(idp: Idp, authorizationUrl: string, account: string): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let res = await go(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
    const next = new URL(location, idp.issuer);
    if (next.host === API_HOST) return `${next.pathname}${next.search}`;
    if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
      const page = await (await go(next.href)).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      res = await go(
        next.href,
        prompt === 'login' ? { prompt, login: account, password: 'anything' } : { prompt: prompt ?? 'consent' },
      );
    } else {
      res = await go(next.href);
    }
  }
  throw new Error('the provider did not send the browser back');
}

// ------------------------------------------------------------------------------------ the tests

/** One store's rows of a table (the test connection may see every store's). */
const storeRows = async (runtime: Runtime, tenantId: string, table: string) =>
  (await rawRows(runtime, tenantId, table)).filter((r) => r.tenant_id === tenantId);

const email = () => `oidc-${Math.random().toString(36).slice(2, 10)}@example.test`;
const accountId = () => `person-${Math.random().toString(36).slice(2, 12)}`;

/** The claims of one of our access tokens (only read, not verified: the API verifies them). */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string; tid?: string };

describe('OIDC sign-in', () => {
  const t = useApp();
  let idp: Idp;

  beforeAll(async () => {
    idp = await startIdp();
  });
  afterAll(async () => {
    idp.server.closeAllConnections();
    await new Promise((resolve) => idp.server.close(resolve));
  });

  /** A store with an owner signed in and the test provider configured as `slug`. */
  async function storeWithProvider(slug = SLUG, issuer?: string) {
    const store = await buildTenant(t.runtime);
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const { accessToken } = await login(t.app, owner, { tenant: store.slug });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/oidc-providers',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${accessToken}` },
      payload: {
        slug,
        name: 'Test IdP',
        issuer: issuer ?? idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
    });
    expect(res.statusCode).toBe(201);
    return { store, ownerToken: accessToken, provider: res.json<{ id: string; version: number }>() };
  }

  const start = (storeSlug: string, query = '', slug = SLUG) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/oidc/${slug}/start${query}`,
      headers: { host: API_HOST, 'x-tenant-id': storeSlug },
      remoteAddress: randomIp(),
    });

  /** The state `start` gave the browser (its `bazaar_oidc` cookie). */
  const stateOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
    res.cookies.find((c) => c.name === 'bazaar_oidc')?.value as string;

  /** The callback as a browser opens it: with the state cookie it got at `start` (when given). */
  const callback = (pathAndQuery: string, browserState?: string) =>
    t.app.inject({
      method: 'GET',
      url: pathAndQuery,
      headers: { host: API_HOST },
      cookies: browserState ? { bazaar_oidc: browserState } : {},
      remoteAddress: randomIp(),
    });

  interface Flow {
    /** The callback path and query the provider sends the browser to. */
    path: string;
    /** The browser's state cookie. */
    state: string;
  }

  /** Start → provider login as `account` → back at the callback's door. */
  async function authorize(storeSlug: string, account: string, query = ''): Promise<Flow> {
    const res = await start(storeSlug, query);
    expect(res.statusCode, res.body).toBe(302);
    return { path: await throughProvider(idp, res.headers.location as string, account), state: stateOf(res) };
  }

  const finish = (flow: Flow) => callback(flow.path, flow.state);

  it('lets an admin manage providers; the secret is write-only and never audited', async () => {
    const { store, ownerToken, provider } = await storeWithProvider();
    const headers = { 'x-tenant-id': store.slug, authorization: `Bearer ${ownerToken}` };

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/admin/oidc-providers/${provider.id}`, headers });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.json()).toMatchObject({
      slug: SLUG,
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      hasClientSecret: true,
      scopes: 'openid email profile',
      enabled: true,
      startUrl: `/api/v1/auth/oidc/${SLUG}/start`,
    });
    expect(got.body).not.toContain(CLIENT_SECRET);
    expect(got.json()).not.toHaveProperty('clientSecret');

    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/oidc-providers',
      headers,
      payload: { slug: SLUG, name: 'Again', issuer: idp.issuer, clientId: 'x' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('oidc_provider_slug_taken');

    const insecure = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/oidc-providers',
      headers,
      payload: { slug: 'plain', name: 'Plain', issuer: 'http://idp.example.com', clientId: 'x' },
    });
    expect(insecure.statusCode).toBe(422);
    expect(insecure.json().code).toBe('oidc_issuer_insecure');

    const disabled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/oidc-providers',
      headers,
      payload: { slug: 'later', name: 'Later', issuer: 'https://idp.example.com', clientId: 'x', enabled: false },
    });
    expect(disabled.statusCode).toBe(201);
    expect(disabled.headers.location).toBe(`/api/v1/admin/oidc-providers/${disabled.json().id}`);
    expect(disabled.json().hasClientSecret).toBe(false);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/oidc-providers?limit=1', headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(1);
    expect(list.json().meta.total).toBe(2);
    expect(list.json().links.next).toBeTruthy();

    const publicList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/providers',
      headers: { 'x-tenant-id': store.slug },
    });
    expect(publicList.statusCode).toBe(200);
    expect(publicList.json()).toEqual({
      data: [{ slug: SLUG, name: 'Test IdP', startUrl: `/api/v1/auth/oidc/${SLUG}/start` }],
    });
    // The store's public profile names its sign-in providers too.
    const profile = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': store.slug } });
    expect(profile.json().signInProviders).toEqual(publicList.json().data);

    // A customer may not manage providers.
    const customer = await createUser(t.runtime, store.id);
    const customerToken = (await login(t.app, customer, { tenant: store.slug })).accessToken;
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/oidc-providers',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${customerToken}` },
    });
    expect(refused.statusCode).toBe(403);

    const url = `/api/v1/admin/oidc-providers/${provider.id}`;
    const noIfMatch = await t.app.inject({ method: 'PATCH', url, headers, payload: { name: 'Renamed' } });
    expect(noIfMatch.statusCode).toBe(428);
    const patched = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...headers, 'if-match': '"1"' },
      payload: { name: 'Renamed', clientSecret: 'a-new-secret-value-42', scopes: 'email profile' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.json()).toMatchObject({ name: 'Renamed', hasClientSecret: true, scopes: 'openid email profile' });
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...headers, 'if-match': '"1"' },
      payload: { name: 'Stale' },
    });
    expect(stale.statusCode).toBe(412);

    // The secret is stored encrypted and the audit log says only that it changed.
    const rows = await storeRows(t.runtime, store.id, 'oidc_providers');
    const stored = rows.find((r) => r.id === provider.id);
    expect(stored?.client_secret_ciphertext).toBeTruthy();
    expect(JSON.stringify(rows)).not.toContain('a-new-secret-value-42');
    const audit = (await storeRows(t.runtime, store.id, 'audit_log')).filter((r) => r.entity_type === 'oidc_provider');
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['oidc_provider.created', 'oidc_provider.updated']),
    );
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(CLIENT_SECRET);
    expect(auditText).not.toContain('a-new-secret-value-42');
    expect(auditText).toContain('"clientSecretChanged":true');

    const removed = await t.app.inject({ method: 'DELETE', url, headers: { ...headers, 'if-match': '"2"' } });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url, headers })).statusCode).toBe(404);
    const afterDelete = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/providers',
      headers: { 'x-tenant-id': store.slug },
    });
    expect(afterDelete.json().data).toEqual([]);
    expect((await start(store.slug)).statusCode).toBe(404);
  });

  it('starts with a redirect to the provider carrying PKCE (S256), state and nonce', async () => {
    const { store } = await storeWithProvider();
    const res = await start(store.slug, '?mode=cookie&returnTo=%2Faccount%2Forders');
    expect(res.statusCode).toBe(302);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = res.cookies.find((c) => c.name === 'bazaar_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/api/v1/auth/oidc' });
    const location = new URL(res.headers.location as string);
    expect(location.origin).toBe(idp.issuer);
    const q = location.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(redirectUriFor(SLUG));
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.startsWith(`${store.id}.`)).toBe(true);
    expect(cookie?.value).toBe(q.get('state'));
    expect(q.get('nonce')?.length).toBeGreaterThanOrEqual(22);
    expect(q.get('scope')).toBe('openid email profile');

    // Only the state's hash is stored.
    const logins = await storeRows(t.runtime, store.id, 'oidc_logins');
    expect(logins).toHaveLength(1);
    expect(JSON.stringify(logins)).not.toContain(q.get('state') as string);
    expect(logins[0]).toMatchObject({ mode: 'cookie', return_to: '/account/orders', used_at: null });

    expect((await start(store.slug, '', 'nobody')).json().code).toBe('oidc_provider_not_found');
    for (const bad of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'account', '/a b']) {
      const refused = await start(store.slug, `?returnTo=${encodeURIComponent(bad)}`);
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().code).toBe('invalid_return_to');
    }
  });

  it('answers 503 when the provider cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const { store } = await storeWithProvider(SLUG, `http://127.0.0.1:${port}`);
    const res = await start(store.slug);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('dependency_unavailable');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('creates a verified customer on first sign-in, and signs the same person in again later', async () => {
    const { store } = await storeWithProvider();
    const person = accountId();
    const address = email();
    accounts.set(person, { email: address, email_verified: true, name: 'Grace Hopper' });

    const first = await finish(await authorize(store.slug, person));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const pair = first.json<{ accessToken: string; refreshToken: string; tokenType: string }>();
    expect(pair.tokenType).toBe('Bearer');
    const claims = claimsOf(pair.accessToken);
    expect(claims.tid).toBe(store.id);

    // The token works where a signed-in user is needed.
    const enrol = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${pair.accessToken}` },
    });
    expect(enrol.statusCode).toBe(200);

    const users = await storeRows(t.runtime, store.id, 'users');
    const created = users.find((u) => u.id === claims.sub);
    expect(created).toMatchObject({ password_hash: null, roles: ['customer'], status: 'active' });
    expect(created?.email_verified_at).toBeTruthy();
    expect(JSON.stringify(created)).not.toContain(address);

    const again = await finish(await authorize(store.slug, person));
    expect(again.statusCode, again.body).toBe(200);
    expect(claimsOf(again.json<{ accessToken: string }>().accessToken).sub).toBe(claims.sub);
    const links = await storeRows(t.runtime, store.id, 'user_identities');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ user_id: claims.sub, subject: person });
  });

  it('links an existing account with the same email instead of creating another', async () => {
    const { store } = await storeWithProvider();
    const existing = await createUser(t.runtime, store.id, { email: email(), verified: true });
    const person = accountId();
    accounts.set(person, { email: existing.email.toUpperCase(), email_verified: true, name: 'Someone' });

    const res = await finish(await authorize(store.slug, person));
    expect(res.statusCode, res.body).toBe(200);
    expect(claimsOf(res.json<{ accessToken: string }>().accessToken).sub).toBe(existing.id);
    const users = await storeRows(t.runtime, store.id, 'users');
    expect(users.filter((u) => (u.roles as string[]).includes('customer'))).toHaveLength(1);
    // A verified account keeps its password.
    await expect(login(t.app, existing, { tenant: store.slug })).resolves.toHaveProperty('accessToken');
    const audit = await storeRows(t.runtime, store.id, 'audit_log');
    expect(audit.some((r) => r.action === 'user.identity_linked' && r.entity_id === existing.id)).toBe(true);

    // An account whose address was never proved may have been registered by someone else: linking
    // it drops that password and its sessions, and the address counts as verified from now on.
    const unproven = await createUser(t.runtime, store.id, { email: email(), verified: false });
    const earlier = await login(t.app, unproven, { tenant: store.slug });
    const owner = accountId();
    accounts.set(owner, { email: unproven.email, email_verified: true });
    const linked = await finish(await authorize(store.slug, owner));
    expect(linked.statusCode, linked.body).toBe(200);
    expect(claimsOf(linked.json<{ accessToken: string }>().accessToken).sub).toBe(unproven.id);
    await expect(login(t.app, unproven, { tenant: store.slug })).rejects.toThrow(/401/);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': store.slug },
      payload: { refreshToken: earlier.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    const row = (await storeRows(t.runtime, store.id, 'users')).find((u) => u.id === unproven.id);
    expect(row?.email_verified_at).toBeTruthy();
  });

  it('never joins a provider account to a privileged or two-factor account by email', async () => {
    const { store } = await storeWithProvider();
    for (const roles of [['owner'], ['staff'], ['vendor', 'customer']] as const) {
      const existing = await createUser(t.runtime, store.id, { email: email(), verified: true, roles: [...roles] });
      const person = accountId();
      accounts.set(person, { email: existing.email, email_verified: true });
      const res = await finish(await authorize(store.slug, person));
      expect(res.statusCode, roles.join()).toBe(422);
      expect(res.json().code).toBe('oidc_link_refused');
    }
    expect(await storeRows(t.runtime, store.id, 'user_identities')).toHaveLength(0);
  });

  it('refuses a replayed callback', async () => {
    const { store } = await storeWithProvider();
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: true });
    const flow = await authorize(store.slug, person);
    expect((await finish(flow)).statusCode).toBe(200);
    const replay = await finish(flow);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('oidc_state_invalid');
  });

  it("does not let one store's state be used on another store's provider", async () => {
    const a = await storeWithProvider();
    const b = await storeWithProvider('elsewhere');
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: true });
    const flow = await authorize(a.store.slug, person);
    const query = flow.path.slice(flow.path.indexOf('?'));
    const { state } = flow;

    // B's provider path: store A (named by the state) has no such provider.
    const onB = await callback(`/api/v1/auth/oidc/elsewhere/callback${query}`, state);
    expect(onB.statusCode).toBe(404);
    // The state re-addressed to store B (cookie and all): B never issued it.
    const forgedState = state.replace(a.store.id, b.store.id);
    const forged = query.replace(encodeURIComponent(state), encodeURIComponent(forgedState));
    const asB = await callback(`/api/v1/auth/oidc/elsewhere/callback${forged}`, forgedState);
    expect(asB.statusCode).toBe(401);
    expect(asB.json().code).toBe('oidc_state_invalid');
    const asBOnA = await callback(`/api/v1/auth/oidc/${SLUG}/callback${forged}`, forgedState);
    expect(asBOnA.statusCode).toBe(404);

    // Nothing was used up by the refusals: the real callback still completes, in store A.
    const real = await finish(flow);
    expect(real.statusCode, real.body).toBe(200);
    expect(claimsOf(real.json<{ accessToken: string }>().accessToken).tid).toBe(a.store.id);
    expect(await storeRows(t.runtime, b.store.id, 'user_identities')).toHaveLength(0);
  });

  it('refuses a callback opened in a browser other than the one that started the sign-in', async () => {
    const { store } = await storeWithProvider();
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: true });
    const flow = await authorize(store.slug, person);
    // Someone else's browser: no state cookie, or the cookie of its own sign-in.
    const other = stateOf(await start(store.slug));
    for (const browserState of [undefined, other]) {
      const res = await callback(flow.path, browserState);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('oidc_state_invalid');
    }
    // The starting browser still completes it, and the state cookie is cleared.
    const own = await finish(flow);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.cookies.find((c) => c.name === 'bazaar_oidc')?.maxAge).toBe(0);
  });

  it('refuses an email the provider has not verified with 422 oidc_email_unverified', async () => {
    const { store } = await storeWithProvider();
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: false });
    const res = await finish(await authorize(store.slug, person));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('oidc_email_unverified');
    expect(await storeRows(t.runtime, store.id, 'user_identities')).toHaveLength(0);
  });

  it('signs in with cookies and redirects to returnTo in cookie mode', async () => {
    const { store } = await storeWithProvider();
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: true });
    const res = await finish(
      await authorize(store.slug, person, `?mode=cookie&returnTo=${encodeURIComponent('/account/orders?page=2')}`),
    );
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/account/orders?page=2');
    const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c]));
    expect(cookies.bazaar_access?.httpOnly).toBe(true);
    expect(cookies.bazaar_refresh?.path).toBe('/api/v1/auth');
    expect(cookies.bazaar_csrf?.value.length).toBeGreaterThanOrEqual(16);

    // Without returnTo, a cookie sign-in lands on the account page.
    const other = accountId();
    accounts.set(other, { email: email(), email_verified: true });
    const plain = await finish(await authorize(store.slug, other, '?mode=cookie'));
    expect(plain.statusCode).toBe(302);
    expect(plain.headers.location).toBe('/account');
  });

  it('answers provider errors, bad states and blocked accounts with problems, never 5xx', async () => {
    const { store } = await storeWithProvider();
    const started = await start(store.slug);
    const state = stateOf(started);
    expect(new URL(started.headers.location as string).searchParams.get('state')).toBe(state);
    const denied = await callback(
      `/api/v1/auth/oidc/${SLUG}/callback?error=access_denied&state=${encodeURIComponent(state)}`,
      state,
    );
    expect(denied.statusCode).toBe(401);
    expect(denied.json()).toMatchObject({ code: 'oidc_provider_error', providerError: 'access_denied' });

    const garbage = await callback(`/api/v1/auth/oidc/${SLUG}/callback?code=abc&state=not-ours`, 'not-ours');
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().code).toBe('oidc_state_invalid');
    const missing = await callback(`/api/v1/auth/oidc/${SLUG}/callback?code=abc`);
    expect(missing.statusCode).toBe(400);

    // A code the provider never issued.
    const fresh = await start(store.slug);
    const freshState = stateOf(fresh);
    const forged = await callback(
      `/api/v1/auth/oidc/${SLUG}/callback?code=forged-code&state=${encodeURIComponent(freshState)}&iss=${encodeURIComponent(idp.issuer)}`,
      freshState,
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'oidc_exchange_failed', providerError: 'invalid_grant' });

    // A blocked account is refused as at password login.
    const person = accountId();
    accounts.set(person, { email: email(), email_verified: true });
    const first = await finish(await authorize(store.slug, person));
    const userId = claimsOf(first.json<{ accessToken: string }>().accessToken).sub;
    await t.runtime.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
      await tx.execute(sql`update users set status = 'blocked' where id = ${userId}`);
    });
    const blocked = await finish(await authorize(store.slug, person));
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('account_blocked');

    // An account with two-factor sign-in is not entered through a provider (no way around the code).
    const careful = accountId();
    accounts.set(careful, { email: email(), email_verified: true });
    const once = await finish(await authorize(store.slug, careful));
    const carefulId = claimsOf(once.json<{ accessToken: string }>().accessToken).sub;
    await t.runtime.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
      await tx.execute(
        sql`update users set mfa_enabled_at = now(), mfa_secret_ciphertext = 'x' where id = ${carefulId}`,
      );
    });
    const mfa = await finish(await authorize(store.slug, careful));
    expect(mfa.statusCode).toBe(403);
    expect(mfa.json().code).toBe('oidc_mfa_account');
  });
});
