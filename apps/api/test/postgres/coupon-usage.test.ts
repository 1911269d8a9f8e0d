/**
 * Real PostgreSQL only: coupon usage limits hold when many checkouts redeem at the same moment,
 * each in its own tenant transaction on its own connection.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { AppError } from '../../src/platform/errors.js';
import { redeemPromotions, releasePromotions } from '../../src/modules/pricing/index.js';
import { couponUsages, coupons } from '../../src/modules/pricing/pricing.tables.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp } from '../helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

let t: TestApp;
let tenantId: string;

beforeAll(async () => {
  t = await startApp();
  tenantId = (await buildTenant(t.runtime)).id;
});

afterAll(async () => {
  await t.close();
});

const inStore = <T>(
  fn: (tx: Parameters<Parameters<TestApp['runtime']['database']['tenantTransaction']>[1]>[0]) => Promise<T>,
) => t.runtime.database.tenantTransaction({ tenantId, actorId: null }, fn);

async function createCoupon(values: { usageLimit?: number | null; perCustomerLimit?: number | null }) {
  const id = newId();
  const code = `C${id.replace(/-/g, '').slice(-10).toUpperCase()}`;
  await inStore((tx) =>
    tx.insert(coupons).values({ tenantId, id, code, name: code, kind: 'fixed', value: 100, ...values }),
  );
  return { id, code };
}

/** Runs every attempt in its own transaction at once; reports which succeeded and why others failed. */
async function race(attempts: Array<() => Promise<void>>) {
  const outcomes = await Promise.allSettled(attempts.map((a) => a()));
  const failures = outcomes
    .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    .map((o) => o.reason as unknown);
  return { ok: outcomes.length - failures.length, failures };
}

const usedCount = async (id: string) =>
  (await inStore((tx) => tx.select({ n: coupons.usedCount }).from(coupons).where(eq(coupons.id, id))))[0]?.n;

describe('coupon usage under concurrency', () => {
  it('30 concurrent redemptions of a coupon limited to 10: exactly 10 succeed', async () => {
    const coupon = await createCoupon({ usageLimit: 10 });
    const { ok, failures } = await race(
      Array.from(
        { length: 30 },
        () => () =>
          inStore((tx) => redeemPromotions(tx, { promotionIds: [coupon.id], customerKey: `guest-${newId()}` })),
      ),
    );
    expect(ok).toBe(10);
    expect(failures).toHaveLength(20);
    for (const f of failures) {
      expect(f).toBeInstanceOf(AppError);
      expect(f).toMatchObject({
        status: 422,
        code: 'coupon_usage_limit_reached',
        extensions: { couponCode: coupon.code },
      });
    }
    expect(await usedCount(coupon.id)).toBe(10);
  });

  it('a per-customer limit of 1 under 10 concurrent attempts by one customer: exactly 1', async () => {
    const coupon = await createCoupon({ perCustomerLimit: 1 });
    const customerKey = newId();
    const { ok, failures } = await race(
      Array.from(
        { length: 10 },
        () => () => inStore((tx) => redeemPromotions(tx, { promotionIds: [coupon.id], customerKey })),
      ),
    );
    expect(ok).toBe(1);
    expect(failures.every((f) => (f as AppError).code === 'coupon_usage_limit_reached')).toBe(true);
    // The failed attempts left nothing behind: their increment of the total rolled back with them.
    expect(await usedCount(coupon.id)).toBe(1);
    const [usage] = await inStore((tx) =>
      tx.select({ count: couponUsages.count }).from(couponUsages).where(eq(couponUsages.couponId, coupon.id)),
    );
    expect(usage?.count).toBe(1);
  });

  it('releasing gives the use back, to the store and to the customer', async () => {
    const coupon = await createCoupon({ usageLimit: 1, perCustomerLimit: 1 });
    const customerKey = newId();
    await inStore((tx) => redeemPromotions(tx, { promotionIds: [coupon.id], customerKey }));
    await expect(
      inStore((tx) => redeemPromotions(tx, { promotionIds: [coupon.id], customerKey })),
    ).rejects.toMatchObject({
      code: 'coupon_usage_limit_reached',
    });
    await inStore((tx) => releasePromotions(tx, { promotionIds: [coupon.id], customerKey }));
    expect(await usedCount(coupon.id)).toBe(0);
    await inStore((tx) => redeemPromotions(tx, { promotionIds: [coupon.id], customerKey }));
    expect(await usedCount(coupon.id)).toBe(1);
  });

  it('counts several promotions all or none', async () => {
    const open = await createCoupon({ usageLimit: null });
    const spent = await createCoupon({ usageLimit: 1 });
    await inStore((tx) => redeemPromotions(tx, { promotionIds: [spent.id], customerKey: 'first' }));
    // The failure is caught inside the transaction, which then commits: the savepoint has undone
    // the open coupon's count.
    await inStore(async (tx) => {
      await expect(
        redeemPromotions(tx, { promotionIds: [open.id, spent.id], customerKey: 'second' }),
      ).rejects.toMatchObject({
        code: 'coupon_usage_limit_reached',
      });
    });
    expect(await usedCount(open.id)).toBe(0);
    expect(await usedCount(spent.id)).toBe(1);
  });
});
