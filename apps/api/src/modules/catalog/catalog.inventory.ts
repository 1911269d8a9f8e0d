/**
 * Stock: what checkouts hold (`variants.reserved`, one `stock_reservations` row per held variant)
 * and what leaves or returns to the warehouse (`variants.on_hand`). Every change is a conditional
 * UPDATE the database checks (`on_hand - reserved >= q`, and the table's CHECK
 * `0 <= reserved <= on_hand`), never a read followed by a write, so no interleaving of checkouts,
 * expiry passes and webhooks can oversell or release twice.
 *
 * Variant rows are always locked in ascending id order (one statement per variant, sorted, or a
 * sorted `FOR UPDATE` before a set-wise update): two transactions that touch the same variants
 * wait for each other instead of deadlocking.
 *
 * Every function runs in the caller's transaction and bumps the catalog cache once it commits,
 * because a product's `available` (and `inStock`) changes with stock.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { Conflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publish } from '../../platform/outbox/events.js';
import { stockReservations } from './catalog.tables.js';

export const InventoryEvents = {
  /** A sale left a variant at or below its `low_stock_threshold`. */
  lowStock: 'inventory.low_stock.v1',
} as const;

export interface LowStockPayload {
  variantId: string;
  productId: string;
  sku: string;
  /** Units that can still be bought (`on_hand - reserved`). */
  available: number;
  threshold: number;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

export interface Shortfall {
  variantId: string;
  requested: number;
  available: number;
}

export type ReserveResult = { ok: true } | { ok: false; shortfalls: Shortfall[] };

/** 409 `insufficient_inventory` naming each variant that cannot supply what was asked (API.md). */
export class InsufficientInventory extends Conflict {
  constructor(shortfalls: Shortfall[]) {
    super(
      'insufficient_inventory',
      shortfalls.length === 1
        ? 'One item is no longer available in the quantity asked for.'
        : `${shortfalls.length} items are no longer available in the quantities asked for.`,
      { variants: shortfalls },
    );
  }
}

// ------------------------------------------------------------------------------ cache listeners

type StockListener = (tenantId: string) => Promise<void> | void;
const listeners = new Set<StockListener>();

/**
 * Called with the store's id after every committed stock change. The services register the catalog
 * cache's `bump` here: the inventory functions are plain functions other modules call with their
 * own transaction, so they cannot be handed the cache instance. Returns an unsubscribe function.
 */
export function onStockChange(listener: StockListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function stockChanged(ctx: TxContext): void {
  const tenantId = ctx.tenantId;
  if (!tenantId) return;
  ctx.afterCommit.push(() => {
    for (const l of listeners) {
      try {
        void Promise.resolve(l(tenantId)).catch(() => undefined);
      } catch {
        // A cache that cannot be reached only serves a stale page until its entries expire.
      }
    }
  });
}

// ------------------------------------------------------------------------------------- helpers

/** Sums quantities per variant and sorts by variant id: the lock order. */
export function normaliseLines(lines: readonly StockLine[]): StockLine[] {
  const sums = new Map<string, number>();
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0) {
      throw new RangeError(`stock quantities are positive integers (variant ${l.variantId}: ${l.quantity})`);
    }
    sums.set(l.variantId, (sums.get(l.variantId) ?? 0) + l.quantity);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
}

const valuesOf = (lines: readonly StockLine[]): SQL =>
  sql.join(
    lines.map((l) => sql`(${l.variantId}::uuid, ${l.quantity}::int)`),
    sql`, `,
  );

interface AdjustedRow {
  id: string;
  product_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number | null;
}

/**
 * Applies `on_hand += onHandSign·q, reserved += reservedSign·q` to each variant, locking the rows
 * in id order first. Unconditional: the table's CHECK refuses a result out of range.
 */
async function adjust(
  ctx: TxContext,
  lines: readonly StockLine[],
  onHandSign: -1 | 0 | 1,
  reservedSign: -1 | 0 | 1,
): Promise<AdjustedRow[]> {
  const sorted = normaliseLines(lines);
  if (sorted.length === 0) return [];
  const ids = sql.join(
    sorted.map((l) => sql`${l.variantId}::uuid`),
    sql`, `,
  );
  return rowsOf<AdjustedRow>(
    await ctx.tx.execute(sql`
      with locked as (
        select id from variants where id in (${ids}) order by id for update
      ), delta (id, q) as (values ${valuesOf(sorted)})
      update variants v
      set on_hand = v.on_hand + ${onHandSign} * delta.q,
          reserved = v.reserved + ${reservedSign} * delta.q,
          updated_at = now()
      from delta
      where v.id = delta.id and v.id in (select id from locked)
      returning v.id, v.product_id, v.sku, v.on_hand, v.reserved, v.low_stock_threshold`),
  );
}

/** Units that can be bought now, per variant; inactive, deleted or unknown variants count 0. */
async function availability(ctx: TxContext, variantIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(variantIds.map((id) => [id, 0]));
  if (variantIds.length === 0) return out;
  const rows = rowsOf<{ id: string; available: number }>(
    await ctx.tx.execute(sql`
      select id, greatest(on_hand - reserved, 0)::int as available from variants
      where id in (${sql.join(
        variantIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) and active and deleted_at is null`),
  );
  for (const r of rows) out.set(r.id, r.available);
  return out;
}

/**
 * Takes `lines` one variant at a time, in id order, as held units (`reserve`) or straight off the
 * shelf (`deduct`); on the first variant that cannot supply its quantity, gives back what it took.
 */
async function takeAll(
  ctx: TxContext,
  sorted: readonly StockLine[],
  mode: 'reserve' | 'deduct' = 'reserve',
): Promise<ReserveResult> {
  const taken: StockLine[] = [];
  for (const line of sorted) {
    const change =
      mode === 'reserve' ? sql`reserved = reserved + ${line.quantity}` : sql`on_hand = on_hand - ${line.quantity}`;
    const updated = rowsOf<{ id: string }>(
      await ctx.tx.execute(sql`
        update variants set ${change}, updated_at = now()
        where id = ${line.variantId} and active and deleted_at is null
          and on_hand - reserved >= ${line.quantity}
        returning id`),
    );
    if (updated.length > 0) {
      taken.push(line);
      continue;
    }
    // The report only: the reservation has failed whatever these reads say.
    const rest = sorted.slice(taken.length);
    const available = await availability(
      ctx,
      rest.map((l) => l.variantId),
    );
    const shortfalls = rest
      .map((l) => ({ variantId: l.variantId, requested: l.quantity, available: available.get(l.variantId) ?? 0 }))
      .filter((s, i) => i === 0 || s.available < s.requested);
    // Give back what this call took, so the caller's transaction is as it was (no savepoint needed).
    if (taken.length > 0) await (mode === 'reserve' ? adjust(ctx, taken, 0, -1) : adjust(ctx, taken, 1, 0));
    return { ok: false, shortfalls };
  }
  return { ok: true };
}

// ------------------------------------------------------------------------------------ functions

/**
 * Holds `lines` for `orderId` until `ttlMinutes` from now: all or nothing. On `ok: false` nothing
 * is held (the units this call took are given back in the same transaction) and `shortfalls` names
 * every variant that cannot supply its quantity, with what it can (read for the report only).
 */
export async function reserveStock(
  ctx: TxContext,
  q: { orderId: string; lines: readonly StockLine[]; ttlMinutes: number },
): Promise<ReserveResult> {
  const sorted = normaliseLines(q.lines);
  if (sorted.length === 0) return { ok: true };
  const result = await takeAll(ctx, sorted);
  if (!result.ok) return result;
  await ctx.tx.insert(stockReservations).values(
    sorted.map((l) => ({
      ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}),
      id: newId(),
      orderId: q.orderId,
      variantId: l.variantId,
      quantity: l.quantity,
      status: 'held' as const,
      expiresAt: sql`now() + ${`${q.ttlMinutes} minutes`}::interval`,
    })),
  );
  stockChanged(ctx);
  return result;
}

/** `reserveStock`, throwing 409 `insufficient_inventory` when it cannot. */
export async function reserveStockOrThrow(
  ctx: TxContext,
  q: { orderId: string; lines: readonly StockLine[]; ttlMinutes: number },
): Promise<void> {
  const result = await reserveStock(ctx, q);
  if (!result.ok) throw new InsufficientInventory(result.shortfalls);
}

/** Moves the reservations of `orderId` from `from` to `to`, returning what moved per variant. */
async function settle(
  ctx: TxContext,
  orderId: string,
  from: 'held' | 'released',
  to: 'converted' | 'released' | 'held',
  extra: SQL = sql``,
): Promise<StockLine[]> {
  return rowsOf<{ variant_id: string; quantity: number }>(
    await ctx.tx.execute(sql`
      update stock_reservations
      set status = ${to}, settled_at = ${to === 'held' ? sql`null` : sql`now()`}, updated_at = now(),
          version = version + 1 ${extra}
      where order_id = ${orderId} and status = ${from}
      returning variant_id, quantity`),
  ).map((r) => ({ variantId: r.variant_id, quantity: r.quantity }));
}

/**
 * The order's held units become a sale: `on_hand` and `reserved` both drop by them. Publishes
 * `inventory.low_stock.v1` for each variant left at or below its threshold. Idempotent: held rows
 * only, so a second call (a webhook after the checkout itself confirmed) changes nothing.
 */
export async function convertReservations(ctx: TxContext, orderId: string): Promise<StockLine[]> {
  const moved = await settle(ctx, orderId, 'held', 'converted');
  if (moved.length === 0) return [];
  const rows = await adjust(ctx, moved, -1, -1);
  for (const r of rows) {
    const available = r.on_hand - r.reserved;
    if (r.low_stock_threshold !== null && available <= r.low_stock_threshold) {
      await publish<LowStockPayload>(ctx, {
        type: InventoryEvents.lowStock,
        aggregateType: 'variant',
        aggregateId: r.id,
        payload: { variantId: r.id, productId: r.product_id, sku: r.sku, available, threshold: r.low_stock_threshold },
      });
    }
  }
  stockChanged(ctx);
  return normaliseLines(moved);
}

/**
 * Gives the order's held units back (`reserved` drops). Only rows still `held` are released, in
 * the same statement that flips them, so two releasers (an expiry pass and a failed payment) never
 * both give the same units back. Returns the number of units released.
 */
export async function releaseReservations(ctx: TxContext, orderId: string): Promise<number> {
  const moved = await settle(ctx, orderId, 'held', 'released');
  if (moved.length === 0) return 0;
  await adjust(ctx, moved, 0, -1);
  stockChanged(ctx);
  return moved.reduce((n, l) => n + l.quantity, 0);
}

/**
 * Takes again, all or nothing, the units of an order whose reservations were released (by expiry)
 * before its payment succeeded. True when they are held again (for `ttlMinutes` more); false when
 * some variant no longer has them (nothing is held then).
 */
export async function rereserve(ctx: TxContext, orderId: string, ttlMinutes = 15): Promise<boolean> {
  const released = rowsOf<{ variant_id: string; quantity: number }>(
    await ctx.tx.execute(sql`
      select variant_id, quantity from stock_reservations
      where order_id = ${orderId} and status = 'released' for update`),
  ).map((r) => ({ variantId: r.variant_id, quantity: r.quantity }));
  if (released.length === 0) return false;
  const result = await takeAll(ctx, normaliseLines(released));
  if (!result.ok) return false;
  await settle(ctx, orderId, 'released', 'held', sql`, expires_at = now() + ${`${ttlMinutes} minutes`}::interval`);
  stockChanged(ctx);
  return true;
}

/** Units back on the shelf (a refund with restock, a cancelled order that was already deducted). */
export async function restock(ctx: TxContext, lines: readonly StockLine[]): Promise<void> {
  if (lines.length === 0) return;
  await adjust(ctx, lines, 1, 0);
  stockChanged(ctx);
}

/**
 * Takes units straight off the shelf without a reservation, all or nothing; 409
 * `insufficient_inventory` when some variant cannot supply them.
 */
export async function deductStock(ctx: TxContext, lines: readonly StockLine[]): Promise<void> {
  const sorted = normaliseLines(lines);
  if (sorted.length === 0) return;
  const result = await takeAll(ctx, sorted, 'deduct');
  if (!result.ok) throw new InsufficientInventory(result.shortfalls);
  stockChanged(ctx);
}

/** The held reservations of an order (status, quantities): for tests and the order's recovery. */
export async function reservationsOf(
  ctx: TxContext,
  orderId: string,
): Promise<Array<{ variantId: string; quantity: number; status: string; expiresAt: Date }>> {
  return ctx.tx
    .select({
      variantId: stockReservations.variantId,
      quantity: stockReservations.quantity,
      status: stockReservations.status,
      expiresAt: stockReservations.expiresAt,
    })
    .from(stockReservations)
    .where(and(eq(stockReservations.orderId, orderId)))
    .orderBy(stockReservations.variantId);
}
