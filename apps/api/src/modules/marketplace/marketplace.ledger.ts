/**
 * Each vendor's ledger with the store, kept from order events, and the payouts that settle it.
 *
 * - `order.confirmed.v1`: per sub-order a `sale` (+ its total) and a `commission` (− the store's
 *   share).
 * - `order.cancelled.v1` of a confirmed order: per sub-order a `refund` and a `commission_reversal`
 *   of what is not yet reversed (a sub-order partly refunded before is not reversed twice).
 * - `order.refunded.v1`: a `refund` (− the amount) and a `commission_reversal` (+ the commission
 *   given back), never more than the sale once it is recorded (handlers of different events may
 *   run out of order after a retry).
 *
 * Every entry has a `source_key` (`<event id>:<sub-order id>:<kind>`) under a unique index: a
 * redelivered event writes nothing, on top of the handler's own processed-event record.
 *
 * A payout settles a vendor's unpaid entries when their sum is above zero: the entries are stamped
 * with the payout in one UPDATE, whose RETURNING gives exactly what it settled (an entry committed
 * meanwhile is either stamped and counted, or left for the next payout); a negative sum (a refund
 * after the last payout) is left unpaid and carried into the next one.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BusinessRuleViolation, Forbidden, Unauthorized } from '../../platform/errors.js';
import { type Keyed, type ListInput, keysetOf, positionOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import type { DomainEvent } from '../../platform/outbox/events.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { vendorSummaries } from '../catalog/index.js';
import { assertCan, vendorIdOfUser } from '../identity/index.js';
import {
  OrderEvents,
  type OrderCancelledPayload,
  type OrderMoneyPayload,
  type OrderRefundedPayload,
} from '../orders/index.js';
import { tenants } from '../tenancy/index.js';
import type { CreatePayoutsBody, LedgerEntry, LedgerQuery, Payout, VendorBalance } from './marketplace.schemas.js';
import { type LedgerKind, ledgerEntries, payouts } from './marketplace.tables.js';

type EntryRow = typeof ledgerEntries.$inferSelect;
type NewEntry = typeof ledgerEntries.$inferInsert;
type PayoutRow = typeof payouts.$inferSelect;

/** What marketplace money publishes. */
export const MarketplaceEvents = { payoutCreated: 'marketplace.payout_created.v1' } as const;

export interface PayoutCreatedPayload {
  payoutId: string;
  vendorId: string;
  amount: number;
  currency: string;
  entryCount: number;
}

export interface LedgerDeps {
  uow: UnitOfWork;
  events: EventBus;
}

// --------------------------------------------------------------------------------------- helpers

const toEntry = (r: EntryRow): LedgerEntry => ({
  id: r.id,
  kind: r.kind,
  amount: { amount: r.amount, currency: r.currency },
  orderId: r.orderId,
  orderNumber: r.orderNumber,
  subOrderId: r.subOrderId,
  refundId: r.refundId,
  payoutId: r.payoutId,
  description: r.description,
  createdAt: r.createdAt.toISOString(),
});

const toPayout = (r: PayoutRow, vendorName: string | null): Payout => ({
  id: r.id,
  vendorId: r.vendorId,
  vendorName,
  amount: { amount: r.amount, currency: r.currency },
  status: r.status,
  reference: r.reference,
  entryCount: r.entryCount,
  createdAt: r.createdAt.toISOString(),
});

async function storeCurrency(ctx: TxContext): Promise<string> {
  if (ctx.tenant) return ctx.tenant.defaultCurrency;
  const [row] = await ctx.tx
    .select({ currency: tenants.defaultCurrency })
    .from(tenants)
    .where(eq(tenants.id, ctx.tenantId ?? ''));
  return row?.currency ?? 'USD';
}

/** Writes the entries; one whose source key exists already (a redelivery) is skipped. */
async function write(ctx: TxContext, entries: NewEntry[]): Promise<void> {
  const rows = entries.filter((e) => e.amount !== 0);
  if (rows.length === 0) return;
  await ctx.tx.insert(ledgerEntries).values(rows).onConflictDoNothing();
}

/** Sums of a sub-order's entries by kind, as recorded so far. */
async function sumsOf(
  ctx: TxContext,
  subOrderIds: string[],
): Promise<Map<string, Partial<Record<LedgerKind, number>>>> {
  const sums = new Map<string, Partial<Record<LedgerKind, number>>>();
  if (subOrderIds.length === 0) return sums;
  const rows = await ctx.tx
    .select({
      subOrderId: ledgerEntries.subOrderId,
      kind: ledgerEntries.kind,
      total: sql<string>`sum(${ledgerEntries.amount})::text`,
    })
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.subOrderId, subOrderIds))
    .groupBy(ledgerEntries.subOrderId, ledgerEntries.kind);
  for (const r of rows) {
    if (!r.subOrderId) continue;
    const bySub = sums.get(r.subOrderId) ?? {};
    bySub[r.kind] = Number(r.total);
    sums.set(r.subOrderId, bySub);
  }
  return sums;
}

// -------------------------------------------------------------------------------------- handlers

/** An entry of an order event, keyed by the event, the sub-order and the kind. */
function entryOf(
  ctx: TxContext,
  event: DomainEvent<{ orderId: string; number: string; currency: string }>,
  sub: { subOrderId: string; vendorId: string },
  kind: LedgerKind,
  amount: number,
  description: string,
  refundId: string | null = null,
): NewEntry {
  return {
    tenantId: ctx.tenantId as string,
    id: newId(),
    vendorId: sub.vendorId,
    kind,
    amount,
    currency: event.payload.currency,
    orderId: event.payload.orderId,
    orderNumber: event.payload.number,
    subOrderId: sub.subOrderId,
    refundId,
    description,
    sourceKey: `${event.id}:${sub.subOrderId}:${kind}`,
  };
}

async function onConfirmed(ctx: TxContext, event: DomainEvent<OrderMoneyPayload>): Promise<void> {
  const { number } = event.payload;
  await write(
    ctx,
    event.payload.subOrders.flatMap((s) => [
      entryOf(ctx, event, s, 'sale', s.total, `Sale, order ${number}`),
      entryOf(ctx, event, s, 'commission', -s.commissionAmount, `Commission, order ${number}`),
    ]),
  );
}

async function onCancelled(ctx: TxContext, event: DomainEvent<OrderCancelledPayload>): Promise<void> {
  if (!event.payload.wasConfirmed) return;
  const { number } = event.payload;
  const sums = await sumsOf(
    ctx,
    event.payload.subOrders.map((s) => s.subOrderId),
  );
  await write(
    ctx,
    event.payload.subOrders.flatMap((s) => {
      const so = sums.get(s.subOrderId) ?? {};
      const refunded = -(so.refund ?? 0);
      const reversed = so.commission_reversal ?? 0;
      return [
        entryOf(ctx, event, s, 'refund', -Math.max(0, s.total - refunded), `Cancelled, order ${number}`),
        entryOf(
          ctx,
          event,
          s,
          'commission_reversal',
          Math.max(0, s.commissionAmount - reversed),
          `Commission returned, order ${number} cancelled`,
        ),
      ];
    }),
  );
}

async function onRefunded(ctx: TxContext, event: DomainEvent<OrderRefundedPayload>): Promise<void> {
  const p = event.payload;
  const so = (await sumsOf(ctx, [p.subOrderId])).get(p.subOrderId) ?? {};
  const sale = so.sale ?? 0;
  const commission = -(so.commission ?? 0);
  const refunded = -(so.refund ?? 0);
  const reversed = so.commission_reversal ?? 0;
  // Capped by what the sale left, once the sale is recorded.
  const amount = sale > 0 ? Math.min(p.amount, Math.max(0, sale - refunded)) : p.amount;
  const reversal =
    commission > 0 ? Math.min(p.commissionReversal, Math.max(0, commission - reversed)) : p.commissionReversal;
  await write(ctx, [
    entryOf(ctx, event, p, 'refund', -amount, `Refund, order ${p.number}`, p.refundId),
    entryOf(ctx, event, p, 'commission_reversal', reversal, `Commission returned, order ${p.number}`, p.refundId),
  ]);
}

/** Subscribes the ledger to the order events (handler names are stable: they key redelivery). */
export function registerLedgerHandlers(events: EventBus): void {
  events.subscribe<OrderMoneyPayload>(OrderEvents.confirmed, 'marketplace.ledger.confirmed', onConfirmed);
  events.subscribe<OrderCancelledPayload>(OrderEvents.cancelled, 'marketplace.ledger.cancelled', onCancelled);
  events.subscribe<OrderRefundedPayload>(OrderEvents.refunded, 'marketplace.ledger.refunded', onRefunded);
}

// --------------------------------------------------------------------------------------- service

/** The vendor the signed-in person acts for (403 `not_a_vendor` when none). */
export async function actingVendor(ctx: TxContext): Promise<string> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const vendorId = actor.kind === 'user' ? await vendorIdOfUser(ctx.tx, actor.id) : null;
  if (!vendorId) throw new Forbidden('not_a_vendor', 'Your account does not act for a vendor of this store.');
  return vendorId;
}

export function createLedgerService({ uow, events }: LedgerDeps) {
  async function entriesPage(
    ctx: TxContext,
    vendorId: string,
    q: ListInput & { kind?: LedgerKind | undefined },
  ): Promise<Array<Keyed<LedgerEntry>>> {
    const keyset = keysetOf(ledgerEntries, q.cursor, true);
    const rows = await ctx.tx
      .select({ entry: ledgerEntries, position: positionOf(ledgerEntries.createdAt) })
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.vendorId, vendorId),
          isNull(ledgerEntries.deletedAt),
          q.kind ? eq(ledgerEntries.kind, q.kind) : undefined,
          keyset.where,
        ),
      )
      .orderBy(...keyset.orderBy)
      .limit(q.limit + 1);
    return rows.map((r) => ({ key: [r.position, r.entry.id], item: toEntry(r.entry) }));
  }

  /**
   * Settles one vendor's unpaid entries in one currency, if their sum is above zero. Returns the
   * payout, or null when there was nothing to pay (the entries stay unpaid).
   */
  async function settle(
    ctx: TxContext,
    vendorId: string,
    currency: string,
    reference: string | null,
  ): Promise<PayoutRow | null> {
    const payoutId = newId();
    const stamped = await ctx.tx
      .update(ledgerEntries)
      .set({ payoutId, updatedAt: sql`now()` })
      .where(
        and(
          eq(ledgerEntries.vendorId, vendorId),
          eq(ledgerEntries.currency, currency),
          isNull(ledgerEntries.payoutId),
          isNull(ledgerEntries.deletedAt),
        ),
      )
      .returning({ amount: ledgerEntries.amount });
    const total = stamped.reduce((sum, e) => sum + e.amount, 0);
    if (stamped.length === 0) return null;
    if (total <= 0) {
      // Nothing owed: a negative balance is carried into the next payout.
      await ctx.tx.update(ledgerEntries).set({ payoutId: null }).where(eq(ledgerEntries.payoutId, payoutId));
      return null;
    }
    const [payout] = await ctx.tx
      .insert(payouts)
      .values({
        tenantId: ctx.tenantId as string,
        id: payoutId,
        vendorId,
        amount: total,
        currency,
        reference,
        entryCount: stamped.length,
      })
      .returning();
    await ctx.tx.insert(ledgerEntries).values({
      tenantId: ctx.tenantId as string,
      id: newId(),
      vendorId,
      kind: 'payout',
      amount: -total,
      currency,
      payoutId,
      description: reference ? `Payout ${reference}` : 'Payout',
      sourceKey: `payout:${payoutId}`,
    });
    return payout as PayoutRow;
  }

  return {
    /** The signed-in vendor's balance, what is unpaid, and the newest entries. */
    balance(ctx: RequestContext): Promise<VendorBalance> {
      return uow(ctx, async (tx) => {
        const vendorId = await actingVendor(tx);
        const currency = await storeCurrency(tx);
        const [sums] = await tx.tx
          .select({
            balance: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text`,
            pending: sql<string>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.payoutId} is null), 0)::text`,
            paidOut: sql<string>`coalesce(-sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.kind} = 'payout'), 0)::text`,
          })
          .from(ledgerEntries)
          .where(
            and(
              eq(ledgerEntries.vendorId, vendorId),
              eq(ledgerEntries.currency, currency),
              isNull(ledgerEntries.deletedAt),
            ),
          );
        const [last] = await tx.tx
          .select({ at: payouts.createdAt })
          .from(payouts)
          .where(eq(payouts.vendorId, vendorId))
          .orderBy(desc(payouts.createdAt), desc(payouts.id))
          .limit(1);
        const entries = await entriesPage(tx, vendorId, { limit: 20, cursor: null });
        const money = (v: string | undefined) => ({ amount: Number(v ?? 0), currency });
        return {
          vendorId,
          currency,
          balance: money(sums?.balance),
          pending: money(sums?.pending),
          paidOut: money(sums?.paidOut),
          lastPayoutAt: last ? last.at.toISOString() : null,
          entries: entries.slice(0, 20).map((e) => e.item),
        };
      });
    },

    /** The signed-in vendor's ledger, newest first. */
    ledger(ctx: RequestContext, q: ListInput & Omit<LedgerQuery, 'limit' | 'cursor'>) {
      return uow(ctx, async (tx) => entriesPage(tx, await actingVendor(tx), q));
    },

    /** Payouts, newest first. */
    listPayouts(ctx: RequestContext, q: ListInput & { vendorId?: string | undefined }) {
      assertCan(ctx.actor, 'payouts:manage');
      return uow(ctx, async (tx): Promise<Array<Keyed<Payout>>> => {
        const keyset = keysetOf(payouts, q.cursor, true);
        const rows = await tx.tx
          .select({ payout: payouts, position: positionOf(payouts.createdAt) })
          .from(payouts)
          .where(
            and(isNull(payouts.deletedAt), q.vendorId ? eq(payouts.vendorId, q.vendorId) : undefined, keyset.where),
          )
          .orderBy(...keyset.orderBy)
          .limit(q.limit + 1);
        const names = await vendorSummaries(
          tx.tx,
          rows.map((r) => r.payout.vendorId),
        );
        return rows.map((r) => ({
          key: [r.position, r.payout.id],
          item: toPayout(r.payout, names.get(r.payout.vendorId)?.name ?? null),
        }));
      });
    },

    /**
     * Pays every vendor (or the one named) whose unpaid entries sum above zero, in one
     * transaction. Audited (`payout.created`) and announced (`marketplace.payout_created.v1`).
     */
    createPayouts(ctx: RequestContext, body: CreatePayoutsBody): Promise<Payout[]> {
      assertCan(ctx.actor, 'payouts:manage');
      return uow(ctx, async (tx) => {
        if (body.vendorId && !(await vendorSummaries(tx.tx, [body.vendorId])).has(body.vendorId)) {
          throw new BusinessRuleViolation('unknown_vendor', 'vendorId must be a vendor of this store.', {
            vendorIds: [body.vendorId],
          });
        }
        // Vendors in a fixed order, so concurrent payouts lock their entries in the same order.
        const owed = await tx.tx
          .selectDistinct({ vendorId: ledgerEntries.vendorId, currency: ledgerEntries.currency })
          .from(ledgerEntries)
          .where(
            and(
              isNull(ledgerEntries.payoutId),
              isNull(ledgerEntries.deletedAt),
              body.vendorId ? eq(ledgerEntries.vendorId, body.vendorId) : undefined,
            ),
          )
          .orderBy(ledgerEntries.vendorId, ledgerEntries.currency);
        const made: PayoutRow[] = [];
        for (const { vendorId, currency } of owed) {
          const payout = await settle(tx, vendorId, currency, body.reference ?? null);
          if (!payout) continue;
          made.push(payout);
          await recordAudit(tx, {
            action: 'payout.created',
            entityType: 'payout',
            entityId: payout.id,
            before: null,
            after: {
              vendorId,
              amount: payout.amount,
              currency,
              entryCount: payout.entryCount,
              reference: payout.reference,
            },
          });
          await events.publish<PayoutCreatedPayload>(tx, {
            type: MarketplaceEvents.payoutCreated,
            aggregateType: 'vendor',
            aggregateId: vendorId,
            payload: { payoutId: payout.id, vendorId, amount: payout.amount, currency, entryCount: payout.entryCount },
          });
        }
        const names = await vendorSummaries(
          tx.tx,
          made.map((p) => p.vendorId),
        );
        return made.map((p) => toPayout(p, names.get(p.vendorId)?.name ?? null));
      });
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
