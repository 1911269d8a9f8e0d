/**
 * Real PostgreSQL only: payouts made at the same time as each other and as new ledger entries.
 * Each payout's amount is exactly the sum of the entries it settled, no entry is settled twice, and
 * what was paid plus what is still unpaid is every vendor's whole balance.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { OrderEvents } from '../../src/modules/orders/index.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { createVendor } from '../catalog-factories.js';
import { orderMoney, publishOrderEvent, settle, storeRows } from '../marketplace-helpers.js';
import { storeWithOwner } from '../settings-helpers.js';

if (!inject('databaseUrl')) throw new Error('this file runs on the PostgreSQL tier only');

describe('concurrent payouts', () => {
  const t = useApp();

  it('never pay an entry twice, and pay exactly what they settle', async () => {
    const { store, token } = await storeWithOwner(t);
    const vendors = await Promise.all([0, 1, 2].map(() => createVendor(t.runtime, store.id)));
    const confirm = (vendorId: string, total: number) =>
      publishOrderEvent(
        t.runtime,
        store.id,
        OrderEvents.confirmed,
        orderMoney({ subOrders: [{ vendorId, total, commissionAmount: total / 10 }] }),
      );
    for (const v of vendors) for (const total of [1_000, 2_000, 3_000]) await confirm(v.id, total);
    await settle(t.runtime, store.id);

    // Payouts race each other and entries written meanwhile by the ledger's handlers.
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        call(t.app, 'POST', '/api/v1/admin/payouts', {
          token,
          tenant: store.slug,
          body: i % 2 === 0 ? {} : { vendorId: vendors[i % 3]?.id },
          headers: { 'idempotency-key': `race-${store.id}-${i}` },
        }),
      ),
      (async () => {
        for (const v of vendors) await confirm(v.id, 500);
        await settle(t.runtime, store.id);
      })(),
    ]);
    for (const res of results) if (res) expect(res.statusCode).toBe(201);
    await settle(t.runtime, store.id);

    // Each vendor was paid its first 5 400 (6 000 − 10 %) once; the late 450 is paid or unpaid.
    const paid = await storeRows<{ vendor_id: string; n: number; total: string }>(
      t.runtime,
      store.id,
      sql`select vendor_id, count(*)::int as n, sum(amount)::text as total from payouts group by vendor_id`,
    );
    expect(paid).toHaveLength(3);
    const mismatched = await storeRows(
      t.runtime,
      store.id,
      sql`select p.id from payouts p
          join vendor_ledger_entries e on e.payout_id = p.id and e.kind <> 'payout'
          group by p.id, p.amount having sum(e.amount) <> p.amount`,
    );
    expect(mismatched).toEqual([]);
    const perVendor = await storeRows<{ vendor_id: string; earned: string; paid: string; unpaid: string }>(
      t.runtime,
      store.id,
      sql`select vendor_id,
                 sum(amount) filter (where kind <> 'payout')::text as earned,
                 coalesce(-sum(amount) filter (where kind = 'payout'), 0)::text as paid,
                 coalesce(sum(amount) filter (where payout_id is null), 0)::text as unpaid
          from vendor_ledger_entries group by vendor_id`,
    );
    expect(perVendor).toHaveLength(3);
    for (const v of perVendor) {
      expect(Number(v.earned)).toBe(5_850);
      expect(Number(v.paid) + Number(v.unpaid)).toBe(5_850);
      expect([5_400, 5_850]).toContain(Number(v.paid));
    }
  });
});
