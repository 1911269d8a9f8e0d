import { sql } from 'drizzle-orm';
import type { RequestContext, TxContext } from '../context.js';
import type { Database, Tx } from './client.js';

/** The role every request's queries run as: owns no table, cannot bypass row-level security. */
export const APP_ROLE = 'bazaar_app';

/**
 * Opens a transaction, drops to the app role and sets the tenant and actor for row-level security
 * and the audit columns. One statement, before anything else in the transaction.
 */
export async function enterTenantScope(tx: Tx, tenantId: string | null, actorId: string | null): Promise<void> {
  await tx.execute(
    sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId ?? ''}, true), set_config('app.actor_id', ${actorId ?? ''}, true)`,
  );
}

export type UnitOfWork = <T>(ctx: RequestContext, fn: (ctx: TxContext) => Promise<T>) => Promise<T>;

/**
 * Runs `fn` in one tenant-scoped transaction. A context that is already inside one is reused, so
 * services can call each other and still commit (or roll back) together.
 */
export function createUnitOfWork(database: Database): UnitOfWork {
  return async (ctx, fn) => {
    if (isTxContext(ctx)) return fn(ctx);
    const afterCommit: Array<() => void> = [];
    const actorId = ctx.actor && ctx.actor.kind !== 'system' ? ctx.actor.id : null;
    const result = await database.tenantTransaction({ tenantId: ctx.tenantId, actorId }, (tx) =>
      fn({ ...ctx, tx, afterCommit }),
    );
    for (const cb of afterCommit) cb();
    return result;
  };
}

function isTxContext(ctx: RequestContext): ctx is TxContext {
  return 'tx' in ctx && (ctx as TxContext).tx !== undefined;
}

/**
 * A transaction as the connection's own role, for platform work that is not one tenant's request
 * (managing stores, relaying events). When `ctx.tenantId` is set, the tenant setting is still made,
 * so writes to tenant tables (the audit log) pass their row-level security checks.
 */
export function createSystemUnitOfWork(database: Database): UnitOfWork {
  return async (ctx, fn) => {
    // Already inside a transaction (a job, another service): join it rather than open a second
    // one, which on the single-connection embedded database would wait for the first forever.
    if (isTxContext(ctx)) return fn(ctx);
    const afterCommit: Array<() => void> = [];
    const result = await database.db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true), set_config('app.actor_id', ${ctx.actor && ctx.actor.kind !== 'system' ? ctx.actor.id : ''}, true)`,
      );
      return fn({ ...ctx, tx, afterCommit });
    });
    for (const cb of afterCommit) cb();
    return result;
  };
}
