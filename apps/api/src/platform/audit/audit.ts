import type { TxContext } from '../context.js';
import { newId } from '../ids.js';
import { auditLog } from './audit.tables.js';

export interface AuditEntry {
  /** What happened, as `<entity>.<verb>`: `order.refunded`, `settings.updated`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records a change in the audit log inside the caller's transaction: it commits with the change or
 * not at all. Requires a tenant-scoped context.
 */
export async function recordAudit(ctx: TxContext, entry: AuditEntry): Promise<void> {
  if (!ctx.tenantId) throw new Error('recordAudit needs a tenant-scoped transaction');
  await ctx.tx.insert(auditLog).values({
    tenantId: ctx.tenantId,
    id: newId(),
    actorType: ctx.actor?.kind ?? 'anonymous',
    actorId: ctx.actor && ctx.actor.kind !== 'system' ? ctx.actor.id : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}
