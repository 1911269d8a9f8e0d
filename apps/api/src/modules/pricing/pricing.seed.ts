/**
 * The demo stores' taxes, shipping and promotions (`BAZAAR_DEMO`): enough to price a cart the way
 * each store would (US sales tax by state added at checkout; German, Austrian and Indian tax inside
 * the price), a store-wide standard and express rate per zone, free shipping over a threshold, one
 * vendor's own weight-based rate, two coupons and one automatic promotion.
 *
 * Runs on the seed's transaction as the table owner, inside each store's tenant setting (row-level
 * security is forced for the owner too), after the catalog (the vendor-specific rate needs its
 * vendor). Each part is created only when the store has none of it yet, and each coupon only when
 * its code is free, so a second run changes nothing and an owner's own configuration is kept.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import { newId } from '../../platform/ids.js';
import { tenants } from '../tenancy/index.js';
import { coupons, shippingRates, shippingZones, taxRates } from './pricing.tables.js';

interface SeedRate {
  /** A vendor's own rate, by the vendor's slug; absent: store-wide. */
  vendor?: string;
  name: string;
  kind?: 'flat' | 'weight';
  amount: number;
  perKgAmount?: number;
  freeOver?: number | null;
  minDays: number;
  maxDays: number;
}

interface SeedCoupon {
  code: string | null;
  name: string;
  kind: 'percentage' | 'fixed' | 'free_shipping';
  value: number;
  vendor?: string;
  automatic?: boolean;
  minSubtotal?: number;
  perCustomerLimit?: number;
}

interface SeedPricing {
  store: string;
  taxes: Array<{ name: string; country: string; region?: string; rateBps: number }>;
  zones: Array<{ name: string; countries: string[]; rates: SeedRate[] }>;
  coupons: SeedCoupon[];
}

/** Coupons every demo store offers. */
const commonCoupons: SeedCoupon[] = [
  { code: 'WELCOME10', name: '10 % off your first order', kind: 'percentage', value: 1000, perCustomerLimit: 1 },
  { code: 'FREESHIP', name: 'Free shipping', kind: 'free_shipping', value: 0, minSubtotal: 5000 },
];

export const demoPricing: readonly SeedPricing[] = [
  {
    store: 'demo',
    taxes: [
      { name: 'US (no state tax)', country: 'US', rateBps: 0 },
      { name: 'California sales tax', country: 'US', region: 'CA', rateBps: 725 },
      { name: 'New York sales tax', country: 'US', region: 'NY', rateBps: 400 },
      { name: 'Texas sales tax', country: 'US', region: 'TX', rateBps: 625 },
    ],
    zones: [
      {
        name: 'United States',
        countries: ['US'],
        rates: [
          { name: 'Standard', amount: 599, freeOver: 7500, minDays: 3, maxDays: 6 },
          { name: 'Express', amount: 1999, minDays: 1, maxDays: 2 },
          {
            vendor: 'demo-crafts',
            name: 'Demo Crafts studio shipping',
            kind: 'weight',
            amount: 399,
            perKgAmount: 150,
            freeOver: 10000,
            minDays: 4,
            maxDays: 8,
          },
        ],
      },
      {
        name: 'International',
        countries: ['CA', 'GB', 'DE', 'FR', 'AU'],
        rates: [
          { name: 'International standard', amount: 2499, minDays: 7, maxDays: 14 },
          { name: 'International express', amount: 4999, minDays: 3, maxDays: 5 },
        ],
      },
    ],
    coupons: [
      ...commonCoupons,
      {
        code: null,
        name: '5 % off Demo Crafts over $100',
        kind: 'percentage',
        value: 500,
        vendor: 'demo-crafts',
        automatic: true,
        minSubtotal: 10000,
      },
    ],
  },
  {
    store: 'acme',
    taxes: [
      { name: 'Mehrwertsteuer DE', country: 'DE', rateBps: 1900 },
      { name: 'Umsatzsteuer AT', country: 'AT', rateBps: 2000 },
    ],
    zones: [
      {
        name: 'Deutschland & Österreich',
        countries: ['DE', 'AT'],
        rates: [
          { name: 'Standard', amount: 490, freeOver: 5000, minDays: 2, maxDays: 4 },
          { name: 'Express', amount: 1290, minDays: 1, maxDays: 1 },
        ],
      },
    ],
    coupons: commonCoupons,
  },
  {
    store: 'mumbai',
    taxes: [{ name: 'GST', country: 'IN', rateBps: 1800 }],
    zones: [
      {
        name: 'India',
        countries: ['IN'],
        rates: [
          { name: 'Standard', amount: 4900, freeOver: 49900, minDays: 3, maxDays: 7 },
          { name: 'Express', amount: 14900, minDays: 1, maxDays: 2 },
        ],
      },
    ],
    coupons: commonCoupons,
  },
];

/**
 * Seeds every demo store that exists. Returns `pricing:<store>` for each store where it created
 * anything.
 */
export async function seedPricing(tx: Queryable): Promise<string[]> {
  const created: string[] = [];
  for (const seed of demoPricing) {
    const [store] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, seed.store));
    if (!store) continue;
    await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
    if (await seedStore(tx, store.id, seed)) created.push(`pricing:${seed.store}`);
  }
  await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
  return created;
}

async function seedStore(tx: Queryable, tenantId: string, seed: SeedPricing): Promise<boolean> {
  let changed = false;
  const vendorIds = await vendorIdsBySlug(tx, tenantId, [
    ...seed.zones.flatMap((z) => z.rates.map((r) => r.vendor)),
    ...seed.coupons.map((c) => c.vendor),
  ]);

  // Filtered by store as well: a superuser connection (the embedded database's) bypasses row-level security.
  const [anyTax] = await tx.select({ id: taxRates.id }).from(taxRates).where(eq(taxRates.tenantId, tenantId)).limit(1);
  if (!anyTax) {
    await tx
      .insert(taxRates)
      .values(seed.taxes.map((t) => ({ tenantId, id: newId(), ...t, region: t.region ?? null })));
    changed = true;
  }

  const [anyZone] = await tx
    .select({ id: shippingZones.id })
    .from(shippingZones)
    .where(eq(shippingZones.tenantId, tenantId))
    .limit(1);
  if (!anyZone) {
    for (const zone of seed.zones) {
      const zoneId = newId();
      await tx.insert(shippingZones).values({ tenantId, id: zoneId, name: zone.name, countries: zone.countries });
      // A vendor's rate is skipped when the vendor is missing (a store seeded without its catalog).
      const rates = zone.rates.filter((r) => !r.vendor || vendorIds.has(r.vendor));
      if (rates.length === 0) continue;
      await tx.insert(shippingRates).values(
        rates.map((r) => ({
          tenantId,
          id: newId(),
          zoneId,
          vendorId: r.vendor ? (vendorIds.get(r.vendor) ?? null) : null,
          name: r.name,
          kind: r.kind ?? 'flat',
          amount: r.amount,
          perKgAmount: r.perKgAmount ?? 0,
          freeOver: r.freeOver ?? null,
          minDays: r.minDays,
          maxDays: r.maxDays,
        })),
      );
    }
    changed = true;
  }

  for (const c of seed.coupons) {
    if (c.vendor && !vendorIds.has(c.vendor)) continue;
    const [exists] = await tx
      .select({ id: coupons.id })
      .from(coupons)
      .where(
        and(
          eq(coupons.tenantId, tenantId),
          c.code ? eq(coupons.code, c.code) : eq(coupons.name, c.name),
          isNull(coupons.deletedAt),
        ),
      )
      .limit(1);
    if (exists) continue;
    await tx.insert(coupons).values({
      tenantId,
      id: newId(),
      code: c.code,
      name: c.name,
      kind: c.kind,
      value: c.value,
      vendorId: c.vendor ? (vendorIds.get(c.vendor) ?? null) : null,
      automatic: c.automatic ?? false,
      minSubtotal: c.minSubtotal ?? 0,
      perCustomerLimit: c.perCustomerLimit ?? null,
    });
    changed = true;
  }
  return changed;
}

/**
 * The store's vendors by slug. The catalog owns vendors and offers no lookup by slug; the seed reads
 * the one column it needs directly.
 */
async function vendorIdsBySlug(
  tx: Queryable,
  tenantId: string,
  slugs: Array<string | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(slugs.filter((s): s is string => s !== undefined))];
  if (wanted.length === 0) return new Map();
  const rows = rowsOf<{ id: string; slug: string }>(
    await tx.execute(
      sql`select id, slug from vendors where tenant_id = ${tenantId} and slug in (${sql.join(
        wanted.map((s) => sql`${s}`),
        sql`, `,
      )}) and deleted_at is null`,
    ),
  );
  return new Map(rows.map((r) => [r.slug, r.id]));
}
