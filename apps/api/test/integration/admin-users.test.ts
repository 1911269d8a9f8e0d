/**
 * Store administration of people through the API: listing and filtering accounts, changing roles,
 * grants and status with optimistic locking and the rules that keep a store governable (own
 * account, last owner, owner-only grants), sessions ending on a change, and staff invitations from
 * the stored message to the new staff member's first request.
 */
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { tokenFor, useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, drainUntil, login, messagesTo, randomIp } from '../identity-helpers.js';

interface Call {
  token?: string;
  tenant?: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, c: Call = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: randomIp(),
    headers: {
      ...(c.tenant ? { 'x-tenant-id': c.tenant } : {}),
      ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
      ...c.headers,
    },
    ...(c.body ? { payload: c.body } : {}),
  });
}

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles: string[]; scope: string };

const email = () => `p-${Math.random().toString(36).slice(2, 10)}@example.test`;

interface AdminUserBody {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  permissions: string[];
  grantedPermissions: string[];
  status: string;
  version: number;
}

interface ListBody<T> {
  data: T[];
  meta: { limit: number; cursor: string | null };
  links: { self: string; next: string | null; prev: string | null };
}

async function storeWithOwner(t: { runtime: Parameters<typeof buildTenant>[0]; app: FastifyInstance }) {
  const store = await buildTenant(t.runtime);
  const owner = await createUser(t.runtime, store.id, { roles: ['owner'], name: 'Olga Owner' });
  const session = await login(t.app, owner, { tenant: store.slug });
  return { store, owner, token: session.accessToken };
}

describe('GET /api/v1/admin/users', () => {
  const t = useApp();

  it('lists the store’s accounts with decrypted names, filters by role, status and exact email, and pages', async () => {
    const { store, owner, token } = await storeWithOwner(t);
    const staff = await createUser(t.runtime, store.id, {
      roles: ['staff'],
      permissions: ['users:manage', 'orders:manage'],
      name: 'Sam Staff',
    });
    const customers = [];
    for (let i = 0; i < 4; i++) customers.push(await createUser(t.runtime, store.id, { name: `Customer ${i}` }));
    // Another store's accounts are never listed.
    const other = await buildTenant(t.runtime);
    await createUser(t.runtime, other.id);

    const all = await call(t.app, 'GET', '/api/v1/admin/users?limit=100', { token, tenant: store.slug });
    expect(all.statusCode).toBe(200);
    const body = all.json<ListBody<AdminUserBody>>();
    expect(body.data.map((u) => u.id)).toEqual([owner.id, staff.id, ...customers.map((c) => c.id)]);
    const s = body.data.find((u) => u.id === staff.id);
    expect(s).toMatchObject({
      email: staff.email,
      name: 'Sam Staff',
      roles: ['staff'],
      grantedPermissions: ['users:manage', 'orders:manage'],
      status: 'active',
      version: 1,
    });
    expect(s?.permissions).toEqual(expect.arrayContaining(['users:manage', 'orders:manage', 'profile:manage']));

    const byRole = await call(t.app, 'GET', '/api/v1/admin/users?role=staff', { token, tenant: store.slug });
    expect(byRole.json<ListBody<AdminUserBody>>().data.map((u) => u.id)).toEqual([staff.id]);

    const byEmail = await call(
      t.app,
      'GET',
      `/api/v1/admin/users?email=${encodeURIComponent(customers[2]?.email.toUpperCase() ?? '')}`,
      { token, tenant: store.slug },
    );
    expect(byEmail.json<ListBody<AdminUserBody>>().data.map((u) => u.id)).toEqual([customers[2]?.id]);

    const blocked = await call(t.app, 'GET', '/api/v1/admin/users?status=blocked', { token, tenant: store.slug });
    expect(blocked.json<ListBody<AdminUserBody>>().data).toEqual([]);

    // Keyset pages of two, forwards to the end and back again.
    const seen: string[] = [];
    let url: string | null = '/api/v1/admin/users?limit=2';
    let last: ListBody<AdminUserBody> | undefined;
    while (url) {
      const page = await call(t.app, 'GET', url, { token, tenant: store.slug });
      expect(page.statusCode).toBe(200);
      last = page.json<ListBody<AdminUserBody>>();
      seen.push(...last.data.map((u) => u.id));
      url = last.links.next;
    }
    expect(seen).toEqual(body.data.map((u) => u.id));
    const back = await call(t.app, 'GET', last?.links.prev ?? '', { token, tenant: store.slug });
    expect(back.json<ListBody<AdminUserBody>>().data.map((u) => u.id)).toEqual(seen.slice(2, 4));

    const badCursor = await call(t.app, 'GET', '/api/v1/admin/users?cursor=bm9wZQ', { token, tenant: store.slug });
    expect(badCursor.statusCode).toBe(400);
  });

  it('needs users:manage: 401 anonymous, 403 for customers and staff without it', async () => {
    const { store } = await storeWithOwner(t);
    expect((await call(t.app, 'GET', '/api/v1/admin/users', { tenant: store.slug })).statusCode).toBe(401);
    const customer = await createUser(t.runtime, store.id);
    const c = await login(t.app, customer, { tenant: store.slug });
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/users', { token: c.accessToken, tenant: store.slug })).statusCode,
    ).toBe(403);
    const staff = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['orders:manage'] });
    const s = await login(t.app, staff, { tenant: store.slug });
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/users', { token: s.accessToken, tenant: store.slug })).statusCode,
    ).toBe(403);
  });
});

describe('PATCH /api/v1/admin/users/{id}', () => {
  const t = useApp();

  it('changes roles and grants with If-Match, ends the sessions, and audits before/after', async () => {
    const { store, token } = await storeWithOwner(t);
    const user = await createUser(t.runtime, store.id);
    const session = await login(t.app, user, { tenant: store.slug });
    const url = `/api/v1/admin/users/${user.id}`;

    const got = await call(t.app, 'GET', url, { token, tenant: store.slug });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');

    const change = { roles: ['staff', 'customer'], permissions: ['orders:manage', 'notifications:read'] };
    const missing = await call(t.app, 'PATCH', url, { token, tenant: store.slug, body: change });
    expect(missing.statusCode).toBe(428);
    const stale = await call(t.app, 'PATCH', url, {
      token,
      tenant: store.slug,
      body: change,
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);

    const ok = await call(t.app, 'PATCH', url, {
      token,
      tenant: store.slug,
      body: change,
      headers: { 'if-match': '"1"' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({
      roles: ['staff', 'customer'],
      grantedPermissions: ['orders:manage', 'notifications:read'],
      version: 2,
    });

    // The old session is over; a new sign-in carries the new rights.
    const refresh = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      tenant: store.slug,
      body: { refreshToken: session.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    // Its access token too: the old rights end now, not when the token expires.
    const old = await call(t.app, 'GET', '/api/v1/me', { token: session.accessToken, tenant: store.slug });
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('token_revoked');
    const fresh = await login(t.app, user, { tenant: store.slug });
    const claims = claimsOf(fresh.accessToken);
    expect(claims.roles).toEqual(['staff', 'customer']);
    expect(claims.scope.split(' ')).toEqual(expect.arrayContaining(['orders:manage', 'notifications:read']));

    const audit = await call(t.app, 'GET', `/api/v1/admin/audit-log?entityType=user&entityId=${user.id}`, {
      token,
      tenant: store.slug,
    });
    const entry = audit
      .json<ListBody<{ action: string; before: unknown; after: unknown }>>()
      .data.find((e) => e.action === 'user.roles_changed');
    expect(entry?.before).toEqual({ roles: ['customer'], permissions: [] });
    expect(entry?.after).toEqual({
      roles: ['staff', 'customer'],
      permissions: ['orders:manage', 'notifications:read'],
    });
  });

  it('blocks an account: its login answers 403 account_blocked until it is unblocked; both are audited', async () => {
    const { store, token } = await storeWithOwner(t);
    const user = await createUser(t.runtime, store.id);
    const url = `/api/v1/admin/users/${user.id}`;
    const block = await call(t.app, 'PATCH', url, {
      token,
      tenant: store.slug,
      body: { status: 'blocked' },
      headers: { 'if-match': '"1"' },
    });
    expect(block.statusCode).toBe(200);
    expect(block.json<AdminUserBody>().status).toBe('blocked');

    const refused = await call(t.app, 'POST', '/api/v1/auth/login', {
      tenant: store.slug,
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('account_blocked');

    const filtered = await call(t.app, 'GET', '/api/v1/admin/users?status=blocked', { token, tenant: store.slug });
    expect(filtered.json<ListBody<AdminUserBody>>().data.map((u) => u.id)).toEqual([user.id]);

    const unblock = await call(t.app, 'PATCH', url, {
      token,
      tenant: store.slug,
      body: { status: 'active' },
      headers: { 'if-match': '"2"' },
    });
    expect(unblock.statusCode).toBe(200);
    await login(t.app, user, { tenant: store.slug });

    const audit = await call(
      t.app,
      'GET',
      `/api/v1/admin/audit-log?entityId=${user.id}&entityType=user&action=user.*`,
      {
        token,
        tenant: store.slug,
      },
    );
    const entries = audit.json<ListBody<{ action: string; before: unknown; after: unknown }>>().data;
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ['user.unblocked', { status: 'blocked' }, { status: 'active' }],
      ['user.blocked', { status: 'active' }, { status: 'blocked' }],
      ['user.created', null, expect.objectContaining({ roles: ['customer'] })],
    ]);
  });

  it('refuses changes to one’s own account and demoting or blocking the last active owner', async () => {
    const { store, owner, token } = await storeWithOwner(t);
    const own = await call(t.app, 'PATCH', `/api/v1/admin/users/${owner.id}`, {
      token,
      tenant: store.slug,
      body: { roles: ['customer'] },
      headers: { 'if-match': '"1"' },
    });
    expect(own.statusCode).toBe(422);
    expect(own.json().code).toBe('own_account');

    // A platform admin acts on any store, and still cannot leave it without an owner.
    const admin = await tokenFor(t.runtime, { roles: ['platform_admin'] });
    for (const body of [{ roles: ['customer'] }, { status: 'blocked' }]) {
      const res = await call(t.app, 'PATCH', `/api/v1/admin/users/${owner.id}`, {
        token: admin,
        tenant: store.slug,
        body,
        headers: { 'if-match': '"1"' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('last_owner');
    }

    // With a second active owner, the first may go.
    const second = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const demote = await call(t.app, 'PATCH', `/api/v1/admin/users/${owner.id}`, {
      token: admin,
      tenant: store.slug,
      body: { roles: ['staff'] },
      headers: { 'if-match': '"1"' },
    });
    expect(demote.statusCode).toBe(200);
    const last = await call(t.app, 'PATCH', `/api/v1/admin/users/${second.id}`, {
      token: admin,
      tenant: store.slug,
      body: { status: 'blocked' },
      headers: { 'if-match': '"1"' },
    });
    expect(last.json().code).toBe('last_owner');
  });

  it('lets only owners make owners or touch owners; staff grant only what they hold', async () => {
    const { store, owner, token } = await storeWithOwner(t);
    const staff = await createUser(t.runtime, store.id, {
      roles: ['staff'],
      permissions: ['users:manage', 'orders:manage'],
    });
    const staffToken = (await login(t.app, staff, { tenant: store.slug })).accessToken;
    const customer = await createUser(t.runtime, store.id);
    const patch = (id: string, body: Record<string, unknown>, as = staffToken, version = 1) =>
      call(t.app, 'PATCH', `/api/v1/admin/users/${id}`, {
        token: as,
        tenant: store.slug,
        body,
        headers: { 'if-match': `"${version}"` },
      });

    const makeOwner = await patch(customer.id, { roles: ['owner'] });
    expect(makeOwner.statusCode).toBe(403);
    expect(makeOwner.json().code).toBe('owner_only');
    const blockOwner = await patch(owner.id, { status: 'blocked' });
    expect(blockOwner.statusCode).toBe(403);
    expect(blockOwner.json().code).toBe('owner_only');
    const escalate = await patch(customer.id, { roles: ['staff'], permissions: ['settings:manage'] });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().code).toBe('permission_not_held');

    const allowed = await patch(customer.id, { roles: ['staff'], permissions: ['orders:manage'] });
    expect(allowed.statusCode).toBe(200);

    // The owner may make an owner.
    const promoted = await patch(customer.id, { roles: ['owner'] }, token, 2);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json<AdminUserBody>().roles).toEqual(['owner']);
  });

  it('answers 404 for an account of another store and 400 for a role the store cannot give', async () => {
    const { store, token } = await storeWithOwner(t);
    const other = await buildTenant(t.runtime);
    const stranger = await createUser(t.runtime, other.id);
    const res = await call(t.app, 'GET', `/api/v1/admin/users/${stranger.id}`, { token, tenant: store.slug });
    expect(res.statusCode).toBe(404);
    const user = await createUser(t.runtime, store.id);
    const bad = await call(t.app, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      token,
      tenant: store.slug,
      body: { roles: ['platform_admin'] },
      headers: { 'if-match': '"1"' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('invitations', () => {
  const t = useApp();

  async function invitationToken(storeId: string, address: string): Promise<string> {
    let token: string | undefined;
    await drainUntil(t.runtime, async () => {
      const [m] = await messagesTo(t.runtime, storeId, address);
      token = m?.token;
      return m?.status === 'stored';
    });
    return token as string;
  }

  it('an owner invites staff; accepting creates the account with its permissions, once', async () => {
    const { store, token } = await storeWithOwner(t);
    const address = email();
    const created = await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token,
      tenant: store.slug,
      body: { email: address, role: 'staff', permissions: ['notifications:read', 'orders:read:any'] },
    });
    expect(created.statusCode).toBe(201);
    const invitation = created.json<{ id: string; status: string; email: string; expiresAt: string }>();
    expect(created.headers.location).toBe(`/api/v1/admin/invitations/${invitation.id}`);
    expect(invitation).toMatchObject({ email: address, role: 'staff', status: 'pending' });
    expect(Date.parse(invitation.expiresAt)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

    const [message] = await messagesTo(t.runtime, store.id, address);
    expect(message?.template).toBe('invitation');
    expect(message?.body).toContain('Olga Owner');
    expect(message?.body).toContain('/account/accept-invitation?token=');
    const link = await invitationToken(store.id, address);

    const accept = (password: string) =>
      call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
        tenant: store.slug,
        body: { token: link, password, name: 'Nina New' },
      });
    // A weak password is refused before the link is used: it still works afterwards.
    const weak = await accept('password1234');
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('weak_password');
    const ok = await accept(TEST_PASSWORD);
    expect(ok.statusCode).toBe(200);
    const pair = ok.json<{ accessToken: string; refreshToken: string; tokenType: string }>();
    expect(pair.tokenType).toBe('Bearer');
    expect(claimsOf(pair.accessToken).scope.split(' ')).toEqual(
      expect.arrayContaining(['notifications:read', 'orders:read:any']),
    );
    const again = await accept(TEST_PASSWORD);
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('token_invalid');

    // The new staff member signs in and works within the granted permissions.
    const session = await login(t.app, { email: address, password: TEST_PASSWORD }, { tenant: store.slug });
    const notes = await call(t.app, 'GET', '/api/v1/admin/notifications', {
      token: session.accessToken,
      tenant: store.slug,
    });
    expect(notes.statusCode).toBe(200);
    const usersRes = await call(t.app, 'GET', '/api/v1/admin/users', {
      token: session.accessToken,
      tenant: store.slug,
    });
    expect(usersRes.statusCode).toBe(403);

    const listed = await call(t.app, 'GET', `/api/v1/admin/users?email=${encodeURIComponent(address)}`, {
      token,
      tenant: store.slug,
    });
    expect(listed.json<ListBody<AdminUserBody & { emailVerified: boolean }>>().data[0]).toMatchObject({
      name: 'Nina New',
      roles: ['staff'],
      grantedPermissions: ['orders:read:any', 'notifications:read'],
      emailVerified: true,
    });

    const invitations = await call(t.app, 'GET', '/api/v1/admin/invitations?status=accepted', {
      token,
      tenant: store.slug,
    });
    expect(invitations.json<ListBody<{ id: string; status: string }>>().data).toEqual([
      expect.objectContaining({ id: invitation.id, status: 'accepted' }),
    ]);

    const audit = await call(t.app, 'GET', `/api/v1/admin/audit-log?entityType=invitation&entityId=${invitation.id}`, {
      token,
      tenant: store.slug,
    });
    expect(audit.json<ListBody<{ action: string }>>().data.map((e) => e.action)).toEqual([
      'invitation.accepted',
      'invitation.created',
    ]);
    expect(audit.body).not.toContain(address);
  });

  it('adds the role to an existing account, which must prove its password', async () => {
    const { store, token } = await storeWithOwner(t);
    const existing = await createUser(t.runtime, store.id);
    const created = await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token,
      tenant: store.slug,
      body: { email: existing.email, role: 'staff' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ permissions: string[] }>().permissions).toContain('catalog:manage');
    const link = await invitationToken(store.id, existing.email);

    const wrong = await call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
      tenant: store.slug,
      body: { token: link, password: 'not the right password at all' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('invalid_password');

    const ok = await call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
      tenant: store.slug,
      body: { token: link, password: TEST_PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const claims = claimsOf(ok.json<{ accessToken: string }>().accessToken);
    expect(claims.roles).toEqual(['staff', 'customer']);
    expect(claims.scope.split(' ')).toEqual(expect.arrayContaining(['catalog:manage', 'orders:read:own']));

    const audit = await call(
      t.app,
      'GET',
      `/api/v1/admin/audit-log?entityId=${existing.id}&action=user.roles_changed`,
      {
        token,
        tenant: store.slug,
      },
    );
    const [entry] = audit.json<ListBody<{ before: { roles: string[] }; after: { roles: string[] } }>>().data;
    expect(entry?.before.roles).toEqual(['customer']);
    expect(entry?.after.roles).toEqual(['staff', 'customer']);
  });

  it('an existing account with two-factor sign-in also needs its second factor to accept', async () => {
    const { store, token } = await storeWithOwner(t);
    const existing = await createUser(t.runtime, store.id);
    const own = (await login(t.app, existing, { tenant: store.slug })).accessToken;
    const enrol = await call(t.app, 'POST', '/api/v1/auth/mfa/totp', { token: own, tenant: store.slug });
    const { secret } = enrol.json<{ secret: string }>();
    const verified = await call(t.app, 'POST', '/api/v1/auth/mfa/totp/verify', {
      token: own,
      tenant: store.slug,
      body: { code: await generate({ secret }) },
    });
    const [recoveryCode] = verified.json<{ recoveryCodes: string[] }>().recoveryCodes;

    await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token,
      tenant: store.slug,
      body: { email: existing.email, role: 'staff', permissions: ['orders:manage'] },
    });
    const link = await invitationToken(store.id, existing.email);
    const accept = (extra: Record<string, string>) =>
      call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
        tenant: store.slug,
        body: { token: link, password: TEST_PASSWORD, ...extra },
      });
    const without = await accept({});
    expect(without.statusCode).toBe(401);
    expect(without.json().code).toBe('mfa_required');
    const ok = await accept({ recoveryCode: recoveryCode ?? '' });
    expect(ok.statusCode).toBe(200);
    expect(claimsOf(ok.json<{ accessToken: string }>().accessToken).roles).toEqual(['staff', 'customer']);
  });

  it('only an owner invites an owner; a withdrawn invitation no longer works', async () => {
    const { store, token } = await storeWithOwner(t);
    const staff = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['users:manage'] });
    const staffToken = (await login(t.app, staff, { tenant: store.slug })).accessToken;
    const asOwner = await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token: staffToken,
      tenant: store.slug,
      body: { email: email(), role: 'owner' },
    });
    expect(asOwner.statusCode).toBe(403);
    expect(asOwner.json().code).toBe('owner_only');
    // Staff hand on only what they hold themselves (the default set is more than users:manage).
    const defaults = await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token: staffToken,
      tenant: store.slug,
      body: { email: email(), role: 'staff' },
    });
    expect(defaults.statusCode).toBe(403);

    const address = email();
    const created = await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token,
      tenant: store.slug,
      body: { email: address, role: 'owner' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const link = await invitationToken(store.id, address);

    const pending = await call(t.app, 'GET', '/api/v1/admin/invitations?status=pending', { token, tenant: store.slug });
    expect(pending.json<ListBody<{ id: string }>>().data.map((i) => i.id)).toContain(id);

    const del = await call(t.app, 'DELETE', `/api/v1/admin/invitations/${id}`, { token, tenant: store.slug });
    expect(del.statusCode).toBe(204);
    const accept = await call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
      tenant: store.slug,
      body: { token: link, password: TEST_PASSWORD },
    });
    expect(accept.statusCode).toBe(422);
    expect(accept.json().code).toBe('token_invalid');
    const again = await call(t.app, 'DELETE', `/api/v1/admin/invitations/${id}`, { token, tenant: store.slug });
    expect(again.statusCode).toBe(404);
    const listed = await call(t.app, 'GET', '/api/v1/admin/invitations', { token, tenant: store.slug });
    expect(listed.json<ListBody<{ id: string }>>().data.map((i) => i.id)).not.toContain(id);
  });

  it('an invitation of one store does not work in another', async () => {
    const { store, token } = await storeWithOwner(t);
    const other = await buildTenant(t.runtime);
    const address = email();
    await call(t.app, 'POST', '/api/v1/admin/invitations', {
      token,
      tenant: store.slug,
      body: { email: address, role: 'staff' },
    });
    const link = await invitationToken(store.id, address);
    const elsewhere = await call(t.app, 'POST', '/api/v1/auth/invitations/accept', {
      tenant: other.slug,
      body: { token: link, password: TEST_PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('token_invalid');
  });
});
