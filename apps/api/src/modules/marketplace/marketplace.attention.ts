/**
 * The admin dashboard's "needs attention" panel in one read: vendor applications and products to
 * review, recent failed payments and variants running out. Each figure comes from the module that
 * owns its data, in one transaction of the store, and is shown only to staff holding the permission
 * that acts on it (null otherwise).
 */
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { Forbidden, Unauthorized } from '../../platform/errors.js';
import { lowStockVariants, pendingProductCount, pendingVendorCount } from '../catalog/index.js';
import { can } from '../identity/index.js';
import { failedPaymentCount } from '../orders/index.js';
import type { Attention, AttentionQuery } from './marketplace.schemas.js';

/** Who sees the panel: the store's admins (and platform admins acting on the store). */
export const STAFF_ROLES: readonly Role[] = ['owner', 'staff', 'platform_admin'];

/** Failed payments count over this many days. */
export const FAILED_PAYMENT_DAYS = 30;

/** At most this many low-stock variants are listed. */
export const LOW_STOCK_ITEMS = 10;

function assertStaff(actor: Actor | null | undefined): asserts actor is Actor {
  if (!actor) throw new Unauthorized();
  if (!STAFF_ROLES.some((r) => actor.roles.includes(r))) {
    throw new Forbidden('forbidden', 'This is for the store’s staff.');
  }
}

export function createAttentionService({ uow }: { uow: UnitOfWork }) {
  return {
    /** Each figure the actor's permissions allow, null for the others. */
    attention(ctx: RequestContext, q: AttentionQuery): Promise<Attention> {
      const actor = ctx.actor;
      assertStaff(actor);
      const threshold = q.lowStockThreshold ?? 5;
      return uow(ctx, async (tx) => ({
        vendorsPendingReview: can(actor, 'vendors:approve') ? await pendingVendorCount(tx.tx) : null,
        productsPendingReview: can(actor, 'products:approve') ? await pendingProductCount(tx.tx) : null,
        failedPayments: can(actor, 'orders:read:any') ? await failedPaymentCount(tx.tx, FAILED_PAYMENT_DAYS) : null,
        lowStock:
          can(actor, 'catalog:manage') || can(actor, 'products:approve')
            ? { threshold, ...(await lowStockVariants(tx.tx, threshold, LOW_STOCK_ITEMS)) }
            : null,
      }));
    },
  };
}

export type AttentionService = ReturnType<typeof createAttentionService>;
