/**
 * The store's pricing rules as the pure module takes them (`loadPricingRules`), and coupon usage
 * counted at checkout (`redeemPromotions` / `releasePromotions`).
 *
 * Loading costs a fixed number of queries whatever the cart holds. Usage is counted by the
 * database, not read and then written: `used_count` rises only through a conditional UPDATE that
 * checks `usage_limit` in its WHERE clause, and a customer's count only through an upsert whose
 * update checks `per_customer_limit`. Concurrent checkouts of a coupon with 10 uses left therefore
 * redeem exactly 10 times: the row lock makes the eleventh re-read the counter and match nothing.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { BusinessRuleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { couponUsages, coupons, shippingRates, shippingZones, taxRates } from './pricing.tables.js';
import type { PromotionRule, ShippingRateRule, ShippingZoneRule, TaxRateRule } from './pricing.types.js';

export interface PricingRuleQuery {
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string | null;
  /** Coupon codes the shopper entered (any case). */
  codes: string[];
  /** The vendors in the cart: their own shipping rates and automatic promotions are loaded. */
  vendorIds: string[];
  /** A user id, or a guest's email blind index; null when not known yet. */
  customerKey: string | null;
}

export interface PricingRules {
  taxRates: TaxRateRule[];
  zones: ShippingZoneRule[];
  rates: ShippingRateRule[];
  promotions: PromotionRule[];
  /** Codes (upper case) that match no live coupon. */
  unknownCodes: string[];
}

/** Codes are stored upper case; what shoppers type is matched the same way. */
export const normaliseCode = (code: string): string => code.trim().toUpperCase();

export async function loadPricingRules(tx: Queryable, q: PricingRuleQuery): Promise<PricingRules> {
  const country = q.country.toUpperCase();
  const region = q.region?.toUpperCase() ?? null;
  const codes = [...new Set(q.codes.map(normaliseCode).filter((c) => c.length > 0))];

  const taxRows = await tx
    .select({ id: taxRates.id, country: taxRates.country, region: taxRates.region, rateBps: taxRates.rateBps })
    .from(taxRates)
    .where(
      and(
        eq(taxRates.country, country),
        isNull(taxRates.deletedAt),
        region === null ? isNull(taxRates.region) : or(isNull(taxRates.region), eq(taxRates.region, region)),
      ),
    );

  const zoneRows = await tx
    .select({
      id: shippingZones.id,
      name: shippingZones.name,
      countries: shippingZones.countries,
      regions: shippingZones.regions,
    })
    .from(shippingZones)
    .where(and(sql`${country} = any(${shippingZones.countries})`, isNull(shippingZones.deletedAt)))
    .orderBy(shippingZones.createdAt, shippingZones.id);

  const zoneIds = zoneRows.map((z) => z.id);
  const rateRows =
    zoneIds.length === 0
      ? []
      : await tx
          .select({
            id: shippingRates.id,
            zoneId: shippingRates.zoneId,
            vendorId: shippingRates.vendorId,
            name: shippingRates.name,
            kind: shippingRates.kind,
            amount: shippingRates.amount,
            perKgAmount: shippingRates.perKgAmount,
            freeOver: shippingRates.freeOver,
            minDays: shippingRates.minDays,
            maxDays: shippingRates.maxDays,
          })
          .from(shippingRates)
          .where(
            and(
              inArray(shippingRates.zoneId, zoneIds),
              isNull(shippingRates.deletedAt),
              q.vendorIds.length > 0
                ? or(isNull(shippingRates.vendorId), inArray(shippingRates.vendorId, q.vendorIds))
                : isNull(shippingRates.vendorId),
            ),
          )
          .orderBy(shippingRates.createdAt, shippingRates.id);

  // Coded coupons whatever their vendor (one for a vendor not in the cart is reported as not
  // applicable rather than unknown); automatic promotions only for the store or the cart's vendors.
  const automatic = and(
    eq(coupons.automatic, true),
    eq(coupons.active, true),
    q.vendorIds.length > 0
      ? or(isNull(coupons.vendorId), inArray(coupons.vendorId, q.vendorIds))
      : isNull(coupons.vendorId),
  );
  const couponRows = await tx
    .select({
      coupon: coupons,
      customerCount: q.customerKey === null ? sql<number | null>`null` : couponUsages.count,
    })
    .from(coupons)
    .leftJoin(
      couponUsages,
      and(
        eq(couponUsages.tenantId, coupons.tenantId),
        eq(couponUsages.couponId, coupons.id),
        eq(couponUsages.customerKey, q.customerKey ?? ''),
      ),
    )
    .where(and(isNull(coupons.deletedAt), codes.length > 0 ? or(inArray(coupons.code, codes), automatic) : automatic))
    .orderBy(coupons.createdAt, coupons.id);

  const promotions: PromotionRule[] = couponRows.map(({ coupon: c, customerCount }) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    kind: c.kind,
    value: c.value,
    vendorId: c.vendorId,
    // A coupon that is both coded and automatic counts as automatic only when its code was not typed.
    automatic: c.automatic && (c.code === null || !codes.includes(c.code)),
    active: c.active,
    minSubtotal: c.minSubtotal,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    remainingUses: c.usageLimit === null ? null : Math.max(0, c.usageLimit - c.usedCount),
    remainingForCustomer:
      c.perCustomerLimit === null || q.customerKey === null
        ? null
        : Math.max(0, c.perCustomerLimit - (customerCount ?? 0)),
  }));
  const found = new Set(couponRows.map((r) => r.coupon.code).filter((c): c is string => c !== null));

  return {
    taxRates: taxRows,
    zones: zoneRows,
    rates: rateRows,
    promotions,
    unknownCodes: codes.filter((c) => !found.has(c)),
  };
}

export interface PromotionUse {
  promotionIds: string[];
  /** A user id, or a guest's email blind index. */
  customerKey: string;
}

class UsageLimitReached extends BusinessRuleViolation {
  constructor(code: string | null, perCustomer: boolean) {
    super(
      'coupon_usage_limit_reached',
      perCustomer
        ? `You have already used ${code ? `the coupon ${code}` : 'this promotion'} as often as it allows.`
        : `${code ? `The coupon ${code}` : 'This promotion'} has been used as often as it allows.`,
      // Not `code`: that is the problem's own member.
      { couponCode: code },
    );
  }
}

/** Ids deduplicated and sorted, so concurrent redemptions lock coupon rows in one order. */
const lockOrder = (ids: string[]) => [...new Set(ids)].sort();

/**
 * Counts one use of each promotion for the customer, all or none (a savepoint): the total against
 * `usage_limit`, the customer's against `per_customer_limit`. Throws 422
 * `coupon_usage_limit_reached` (extension `couponCode`) when either limit is already reached, or
 * `coupon_invalid` when the coupon has been deleted since the cart was priced.
 */
export async function redeemPromotions(tx: Queryable, use: PromotionUse): Promise<void> {
  const ids = lockOrder(use.promotionIds);
  if (ids.length === 0) return;
  await tx.transaction(async (sp) => {
    for (const id of ids) {
      const [counted] = await sp
        .update(coupons)
        .set({ usedCount: sql`${coupons.usedCount} + 1` })
        .where(
          and(
            eq(coupons.id, id),
            isNull(coupons.deletedAt),
            or(isNull(coupons.usageLimit), sql`${coupons.usedCount} < ${coupons.usageLimit}`),
          ),
        )
        .returning({ code: coupons.code, perCustomerLimit: coupons.perCustomerLimit });
      if (!counted) {
        const [existing] = await sp
          .select({ code: coupons.code })
          .from(coupons)
          .where(and(eq(coupons.id, id), isNull(coupons.deletedAt)));
        if (!existing) {
          throw new BusinessRuleViolation('coupon_invalid', 'A promotion in this cart no longer exists.', {
            reason: 'unknown',
          });
        }
        throw new UsageLimitReached(existing.code, false);
      }
      const limit = counted.perCustomerLimit;
      const [mine] = await sp
        .insert(couponUsages)
        .values({ id: newId(), couponId: id, customerKey: use.customerKey, count: 1 })
        .onConflictDoUpdate({
          target: [couponUsages.tenantId, couponUsages.couponId, couponUsages.customerKey],
          set: { count: sql`${couponUsages.count} + 1`, updatedAt: sql`now()` },
          ...(limit === null ? {} : { setWhere: sql`${couponUsages.count} < ${limit}` }),
        })
        .returning({ count: couponUsages.count });
      if (!mine) throw new UsageLimitReached(counted.code, true);
    }
  });
}

/** Gives back one use of each promotion (an order that did not go through). */
export async function releasePromotions(tx: Queryable, use: PromotionUse): Promise<void> {
  const ids = lockOrder(use.promotionIds);
  if (ids.length === 0) return;
  await tx
    .update(coupons)
    .set({ usedCount: sql`${coupons.usedCount} - 1` })
    .where(and(inArray(coupons.id, ids), sql`${coupons.usedCount} > 0`));
  await tx
    .update(couponUsages)
    .set({ count: sql`${couponUsages.count} - 1`, updatedAt: sql`now()` })
    .where(
      and(
        inArray(couponUsages.couponId, ids),
        eq(couponUsages.customerKey, use.customerKey),
        sql`${couponUsages.count} > 0`,
      ),
    );
}
