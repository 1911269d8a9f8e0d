/**
 * Row-level security, proved on the database itself: the queries here are raw SQL as the app role,
 * with no tenant filter of their own, exactly like a query that forgot one.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/platform/audit/audit.js';
import { type Database, rowsOf } from '../../src/platform/db/client.js';
import { createUnitOfWork, enterTenantScope } from '../../src/platform/db/unit-of-work.js';
import { systemContext } from '../../src/platform/context.js';
import { newId } from '../../src/platform/ids.js';
import { testDatabase } from '../helpers.js';

let database: Database;
const tenantA = newId();
const tenantB = newId();

/** The database's own message for a failed statement (the ORM wraps it as the cause). */
async function dbFailure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return cause?.message ?? (err as Error).message;
  }
  throw new Error('the statement succeeded');
}

/** Runs `fn` as the app role with `tenantId` (or none), then rolls back. */
async function asApp<T>(
  tenantId: string | null,
  fn: (q: (s: ReturnType<typeof sql>) => Promise<unknown[]>) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  await database.db
    .transaction(async (tx) => {
      await enterTenantScope(tx, tenantId, null);
      result = await fn(async (s) => rowsOf(await tx.execute(s)));
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error && err.message.includes('Rollback'))) throw err;
    });
  return result as T;
}

beforeAll(async () => {
  database = await testDatabase();
  const uow = createUnitOfWork(database);
  for (const [tenant, n] of [
    [tenantA, 2],
    [tenantB, 3],
  ] as const) {
    // tenants rows are platform-owned: created as the connection's role.
    await database.db.execute(
      sql`insert into tenants (id, slug, name, default_currency, default_locale, locales) values (${tenant}, ${`rls-${tenant.slice(-12)}`}, 'RLS', 'USD', 'en', '{en}')`,
    );
    await uow(systemContext({ id: tenant }, 'seed'), async (ctx) => {
      for (let i = 0; i < n; i++)
        await recordAudit(ctx, { action: 'thing.made', entityType: 'thing', entityId: String(i) });
    });
  }
});

describe('row-level security on tenant tables', () => {
  it("shows tenant A's context only A's rows, even to a query with no filter", async () => {
    const rows = await asApp(tenantA, (q) => q(sql`select * from audit_log`));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => (r as { tenant_id: string }).tenant_id === tenantA)).toBe(true);
    const count = await asApp(tenantB, (q) => q(sql`select count(*)::int as n from audit_log`));
    expect(count).toEqual([{ n: 3 }]);
  });

  it('returns no rows at all without a tenant context', async () => {
    expect(await asApp(null, (q) => q(sql`select * from audit_log`))).toEqual([]);
  });

  it("refuses an insert carrying another tenant's id", async () => {
    expect(
      await dbFailure(
        asApp(tenantA, (q) =>
          q(
            sql`insert into audit_log (tenant_id, id, actor_type, action, entity_type, entity_id) values (${tenantB}, ${newId()}, 'user', 'x', 'y', 'z')`,
          ),
        ),
      ),
    ).toMatch(/row-level security/);
  });

  it('stamps the current tenant on an insert that names none', async () => {
    const rows = await asApp(tenantA, (q) =>
      q(
        sql`insert into audit_log (id, actor_type, action, entity_type, entity_id) values (${newId()}, 'user', 'x', 'y', 'z') returning tenant_id`,
      ),
    );
    expect(rows).toEqual([{ tenant_id: tenantA }]);
  });

  it('keeps the audit log append-only for the app role and for everyone else', async () => {
    expect(await dbFailure(asApp(tenantA, (q) => q(sql`update audit_log set action = 'forged'`)))).toMatch(
      /permission denied/,
    );
    expect(await dbFailure(asApp(tenantA, (q) => q(sql`delete from audit_log`)))).toMatch(/permission denied/);
    // The connection's own role (table owner or superuser) is stopped by the trigger.
    expect(
      await dbFailure(database.db.execute(sql`update audit_log set action = 'forged' where tenant_id = ${tenantA}`)),
    ).toMatch(/append-only/);
    expect(await dbFailure(database.db.execute(sql`delete from audit_log where tenant_id = ${tenantA}`))).toMatch(
      /append-only/,
    );
  });

  it('lets the app role read stores but not change them, and not touch system tables', async () => {
    expect(await asApp(tenantA, (q) => q(sql`select id from tenants where id = ${tenantA}`))).toHaveLength(1);
    expect(await dbFailure(asApp(tenantA, (q) => q(sql`update tenants set name = 'x'`)))).toMatch(/permission denied/);
    expect(await dbFailure(asApp(tenantA, (q) => q(sql`select * from jobs`)))).toMatch(/permission denied/);
    expect(await dbFailure(asApp(tenantA, (q) => q(sql`select * from idempotency_keys`)))).toMatch(/permission denied/);
  });

  it("lets the app role publish only its own tenant's events", async () => {
    expect(
      await dbFailure(
        asApp(tenantA, (q) =>
          q(
            sql`insert into outbox (id, tenant_id, type, aggregate_type, aggregate_id, payload) values (${newId()}, ${tenantB}, 't', 'a', '1', '{}')`,
          ),
        ),
      ),
    ).toMatch(/row-level security/);
  });
});

describe('tenant transactions', () => {
  const ctxFor = (tenantId: string, actorId: string) => ({
    ...systemContext({ id: tenantId }, `req-${newId()}`),
    actor: { kind: 'user' as const, id: actorId, tenantId, roles: [], scopes: [] },
  });

  it('roll back everything when the work fails, and leave the connection clean for the next one', async () => {
    const uow = createUnitOfWork(database);
    const marker = `rollback-${newId()}`;
    await expect(
      uow(ctxFor(tenantA, newId()), async (ctx) => {
        await recordAudit(ctx, { action: 'thing.made', entityType: 'thing', entityId: marker });
        throw new Error('after the write');
      }),
    ).rejects.toThrow('after the write');
    // Every pooled connection is reused right away: none may still be inside the failed transaction.
    const seen = await Promise.all(
      Array.from({ length: 8 }, () =>
        uow(ctxFor(tenantA, newId()), async (ctx) =>
          rowsOf<{ n: number; user: string }>(
            await ctx.tx.execute(
              sql`select (select count(*)::int from audit_log where entity_id = ${marker}) as n, current_user as user`,
            ),
          ),
        ),
      ),
    );
    expect(seen.flat()).toEqual(Array(8).fill({ n: 0, user: 'bazaar_app' }));
    const outside = rowsOf<{ user: string; tenant: string | null }>(
      await database.db.execute(sql`select current_user as user, current_setting('app.tenant_id', true) as tenant`),
    );
    expect(outside[0]?.user).not.toBe('bazaar_app');
    expect(outside[0]?.tenant ?? '').toBe('');
  });

  it('record the actor, also one whose id is not a UUID', async () => {
    const uow = createUnitOfWork(database);
    for (const actorId of [newId(), "o'brien; drop table audit_log"]) {
      const [row] = await uow(ctxFor(tenantA, actorId), async (ctx) =>
        rowsOf<{ actor: string; tenant: string }>(
          await ctx.tx.execute(
            sql`select current_setting('app.actor_id', true) as actor, current_setting('app.tenant_id', true) as tenant`,
          ),
        ),
      );
      expect(row).toEqual({ actor: actorId, tenant: tenantA });
    }
  });
});

describe('catalog search functions', () => {
  it("return only the current store's listed products, and nothing without a store", async () => {
    const scoped = <T>(tenantId: string | null, q: string) =>
      database.tenantTransaction({ tenantId, actorId: null }, async (tx) => ({
        fulltext: rowsOf<{ id: string }>(await tx.execute(sql`select id from catalog_fulltext_ids(${q})`)).map(
          (r) => r.id,
        ),
        fuzzy: rowsOf<{ id: string }>(
          await tx.execute(sql`select id from catalog_fuzzy_title_ids(${q}, 0.5::real)`),
        ).map((r) => r.id),
      })) as Promise<T>;
    const made: Record<string, string> = {};
    for (const tenant of [tenantA, tenantB]) {
      const vendor = newId();
      const product = newId();
      await database.tenantTransaction({ tenantId: tenant, actorId: null }, async (tx) => {
        await tx.execute(
          sql`insert into vendors (tenant_id, id, slug, name, status) values (${tenant}, ${vendor}, ${`v-${vendor.slice(-8)}`}, 'V', 'approved')`,
        );
        await tx.execute(
          sql`insert into products (tenant_id, id, vendor_id, slug, title, currency, status) values (${tenant}, ${product}, ${vendor}, ${`p-${product.slice(-8)}`}, 'Isolated walnut cabinet', 'USD', 'active')`,
        );
      });
      made[tenant] = product;
    }
    type Found = { fulltext: string[]; fuzzy: string[] };
    const inA = await scoped<Found>(tenantA, 'walnut cabinet');
    expect(inA.fulltext).toEqual([made[tenantA]]);
    expect((await scoped<Found>(tenantA, 'walnut cabinte')).fuzzy).toEqual([made[tenantA]]);
    expect((await scoped<Found>(tenantB, 'walnut cabinet')).fulltext).toEqual([made[tenantB]]);
    expect(await scoped<Found>(null, 'walnut cabinet')).toEqual({ fulltext: [], fuzzy: [] });
  });
});

describe('the schema keeps the isolation rules', () => {
  it('runs requests as a role that owns no table and cannot bypass row-level security', async () => {
    const [role] = rowsOf<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      await database.db.execute(
        sql`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'bazaar_app'`,
      ),
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned = rowsOf(
      await database.db.execute(
        sql`select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'bazaar_app'`,
      ),
    );
    expect(owned).toEqual([]);
  });

  it('gives every tenant table FORCEd row-level security, a tenant-leading key and the audit columns', async () => {
    const tables = rowsOf<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; pk: string[] }>(
      await database.db.execute(sql`
        select c.relname, c.relrowsecurity, c.relforcerowsecurity,
          (select array_agg(a.attname::text order by k.ord) from pg_constraint p
             cross join lateral unnest(p.conkey) with ordinality as k(attnum, ord)
             join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum
           where p.conrelid = c.oid and p.contype = 'p') as pk
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_policies p where p.tablename = c.relname and p.policyname like '%tenant_isolation')`),
    );
    expect(tables.map((t) => t.relname)).toContain('audit_log');
    for (const t of tables) {
      // products alone is not FORCEd: its owner runs the catalog search functions (migration 0007),
      // which apply the store condition themselves; the request role still meets the policy.
      expect(t, t.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: t.relname !== 'products' });
      expect(t.pk[0], t.relname).toBe('tenant_id');
    }
    // Every table that carries tenant_id in its key is covered by a tenant policy.
    const uncovered = rowsOf(
      await database.db.execute(sql`
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_constraint p on p.conrelid = c.oid and p.contype = 'p'
        join pg_attribute a on a.attrelid = c.oid and a.attnum = p.conkey[1]
        where n.nspname = 'public' and a.attname = 'tenant_id'
          and not exists (select 1 from pg_policies q where q.tablename = c.relname and q.policyname like '%tenant_isolation')`),
    );
    expect(uncovered).toEqual([]);
    const auditColumns = ['created_by', 'created_at', 'updated_by', 'updated_at', 'version', 'deleted_at'];
    // The audit log is append-only; the facet counters, the sales aggregate and the order-number
    // counter are derived rows kept by triggers, event handlers and checkout: no one edits them.
    const derived = ['audit_log', 'catalog_facet_counts', 'sales_daily', 'order_counters'];
    for (const t of tables.filter((x) => !derived.includes(x.relname))) {
      const cols = rowsOf<{ column_name: string }>(
        await database.db.execute(
          sql`select column_name from information_schema.columns where table_name = ${t.relname}`,
        ),
      ).map((c) => c.column_name);
      expect(cols, t.relname).toEqual(expect.arrayContaining(auditColumns));
    }
  });
});
