/**
 * Self-service accounts through the API: the profile with optimistic locking and email
 * re-verification, saved addresses (defaults, ownership, limits, encryption at rest), consents, the
 * GDPR export and erasure.
 */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { TEST_PASSWORD, type TestUser, createUser, login, messagesTo, randomIp, rawRows } from '../identity-helpers.js';
import { personalData } from '../../src/modules/identity/identity.secrets.js';
import type { TestApp } from '../helpers.js';

const email = () => `me-${Math.random().toString(36).slice(2, 10)}@example.test`;

interface Session {
  user: TestUser;
  store: { id: string; slug: string };
  headers: Record<string, string>;
  refreshToken: string;
}

async function signedIn(
  t: TestApp,
  opts: { name?: string; roles?: Array<'owner' | 'customer'> } = {},
): Promise<Session> {
  const store = await buildTenant(t.runtime);
  const user = await createUser(t.runtime, store.id, {
    email: email(),
    name: opts.name ?? 'Grace Hopper',
    roles: opts.roles ?? ['customer'],
    verified: false,
  });
  const tokens = await login(t.app, user, { tenant: store.slug });
  return {
    user,
    store,
    headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${tokens.accessToken}` },
    refreshToken: tokens.refreshToken,
  };
}

const address = {
  label: 'Home',
  name: 'Grace Hopper',
  line1: '1 Compiler Lane',
  city: 'Arlington',
  region: 'VA',
  postalCode: '22201',
  country: 'US',
};

describe('profile', () => {
  const t = useApp();

  it('GET /me carries an ETag; PATCH needs If-Match (428, 412) and audits field names only', async () => {
    const s = await signedIn(t);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: s.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: s.user.id, email: s.user.email, name: 'Grace Hopper', version: 1 });
    expect(me.headers.etag).toBe('"1"');
    expect(me.headers['cache-control']).toBe('no-store');

    const patch = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...s.headers, ...headers }, payload });
    expect((await patch({}, { name: 'Ada' })).statusCode).toBe(428);
    expect((await patch({ 'if-match': '"7"' }, { name: 'Ada' })).statusCode).toBe(412);
    const changed = await patch(
      { 'if-match': '"1"' },
      { name: 'Ada Lovelace', phone: '+44 20 7946 0958', locale: 'de' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Ada Lovelace', phone: '+44 20 7946 0958', locale: 'de', version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    // The old version is stale now.
    expect((await patch({ 'if-match': '"1"' }, { phone: null })).statusCode).toBe(412);
    const cleared = await patch({ 'if-match': '"2"' }, { phone: null });
    expect(cleared.json()).toMatchObject({ phone: null, version: 3 });

    // Rows come back in no particular order: sort them by id (UUIDv7, in the order they were made).
    const audit = (await rawRows(t.runtime, s.store.id, 'audit_log'))
      .filter((r) => r.action === 'user.updated' && r.entity_id === s.user.id)
      .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
    expect(audit.map((r) => r.after)).toEqual([{ changed: ['name', 'phone', 'locale'] }, { changed: ['phone'] }]);
    expect(JSON.stringify(audit)).not.toContain('Lovelace');
    expect(JSON.stringify(audit)).not.toContain('7946');

    const invalid = await patch({ 'if-match': '"3"' }, { phone: 'call me' });
    expect(invalid.statusCode).toBe(400);
  });

  it('a new email must be free, is unverified, gets a verification message; old links stop working', async () => {
    const store = await buildTenant(t.runtime);
    const oldEmail = email();
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': store.slug },
      payload: { email: oldEmail, password: TEST_PASSWORD, name: 'Lin' },
    });
    expect(registered.statusCode).toBe(201);
    const oldLink = (await messagesTo(t.runtime, store.id, oldEmail))[0]?.token as string;
    expect(oldLink).toBeTruthy();
    const tokens = await login(t.app, { email: oldEmail, password: TEST_PASSWORD }, { tenant: store.slug });
    const headers = { 'x-tenant-id': store.slug, authorization: `Bearer ${tokens.accessToken}` };

    const other = await createUser(t.runtime, store.id, { email: email() });
    const taken = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...headers, 'if-match': '"1"' },
      payload: { email: other.email.toUpperCase(), currentPassword: TEST_PASSWORD },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('email_taken');

    const newEmail = email();
    // A session alone cannot move the account: the current password confirms the change.
    for (const proof of [{}, { currentPassword: 'not the password at all' }]) {
      const refused = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { ...headers, 'if-match': '"1"' },
        payload: { email: newEmail, ...proof },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('invalid_password');
    }
    const changed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...headers, 'if-match': '"1"' },
      payload: { email: newEmail, currentPassword: TEST_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    // The old address hears of it.
    const notice = (await messagesTo(t.runtime, store.id, oldEmail)).find((m) => m.template === 'email_changed');
    expect(notice).toBeTruthy();
    expect(changed.json()).toMatchObject({ email: newEmail, emailVerified: false });

    const verify = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/email/verify',
        headers: { 'x-tenant-id': store.slug },
        payload: { token },
      });
    // The link sent to the old address must not verify the new one.
    expect((await verify(oldLink)).statusCode).toBe(422);
    const messages = await messagesTo(t.runtime, store.id, newEmail);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.template).toBe('email_verification');
    expect((await verify(messages[0]?.token as string)).statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(me.json()).toMatchObject({ email: newEmail, emailVerified: true });

    // Sign-in follows the address.
    await login(t.app, { email: newEmail, password: TEST_PASSWORD }, { tenant: store.slug });
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': store.slug },
      payload: { email: oldEmail, password: TEST_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
  });

  it('platform admins use /me without a store; a store account must name its store', async () => {
    const admin = await createUser(t.runtime, null, { roles: ['platform_admin'], email: email() });
    const tokens = await login(t.app, admin);
    const bearer = { authorization: `Bearer ${tokens.accessToken}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.id, roles: ['platform_admin'] });
    // Naming a store does not change whose account /me is.
    const store = await buildTenant(t.runtime);
    const inStore = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...bearer, 'x-tenant-id': store.slug },
    });
    expect(inStore.json()).toMatchObject({ id: admin.id });

    const s = await signedIn(t);
    const noStore = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: s.headers.authorization as string },
    });
    expect(noStore.statusCode).toBe(400);
    expect(noStore.json().code).toBe('tenant_required');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-tenant-id': store.slug } })).statusCode,
    ).toBe(401);
  });
});

describe('addresses', () => {
  const t = useApp();

  it('creates, lists, moves the default, updates with If-Match and soft-deletes', async () => {
    const s = await signedIn(t);
    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/addresses', headers: s.headers, payload });
    const first = await create({ ...address, isDefaultShipping: true, isDefaultBilling: true });
    expect(first.statusCode).toBe(201);
    const a = first.json<{ id: string; version: number }>();
    expect(first.headers.location).toBe(`/api/v1/me/addresses/${a.id}`);
    expect(first.headers.etag).toBe('"1"');
    expect(first.json()).toMatchObject({ ...address, line2: null, phone: null, isDefaultShipping: true });

    const second = await create({
      name: 'Work',
      line1: '2 Navy Yard',
      city: 'Washington',
      postalCode: '20374',
      country: 'US',
      isDefaultShipping: true,
    });
    expect(second.statusCode).toBe(201);
    const b = second.json<{ id: string }>();

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/addresses', headers: s.headers });
    expect(list.statusCode).toBe(200);
    const page = list.json<{ data: Array<Record<string, unknown>>; meta: { total: number } }>();
    expect(page.meta.total).toBe(2);
    expect(page.data.map((x) => x.id)).toEqual([a.id, b.id]);
    // The new default took the shipping flag; billing stayed with the first, whose version moved.
    expect(page.data[0]).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true, version: 2 });
    expect(page.data[1]).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });

    const paged = await t.app.inject({ method: 'GET', url: '/api/v1/me/addresses?limit=1', headers: s.headers });
    const next = paged.json<{ links: { next: string } }>().links.next;
    const rest = await t.app.inject({ method: 'GET', url: next, headers: s.headers });
    expect(rest.json<{ data: Array<{ id: string }> }>().data.map((x) => x.id)).toEqual([b.id]);

    const patch = (id: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/me/addresses/${id}`,
        headers: { ...s.headers, ...headers },
        payload,
      });
    expect((await patch(a.id, {}, { city: 'Boston' })).statusCode).toBe(428);
    expect((await patch(a.id, { 'if-match': '"1"' }, { city: 'Boston' })).statusCode).toBe(412);
    const updated = await patch(a.id, { 'if-match': '"2"' }, { city: 'Boston', label: null, isDefaultShipping: true });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      city: 'Boston',
      label: null,
      line1: address.line1,
      isDefaultShipping: true,
      version: 3,
    });
    const bNow = await t.app.inject({ method: 'GET', url: `/api/v1/me/addresses/${b.id}`, headers: s.headers });
    expect(bNow.json()).toMatchObject({ isDefaultShipping: false, version: 2 });

    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/me/addresses/${b.id}`, headers: s.headers })).statusCode,
    ).toBe(428);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/addresses/${b.id}`,
      headers: { ...s.headers, 'if-match': '"2"' },
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/me/addresses/${b.id}`, headers: s.headers })).statusCode,
    ).toBe(404);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me/addresses', headers: s.headers });
    expect(after.json<{ data: unknown[] }>().data).toHaveLength(1);
    // Soft delete: the row stays, marked.
    const raw = (await rawRows(t.runtime, s.store.id, 'addresses')).find((r) => r.id === b.id);
    expect(raw?.deleted_at).not.toBeNull();
  });

  it("another user's address is 404 for every verb", async () => {
    const owner = await signedIn(t);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/addresses',
      headers: owner.headers,
      payload: address,
    });
    const id = created.json<{ id: string }>().id;
    // Same store, another customer.
    const other = await createUser(t.runtime, owner.store.id, { email: email() });
    const tokens = await login(t.app, other, { tenant: owner.store.slug });
    const headers = {
      'x-tenant-id': owner.store.slug,
      authorization: `Bearer ${tokens.accessToken}`,
      'if-match': '"1"',
    };
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/me/addresses/${id}`,
        headers,
        ...(method === 'PATCH' ? { payload: { city: 'Elsewhere' } } : {}),
      });
      expect(res.statusCode, method).toBe(404);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/addresses', headers });
    expect(list.json<{ data: unknown[] }>().data).toHaveLength(0);
  });

  it('refuses unknown countries (400) and more than 50 addresses (422)', async () => {
    const s = await signedIn(t);
    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/addresses', headers: s.headers, payload });
    expect((await create({ ...address, country: 'XX' })).statusCode).toBe(400);
    expect((await create({ ...address, country: 'us' })).statusCode).toBe(400);
    expect((await create({ ...address, extra: 1 })).statusCode).toBe(400);
    for (let i = 0; i < 50; i++) expect((await create({ ...address, label: `#${i}` })).statusCode).toBe(201);
    const over = await create(address);
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('address_limit_reached');
  });

  it('stores addresses and profiles encrypted: no plaintext in raw rows', async () => {
    const s = await signedIn(t, { name: 'Plaintext Probe' });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/addresses',
      headers: s.headers,
      payload: { ...address, line1: '42 Unlikely Street', phone: '+1 555 0100' },
    });
    const users = (await rawRows(t.runtime, s.store.id, 'users')).filter((r) => r.id === s.user.id);
    const addresses = (await rawRows(t.runtime, s.store.id, 'addresses')).filter((r) => r.user_id === s.user.id);
    expect(users).toHaveLength(1);
    expect(addresses).toHaveLength(1);
    const raw = JSON.stringify([users, addresses]);
    for (const plain of [s.user.email, 'Plaintext Probe', '42 Unlikely Street', 'Unlikely', '555 0100', 'Arlington']) {
      expect(raw).not.toContain(plain);
    }
    expect(String(addresses[0]?.data_ciphertext)).toMatch(/^v1\./);
  });
});

describe('consents', () => {
  const t = useApp();

  it('records the times of changes only, and audits before and after', async () => {
    const s = await signedIn(t);
    const get = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: s.headers })).json<{
        marketingOptIn: boolean;
        marketingOptInAt: string | null;
        termsVersion: string | null;
        termsAcceptedAt: string | null;
      }>();
    expect(await get()).toEqual({
      marketingOptIn: false,
      marketingOptInAt: null,
      termsVersion: null,
      termsAcceptedAt: null,
    });
    const put = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/me/consents', headers: { ...s.headers, ...headers }, payload });

    const first = await put({ marketingOptIn: true, termsVersion: '2024-01' });
    expect(first.statusCode).toBe(200);
    const c1 = first.json<{ marketingOptInAt: string; termsAcceptedAt: string }>();
    expect(c1).toMatchObject({ marketingOptIn: true, termsVersion: '2024-01' });
    expect(c1.marketingOptInAt).toBeTruthy();
    expect(c1.termsAcceptedAt).toBeTruthy();

    await new Promise((r) => setTimeout(r, 5));
    const same = await put({ marketingOptIn: true, termsVersion: '2024-01' });
    expect(same.json()).toEqual(first.json());
    const newTerms = (await put({ marketingOptIn: true, termsVersion: '2025-06' })).json<typeof c1>();
    expect(newTerms.marketingOptInAt).toBe(c1.marketingOptInAt);
    expect(newTerms.termsAcceptedAt).not.toBe(c1.termsAcceptedAt);
    const optOut = (await put({ marketingOptIn: false })).json<typeof c1 & { termsVersion: string }>();
    expect(optOut.marketingOptInAt).not.toBe(c1.marketingOptInAt);
    expect(optOut.termsVersion).toBe('2025-06');
    // If-Match is checked when sent.
    expect((await put({ marketingOptIn: true }, { 'if-match': '"1"' })).statusCode).toBe(412);

    const audit = (await rawRows(t.runtime, s.store.id, 'audit_log')).filter(
      (r) => r.action === 'user.consents_updated' && r.entity_id === s.user.id,
    );
    expect(audit).toHaveLength(3);
    expect(
      audit.map((r) => [
        (r.before as { marketingOptIn: boolean }).marketingOptIn,
        (r.after as { marketingOptIn: boolean }).marketingOptIn,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [false, true],
        [true, true],
        [true, false],
      ]),
    );
  });
});

describe('export and erasure', () => {
  const t = useApp();

  it('exports everything held about the user, without secrets', async () => {
    const s = await signedIn(t);
    t.runtime.services.me.registerExportSection(`probe${s.user.id.slice(-6)}`, async (_tx, userId) => ({ userId }));
    await t.app.inject({ method: 'POST', url: '/api/v1/me/addresses', headers: s.headers, payload: address });
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/consents',
      headers: s.headers,
      payload: { marketingOptIn: true },
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/email/verification', headers: s.headers });

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bazaar-export-${s.user.id}.json"`);
    const body = res.json<{
      userId: string;
      sections: string[];
      data: {
        profile: { email: string; name: string };
        addresses: Array<{ line1: string }>;
        consents: { marketingOptIn: boolean };
        sessions: Array<Record<string, unknown>>;
        mfa: { enabled: boolean };
        notifications: unknown[];
        auditLog: Array<{ action: string; entityId: string; actor: string }>;
        [section: string]: unknown;
      };
    }>();
    expect(body.userId).toBe(s.user.id);
    expect(body.sections).toEqual([
      'profile',
      'addresses',
      'consents',
      'sessions',
      'signInIdentities',
      'mfa',
      'notifications',
      'auditLog',
      'reviews',
      'vendor',
      'orders',
      `probe${s.user.id.slice(-6)}`,
    ]);
    expect(body.data.profile).toMatchObject({ email: s.user.email, name: 'Grace Hopper' });
    expect(body.data.addresses).toEqual([expect.objectContaining({ line1: address.line1, deletedAt: null })]);
    expect(body.data.consents.marketingOptIn).toBe(true);
    expect(body.data.sessions).toHaveLength(1);
    expect(body.data.sessions[0]).toHaveProperty('ip');
    expect(body.data.mfa.enabled).toBe(false);
    expect(body.data[`probe${s.user.id.slice(-6)}`]).toEqual({ userId: s.user.id });
    const actions = body.data.auditLog.map((a) => a.action);
    // About the user (created before they signed in) and by them.
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'address.created', 'user.consents_updated']));
    expect(body.data.auditLog.find((a) => a.action === 'address.created')?.actor).toBe('you');
    // The verification message is there, its secret link is not.
    expect(body.data.notifications).toEqual([
      expect.objectContaining({
        template: 'email_verification',
        to: s.user.email,
        body: expect.stringContaining('token=[redacted]'),
      }),
    ]);

    const text = res.body;
    const [user] = (await rawRows(t.runtime, s.store.id, 'users')).filter((r) => r.id === s.user.id);
    expect(text).not.toContain(String(user?.password_hash));
    expect(text).not.toContain('argon2');
    const tokens = (await rawRows(t.runtime, s.store.id, 'refresh_tokens')).filter((r) => r.user_id === s.user.id);
    expect(tokens.length).toBeGreaterThan(0);
    for (const r of tokens) expect(text).not.toContain(String(r.token_hash));
    expect(text).not.toContain(s.refreshToken);
    const messageToken = (await messagesTo(t.runtime, s.store.id, s.user.email))[0]?.token as string;
    expect(text).not.toContain(messageToken);
  });

  it('erases: personal data gone, sessions ended, sign-in refused, the address free again', async () => {
    const s = await signedIn(t, { name: 'Erase Me Please' });
    const stepRan: string[] = [];
    t.runtime.services.me.registerErasureStep(`probe-${s.user.id}`, async (_tx, userId) => {
      if (userId === s.user.id) stepRan.push(userId);
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/addresses',
      headers: s.headers,
      payload: { ...address, line1: '9 Gone Road' },
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/email/verification', headers: s.headers });
    const [before] = (await rawRows(t.runtime, s.store.id, 'users')).filter((r) => r.id === s.user.id);

    const erase = (payload?: Record<string, unknown>) =>
      t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: s.headers, ...(payload ? { payload } : {}) });
    const missing = await erase();
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe('invalid_password');
    expect((await erase({ password: 'not the password at all' })).json().code).toBe('invalid_password');
    expect((await erase({ password: TEST_PASSWORD })).statusCode).toBe(204);
    expect(stepRan).toEqual([s.user.id]);

    const [row] = (await rawRows(t.runtime, s.store.id, 'users')).filter((r) => r.id === s.user.id);
    expect(row).toMatchObject({
      status: 'erased',
      name_ciphertext: null,
      phone_ciphertext: null,
      password_hash: null,
      mfa_secret_ciphertext: null,
    });
    expect(row?.erased_at).not.toBeNull();
    expect(row?.email_ciphertext).not.toBe(before?.email_ciphertext);
    expect(row?.email_index).not.toBe(before?.email_index);
    const data = personalData(t.runtime.pii, s.store.id);
    expect(data.open('email', String(row?.email_ciphertext))).toBe(`erased-${s.user.id}@erased.invalid`);
    expect(JSON.stringify(row)).not.toContain(String(before?.email_ciphertext));
    expect(JSON.stringify(row)).not.toContain(String(before?.name_ciphertext));

    expect((await rawRows(t.runtime, s.store.id, 'addresses')).filter((r) => r.user_id === s.user.id)).toHaveLength(0);
    const messages = (await rawRows(t.runtime, s.store.id, 'notifications')).filter(
      (r) => r.recipient_user_id === s.user.id,
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(data.open('recipient', String(m.recipient_ciphertext))).toBe('[erased]');
      expect(data.open('body', String(m.body_ciphertext))).toBe('[erased]');
    }
    const sessions = (await rawRows(t.runtime, s.store.id, 'refresh_tokens')).filter((r) => r.user_id === s.user.id);
    expect(sessions.every((r) => r.revoked_at !== null && r.ip === null && r.user_agent === null)).toBe(true);
    const audit = (await rawRows(t.runtime, s.store.id, 'audit_log')).filter(
      (r) => r.action === 'user.erased' && r.entity_id === s.user.id,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(s.user.email);

    // The access token's user is gone; the refresh token and the password no longer work.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: s.headers })).statusCode).toBe(401);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-tenant-id': s.store.slug },
      payload: { refreshToken: s.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: randomIp(),
      headers: { 'x-tenant-id': s.store.slug },
      payload: { email: s.user.email, password: TEST_PASSWORD },
    });
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().code).toBe('invalid_credentials');

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-tenant-id': s.store.slug },
      payload: { email: s.user.email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<{ id: string }>().id).not.toBe(s.user.id);
  });

  it("the store's only owner cannot erase itself", async () => {
    const s = await signedIn(t, { roles: ['owner'] });
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('last_owner');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: s.headers })).statusCode).toBe(200);
  });
});
