/**
 * Refunds by the store through the API: partial and full, with and without restock, never more
 * than a sub-order has left or the payment captured, in the order's currency only, idempotent by
 * key, with the commission given back in `order.refunded.v1`, the payment status following, the
 * audit entry with before and after, and the shopper's message. Concurrent refunds under real row
 * locks: `test/postgres/refund-concurrency.test.ts`.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { inStore, stockOf } from '../checkout-helpers.js';
import { call } from '../http-helpers.js';
import { useApp } from '../helpers.js';
import { drainUntil, messagesTo } from '../identity-helpers.js';
import { type OrderBody, auditOf, orderStore, outboxOf, placeOrder, postWithKey, signedIn } from '../order-helpers.js';

const t = useApp();

interface RefundOut {
  id: string;
  amount: { amount: number; currency: string };
  status: string;
  restock: boolean;
  items: Array<{ lineId: string; quantity: number }>;
  providerRef: string | null;
}

describe('refunds', () => {
  it('partial, then the rest: amounts, payment status, commission reversal, audit and message', async () => {
    const s = await orderStore(t.runtime, { stock: 10 });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [2, 1], email: 'refund@example.test' });
    const sub1 = placed.order.subOrders.find((x) => x.vendor.id === s.vendor.id)!;
    const url = `/api/v1/admin/orders/${placed.order.id}/refunds`;
    const refund = (body: Record<string, unknown>, key?: string) =>
      postWithKey(t.app, url, { tenant: s.tenant.slug, token: owner.token, body, ...(key ? { key } : {}) });

    const key = newId();
    const body = { subOrderId: sub1.id, amount: { amount: 1000, currency: 'USD' }, reason: 'Scratched' };
    const first = await refund(body, key);
    expect(first.statusCode, first.body).toBe(201);
    const r1 = first.json<RefundOut>();
    expect(r1).toMatchObject({ status: 'succeeded', amount: { amount: 1000, currency: 'USD' }, restock: false });
    expect(r1.providerRef).toEqual(expect.any(String));
    expect(first.headers.location).toBe(`${url}/${r1.id}`);
    const replay = await refund(body, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<RefundOut>().id).toBe(r1.id);
    expect((await refund({ ...body, reason: 'Other' }, key)).statusCode).toBe(422);
    const read = await call(t.app, 'GET', `${url}/${r1.id}`, { tenant: s.tenant.slug, token: owner.token });
    expect(read.json<RefundOut>()).toMatchObject({ id: r1.id, status: 'succeeded' });

    const order1 = (
      await call(t.app, 'GET', `/api/v1/admin/orders/${placed.order.id}`, { tenant: s.tenant.slug, token: owner.token })
    ).json<OrderBody>();
    expect(order1).toMatchObject({ paymentStatus: 'partially_refunded', totals: { refunded: { amount: 1000 } } });
    expect(order1.subOrders.find((x) => x.id === sub1.id)?.totals.refunded.amount).toBe(1000);

    const events = (await outboxOf(t.runtime, placed.order.id)).filter((e) => e.type === 'order.refunded.v1');
    const commission = order1.subOrders.find((x) => x.id === sub1.id)!.commission!.amount.amount;
    expect(events[0]?.payload).toMatchObject({
      refundId: r1.id,
      subOrderId: sub1.id,
      vendorId: s.vendor.id,
      amount: 1000,
      currency: 'USD',
      commissionReversal: Math.floor((commission * 1000) / sub1.totals.total.amount + 0.5),
    });
    const audit = (await auditOf(t.runtime, s.tenant.id, placed.order.id)).find((a) => a.action === 'order.refunded');
    expect(audit).toMatchObject({
      before: { paymentStatus: 'paid', refundedTotal: 0 },
      after: { paymentStatus: 'partially_refunded', refundedTotal: 1000, refund: { id: r1.id, amount: 1000 } },
    });
    await drainUntil(t.runtime, async () =>
      (await messagesTo(t.runtime, s.tenant.id, 'refund@example.test')).some((m) => m.template === 'order_refunded'),
    );

    // More than the sub-order has left.
    const left = sub1.totals.total.amount - 1000;
    const over = await refund({ ...body, amount: { amount: left + 1, currency: 'USD' } });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'refund_exceeds_captured' });
    // Everything of both sub-orders: refunded.
    const sub2 = placed.order.subOrders.find((x) => x.vendor.id === s.vendor2.id)!;
    expect((await refund({ ...body, amount: { amount: left, currency: 'USD' } })).statusCode).toBe(201);
    expect((await refund({ subOrderId: sub2.id, amount: sub2.totals.total, reason: 'Never arrived' })).statusCode).toBe(
      201,
    );
    const after = (
      await call(t.app, 'GET', `/api/v1/admin/orders/${placed.order.id}`, { tenant: s.tenant.slug, token: owner.token })
    ).json<OrderBody & { refunds: RefundOut[] }>();
    expect(after).toMatchObject({
      paymentStatus: 'refunded',
      totals: { refunded: { amount: placed.order.totals.total.amount } },
      payment: { status: 'refunded' },
    });
    expect(after.refunds).toHaveLength(3);
    const nothingLeft = await refund({ subOrderId: sub2.id, amount: { amount: 1, currency: 'USD' }, reason: 'x' });
    expect(nothingLeft.json()).toMatchObject({ code: 'refund_exceeds_captured' });
  });

  it('returns units to stock: the items named, or every unit not yet returned', async () => {
    const s = await orderStore(t.runtime, { stock: 10 });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [3, 0] });
    const sub = placed.order.subOrders[0]!;
    const line = sub.lines[0]!;
    const url = `/api/v1/admin/orders/${placed.order.id}/refunds`;
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 7, reserved: 0 });

    const one = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: {
        subOrderId: sub.id,
        amount: { amount: 2500, currency: 'USD' },
        reason: 'Returned',
        restock: true,
        items: [{ lineId: line.id, quantity: 1 }],
      },
    });
    expect(one.statusCode, one.body).toBe(201);
    expect(one.json<RefundOut>()).toMatchObject({ restock: true, items: [{ lineId: line.id, quantity: 1 }] });
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 8, reserved: 0 });

    const tooMany = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: {
        subOrderId: sub.id,
        amount: { amount: 100, currency: 'USD' },
        reason: 'Returned',
        restock: true,
        items: [{ lineId: line.id, quantity: 3 }],
      },
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({ code: 'refund_quantity_exceeded' });

    const rest = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { subOrderId: sub.id, amount: { amount: 5000, currency: 'USD' }, reason: 'Returned', restock: true },
    });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json<RefundOut>().items).toEqual([{ lineId: line.id, quantity: 2 }]);
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 10, reserved: 0 });
    const order = (
      await call(t.app, 'GET', `/api/v1/admin/orders/${placed.order.id}`, { tenant: s.tenant.slug, token: owner.token })
    ).json<OrderBody>();
    expect(order.subOrders[0]?.lines[0]?.refundedQuantity).toBe(3);
  });

  it('refuses bad requests: key, currency, sub-order, permission, an order not yet paid', async () => {
    const s = await orderStore(t.runtime, { methods: ['card', 'cod'] });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const staff = await signedIn(t.app, t.runtime, s.tenant, {
      roles: ['staff'],
      permissions: ['orders:read:any', 'orders:manage'],
    });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0] });
    const sub = placed.order.subOrders[0]!;
    const url = `/api/v1/admin/orders/${placed.order.id}/refunds`;
    const body = { subOrderId: sub.id, amount: { amount: 100, currency: 'USD' }, reason: 'x' };

    const noKey = await call(t.app, 'POST', url, { tenant: s.tenant.slug, token: owner.token, body });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json()).toMatchObject({ code: 'idempotency_key_required' });
    expect((await postWithKey(t.app, url, { tenant: s.tenant.slug, token: staff.token, body })).statusCode).toBe(403);
    const eur = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { ...body, amount: { amount: 100, currency: 'EUR' } },
    });
    expect(eur.statusCode).toBe(422);
    expect(eur.json()).toMatchObject({ code: 'currency_mismatch' });
    const zero = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { ...body, amount: { amount: 0, currency: 'USD' } },
    });
    expect(zero.statusCode).toBe(400);
    const otherSub = await postWithKey(t.app, url, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { ...body, subOrderId: newId() },
    });
    expect(otherSub.statusCode).toBe(404);
    const noOrder = await postWithKey(t.app, `/api/v1/admin/orders/${newId()}/refunds`, {
      tenant: s.tenant.slug,
      token: owner.token,
      body,
    });
    expect(noOrder.statusCode).toBe(404);

    // Cash on delivery, not yet delivered: nothing captured to refund.
    const cod = await placeOrder(t.app, t.runtime, s, { quantities: [1, 0], method: 'cod' });
    const unpaid = await postWithKey(t.app, `/api/v1/admin/orders/${cod.order.id}/refunds`, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { ...body, subOrderId: cod.order.subOrders[0]!.id },
    });
    expect(unpaid.statusCode).toBe(422);
    expect(unpaid.json()).toMatchObject({ code: 'refund_exceeds_captured' });
  });

  it('a refund the payment refuses is marked failed and gives the amount and units back', async () => {
    const s = await orderStore(t.runtime, { stock: 10 });
    const owner = await signedIn(t.app, t.runtime, s.tenant, { roles: ['owner'] });
    const placed = await placeOrder(t.app, t.runtime, s, { quantities: [2, 0] });
    const sub = placed.order.subOrders[0]!;
    // The payment was voided behind the order's back: the payments module refuses to refund it.
    await inStore(t.runtime, s.tenant.id, (tx) =>
      tx.execute(sql`update payments set status = 'voided' where order_id = ${placed.order.id}`),
    );
    const res = await postWithKey(t.app, `/api/v1/admin/orders/${placed.order.id}/refunds`, {
      tenant: s.tenant.slug,
      token: owner.token,
      body: { subOrderId: sub.id, amount: { amount: 1000, currency: 'USD' }, reason: 'Broken', restock: true },
    });
    expect(res.statusCode).toBe(422);
    const detail = (
      await call(t.app, 'GET', `/api/v1/admin/orders/${placed.order.id}`, { tenant: s.tenant.slug, token: owner.token })
    ).json<OrderBody & { refunds: RefundOut[]; timeline: Array<{ type: string }> }>();
    expect(detail.refunds.map((r) => r.status)).toEqual(['failed']);
    expect(detail.totals.refunded.amount).toBe(0);
    expect(detail.subOrders[0]?.totals.refunded.amount).toBe(0);
    expect(detail.subOrders[0]?.lines[0]?.refundedQuantity).toBe(0);
    expect(detail.timeline.map((e) => e.type)).toContain('refund_failed');
    expect(await stockOf(t.runtime, s.tenant.id, s.variantId)).toEqual({ onHand: 8, reserved: 0 });
  });
});
