/**
 * The daily sales aggregate and the analytics read from it. Order and cart events keep one row per
 * store, UTC day and vendor (plus the store-wide row, vendor = the nil UUID) with upserts that add
 * to the counters; the report never scans orders, whatever the range.
 *
 * - `order.confirmed.v1`: +1 order and + the total, on the day the order was placed (store-wide:
 *   the order's total; per vendor: its sub-order's).
 * - `order.cancelled.v1` of a confirmed order: the same, taken back on the day it was placed.
 * - `order.refunded.v1`: + refunds on the day of the refund.
 * - `cart.created.v1`: +1 cart on the store-wide row: the denominator of conversion.
 *
 * Each handler applies an event once (the bus records the events each handler applied in the
 * handler's own transaction), so the counters never count a redelivery.
 *
 * One query serves both reports: the store's (analysts, optionally narrowed to a vendor) and a
 * vendor's own, which shows only that vendor's figures and none of the store's traffic (carts).
 */
import { eq, sql } from 'drizzle-orm';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/outbox/events.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { CartEvents, type CartCreatedPayload } from '../cart/index.js';
import { vendorSummaries } from '../catalog/index.js';
import { assertCan, assertVendor } from '../identity/index.js';
import {
  OrderEvents,
  type OrderCancelledPayload,
  type OrderMoneyPayload,
  type OrderRefundedPayload,
} from '../orders/index.js';
import { tenants } from '../tenancy/index.js';
import { actingVendor } from './marketplace.ledger.js';
import type { SalesQuery, SalesReport, VendorSalesQuery } from './marketplace.schemas.js';
import { STORE_WIDE, salesDaily } from './marketplace.tables.js';

/** The widest range one report covers, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;

interface Delta {
  day: string;
  vendorId: string;
  currency: string;
  orders?: number;
  revenue?: number;
  refunds?: number;
  carts?: number;
}

/** The UTC calendar day of an RFC 3339 instant. */
export const utcDay = (at: string): string => new Date(at).toISOString().slice(0, 10);

/** Adds the deltas to their rows (created at zero when absent), one statement. */
async function bump(ctx: TxContext, deltas: Delta[]): Promise<void> {
  // One row per key: an upsert may not touch the same row twice in one statement.
  const merged = new Map<string, Required<Delta>>();
  for (const d of deltas) {
    const key = `${d.day}|${d.vendorId}`;
    const m = merged.get(key) ?? { ...d, orders: 0, revenue: 0, refunds: 0, carts: 0 };
    m.orders += d.orders ?? 0;
    m.revenue += d.revenue ?? 0;
    m.refunds += d.refunds ?? 0;
    m.carts += d.carts ?? 0;
    merged.set(key, m);
  }
  if (merged.size === 0) return;
  await ctx.tx
    .insert(salesDaily)
    .values([...merged.values()].map((m) => ({ tenantId: ctx.tenantId as string, ...m })))
    .onConflictDoUpdate({
      target: [salesDaily.tenantId, salesDaily.day, salesDaily.vendorId],
      set: {
        orders: sql`${salesDaily.orders} + excluded.orders`,
        revenue: sql`${salesDaily.revenue} + excluded.revenue`,
        refunds: sql`${salesDaily.refunds} + excluded.refunds`,
        carts: sql`${salesDaily.carts} + excluded.carts`,
        updatedAt: sql`now()`,
      },
    });
}

/** +1 order and + revenue (sign −1: a cancellation takes them back). */
function orderDeltas(p: OrderMoneyPayload, sign: 1 | -1): Delta[] {
  const day = utcDay(p.placedAt);
  return [
    { day, vendorId: STORE_WIDE, currency: p.currency, orders: sign, revenue: sign * p.total },
    ...p.subOrders.map((s) => ({
      day,
      vendorId: s.vendorId,
      currency: p.currency,
      orders: sign,
      revenue: sign * s.total,
    })),
  ];
}

async function storeCurrency(ctx: TxContext): Promise<string> {
  if (ctx.tenant) return ctx.tenant.defaultCurrency;
  const [row] = await ctx.tx
    .select({ currency: tenants.defaultCurrency })
    .from(tenants)
    .where(eq(tenants.id, ctx.tenantId ?? ''));
  return row?.currency ?? 'USD';
}

/** Subscribes the aggregate to order and cart events. */
export function registerSalesHandlers(events: EventBus): void {
  events.subscribe<OrderMoneyPayload>(OrderEvents.confirmed, 'marketplace.sales.confirmed', (ctx, e) =>
    bump(ctx, orderDeltas(e.payload, 1)),
  );
  events.subscribe<OrderCancelledPayload>(OrderEvents.cancelled, 'marketplace.sales.cancelled', async (ctx, e) => {
    if (e.payload.wasConfirmed) await bump(ctx, orderDeltas(e.payload, -1));
  });
  events.subscribe<OrderRefundedPayload>(OrderEvents.refunded, 'marketplace.sales.refunded', (ctx, e) => {
    const day = utcDay(e.payload.refundedAt);
    const { currency, amount } = e.payload;
    return bump(ctx, [
      { day, vendorId: STORE_WIDE, currency, refunds: amount },
      { day, vendorId: e.payload.vendorId, currency, refunds: amount },
    ]);
  });
  events.subscribe<CartCreatedPayload>(
    CartEvents.created,
    'marketplace.sales.cart_created',
    async (ctx, e: DomainEvent<CartCreatedPayload>) => {
      await bump(ctx, [
        { day: utcDay(e.occurredAt), vendorId: STORE_WIDE, currency: await storeCurrency(ctx), carts: 1 },
      ]);
    },
  );
}

// -------------------------------------------------------------------------------------- reports

const DAY_MS = 86_400_000;

/** The validated range: defaults to the 30 days up to today (UTC); at most 366 days. */
export function rangeOf(q: Pick<SalesQuery, 'from' | 'to'>, today = new Date()): { from: string; to: string } {
  const to = q.to ?? today.toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  for (const d of [from, to]) {
    const year = Number(d.slice(0, 4));
    if (year < 1970 || year > 9999) throw new BadRequest('invalid_range', `${d} is outside the years 1970–9999.`);
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw new BadRequest('invalid_range', '`from` must not be after `to`.');
  if (days > MAX_RANGE_DAYS) {
    throw new BadRequest('range_too_long', `A report covers at most ${MAX_RANGE_DAYS} days; narrow \`from\`–\`to\`.`);
  }
  return { from, to };
}

/** Average order value and conversion from the sums of a period. */
function figures(orders: number, revenue: number, refunds: number, carts: number, currency: string) {
  return {
    orders,
    revenue: { amount: revenue, currency },
    refunds: { amount: refunds, currency },
    averageOrderValue: { amount: orders > 0 ? Math.round(revenue / orders) : 0, currency },
    carts,
    conversionRate: carts > 0 ? Math.round((Math.max(0, orders) / carts) * 10_000) / 10_000 : 0,
  };
}

/** `date_trunc` units, spelled out so the interval is never interpolated from input. */
const UNITS = { day: sql.raw(`'day'`), week: sql.raw(`'week'`), month: sql.raw(`'month'`) } as const;
const STEPS = { day: sql.raw(`'1 day'`), week: sql.raw(`'1 week'`), month: sql.raw(`'1 month'`) } as const;
type SalesInterval = keyof typeof UNITS;

/** Whose figures a report holds. */
interface ReportScope {
  /** The vendor whose orders, revenue and refunds are counted; null for the whole store. */
  vendorId: string | null;
  /** Whether store-wide carts (and so conversion) are shown: not to a vendor, who must not learn the store's traffic. */
  storeTraffic: boolean;
}

/**
 * Orders, revenue, refunds, average order value and conversion per period (zero-filled), the
 * totals and the vendors by revenue, from `sales_daily` alone, for one scope: the admin report and a
 * vendor's own share this query.
 */
async function salesReport(
  tx: TxContext,
  range: { from: string; to: string; interval: SalesInterval },
  scope: ReportScope,
): Promise<SalesReport> {
  const { from, to, interval } = range;
  const vendorKey = scope.vendorId ?? STORE_WIDE;
  const unit = UNITS[interval];
  const step = STEPS[interval];
  const currency = await storeCurrency(tx);
  const series = rowsOf<{ period: string; orders: number; revenue: string; refunds: string; carts: number }>(
    await tx.tx.execute(sql`
      with periods as (
        select p::date as period
        from generate_series(date_trunc(${unit}, ${from}::date::timestamp),
                             date_trunc(${unit}, ${to}::date::timestamp), ${step}::interval) as p
      ),
      sales as (
        select date_trunc(${unit}, day::timestamp)::date as period,
               sum(orders) as orders, sum(revenue) as revenue, sum(refunds) as refunds
        from sales_daily
        where vendor_id = ${vendorKey}::uuid and day between ${from}::date and ${to}::date
        group by 1
      ),
      visits as (
        select date_trunc(${unit}, day::timestamp)::date as period, sum(carts) as carts
        from sales_daily
        where ${scope.storeTraffic}::boolean
          and vendor_id = ${STORE_WIDE}::uuid and day between ${from}::date and ${to}::date
        group by 1
      )
      select to_char(periods.period, 'YYYY-MM-DD') as period,
             coalesce(sales.orders, 0)::int as orders,
             coalesce(sales.revenue, 0)::text as revenue,
             coalesce(sales.refunds, 0)::text as refunds,
             coalesce(visits.carts, 0)::int as carts
      from periods
      left join sales on sales.period = periods.period
      left join visits on visits.period = periods.period
      order by periods.period`),
  );
  const vendorRows = rowsOf<{ vendor_id: string; orders: number; revenue: string }>(
    await tx.tx.execute(sql`
      select vendor_id, sum(orders)::int as orders, sum(revenue)::text as revenue
      from sales_daily
      where vendor_id <> ${STORE_WIDE}::uuid and day between ${from}::date and ${to}::date
        ${scope.vendorId ? sql`and vendor_id = ${scope.vendorId}::uuid` : sql``}
      group by vendor_id
      order by sum(revenue) desc, vendor_id
      limit 100`),
  );
  const names = await vendorSummaries(
    tx.tx,
    vendorRows.map((v) => v.vendor_id),
  );
  const total = { orders: 0, revenue: 0, refunds: 0, carts: 0 };
  const points = series.map((r) => {
    const revenue = Number(r.revenue);
    const refunds = Number(r.refunds);
    total.orders += r.orders;
    total.revenue += revenue;
    total.refunds += refunds;
    total.carts += r.carts;
    return { period: r.period, ...figures(r.orders, revenue, refunds, r.carts, currency) };
  });
  return {
    currency,
    interval,
    from,
    to,
    vendorId: scope.vendorId,
    series: points,
    totals: figures(total.orders, total.revenue, total.refunds, total.carts, currency),
    vendors: vendorRows.map((v) => ({
      vendorId: v.vendor_id,
      name: names.get(v.vendor_id)?.name ?? null,
      orders: v.orders,
      revenue: { amount: Number(v.revenue), currency },
    })),
  };
}

export interface SalesDeps {
  uow: UnitOfWork;
}

export function createSalesService({ uow }: SalesDeps) {
  return {
    /**
     * The store's report (needs `analytics:read`). With `vendorId`, that vendor's orders and revenue
     * (conversion still counts the store's carts).
     */
    report(ctx: RequestContext, q: SalesQuery): Promise<SalesReport> {
      assertCan(ctx.actor, 'analytics:read');
      const range = { ...rangeOf(q), interval: q.interval ?? 'day' };
      return uow(ctx, (tx) => salesReport(tx, range, { vendorId: q.vendorId ?? null, storeTraffic: true }));
    },

    /**
     * The signed-in vendor's own report (403 `not_a_vendor` for anyone else): its orders, revenue and
     * refunds, its own row alone in `vendors`, and no store traffic (carts and conversion are 0).
     */
    vendorReport(ctx: RequestContext, q: VendorSalesQuery): Promise<SalesReport> {
      assertVendor(ctx.actor);
      const range = { ...rangeOf(q), interval: q.interval ?? 'day' };
      return uow(ctx, async (tx) => salesReport(tx, range, { vendorId: await actingVendor(tx), storeTraffic: false }));
    },
  };
}

export type SalesService = ReturnType<typeof createSalesService>;
