/**
 * The store administration of what it charges besides prices: tax rates, shipping zones with their
 * per-vendor rates, coupons and automatic promotions. Writes are versioned (If-Match), soft-deleted
 * and audited with before and after; the cart's pricing reads the same tables on its next quote.
 *
 * Amounts arrive as `{ amount, currency }` and must be in the store's currency: a store prices in
 * one currency, and an amount in another would silently mean something else.
 */
import { type SQL, and, asc, eq, ilike, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { softDelete, updateVersioned } from '../../platform/db/versioning.js';
import { BadRequest, BusinessRuleViolation, Conflict, NotFound } from '../../platform/errors.js';
import { type Keyed, type ListInput, keysetOf, positionOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { vendorSummaries } from '../catalog/index.js';
import { type Permission, assertCan } from '../identity/index.js';
import { tenants } from '../tenancy/index.js';
import type {
  Coupon,
  CouponListQuery,
  CreateCouponBody,
  CreateShippingZoneBody,
  CreateTaxRateBody,
  Money,
  ShippingRate,
  ShippingRateInput,
  ShippingZone,
  ShippingZoneListQuery,
  TaxRate,
  TaxRateListQuery,
  UpdateCouponBody,
  UpdateShippingZoneBody,
  UpdateTaxRateBody,
} from './pricing.admin.schemas.js';
import { coupons, shippingRates, shippingZones, taxRates } from './pricing.tables.js';

export interface PricingAdminDeps {
  uow: UnitOfWork;
}

type TaxRateRow = typeof taxRates.$inferSelect;
type ZoneRow = typeof shippingZones.$inferSelect;
type RateRow = typeof shippingRates.$inferSelect;
type CouponRow = typeof coupons.$inferSelect;

// ---------------------------------------------------------------------------------------- errors

class TaxRateNotFound extends NotFound {
  constructor() {
    super('tax_rate_not_found', 'No tax rate with this id exists in this store.');
  }
}

class ShippingZoneNotFound extends NotFound {
  constructor() {
    super('shipping_zone_not_found', 'No shipping zone with this id exists in this store.');
  }
}

class CouponNotFound extends NotFound {
  constructor() {
    super('coupon_not_found', 'No coupon with this id exists in this store.');
  }
}

class TaxRateExists extends Conflict {
  constructor(country: string, region: string | null) {
    super(
      'tax_rate_exists',
      `This store already has a tax rate for ${region ? `${country}-${region}` : country}; change that one instead.`,
      { country, region },
    );
  }
}

class CouponCodeTaken extends Conflict {
  constructor(code: string) {
    super('coupon_code_taken', `The code ${code} is already used by another coupon of this store.`, {
      couponCode: code,
    });
  }
}

// --------------------------------------------------------------------------------------- helpers

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The PostgreSQL error code and constraint of a failed statement (drivers wrap it in `cause`). */
function pgErrorOf(err: unknown): { code: string; constraint: string } | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^\d{2}[0-9A-Z]{3}$/.test(code)) {
      return { code, constraint: typeof constraint === 'string' ? constraint : '' };
    }
  }
  return undefined;
}

/** `%` and `_` of user input taken literally in an ILIKE pattern. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function storeCurrency(ctx: TxContext): Promise<string> {
  if (ctx.tenant) return ctx.tenant.defaultCurrency;
  if (!ctx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
  const [row] = await ctx.tx
    .select({ currency: tenants.defaultCurrency })
    .from(tenants)
    .where(eq(tenants.id, ctx.tenantId));
  if (!row) throw new BadRequest('tenant_required', 'This request must name a store.');
  return row.currency;
}

/** The amount of `money`, which must be in the store's currency (422 `currency_mismatch`). */
function amountIn(money: Money, currency: string, field: string): number {
  if (money.currency !== currency) {
    throw new BusinessRuleViolation(
      'currency_mismatch',
      `${field} is in ${money.currency}, but this store prices in ${currency}.`,
      { field, currency },
    );
  }
  return money.amount;
}

/** Every vendor named must be one of this store's (422 `unknown_vendor`). */
async function assertVendors(ctx: TxContext, ids: Array<string | null | undefined>): Promise<void> {
  const wanted = [...new Set(ids.filter((v): v is string => typeof v === 'string'))];
  if (wanted.length === 0) return;
  const found = await vendorSummaries(ctx.tx, wanted);
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new BusinessRuleViolation('unknown_vendor', 'Every vendorId must be a vendor of this store.', {
      vendorIds: missing,
    });
  }
}

/** Only the fields that changed, before and after: what the audit entry of an update keeps. */
function diff<T extends Record<string, unknown>>(before: T, after: T) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === 'version' || key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

// --------------------------------------------------------------------------------------- mappers

const toTaxRate = (r: TaxRateRow): TaxRate => ({
  id: r.id,
  name: r.name,
  country: r.country,
  region: r.region,
  rateBps: r.rateBps,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

const toRate = (r: RateRow, currency: string): ShippingRate => ({
  id: r.id,
  vendorId: r.vendorId,
  name: r.name,
  kind: r.kind,
  amount: { amount: r.amount, currency },
  perKgAmount: { amount: r.perKgAmount, currency },
  freeOver: r.freeOver === null ? null : { amount: r.freeOver, currency },
  estimatedDays: { min: r.minDays, max: r.maxDays },
});

const toZone = (z: ZoneRow, rates: RateRow[], currency: string): ShippingZone => ({
  id: z.id,
  name: z.name,
  countries: z.countries,
  regions: z.regions,
  rates: rates.map((r) => toRate(r, currency)),
  version: z.version,
  createdAt: z.createdAt.toISOString(),
  updatedAt: z.updatedAt.toISOString(),
  deletedAt: iso(z.deletedAt),
});

const toCoupon = (c: CouponRow, currency: string): Coupon => ({
  id: c.id,
  code: c.code,
  name: c.name,
  kind: c.kind,
  value: c.value,
  vendorId: c.vendorId,
  automatic: c.automatic,
  active: c.active,
  minSubtotal: { amount: c.minSubtotal, currency },
  startsAt: iso(c.startsAt),
  endsAt: iso(c.endsAt),
  usageLimit: c.usageLimit,
  perCustomerLimit: c.perCustomerLimit,
  usedCount: c.usedCount,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  deletedAt: iso(c.deletedAt),
});

// ---------------------------------------------------------------------------------- validation

/** The columns of one shipping rate from its input, in the store's currency. */
function rateValues(input: ShippingRateInput, currency: string, index: number) {
  const at = `rates[${index}]`;
  const days = input.estimatedDays ?? { min: 2, max: 5 };
  if (days.max < days.min) {
    throw new BusinessRuleViolation('invalid_estimated_days', `${at}.estimatedDays.max is below its min.`);
  }
  return {
    vendorId: input.vendorId ?? null,
    name: input.name,
    kind: input.kind ?? 'flat',
    amount: amountIn(input.amount, currency, `${at}.amount`),
    perKgAmount: input.perKgAmount ? amountIn(input.perKgAmount, currency, `${at}.perKgAmount`) : 0,
    freeOver: input.freeOver ? amountIn(input.freeOver, currency, `${at}.freeOver`) : null,
    minDays: days.min,
    maxDays: days.max,
  };
}

/** A region of a zone must be in one of its countries. */
function assertRegions(countries: string[], regions: string[]): void {
  const outside = regions.filter((r) => !countries.includes(r.slice(0, 2)));
  if (outside.length > 0) {
    throw new BusinessRuleViolation(
      'region_outside_zone',
      `These regions are not in the zone's countries: ${outside.join(', ')}.`,
      { regions: outside },
    );
  }
}

interface CouponState {
  code: string | null;
  kind: CouponRow['kind'];
  value: number;
  automatic: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  usedCount: number;
}

/** The rules of a coupon as a whole, after a create or a change. */
function assertCoupon(c: CouponState): void {
  if (c.kind === 'percentage' && (c.value < 1 || c.value > 10000)) {
    throw new BusinessRuleViolation(
      'invalid_coupon_value',
      'A percentage coupon takes 1–10000 basis points (1000 = 10 %).',
    );
  }
  if (c.kind === 'fixed' && c.value < 1) {
    throw new BusinessRuleViolation('invalid_coupon_value', 'A fixed coupon takes an amount above 0, in minor units.');
  }
  if (!c.automatic && !c.code) {
    throw new BusinessRuleViolation('coupon_code_required', 'Only an automatic promotion may be without a code.');
  }
  if (c.startsAt && c.endsAt && c.endsAt.getTime() <= c.startsAt.getTime()) {
    throw new BusinessRuleViolation('invalid_coupon_period', 'endsAt must be after startsAt.');
  }
  if (c.usageLimit !== null && c.usageLimit < c.usedCount) {
    throw new BusinessRuleViolation(
      'usage_limit_below_used',
      `The coupon was already used ${c.usedCount} times; the limit cannot be lower.`,
      { usedCount: c.usedCount },
    );
  }
}

/** A timestamp of the request; years outside 1970–9999 are refused (PostgreSQL has no year 0). */
function dateOrNull(v: string | null | undefined): Date | null {
  if (!v) return null;
  const at = new Date(v);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1970 || year > 9999) {
    throw new BadRequest('invalid_timestamp', `${v} is not a time this API accepts (years 1970–9999).`);
  }
  return at;
}

// --------------------------------------------------------------------------------------- service

export function createPricingAdminService({ uow }: PricingAdminDeps) {
  /** Authorise, then run `fn` in the request's tenant transaction. */
  const as = <T>(ctx: RequestContext, permission: Permission, fn: (tx: TxContext) => Promise<T>) => {
    assertCan(ctx.actor, permission);
    return uow(ctx, fn);
  };

  /** Runs a write and turns a unique-index race into the conflict the caller would have got. */
  async function guarded<T>(write: () => Promise<T>, conflicts: Record<string, () => Error>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const pg = pgErrorOf(err);
      if (pg?.code === '23505' && conflicts[pg.constraint]) throw (conflicts[pg.constraint] as () => Error)();
      // A concurrent checkout counted a use between the check and the write.
      if (pg?.code === '23514' && pg.constraint === 'coupons_usage_check') {
        throw new BusinessRuleViolation('usage_limit_below_used', 'The coupon was used more often than this limit.');
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------------------ tax rates

  async function liveTaxRate(tx: TxContext, id: string): Promise<TaxRateRow> {
    const [row] = await tx.tx
      .select()
      .from(taxRates)
      .where(and(eq(taxRates.id, id), isNull(taxRates.deletedAt)));
    if (!row) throw new TaxRateNotFound();
    return row;
  }

  async function assertFreePlace(tx: TxContext, country: string, region: string | null, except?: string) {
    const [taken] = await tx.tx
      .select({ id: taxRates.id })
      .from(taxRates)
      .where(
        and(
          eq(taxRates.country, country),
          sql`coalesce(${taxRates.region}, '') = ${region ?? ''}`,
          isNull(taxRates.deletedAt),
          except ? ne(taxRates.id, except) : undefined,
        ),
      );
    if (taken) throw new TaxRateExists(country, region);
  }

  // ------------------------------------------------------------------------- shipping zones

  async function liveZone(tx: TxContext, id: string, lock = false): Promise<ZoneRow> {
    const q = tx.tx
      .select()
      .from(shippingZones)
      .where(and(eq(shippingZones.id, id), isNull(shippingZones.deletedAt)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new ShippingZoneNotFound();
    return row;
  }

  /** The live rates of the zones, by zone, in one query. */
  async function ratesOf(tx: TxContext, zoneIds: string[]): Promise<Map<string, RateRow[]>> {
    const byZone = new Map<string, RateRow[]>(zoneIds.map((id) => [id, []]));
    if (zoneIds.length === 0) return byZone;
    const rows = await tx.tx
      .select()
      .from(shippingRates)
      .where(and(inArray(shippingRates.zoneId, zoneIds), isNull(shippingRates.deletedAt)))
      .orderBy(asc(shippingRates.createdAt), asc(shippingRates.id));
    for (const r of rows) byZone.get(r.zoneId)?.push(r);
    return byZone;
  }

  async function zoneView(tx: TxContext, zone: ZoneRow, currency: string): Promise<ShippingZone> {
    return toZone(zone, (await ratesOf(tx, [zone.id])).get(zone.id) ?? [], currency);
  }

  /**
   * Makes the zone's live rates the given list: rates named by `id` change in place (a cart that
   * chose one keeps it), rates without one are added, the others are soft-deleted.
   */
  async function replaceRates(tx: TxContext, zoneId: string, inputs: ShippingRateInput[], currency: string) {
    const values = inputs.map((r, i) => rateValues(r, currency, i));
    await assertVendors(
      tx,
      values.map((v) => v.vendorId),
    );
    const existing = (await ratesOf(tx, [zoneId])).get(zoneId) ?? [];
    const known = new Set(existing.map((r) => r.id));
    const named = inputs.map((r) => r.id).filter((id): id is string => id !== undefined);
    const unknown = named.filter((id) => !known.has(id));
    if (unknown.length > 0 || new Set(named).size !== named.length) {
      throw new BusinessRuleViolation(
        'shipping_rate_not_found',
        'A rate `id` must name a different, current rate of this zone.',
        { rateIds: unknown },
      );
    }
    await tx.tx
      .update(shippingRates)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${shippingRates.version} + 1` })
      .where(
        and(
          eq(shippingRates.zoneId, zoneId),
          isNull(shippingRates.deletedAt),
          named.length > 0 ? notInArray(shippingRates.id, named) : undefined,
        ),
      );
    const fresh: Array<typeof shippingRates.$inferInsert> = [];
    for (const [i, input] of inputs.entries()) {
      const v = values[i] as ReturnType<typeof rateValues>;
      if (input.id) {
        await tx.tx
          .update(shippingRates)
          .set({ ...v, updatedAt: sql`now()`, version: sql`${shippingRates.version} + 1` })
          .where(eq(shippingRates.id, input.id));
      } else {
        fresh.push({ tenantId: tx.tenantId as string, id: newId(), zoneId, ...v });
      }
    }
    if (fresh.length > 0) await tx.tx.insert(shippingRates).values(fresh);
  }

  // -------------------------------------------------------------------------------- coupons

  async function liveCoupon(tx: TxContext, id: string): Promise<CouponRow> {
    const [row] = await tx.tx
      .select()
      .from(coupons)
      .where(and(eq(coupons.id, id), isNull(coupons.deletedAt)));
    if (!row) throw new CouponNotFound();
    return row;
  }

  async function assertFreeCode(tx: TxContext, code: string | null, except?: string) {
    if (!code) return;
    const [taken] = await tx.tx
      .select({ id: coupons.id })
      .from(coupons)
      .where(and(eq(coupons.code, code), isNull(coupons.deletedAt), except ? ne(coupons.id, except) : undefined));
    if (taken) throw new CouponCodeTaken(code);
  }

  /** A page of a table, oldest first, with its keyset positions. */
  async function page<R extends { id: string }>(
    tx: TxContext,
    table: typeof taxRates | typeof shippingZones | typeof coupons,
    q: ListInput,
    where: Array<SQL | undefined>,
  ): Promise<Array<{ row: R; key: [string, string] }>> {
    const keyset = keysetOf(table, q.cursor, false);
    const rows = (await tx.tx
      .select({ row: table, position: positionOf(table.createdAt) })
      .from(table as typeof taxRates)
      .where(and(...where, keyset.where))
      .orderBy(...keyset.orderBy)
      .limit(q.limit + 1)) as unknown as Array<{ row: R; position: string }>;
    return rows.map((r) => ({ row: r.row, key: [r.position, r.row.id] }));
  }

  return {
    // ---------------------------------------------------------------------------- tax rates

    listTaxRates(ctx: RequestContext, q: ListInput & Omit<TaxRateListQuery, 'limit' | 'cursor'>) {
      return as(ctx, 'settings:manage', async (tx): Promise<Array<Keyed<TaxRate>>> => {
        const rows = await page<TaxRateRow>(tx, taxRates, q, [
          q.includeDeleted ? undefined : isNull(taxRates.deletedAt),
          q.country ? eq(taxRates.country, q.country) : undefined,
        ]);
        return rows.map((r) => ({ key: r.key, item: toTaxRate(r.row) }));
      });
    },

    createTaxRate(ctx: RequestContext, body: CreateTaxRateBody): Promise<TaxRate> {
      const region = body.region ?? null;
      return guarded(
        () =>
          as(ctx, 'settings:manage', async (tx) => {
            await assertFreePlace(tx, body.country, region);
            const [row] = await tx.tx
              .insert(taxRates)
              .values({ tenantId: tx.tenantId as string, id: newId(), ...body, region })
              .returning();
            const view = toTaxRate(row as TaxRateRow);
            await recordAudit(tx, {
              action: 'tax_rate.created',
              entityType: 'tax_rate',
              entityId: view.id,
              before: null,
              after: view,
            });
            return view;
          }),
        { tax_rates_place_idx: () => new TaxRateExists(body.country, region) },
      );
    },

    updateTaxRate(ctx: RequestContext, id: string, version: number, body: UpdateTaxRateBody): Promise<TaxRate> {
      let place: [string, string | null] = ['', null];
      return guarded(
        () =>
          as(ctx, 'settings:manage', async (tx) => {
            const before = await liveTaxRate(tx, id);
            place = [body.country ?? before.country, body.region === undefined ? before.region : body.region];
            if (place[0] !== before.country || place[1] !== before.region) await assertFreePlace(tx, ...place, id);
            const after = await updateVersioned(tx.tx, taxRates, id, version, { ...body }, () => new TaxRateNotFound());
            const view = toTaxRate(after);
            await recordAudit(tx, {
              action: 'tax_rate.updated',
              entityType: 'tax_rate',
              entityId: id,
              ...diff(toTaxRate(before), view),
            });
            return view;
          }),
        { tax_rates_place_idx: () => new TaxRateExists(...place) },
      );
    },

    deleteTaxRate(ctx: RequestContext, id: string, version: number): Promise<void> {
      return as(ctx, 'settings:manage', async (tx) => {
        const before = await liveTaxRate(tx, id);
        await softDelete(tx.tx, taxRates, id, version, () => new TaxRateNotFound());
        await recordAudit(tx, {
          action: 'tax_rate.deleted',
          entityType: 'tax_rate',
          entityId: id,
          before: toTaxRate(before),
          after: null,
        });
      });
    },

    // ----------------------------------------------------------------------- shipping zones

    listShippingZones(ctx: RequestContext, q: ListInput & Omit<ShippingZoneListQuery, 'limit' | 'cursor'>) {
      return as(ctx, 'settings:manage', async (tx): Promise<Array<Keyed<ShippingZone>>> => {
        const currency = await storeCurrency(tx);
        const rows = await page<ZoneRow>(tx, shippingZones, q, [
          q.includeDeleted ? undefined : isNull(shippingZones.deletedAt),
          q.country ? sql`${q.country} = any(${shippingZones.countries})` : undefined,
        ]);
        const rates = await ratesOf(
          tx,
          rows.map((r) => r.row.id),
        );
        return rows.map((r) => ({ key: r.key, item: toZone(r.row, rates.get(r.row.id) ?? [], currency) }));
      });
    },

    createShippingZone(ctx: RequestContext, body: CreateShippingZoneBody): Promise<ShippingZone> {
      return as(ctx, 'settings:manage', async (tx) => {
        const currency = await storeCurrency(tx);
        const regions = body.regions ?? [];
        assertRegions(body.countries, regions);
        if (body.rates?.some((r) => r.id !== undefined)) {
          throw new BusinessRuleViolation('shipping_rate_not_found', 'A new zone has no rates to name by `id`.');
        }
        const id = newId();
        const [zone] = await tx.tx
          .insert(shippingZones)
          .values({ tenantId: tx.tenantId as string, id, name: body.name, countries: body.countries, regions })
          .returning();
        if (body.rates?.length) await replaceRates(tx, id, body.rates, currency);
        const view = await zoneView(tx, zone as ZoneRow, currency);
        await recordAudit(tx, {
          action: 'shipping_zone.created',
          entityType: 'shipping_zone',
          entityId: id,
          before: null,
          after: view,
        });
        return view;
      });
    },

    updateShippingZone(
      ctx: RequestContext,
      id: string,
      version: number,
      body: UpdateShippingZoneBody,
    ): Promise<ShippingZone> {
      return as(ctx, 'settings:manage', async (tx) => {
        const currency = await storeCurrency(tx);
        const current = await liveZone(tx, id, true);
        const before = await zoneView(tx, current, currency);
        assertRegions(body.countries ?? current.countries, body.regions ?? current.regions);
        const { rates, ...fields } = body;
        // The version check first: a stale request changes no rate.
        const zone = await updateVersioned(
          tx.tx,
          shippingZones,
          id,
          version,
          { ...fields },
          () => new ShippingZoneNotFound(),
        );
        if (rates) await replaceRates(tx, id, rates, currency);
        const after = await zoneView(tx, zone, currency);
        await recordAudit(tx, {
          action: 'shipping_zone.updated',
          entityType: 'shipping_zone',
          entityId: id,
          ...diff(before, after),
        });
        return after;
      });
    },

    deleteShippingZone(ctx: RequestContext, id: string, version: number): Promise<void> {
      return as(ctx, 'settings:manage', async (tx) => {
        const currency = await storeCurrency(tx);
        const before = await zoneView(tx, await liveZone(tx, id, true), currency);
        await softDelete(tx.tx, shippingZones, id, version, () => new ShippingZoneNotFound());
        await tx.tx
          .update(shippingRates)
          .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${shippingRates.version} + 1` })
          .where(and(eq(shippingRates.zoneId, id), isNull(shippingRates.deletedAt)));
        await recordAudit(tx, {
          action: 'shipping_zone.deleted',
          entityType: 'shipping_zone',
          entityId: id,
          before,
          after: null,
        });
      });
    },

    // ------------------------------------------------------------------------------- coupons

    listCoupons(ctx: RequestContext, q: ListInput & Omit<CouponListQuery, 'limit' | 'cursor'>) {
      return as(ctx, 'coupons:manage', async (tx): Promise<Array<Keyed<Coupon>>> => {
        const currency = await storeCurrency(tx);
        const rows = await page<CouponRow>(tx, coupons, q, [
          q.includeDeleted ? undefined : isNull(coupons.deletedAt),
          q.q ? ilike(coupons.code, containsPattern(q.q.toUpperCase())) : undefined,
          q.active === undefined ? undefined : eq(coupons.active, q.active),
          q.automatic === undefined ? undefined : eq(coupons.automatic, q.automatic),
        ]);
        return rows.map((r) => ({ key: r.key, item: toCoupon(r.row, currency) }));
      });
    },

    createCoupon(ctx: RequestContext, body: CreateCouponBody): Promise<Coupon> {
      const code = body.code ? body.code.toUpperCase() : null;
      return guarded(
        () =>
          as(ctx, 'coupons:manage', async (tx) => {
            const currency = await storeCurrency(tx);
            const values = {
              code,
              name: body.name,
              kind: body.kind,
              value: body.kind === 'free_shipping' ? 0 : (body.value ?? 0),
              vendorId: body.vendorId ?? null,
              automatic: body.automatic ?? false,
              active: body.active ?? true,
              minSubtotal: body.minSubtotal ? amountIn(body.minSubtotal, currency, 'minSubtotal') : 0,
              startsAt: dateOrNull(body.startsAt),
              endsAt: dateOrNull(body.endsAt),
              usageLimit: body.usageLimit ?? null,
              perCustomerLimit: body.perCustomerLimit ?? null,
            };
            assertCoupon({ ...values, usedCount: 0 });
            await assertVendors(tx, [values.vendorId]);
            await assertFreeCode(tx, code);
            const [row] = await tx.tx
              .insert(coupons)
              .values({ tenantId: tx.tenantId as string, id: newId(), ...values })
              .returning();
            const view = toCoupon(row as CouponRow, currency);
            await recordAudit(tx, {
              action: 'coupon.created',
              entityType: 'coupon',
              entityId: view.id,
              before: null,
              after: view,
            });
            return view;
          }),
        { coupons_code_idx: () => new CouponCodeTaken(code ?? '') },
      );
    },

    updateCoupon(ctx: RequestContext, id: string, version: number, body: UpdateCouponBody): Promise<Coupon> {
      const code = body.code ? body.code.toUpperCase() : body.code;
      return guarded(
        () =>
          as(ctx, 'coupons:manage', async (tx) => {
            const currency = await storeCurrency(tx);
            const before = await liveCoupon(tx, id);
            const { minSubtotal, startsAt, endsAt, ...rest } = body;
            const values: Partial<typeof coupons.$inferInsert> = { ...rest };
            if (code !== undefined) values.code = code;
            if (minSubtotal !== undefined) values.minSubtotal = amountIn(minSubtotal, currency, 'minSubtotal');
            if (startsAt !== undefined) values.startsAt = dateOrNull(startsAt);
            if (endsAt !== undefined) values.endsAt = dateOrNull(endsAt);
            const kind = values.kind ?? before.kind;
            if (kind === 'free_shipping') values.value = 0;
            assertCoupon({
              code: values.code === undefined ? before.code : values.code,
              kind,
              value: values.value ?? before.value,
              automatic: values.automatic ?? before.automatic,
              startsAt: values.startsAt === undefined ? before.startsAt : values.startsAt,
              endsAt: values.endsAt === undefined ? before.endsAt : values.endsAt,
              usageLimit: values.usageLimit === undefined ? before.usageLimit : values.usageLimit,
              usedCount: before.usedCount,
            });
            await assertVendors(tx, [values.vendorId]);
            if (values.code && values.code !== before.code) await assertFreeCode(tx, values.code, id);
            const after = await updateVersioned(tx.tx, coupons, id, version, values, () => new CouponNotFound());
            const view = toCoupon(after, currency);
            await recordAudit(tx, {
              action: 'coupon.updated',
              entityType: 'coupon',
              entityId: id,
              ...diff(toCoupon(before, currency), view),
            });
            return view;
          }),
        { coupons_code_idx: () => new CouponCodeTaken(code ?? '') },
      );
    },

    deleteCoupon(ctx: RequestContext, id: string, version: number): Promise<void> {
      return as(ctx, 'coupons:manage', async (tx) => {
        const currency = await storeCurrency(tx);
        const before = await liveCoupon(tx, id);
        await softDelete(tx.tx, coupons, id, version, () => new CouponNotFound());
        await recordAudit(tx, {
          action: 'coupon.deleted',
          entityType: 'coupon',
          entityId: id,
          before: toCoupon(before, currency),
          after: null,
        });
      });
    },
  };
}

export type PricingAdminService = ReturnType<typeof createPricingAdminService>;
