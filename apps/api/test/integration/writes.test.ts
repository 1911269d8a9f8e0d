/**
 * Writes through the API: optimistic locking (ETag / If-Match), idempotent POSTs, audit records and
 * events committed with the change, and nothing half-written when a write is refused.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { softDelete } from '../../src/platform/db/versioning.js';
import { tenants } from '../../src/modules/tenancy/tenancy.tables.js';
import { tokenFor, uniqueSlug, useApp } from '../helpers.js';

const newStore = (slug = uniqueSlug()) => ({
  slug,
  name: `Store ${slug}`,
  defaultCurrency: 'USD',
  defaultLocale: 'en',
  owner: { email: 'owner@example.test' },
});

describe('optimistic locking', () => {
  const t = useApp();

  it('creates with 201, Location and ETag, then refuses a stale If-Match with 412 and a missing one with 428', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: auth,
      payload: newStore(),
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string; version: number }>();
    expect(created.headers.location).toBe(`/api/v1/platform/tenants/${body.id}`);
    expect(created.headers.etag).toBe('"1"');

    const url = `/api/v1/platform/tenants/${body.id}`;
    const first = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth, 'if-match': '"1"' },
      payload: { name: 'Renamed' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ name: 'Renamed', version: 2 });

    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth, 'if-match': '"1"' },
      payload: { name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    const missing = await t.app.inject({ method: 'PATCH', url, headers: auth, payload: { name: 'No precondition' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'precondition_required' });

    const garbled = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth, 'if-match': 'yesterday' },
      payload: { name: 'x' },
    });
    expect(garbled.statusCode).toBe(400);

    const read = await t.app.inject({ method: 'GET', url, headers: auth });
    expect(read.json()).toMatchObject({ name: 'Renamed', version: 2 });
    expect(read.headers.etag).toBe('"2"');
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const { id } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: auth, payload: newStore() })
    ).json<{ id: string }>();
    const url = `/api/v1/platform/tenants/${id}`;
    const results = await Promise.all(
      ['First', 'Second', 'Third'].map((name) =>
        t.app.inject({ method: 'PATCH', url, headers: { ...auth, 'if-match': '"1"' }, payload: { name } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
  });

  it('records each change in the audit log with before and after, in the same transaction', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const { id } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: auth, payload: newStore() })
    ).json<{ id: string }>();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/platform/tenants/${id}`,
      headers: { ...auth, 'if-match': '"1"', 'x-request-id': 'audit-req-1' },
      payload: { name: 'Audited' },
    });
    const rows = rowsOf<{
      action: string;
      before: { name: string } | null;
      after: { name: string };
      request_id: string;
    }>(
      await t.runtime.database.db.execute(
        sql`select action, before, after, request_id from audit_log where tenant_id = ${id} and entity_type = 'tenant' order by created_at, id`,
      ),
    );
    expect(rows.map((r) => r.action)).toEqual(['tenant.created', 'tenant.updated']);
    expect(rows[1]).toMatchObject({
      before: { name: expect.stringContaining('Store') },
      after: { name: 'Audited' },
      request_id: 'audit-req-1',
    });
  });

  it('leaves nothing half-written when a write is refused', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const domain = `${uniqueSlug('d')}.example.test`;
    const owner = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/platform/tenants',
        headers: auth,
        payload: { ...newStore(), domains: [domain] },
      })
    ).json<{ id: string }>();
    const { id } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: auth, payload: newStore() })
    ).json<{ id: string }>();
    // The name change and the domain change are one write: the taken domain refuses both.
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/platform/tenants/${id}`,
      headers: { ...auth, 'if-match': '"1"' },
      payload: { name: 'Should not stick', domains: [domain] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'tenant_domain_taken', domains: [domain] });
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/platform/tenants/${id}`, headers: auth })).json();
    expect(after).toMatchObject({ version: 1, domains: [] });
    expect(after).not.toMatchObject({ name: 'Should not stick' });
    const audit = rowsOf(
      await t.runtime.database.db.execute(
        sql`select 1 from audit_log where tenant_id = ${id} and action = 'tenant.updated'`,
      ),
    );
    expect(audit).toEqual([]);
    const events = rowsOf(
      await t.runtime.database.db.execute(
        sql`select 1 from outbox where aggregate_id = ${id} and type = 'tenancy.tenant_updated.v1'`,
      ),
    );
    expect(events).toEqual([]);
    expect(owner.id).toBeTruthy();
  });
});

describe('soft delete', () => {
  const t = useApp();

  it('hides the row from reads (404) but keeps it with deleted_at, version-checked like an update', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const { id, slug } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: auth, payload: newStore() })
    ).json<{ id: string; slug: string }>();
    const db = t.runtime.database.db;
    await expect(db.transaction((tx) => softDelete(tx, tenants, id, 7))).rejects.toMatchObject({ status: 412 });
    const deleted = await db.transaction((tx) => softDelete(tx, tenants, id, 1));
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(deleted.version).toBe(2);
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/platform/tenants/${id}`, headers: auth });
    expect(read.statusCode).toBe(404);
    await expect(db.transaction((tx) => softDelete(tx, tenants, id, 2))).rejects.toMatchObject({ status: 404 });
    const kept = rowsOf<{ deleted_at: Date | null }>(
      await db.execute(sql`select deleted_at from tenants where id = ${id}`),
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]?.deleted_at).not.toBeNull();
    expect(slug).toBeTruthy();
  });
});

describe('idempotent POST', () => {
  const t = useApp();

  it('replays the first response for the same key and body, with Idempotent-Replayed', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const payload = newStore();
    const headers = { ...auth, 'idempotency-key': `k-${uniqueSlug()}` };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers, payload });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same body, keys in another order: the same request.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: { ...headers, 'x-request-id': 'second-try' },
      payload: reordered,
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['x-request-id']).toBe('second-try');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.json()).toEqual(first.json());
    const stores = rowsOf(await t.runtime.database.db.execute(sql`select 1 from tenants where slug = ${payload.slug}`));
    expect(stores).toHaveLength(1);
    // The stored response is encrypted: responses may carry personal data or secrets.
    const [stored] = rowsOf<{ response_body: string }>(
      await t.runtime.database.db.execute(
        sql`select response_body from idempotency_keys where key = ${headers['idempotency-key']}`,
      ),
    );
    expect(stored?.response_body).toMatch(/^v1\./);
    expect(stored?.response_body).not.toContain(payload.slug);
  });

  it('answers 422 idempotency_key_reused for the same key with a different body', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const headers = { ...auth, 'idempotency-key': `k-${uniqueSlug()}` };
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers, payload: newStore() }))
        .statusCode,
    ).toBe(201);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers, payload: newStore() });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('scopes keys to the caller: another caller with the same key is a new request', async () => {
    const headersA = {
      authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}`,
      'idempotency-key': 'shared-key',
    };
    const headersB = {
      authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}`,
      'idempotency-key': 'shared-key',
    };
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: headersA,
      payload: newStore(),
    });
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: headersB,
      payload: newStore(),
    });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(a.json<{ id: string }>().id).not.toBe(b.json<{ id: string }>().id);
  });

  it('answers 409 idempotency_in_progress while the first request is still running', async () => {
    const own = (await import('../helpers.js')).startApp;
    const s = await own();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    s.app.post('/api/v1/test/slow', { config: { tenant: 'none' } }, async (_req, reply) => {
      calls += 1;
      await gate;
      return reply.code(201).send({ done: true });
    });
    const headers = { 'idempotency-key': 'slow-1', 'content-type': 'application/json' };
    const first = s.app.inject({ method: 'POST', url: '/api/v1/test/slow', headers, payload: '{"a":1}' });
    // Wait until the first request holds the key.
    for (let i = 0; i < 100 && calls === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const second = await s.app.inject({ method: 'POST', url: '/api/v1/test/slow', headers, payload: '{"a":1}' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'idempotency_in_progress' });
    release();
    expect((await first).statusCode).toBe(201);
    const third = await s.app.inject({ method: 'POST', url: '/api/v1/test/slow', headers, payload: '{"a":1}' });
    expect(third.statusCode).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(calls).toBe(1);
    await s.close();
  });

  it('lets only the request holding the key finish it, after a lease takeover', async () => {
    const own = (await import('../helpers.js')).startApp;
    const s = await own();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    s.app.post('/api/v1/test/takeover', { config: { tenant: 'none' } }, async (_req, reply) => {
      calls += 1;
      const call = calls;
      if (call === 1) await gate;
      return reply.code(201).send({ call });
    });
    const headers = { 'idempotency-key': `takeover-${uniqueSlug()}`, 'content-type': 'application/json' };
    const first = s.app.inject({ method: 'POST', url: '/api/v1/test/takeover', headers, payload: '{}' });
    for (let i = 0; i < 100 && calls === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // The first request's process stalls past its lease: a retry may take the key over.
    await s.runtime.database.db.execute(
      sql`update idempotency_keys set locked_until = now() - interval '1 second' where key = ${headers['idempotency-key']}`,
    );
    const second = await s.app.inject({ method: 'POST', url: '/api/v1/test/takeover', headers, payload: '{}' });
    expect(second.json()).toEqual({ call: 2 });
    release();
    expect((await first).json()).toEqual({ call: 1 });
    // The stale first request could not overwrite the outcome: the key replays the second's answer.
    const replay = await s.app.inject({ method: 'POST', url: '/api/v1/test/takeover', headers, payload: '{}' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual({ call: 2 });
    expect(calls).toBe(2);
    await s.close();
  });

  it('replays answers without a body (204)', async () => {
    const own = (await import('../helpers.js')).startApp;
    const s = await own();
    let calls = 0;
    s.app.post('/api/v1/test/nothing', { config: { tenant: 'none' } }, async (_req, reply) => {
      calls += 1;
      return reply.code(204).send();
    });
    const headers = { 'idempotency-key': `nothing-${uniqueSlug()}`, 'content-type': 'application/json' };
    const first = await s.app.inject({ method: 'POST', url: '/api/v1/test/nothing', headers, payload: '{}' });
    const again = await s.app.inject({ method: 'POST', url: '/api/v1/test/nothing', headers, payload: '{}' });
    expect([first.statusCode, again.statusCode]).toEqual([204, 204]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(calls).toBe(1);
    await s.close();
  });

  it('does not replay a refusal (403) once the caller may do it', async () => {
    const sub = (await import('../../src/platform/ids.js')).newId();
    const payload = newStore();
    const key = `perm-${uniqueSlug()}`;
    const before = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: {
        authorization: `Bearer ${await tokenFor(t.runtime, { sub, roles: ['customer'] })}`,
        'idempotency-key': key,
      },
      payload,
    });
    expect(before.statusCode).toBe(403);
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform/tenants',
      headers: {
        authorization: `Bearer ${await tokenFor(t.runtime, { sub, roles: ['platform_admin'] })}`,
        'idempotency-key': key,
      },
      payload,
    });
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not store a 5xx answer, so the client may retry it', async () => {
    const own = (await import('../helpers.js')).startApp;
    const s = await own();
    let fail = true;
    s.app.post('/api/v1/test/flaky', { config: { tenant: 'none' } }, async () => {
      if (fail) throw new Error('transient');
      return { ok: true };
    });
    const headers = { 'idempotency-key': 'flaky-1', 'content-type': 'application/json' };
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/test/flaky', headers, payload: '{}' })).statusCode).toBe(
      500,
    );
    fail = false;
    const retry = await s.app.inject({ method: 'POST', url: '/api/v1/test/flaky', headers, payload: '{}' });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    await s.close();
  });

  it('requires the key where a route says so, and bounds its length', async () => {
    const own = (await import('../helpers.js')).startApp;
    const s = await own();
    s.app.post('/api/v1/test/money', { config: { tenant: 'none', idempotency: 'required' } }, async () => ({
      ok: true,
    }));
    const missing = await s.app.inject({ method: 'POST', url: '/api/v1/test/money', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'idempotency_key_required' });
    const long = await s.app.inject({
      method: 'POST',
      url: '/api/v1/test/money',
      headers: { 'idempotency-key': 'x'.repeat(256) },
      payload: {},
    });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'invalid_idempotency_key' });
    await s.close();
  });
});
