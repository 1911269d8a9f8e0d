/**
 * Sent notifications through the API: recipients decrypted, filters and pages, and the bodies that
 * carry sign-in links hidden from anyone who may not manage users (a staff member reading a reset
 * link could take over that account).
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { TEST_PASSWORD, createUser, drainUntil, login, messagesTo, randomIp } from '../identity-helpers.js';

interface Note {
  id: string;
  channel: string;
  to: string;
  recipientUserId: string | null;
  template: string;
  locale: string;
  subject: string;
  body: string | null;
  redacted: boolean;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

interface Page {
  data: Note[];
  links: { next: string | null; prev: string | null };
}

function get(app: FastifyInstance, url: string, token: string, tenant: string) {
  return app.inject({
    method: 'GET',
    url,
    remoteAddress: randomIp(),
    headers: { 'x-tenant-id': tenant, authorization: `Bearer ${token}` },
  });
}

describe('GET /api/v1/admin/notifications', () => {
  const t = useApp();
  let slug: string;
  let storeId: string;
  let ownerToken: string;
  let readerToken: string;
  let managerToken: string;
  const shoppers = [0, 1, 2].map((i) => `shopper${i}-${Math.random().toString(36).slice(2, 8)}@example.test`);

  beforeAll(async () => {
    const store = await buildTenant(t.runtime);
    slug = store.slug;
    storeId = store.id;
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const reader = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['notifications:read'] });
    const manager = await createUser(t.runtime, store.id, {
      roles: ['staff'],
      permissions: ['notifications:read', 'users:manage'],
    });
    ownerToken = (await login(t.app, owner, { tenant: slug })).accessToken;
    readerToken = (await login(t.app, reader, { tenant: slug })).accessToken;
    managerToken = (await login(t.app, manager, { tenant: slug })).accessToken;
    // Registrations send verification messages (which carry a sign-in link).
    for (const email of shoppers) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: randomIp(),
        headers: { 'x-tenant-id': slug },
        payload: { email, password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(201);
    }
    await drainUntil(t.runtime, async () => {
      const all = await Promise.all(shoppers.map((e) => messagesTo(t.runtime, storeId, e)));
      return all.every((m) => m[0]?.status === 'stored');
    });
  });

  it('shows messages with the tokens of their sign-in links redacted, to everyone', async () => {
    const [stored] = await messagesTo(t.runtime, storeId, shoppers[0] ?? '');
    for (const token of [ownerToken, managerToken, readerToken]) {
      const res = await get(t.app, '/api/v1/admin/notifications', token, slug);
      expect(res.statusCode).toBe(200);
      const { data } = res.json<Page>();
      expect(data.map((n) => n.to)).toEqual([...shoppers].reverse());
      const [latest] = data;
      expect(latest).toMatchObject({
        channel: 'email',
        template: 'email_verification',
        locale: 'en',
        status: 'stored',
        redacted: true,
      });
      expect(latest?.body).toContain('token=[redacted]');
      expect(latest?.subject).toContain('Confirm your email');
      expect(latest?.recipientUserId).toBeTruthy();
      // No live sign-in token reaches anyone: an owner or user manager could otherwise take over
      // the account (a staff member with users:manage, the owner's).
      expect(res.body).not.toContain(stored?.token ?? 'no token');
    }
  });

  it('filters by template, status and recipient, and pages newest first', async () => {
    const byTemplate = await get(t.app, '/api/v1/admin/notifications?template=email_verification', ownerToken, slug);
    expect(byTemplate.json<Page>().data).toHaveLength(3);
    const none = await get(t.app, '/api/v1/admin/notifications?template=password_reset', ownerToken, slug);
    expect(none.json<Page>().data).toEqual([]);
    const queued = await get(t.app, '/api/v1/admin/notifications?status=queued', ownerToken, slug);
    expect(queued.json<Page>().data).toEqual([]);

    const all = (await get(t.app, '/api/v1/admin/notifications', ownerToken, slug)).json<Page>().data;
    const recipient = all[1]?.recipientUserId ?? '';
    const byRecipient = await get(t.app, `/api/v1/admin/notifications?recipientUserId=${recipient}`, ownerToken, slug);
    expect(byRecipient.json<Page>().data.map((n) => n.id)).toEqual([all[1]?.id]);

    const first = (await get(t.app, '/api/v1/admin/notifications?limit=2', ownerToken, slug)).json<Page>();
    expect(first.data.map((n) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));
    const second = (await get(t.app, first.links.next ?? '', ownerToken, slug)).json<Page>();
    expect(second.data.map((n) => n.id)).toEqual([all[2]?.id]);
    expect(second.links.next).toBeNull();
    const back = (await get(t.app, second.links.prev ?? '', ownerToken, slug)).json<Page>();
    expect(back.data.map((n) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));

    const bad = await get(t.app, '/api/v1/admin/notifications?status=lost', ownerToken, slug);
    expect(bad.statusCode).toBe(400);
  });

  it('needs notifications:read and shows only this store’s messages', async () => {
    const store = await buildTenant(t.runtime);
    const customer = await createUser(t.runtime, store.id);
    const c = (await login(t.app, customer, { tenant: store.slug })).accessToken;
    expect((await get(t.app, '/api/v1/admin/notifications', c, store.slug)).statusCode).toBe(403);
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    const o = (await login(t.app, owner, { tenant: store.slug })).accessToken;
    const res = await get(t.app, '/api/v1/admin/notifications', o, store.slug);
    expect(res.statusCode).toBe(200);
    for (const email of shoppers) expect(res.body).not.toContain(email);
  });
});
