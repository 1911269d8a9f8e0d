/**
 * The audit log through the API: filters (actor, entity, exact and prefix action, time range),
 * newest-first keyset pages in both directions, before/after values, no personal data, and the
 * permission it needs.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, randomIp } from '../identity-helpers.js';

interface Entry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actor: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
}

interface Page {
  data: Entry[];
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

describe('GET /api/v1/admin/audit-log', () => {
  const t = useApp();
  let slug: string;
  let token: string;
  let ownerId: string;
  let userIds: string[];
  const names = ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'];
  const emails = names.map(
    (n) => `${n.split(' ')[0]?.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`,
  );

  beforeAll(async () => {
    const store = await buildTenant(t.runtime);
    slug = store.slug;
    const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
    ownerId = owner.id;
    token = (await login(t.app, owner, { tenant: slug })).accessToken;
    userIds = [];
    for (const [i, name] of names.entries()) {
      const u = await createUser(t.runtime, store.id, { name, email: emails[i] });
      userIds.push(u.id);
    }
    // Two changes by the owner: a block and a promotion.
    for (const [id, body] of [
      [userIds[0], { status: 'blocked' }],
      [userIds[1], { roles: ['staff'], permissions: ['orders:manage'] }],
    ] as const) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/users/${id}`,
        remoteAddress: '203.0.113.7',
        headers: {
          'x-tenant-id': slug,
          authorization: `Bearer ${token}`,
          'if-match': '"1"',
          'x-request-id': `req-${id}`,
        },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('lists entries newest first with actor, before/after, request id and address', async () => {
    const res = await get(t.app, '/api/v1/admin/audit-log?limit=100', token, slug);
    expect(res.statusCode).toBe(200);
    const { data } = res.json<Page>();
    expect(data.length).toBeGreaterThanOrEqual(6);
    const times = data.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const [latest, previous] = data;
    expect(latest).toMatchObject({
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: userIds[1],
      actor: { type: 'user', id: ownerId },
      before: { roles: ['customer'], permissions: [] },
      after: { roles: ['staff'], permissions: ['orders:manage'] },
      requestId: `req-${userIds[1]}`,
      ip: '203.0.113.7',
    });
    expect(previous).toMatchObject({
      action: 'user.blocked',
      entityId: userIds[0],
      before: { status: 'active' },
      after: { status: 'blocked' },
    });
  });

  it('never holds personal values: fields are named, not shown', async () => {
    const res = await get(t.app, '/api/v1/admin/audit-log?limit=100&action=user.created', token, slug);
    const { data } = res.json<Page>();
    expect(data.length).toBe(4);
    expect(data[0]?.after).toMatchObject({ piiFields: ['email', 'name'] });
    const all = await get(t.app, '/api/v1/admin/audit-log?limit=100', token, slug);
    for (const value of [...names, ...emails]) expect(all.body).not.toContain(value);
  });

  it('filters by entity, exact action, action prefix, actor and time', async () => {
    const byEntity = await get(t.app, `/api/v1/admin/audit-log?entityType=user&entityId=${userIds[0]}`, token, slug);
    expect(byEntity.json<Page>().data.map((e) => e.action)).toEqual(['user.blocked', 'user.created']);

    const exact = await get(t.app, '/api/v1/admin/audit-log?action=user.blocked', token, slug);
    expect(exact.json<Page>().data.map((e) => e.entityId)).toEqual([userIds[0]]);

    const prefix = await get(t.app, '/api/v1/admin/audit-log?action=user.*&limit=100', token, slug);
    const actions = prefix.json<Page>().data.map((e) => e.action);
    expect(actions.every((a) => a.startsWith('user.'))).toBe(true);
    expect(actions).toEqual(expect.arrayContaining(['user.blocked', 'user.roles_changed', 'user.created']));
    // `_` in a prefix is a character, not a wildcard.
    const underscore = await get(t.app, '/api/v1/admin/audit-log?action=user_*', token, slug);
    expect(underscore.json<Page>().data).toEqual([]);

    const byActor = await get(t.app, `/api/v1/admin/audit-log?actorId=${ownerId}&limit=100`, token, slug);
    expect(
      byActor
        .json<Page>()
        .data.map((e) => e.action)
        .sort(),
    ).toEqual(['user.blocked', 'user.roles_changed']);

    const all = (await get(t.app, '/api/v1/admin/audit-log?limit=100', token, slug)).json<Page>().data;
    const newest = all[0]?.createdAt ?? '';
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get(t.app, `/api/v1/admin/audit-log?from=${future}`, token, slug)).json<Page>().data).toEqual([]);
    const upToNewest = await get(t.app, `/api/v1/admin/audit-log?limit=100&to=${newest}`, token, slug);
    expect(upToNewest.json<Page>().data.length).toBeGreaterThanOrEqual(all.length - 1);
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect((await get(t.app, `/api/v1/admin/audit-log?to=${past}`, token, slug)).json<Page>().data).toEqual([]);

    const backwards = await get(t.app, `/api/v1/admin/audit-log?from=${future}&to=${past}`, token, slug);
    expect(backwards.statusCode).toBe(422);
    const badAction = await get(t.app, '/api/v1/admin/audit-log?action=user.*.x', token, slug);
    expect(badAction.statusCode).toBe(400);
  });

  it('pages by keyset, forwards and back, without gaps or repeats', async () => {
    const all = (await get(t.app, '/api/v1/admin/audit-log?limit=100', token, slug)).json<Page>().data.map((e) => e.id);
    const seen: string[] = [];
    const pages: Page[] = [];
    let url: string | null = '/api/v1/admin/audit-log?limit=2';
    while (url) {
      const page: Page = (await get(t.app, url, token, slug)).json<Page>();
      pages.push(page);
      seen.push(...page.data.map((e) => e.id));
      url = page.links.next;
    }
    expect(seen).toEqual(all);
    expect(pages[0]?.links.prev).toBeNull();
    const second = pages[1];
    const back = (await get(t.app, second?.links.prev ?? '', token, slug)).json<Page>();
    expect(back.data.map((e) => e.id)).toEqual(all.slice(0, 2));
    expect((await get(t.app, '/api/v1/admin/audit-log?cursor=eyJrIjpbMV0sImQiOiJuIn0', token, slug)).statusCode).toBe(
      400,
    );
  });

  it('needs audit:read', async () => {
    const store = await buildTenant(t.runtime);
    const without = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['orders:manage'] });
    const withIt = await createUser(t.runtime, store.id, { roles: ['staff'], permissions: ['audit:read'] });
    const a = (await login(t.app, without, { tenant: store.slug })).accessToken;
    const b = (await login(t.app, withIt, { tenant: store.slug })).accessToken;
    expect((await get(t.app, '/api/v1/admin/audit-log', a, store.slug)).statusCode).toBe(403);
    const ok = await get(t.app, '/api/v1/admin/audit-log', b, store.slug);
    expect(ok.statusCode).toBe(200);
    // Only this store's entries.
    expect(ok.json<Page>().data.every((e) => e.entityId !== userIds[0])).toBe(true);
  });
});
