/**
 * Marketplace money from order events: sales and commission on confirmation, reversals on the
 * cancellation of a confirmed order and on refunds, the vendor's balance and ledger, payouts that
 * settle only positive balances (a refund after a payout leaves a negative balance carried into the
 * next one), payouts idempotent by key, and an event delivered twice written once.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { OrderEvents } from '../../src/modules/orders/index.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';
import { createVendor, createVendorUser } from '../catalog-factories.js';
import { login } from '../identity-helpers.js';
import {
  cancelled,
  orderMoney,
  publishOrderEvent,
  redeliver,
  refunded,
  settle,
  storeRows,
} from '../marketplace-helpers.js';
import { auditOf, personOf, storeWithOwner } from '../settings-helpers.js';
import type { Runtime } from '../../src/runtime.js';
import type { FastifyInstance } from 'fastify';

interface Money {
  amount: number;
  currency: string;
}

interface Entry {
  id: string;
  kind: string;
  amount: Money;
  orderId: string | null;
  orderNumber: string | null;
  subOrderId: string | null;
  refundId: string | null;
  payoutId: string | null;
  description: string;
}

interface Balance {
  vendorId: string;
  currency: string;
  balance: Money;
  pending: Money;
  paidOut: Money;
  lastPayoutAt: string | null;
  entries: Entry[];
}

interface Payout {
  id: string;
  vendorId: string;
  vendorName: string | null;
  amount: Money;
  status: string;
  reference: string | null;
  entryCount: number;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

async function vendorWithLogin(t: { runtime: Runtime; app: FastifyInstance }, store: { id: string; slug: string }) {
  const vendor = await createVendor(t.runtime, store.id);
  const user = await createVendorUser(t.runtime, store.id, vendor.id);
  const session = await login(t.app, user, { tenant: store.slug });
  return { ...vendor, token: session.accessToken };
}

describe('vendor ledger and payouts', () => {
  const t = useApp();

  const balanceOf = async (store: { slug: string }, token: string) => {
    const res = await call(t.app, 'GET', '/api/v1/vendor/balance', { token, tenant: store.slug });
    expect(res.statusCode).toBe(200);
    return res.json<Balance>();
  };

  const payout = (store: { slug: string }, token: string, key: string, body: Record<string, unknown> = {}) =>
    call(t.app, 'POST', '/api/v1/admin/payouts', {
      token,
      tenant: store.slug,
      body,
      headers: { 'idempotency-key': key },
    });

  it('sales, commission, refunds and payouts; a refund after a payout is carried into the next one', async () => {
    const { store, ownerId, token: admin } = await storeWithOwner(t);
    const a = await vendorWithLogin(t, store);
    const b = await vendorWithLogin(t, store);

    const order = orderMoney({
      subOrders: [
        { vendorId: a.id, total: 10_000, commissionAmount: 1_000 },
        { vendorId: b.id, total: 5_000, commissionAmount: 500 },
      ],
    });
    await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, order);
    await settle(t.runtime, store.id);

    const first = await balanceOf(store, a.token);
    expect(first).toMatchObject({
      vendorId: a.id,
      currency: 'USD',
      balance: usd(9_000),
      pending: usd(9_000),
      paidOut: usd(0),
      lastPayoutAt: null,
    });
    expect(first.entries.map((e) => [e.kind, e.amount.amount]).sort()).toEqual([
      ['commission', -1_000],
      ['sale', 10_000],
    ]);
    expect(first.entries[0]).toMatchObject({
      orderId: order.orderId,
      orderNumber: order.number,
      subOrderId: order.subOrders[0]?.subOrderId,
    });
    expect((await balanceOf(store, b.token)).balance).toEqual(usd(4_500));

    // A partial refund of A's sub-order gives back its share of the commission.
    const refund1 = refunded(order, 0, 2_000, 200);
    await publishOrderEvent(t.runtime, store.id, OrderEvents.refunded, refund1);
    await settle(t.runtime, store.id);
    expect((await balanceOf(store, a.token)).balance).toEqual(usd(7_200));
    const ledger = await call(t.app, 'GET', '/api/v1/vendor/ledger?kind=refund', {
      token: a.token,
      tenant: store.slug,
    });
    expect(ledger.statusCode).toBe(200);
    expect(ledger.json<{ data: Entry[] }>().data).toEqual([
      expect.objectContaining({ kind: 'refund', amount: usd(-2_000), refundId: refund1.refundId }),
    ]);
    // Cursor dates of the right shape that PostgreSQL cannot hold are refused as cursors, not 5xx.
    for (const at of ['0000-06-01T00:00:00.000000Z', '2025-02-30T00:00:00.000000Z']) {
      const forged = Buffer.from(JSON.stringify({ k: [at, refund1.refundId], d: 'n' })).toString('base64url');
      const res = await call(t.app, 'GET', `/api/v1/vendor/ledger?cursor=${forged}`, {
        token: a.token,
        tenant: store.slug,
      });
      expect(res.statusCode, at).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }

    // Payouts: every vendor with a positive unpaid sum.
    const paid = await payout(store, admin, `payout-${store.id}-1`, { reference: 'TRF-1' });
    expect(paid.statusCode).toBe(201);
    expect(paid.headers.location).toBe('/api/v1/admin/payouts');
    const payouts = paid.json<{ data: Payout[] }>().data;
    expect(payouts.map((p) => [p.vendorId, p.amount.amount, p.entryCount]).sort()).toEqual(
      [
        [a.id, 7_200, 4],
        [b.id, 4_500, 2],
      ].sort(),
    );
    expect(payouts.find((p) => p.vendorId === a.id)).toMatchObject({
      vendorName: a.name,
      status: 'paid',
      reference: 'TRF-1',
    });
    // The same key replays the first answer; nothing is paid twice.
    const replay = await payout(store, admin, `payout-${store.id}-1`, { reference: 'TRF-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(paid.json());
    const reused = await payout(store, admin, `payout-${store.id}-1`, { reference: 'OTHER' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const again = await payout(store, admin, `payout-${store.id}-2`);
    expect(again.json<{ data: Payout[] }>().data).toEqual([]);

    const afterPayout = await balanceOf(store, a.token);
    expect(afterPayout).toMatchObject({ balance: usd(0), pending: usd(0), paidOut: usd(7_200) });
    expect(afterPayout.lastPayoutAt).not.toBeNull();
    expect(afterPayout.entries[0]).toMatchObject({ kind: 'payout', amount: usd(-7_200), orderNumber: null });

    // A refund after the payout: the balance goes negative, the next payout skips the vendor…
    await publishOrderEvent(t.runtime, store.id, OrderEvents.refunded, refunded(order, 0, 3_000, 300));
    await settle(t.runtime, store.id);
    expect((await balanceOf(store, a.token)).balance).toEqual(usd(-2_700));
    const skipped = await payout(store, admin, `payout-${store.id}-3`, { vendorId: a.id });
    expect(skipped.statusCode).toBe(201);
    expect(skipped.json<{ data: Payout[] }>().data).toEqual([]);
    expect((await balanceOf(store, a.token)).pending).toEqual(usd(-2_700));

    // …and carries it into the next one.
    await publishOrderEvent(
      t.runtime,
      store.id,
      OrderEvents.confirmed,
      orderMoney({ subOrders: [{ vendorId: a.id, total: 10_000, commissionAmount: 1_000 }] }),
    );
    await settle(t.runtime, store.id);
    expect((await balanceOf(store, a.token)).balance).toEqual(usd(6_300));
    const carried = await payout(store, admin, `payout-${store.id}-4`, { vendorId: a.id });
    expect(carried.json<{ data: Payout[] }>().data).toEqual([
      expect.objectContaining({ vendorId: a.id, amount: usd(6_300), entryCount: 4 }),
    ]);
    expect(await balanceOf(store, a.token)).toMatchObject({ balance: usd(0), paidOut: usd(13_500) });

    // The admin's list, newest first, and per vendor.
    const list = await call(t.app, 'GET', '/api/v1/admin/payouts', { token: admin, tenant: store.slug });
    const amounts = list.json<{ data: Payout[] }>().data.map((p) => p.amount.amount);
    expect(amounts[0]).toBe(6_300);
    expect(amounts.slice(1).sort()).toEqual([4_500, 7_200]);
    const ofB = await call(t.app, 'GET', `/api/v1/admin/payouts?vendorId=${b.id}`, {
      token: admin,
      tenant: store.slug,
    });
    expect(ofB.json<{ data: Payout[] }>().data.map((p) => p.amount.amount)).toEqual([4_500]);
    const paged = await call(t.app, 'GET', '/api/v1/admin/payouts?limit=2', { token: admin, tenant: store.slug });
    const page = paged.json<{ data: Payout[]; links: { next: string | null } }>();
    expect(page.data).toHaveLength(2);
    const next = await call(t.app, 'GET', page.links.next ?? '', { token: admin, tenant: store.slug });
    expect(next.json<{ data: Payout[] }>().data).toHaveLength(1);

    const audits = await auditOf(t.runtime, store.id, 'payout.created');
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ actorId: ownerId, after: { vendorId: a.id, amount: 6_300, currency: 'USD' } });
  });

  it('cancelling a confirmed order reverses what its refunds have not', async () => {
    const { store } = await storeWithOwner(t);
    const v = await vendorWithLogin(t, store);
    const order = orderMoney({ subOrders: [{ vendorId: v.id, total: 4_000, commissionAmount: 400 }] });
    await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, order);
    await publishOrderEvent(t.runtime, store.id, OrderEvents.refunded, refunded(order, 0, 1_000, 100));
    await settle(t.runtime, store.id);
    expect((await balanceOf(store, v.token)).balance).toEqual(usd(2_700));
    await publishOrderEvent(t.runtime, store.id, OrderEvents.cancelled, cancelled(order));
    await settle(t.runtime, store.id);
    const after = await balanceOf(store, v.token);
    expect(after.balance).toEqual(usd(0));
    const byKind = Object.fromEntries(
      (
        await storeRows<{ kind: string; total: string }>(
          t.runtime,
          store.id,
          sql`select kind, sum(amount)::text as total from vendor_ledger_entries where vendor_id = ${v.id} group by kind`,
        )
      ).map((r) => [r.kind, Number(r.total)]),
    );
    expect(byKind).toEqual({ sale: 4_000, commission: -400, refund: -4_000, commission_reversal: 400 });

    // A pending order that is cancelled was never in the ledger.
    const pending = orderMoney({ subOrders: [{ vendorId: v.id, total: 999, commissionAmount: 99 }] });
    await publishOrderEvent(t.runtime, store.id, OrderEvents.cancelled, cancelled(pending, false));
    await settle(t.runtime, store.id);
    expect((await balanceOf(store, v.token)).balance).toEqual(usd(0));
  });

  it('an event delivered twice is written once', async () => {
    const { store } = await storeWithOwner(t);
    const v = await vendorWithLogin(t, store);
    const order = orderMoney({ subOrders: [{ vendorId: v.id, total: 3_000, commissionAmount: 300 }] });
    const eventId = await publishOrderEvent(t.runtime, store.id, OrderEvents.confirmed, order);
    const refundId = await publishOrderEvent(t.runtime, store.id, OrderEvents.refunded, refunded(order, 0, 500, 50));
    await settle(t.runtime, store.id);
    const count = async () =>
      (
        await storeRows<{ n: number }>(
          t.runtime,
          store.id,
          sql`select count(*)::int as n from vendor_ledger_entries where vendor_id = ${v.id}`,
        )
      )[0]?.n;
    expect(await count()).toBe(4);

    await redeliver(t.runtime, eventId, 'marketplace.ledger.confirmed');
    await redeliver(t.runtime, refundId, 'marketplace.ledger.refunded');
    expect(await count()).toBe(4);
    // Even without the handler's record of having applied it, the source keys hold.
    await redeliver(t.runtime, eventId, 'marketplace.ledger.confirmed', { forget: true });
    await redeliver(t.runtime, refundId, 'marketplace.ledger.refunded', { forget: true });
    expect(await count()).toBe(4);
    expect((await balanceOf(store, v.token)).balance).toEqual(usd(2_250));
  });

  it('who may see balances and make payouts', async () => {
    const { store, token: admin } = await storeWithOwner(t);
    const other = await storeWithOwner(t);
    const foreign = await createVendor(t.runtime, other.store.id);
    const customer = await personOf(t, store, ['customer']);
    const staff = await personOf(t, store, ['staff'], ['orders:manage']);
    const finance = await personOf(t, store, ['staff'], ['payouts:manage']);

    expect((await call(t.app, 'GET', '/api/v1/vendor/balance', { tenant: store.slug })).statusCode).toBe(401);
    expect(
      (await call(t.app, 'GET', '/api/v1/vendor/balance', { token: customer.token, tenant: store.slug })).statusCode,
    ).toBe(403);
    // Owners hold every permission but sell nothing.
    expect((await call(t.app, 'GET', '/api/v1/vendor/balance', { token: admin, tenant: store.slug })).statusCode).toBe(
      403,
    );
    for (const who of [customer, staff]) {
      expect(
        (await call(t.app, 'GET', '/api/v1/admin/payouts', { token: who.token, tenant: store.slug })).statusCode,
      ).toBe(403);
      expect((await payout(store, who.token, `k-${who.id}`)).statusCode).toBe(403);
    }
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/payouts', { token: finance.token, tenant: store.slug })).statusCode,
    ).toBe(200);
    const missingKey = await call(t.app, 'POST', '/api/v1/admin/payouts', {
      token: finance.token,
      tenant: store.slug,
      body: {},
    });
    expect(missingKey.statusCode).toBe(400);
    expect(missingKey.json()).toMatchObject({ code: 'idempotency_key_required' });
    const unknown = await payout(store, finance.token, `k-foreign-${store.id}`, { vendorId: foreign.id });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_vendor' });
    const malformed = await payout(store, finance.token, `k-bad-${store.id}`, { vendorId: 'nope' });
    expect(malformed.statusCode).toBe(400);
  });
});
