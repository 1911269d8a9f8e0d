/**
 * Platform admins create stores with their owner account, and suspend and reactivate them: a
 * suspended store answers 403 `tenant_suspended` to everyone but platform admins.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { tokenFor, uniqueSlug, useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, drainUntil, login, messagesTo } from '../identity-helpers.js';

describe('stores with their owner', () => {
  const t = useApp();
  const admin = async () => ({ authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` });

  it('creates the owner without a password: a 7-day link lets them choose one and sign in', async () => {
    const slug = uniqueSlug('own');
    const email = `owner-${slug}@example.test`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: await admin(),
      payload: { slug, name: 'Owned', defaultCurrency: 'EUR', defaultLocale: 'de', owner: { email, name: 'Olga' } },
    });
    expect(res.statusCode).toBe(201);
    const store = res.json<{ id: string }>();
    let messages = await messagesTo(t.runtime, store.id, email);
    await drainUntil(t.runtime, async () => {
      messages = await messagesTo(t.runtime, store.id, email);
      return messages[0]?.status === 'stored';
    });
    expect(messages[0]?.template).toBe('owner_welcome');
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      headers: { 'x-tenant-id': slug },
      payload: { token: messages[0]?.token, password: TEST_PASSWORD },
    });
    expect(reset.statusCode).toBe(204);
    const session = await login(t.app, { email, password: TEST_PASSWORD }, { tenant: slug });
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1] as string, 'base64url').toString()) as {
      tid: string;
      roles: string[];
      scope: string;
    };
    expect(claims.tid).toBe(store.id);
    expect(claims.roles).toEqual(['owner']);
    expect(claims.scope.split(' ')).toContain('orders:refund');
  });

  it('creates the owner with a password, and refuses a weak one without creating the store', async () => {
    const slug = uniqueSlug('own');
    const email = `owner-${slug}@example.test`;
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: await admin(),
      payload: {
        slug,
        name: 'Weak',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email, password: 'qwertyuiop12' },
      },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('weak_password');
    expect(weak.json().errors[0].path).toBe('owner.password');
    const none = rowsOf(await t.runtime.database.db.execute(sql`select 1 from tenants where slug = ${slug}`));
    expect(none).toHaveLength(0);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: await admin(),
      payload: {
        slug,
        name: 'Strong',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email, password: TEST_PASSWORD },
      },
    });
    expect(ok.statusCode).toBe(201);
    await login(t.app, { email, password: TEST_PASSWORD }, { tenant: slug });
  });

  it('a suspended store answers 403 tenant_suspended except to platform admins, until reactivated', async () => {
    const slug = uniqueSlug('sus');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: await admin(),
      payload: {
        slug,
        name: 'Paused',
        defaultCurrency: 'USD',
        defaultLocale: 'en',
        owner: { email: `o-${slug}@example.test` },
      },
    });
    const store = created.json<{ id: string }>();
    const customer = await createUser(t.runtime, store.id);
    const session = await login(t.app, customer, { tenant: slug });

    const patch = (status: string, version: string) =>
      admin().then((headers) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/platform/tenants/${store.id}`,
          headers: { ...headers, 'if-match': version },
          payload: { status },
        }),
      );
    expect((await patch('suspended', '"1"')).statusCode).toBe(200);
    // Other replicas may serve the cached store for up to 30 s; this one forgot it at once.
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': slug } });
    expect(anonymous.statusCode).toBe(403);
    expect(anonymous.json().code).toBe('tenant_suspended');
    const asCustomer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': slug, authorization: `Bearer ${session.accessToken}` },
    });
    expect(asCustomer.json().code).toBe('tenant_suspended');
    const loginAttempt = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-tenant-id': slug },
      payload: { email: customer.email, password: customer.password },
    });
    expect(loginAttempt.statusCode).toBe(403);
    const asAdmin = await t.app.inject({
      method: 'GET',
      url: '/api/v1/store',
      headers: { 'x-tenant-id': slug, ...(await admin()) },
    });
    expect(asAdmin.statusCode).toBe(200);

    expect((await patch('active', '"2"')).statusCode).toBe(200);
    const back = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': slug } });
    expect(back.statusCode).toBe(200);
  });
});
