/**
 * API keys through the API: made once and shown once, stored only hashed, working with their scopes
 * (and nothing more) inside their own store, refused when revoked, expired or used elsewhere, and
 * recording when they were last used.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, randomIp, rawRows } from '../identity-helpers.js';

interface Call {
  token?: string;
  tenant?: string;
  body?: Record<string, unknown>;
}

function call(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, c: Call = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: randomIp(),
    headers: {
      ...(c.tenant ? { 'x-tenant-id': c.tenant } : {}),
      ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
    },
    ...(c.body ? { payload: c.body } : {}),
  });
}

interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
  key: string;
}

interface KeyItem {
  id: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('API keys', () => {
  const t = useApp();

  async function storeWithOwner() {
    const store = await buildTenant(t.runtime);
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const { accessToken } = await login(t.app, owner, { tenant: store.slug });
    return { store, token: accessToken };
  }

  async function createKey(token: string, tenant: string, body: Record<string, unknown>): Promise<CreatedKey> {
    const res = await call(t.app, 'POST', '/api/v1/admin/api-keys', { token, tenant, body });
    expect(res.statusCode).toBe(201);
    return res.json<CreatedKey>();
  }

  it('is shown once at creation, listed without the key, and stored only as a hash', async () => {
    const { store, token } = await storeWithOwner();
    const res = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token,
      tenant: store.slug,
      body: { name: 'Warehouse sync', scopes: ['orders:read:any', 'notifications:read'] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<CreatedKey>();
    expect(res.headers.location).toBe(`/api/v1/admin/api-keys/${created.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(created.key).toMatch(/^bzk_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({ name: 'Warehouse sync', scopes: ['orders:read:any', 'notifications:read'] });
    expect(created.expiresAt).toBeNull();

    const list = await call(t.app, 'GET', '/api/v1/admin/api-keys', { token, tenant: store.slug });
    expect(list.statusCode).toBe(200);
    const secret = created.key.slice(created.prefix.length + 1);
    expect(list.body).not.toContain(secret);
    const [item] = list.json<{ data: Array<KeyItem & { key?: string }> }>().data;
    expect(item).toMatchObject({ id: created.id, prefix: created.prefix, lastUsedAt: null, revokedAt: null });
    expect(item?.key).toBeUndefined();

    const rows = await rawRows(t.runtime, store.id, 'api_keys');
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]?.key_hash).toBeTruthy();
  });

  it('acts with its scopes: allowed inside them, 403 outside them, 401 on routes for people', async () => {
    const { store, token } = await storeWithOwner();
    const { key } = await createKey(token, store.slug, { name: 'Reader', scopes: ['notifications:read'] });
    const ok = await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: store.slug });
    expect(ok.statusCode).toBe(200);
    const outside = await call(t.app, 'GET', '/api/v1/admin/users', { token: key, tenant: store.slug });
    expect(outside.statusCode).toBe(403);
    const forPeople = await call(t.app, 'POST', '/api/v1/auth/email/verification', { token: key, tenant: store.slug });
    expect(forPeople.statusCode).toBe(401);
  });

  it('records when it was last used, at most once a minute', async () => {
    const { store, token } = await storeWithOwner();
    const { id, key } = await createKey(token, store.slug, { name: 'Usage', scopes: ['notifications:read'] });
    // Raw rows carry timestamps as the driver gives them (a Date, or text on the embedded database).
    const lastUsed = async () => {
      const value = (await rawRows(t.runtime, store.id, 'api_keys')).find((r) => r.id === id)?.last_used_at;
      return value === null || value === undefined ? null : new Date(value as string | Date);
    };
    expect(await lastUsed()).toBeNull();
    await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: store.slug });
    const first = await lastUsed();
    expect(first?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: store.slug });
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
    const list = await call(t.app, 'GET', '/api/v1/admin/api-keys', { token, tenant: store.slug });
    expect(list.json<{ data: KeyItem[] }>().data[0]?.lastUsedAt).toBe(first?.toISOString());
  });

  it('is refused once revoked (and stays listed as revoked), and answers 404 for an unknown key', async () => {
    const { store, token } = await storeWithOwner();
    const { id, key } = await createKey(token, store.slug, { name: 'Temp', scopes: ['notifications:read'] });
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: store.slug })).statusCode,
    ).toBe(200);
    const del = await call(t.app, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token, tenant: store.slug });
    expect(del.statusCode).toBe(204);
    const after = await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: store.slug });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid_token');
    const list = await call(t.app, 'GET', '/api/v1/admin/api-keys', { token, tenant: store.slug });
    expect(list.json<{ data: KeyItem[] }>().data[0]?.revokedAt).not.toBeNull();
    // Revoking again changes nothing.
    expect(
      (await call(t.app, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token, tenant: store.slug })).statusCode,
    ).toBe(204);
    const unknown = await call(t.app, 'DELETE', '/api/v1/admin/api-keys/0190a0a0-0000-7000-8000-000000000000', {
      token,
      tenant: store.slug,
    });
    expect(unknown.statusCode).toBe(404);

    const audit = await call(t.app, 'GET', `/api/v1/admin/audit-log?entityType=api_key&entityId=${id}`, {
      token,
      tenant: store.slug,
    });
    expect(audit.json<{ data: Array<{ action: string }> }>().data.map((e) => e.action)).toEqual([
      'api_key.revoked',
      'api_key.created',
    ]);
    expect(audit.body).not.toContain(key);
  });

  it('is refused once expired; expiry must be ahead and at most a year away', async () => {
    const { store, token } = await storeWithOwner();
    const past = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token,
      tenant: store.slug,
      body: { name: 'Past', scopes: ['notifications:read'], expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('invalid_expiry');
    const far = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token,
      tenant: store.slug,
      body: {
        name: 'Far',
        scopes: ['notifications:read'],
        expiresAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString(),
      },
    });
    expect(far.statusCode).toBe(422);

    const soon = await createKey(token, store.slug, {
      name: 'Soon',
      scopes: ['notifications:read'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/notifications', { token: soon.key, tenant: store.slug })).statusCode,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    const expired = await call(t.app, 'GET', '/api/v1/admin/notifications', { token: soon.key, tenant: store.slug });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('invalid_token');
  });

  it('works only in its own store, and only where a store is named', async () => {
    const { store, token } = await storeWithOwner();
    const other = await buildTenant(t.runtime);
    const { key } = await createKey(token, store.slug, { name: 'Mine', scopes: ['notifications:read'] });
    const elsewhere = await call(t.app, 'GET', '/api/v1/admin/notifications', { token: key, tenant: other.slug });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().code).toBe('invalid_token');
    const platform = await call(t.app, 'GET', '/api/v1/platform/tenants', { token: key });
    expect(platform.statusCode).toBe(401);
    const unknownKey = await call(t.app, 'GET', '/api/v1/admin/notifications', {
      token: `${key.slice(0, -4)}AAAA`,
      tenant: store.slug,
    });
    expect(unknownKey.statusCode).toBe(401);
  });

  it('lets staff grant only scopes they hold, and needs api_keys:manage', async () => {
    const { store } = await storeWithOwner();
    const staff = await createUser(t.runtime, store.id, {
      roles: ['staff'],
      permissions: ['api_keys:manage', 'notifications:read'],
    });
    const staffToken = (await login(t.app, staff, { tenant: store.slug })).accessToken;
    const beyond = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token: staffToken,
      tenant: store.slug,
      body: { name: 'Too much', scopes: ['notifications:read', 'users:manage'] },
    });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().code).toBe('scope_not_held');
    await createKey(staffToken, store.slug, { name: 'Fine', scopes: ['notifications:read'] });

    const customer = await createUser(t.runtime, store.id);
    const c = (await login(t.app, customer, { tenant: store.slug })).accessToken;
    const refused = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token: c,
      tenant: store.slug,
      body: { name: 'Nope', scopes: ['notifications:read'] },
    });
    expect(refused.statusCode).toBe(403);
    const invalid = await call(t.app, 'POST', '/api/v1/admin/api-keys', {
      token: staffToken,
      tenant: store.slug,
      body: { name: 'Bad', scopes: ['profile:manage'] },
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('acts with no more than its creator holds today, and stops when the creator is blocked', async () => {
    const { store, token: ownerToken } = await storeWithOwner();
    const staff = await createUser(t.runtime, store.id, {
      roles: ['staff'],
      permissions: ['api_keys:manage', 'notifications:read', 'audit:read'],
    });
    const staffToken = (await login(t.app, staff, { tenant: store.slug })).accessToken;
    const made = await createKey(staffToken, store.slug, {
      name: 'Reports',
      scopes: ['notifications:read', 'audit:read'],
    });
    const use = (url: string) => call(t.app, 'GET', url, { token: made.key, tenant: store.slug });
    expect((await use('/api/v1/admin/audit-log')).statusCode).toBe(200);

    // The owner takes audit:read away from the creator: the key loses it too.
    const current = await call(t.app, 'GET', `/api/v1/admin/users/${staff.id}`, {
      token: ownerToken,
      tenant: store.slug,
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${staff.id}`,
      remoteAddress: randomIp(),
      headers: {
        'x-tenant-id': store.slug,
        authorization: `Bearer ${ownerToken}`,
        'if-match': current.headers.etag as string,
      },
      payload: { permissions: ['api_keys:manage', 'notifications:read'] },
    });
    expect(patched.statusCode).toBe(200);
    expect((await use('/api/v1/admin/audit-log')).statusCode).toBe(403);
    expect((await use('/api/v1/admin/notifications')).statusCode).toBe(200);

    // Blocked creator: the key stops working altogether.
    const again = await call(t.app, 'GET', `/api/v1/admin/users/${staff.id}`, {
      token: ownerToken,
      tenant: store.slug,
    });
    const blocked = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${staff.id}`,
      remoteAddress: randomIp(),
      headers: {
        'x-tenant-id': store.slug,
        authorization: `Bearer ${ownerToken}`,
        'if-match': again.headers.etag as string,
      },
      payload: { status: 'blocked' },
    });
    expect(blocked.statusCode).toBe(200);
    const refused = await use('/api/v1/admin/notifications');
    expect(refused.statusCode).toBe(401);
  });
});
