/**
 * Helpers for the tests of store settings, pricing administration and marketplace money: a store
 * with a signed-in owner, people with chosen roles and grants, and the store's audit entries.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../src/platform/context.js';
import { auditLog } from '../src/platform/audit/audit.tables.js';
import type { Runtime } from '../src/runtime.js';
import { buildTenant } from './factories.js';
import { createUser, login } from './identity-helpers.js';

export interface TestStore {
  id: string;
  slug: string;
  defaultCurrency: string;
}

export async function storeWithOwner(
  t: { runtime: Runtime; app: FastifyInstance },
  opts: { defaultCurrency?: string } = {},
): Promise<{ store: TestStore; ownerId: string; token: string }> {
  const store = await buildTenant(t.runtime, opts.defaultCurrency ? { defaultCurrency: opts.defaultCurrency } : {});
  const owner = await createUser(t.runtime, store.id, { roles: ['owner'] });
  const session = await login(t.app, owner, { tenant: store.slug });
  return { store, ownerId: owner.id, token: session.accessToken };
}

/** A signed-in person of the store with the given roles and (for staff) grants. */
export async function personOf(
  t: { runtime: Runtime; app: FastifyInstance },
  store: TestStore,
  roles: Role[],
  permissions: string[] = [],
): Promise<{ id: string; token: string }> {
  const user = await createUser(t.runtime, store.id, { roles, permissions });
  const session = await login(t.app, user, { tenant: store.slug });
  return { id: user.id, token: session.accessToken };
}

export interface AuditRow {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  before: unknown;
  after: unknown;
}

/** The store's audit entries with this action, newest first. */
export async function auditOf(runtime: Runtime, tenantId: string, action: string): Promise<AuditRow[]> {
  return runtime.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return tx
      .select({
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        actorId: auditLog.actorId,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action)))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
  });
}
