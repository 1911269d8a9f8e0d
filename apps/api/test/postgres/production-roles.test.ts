/**
 * Real PostgreSQL only (logging in as another role needs a server): the API and its background
 * work running as a production-style login role that owns nothing, is no superuser and cannot
 * bypass row-level security, a member of bazaar_app and bazaar_system as deploy/postgres/roles.sql
 * makes it.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../../src/platform/db/client.js';
import type { DomainEvent } from '../../src/platform/outbox/events.js';
import { type TestApp, startApp, testDatabase, tokenFor, uniqueSlug } from '../helpers.js';

const serverUrl = inject('databaseUrl');
if (!serverUrl) throw new Error('this file runs on the PostgreSQL tier only');

const role = `bazaar_api_${randomBytes(4).toString('hex')}`;
let admin: Database;
let asRole: Database;
let t: TestApp;

beforeAll(async () => {
  admin = await testDatabase();
  await admin.exec(`create role ${role} login nosuperuser nocreatedb nocreaterole nobypassrls;
    grant bazaar_app, bazaar_system to ${role};`);
  const url = new URL(serverUrl);
  url.username = role;
  url.password = '';
  asRole = await openDatabase({ url: url.toString(), poolSize: 3 });
  t = await startApp({}, { database: asRole });
});

afterAll(async () => {
  await t?.close();
  await asRole?.close();
  await admin.exec(`drop role if exists ${role}`);
});

describe('the API as a non-owner login role', () => {
  it('connects as that role, which is neither superuser nor able to bypass RLS', async () => {
    const [me] = rowsOf<{ user: string; super: boolean; bypass: boolean }>(
      await asRole.db.execute(
        sql`select current_user as user, rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = current_user`,
      ),
    );
    expect(me).toEqual({ user: role, super: false, bypass: false });
  });

  it('manages stores, with idempotent POSTs and optimistic locking', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const slug = uniqueSlug('prod');
    const payload = {
      slug,
      name: 'Prod roles',
      defaultCurrency: 'USD',
      defaultLocale: 'en',
      owner: { email: 'owner@example.test' },
    };
    const headers = { ...auth, 'idempotency-key': `k-${slug}` };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers, payload });
    expect(created.statusCode).toBe(201);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers, payload });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const id = created.json<{ id: string }>().id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/platform/tenants/${id}`,
      headers: { ...auth, 'if-match': '"1"' },
      payload: { name: 'Renamed' },
    });
    expect(patched.statusCode).toBe(200);
    const store = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': slug } });
    expect(store.json()).toMatchObject({ slug, name: 'Renamed' });
  });

  it('relays every store’s events and runs their handlers and the scheduler', async () => {
    const seen: string[] = [];
    t.runtime.events.subscribe(
      'tenancy.tenant_created.v1',
      `prod-roles-${role}`,
      async (_ctx, e: DomainEvent<{ slug: string }>) => {
        seen.push(e.payload.slug);
      },
    );
    // Recorded as this login role, as the runtime does at start-up.
    await t.runtime.events.syncSubscriptions(t.runtime.database.db);
    const auth = { authorization: `Bearer ${await tokenFor(t.runtime, { roles: ['platform_admin'] })}` };
    const slugs = [uniqueSlug('ev'), uniqueSlug('ev')];
    for (const slug of slugs) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/platform/tenants',
        headers: auth,
        payload: {
          slug,
          name: slug,
          defaultCurrency: 'EUR',
          defaultLocale: 'de',
          owner: { email: 'owner@example.test' },
        },
      });
      expect(res.statusCode).toBe(201);
    }
    await t.runtime.scheduler.tick();
    // One relay is active at a time across processes: keep draining until ours has had its turn.
    const deadline = Date.now() + 15_000;
    while (!slugs.every((s) => seen.includes(s)) && Date.now() < deadline) {
      await t.runtime.background.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(expect.arrayContaining(slugs));
  });

  it('still sees no tenant rows without a tenant, and cannot change the schema or the audit log', async () => {
    expect(rowsOf(await asRole.db.execute(sql`select * from audit_log`))).toEqual([]);
    const failure = async (q: ReturnType<typeof sql>) => {
      try {
        await asRole.db.execute(q);
        return 'succeeded';
      } catch (err) {
        return (err as { cause?: { message?: string } }).cause?.message ?? String(err);
      }
    };
    expect(await failure(sql`create table intruder (id int)`)).toMatch(/permission denied/);
    expect(await failure(sql`update audit_log set action = 'x'`)).toMatch(/permission denied/);
    expect(await failure(sql`alter table outbox disable row level security`)).toMatch(/must be owner/);
  });
});
