/**
 * Orders after checkout, by audience: the shopper's orders (list, read, guest lookup, cancel,
 * invoice, live status), the vendor's sub-orders (read, ship, deliver), the store's administration
 * (list, read with timeline, transitions, refunds, export) and carriers' tracking webhooks. Each
 * method authorises, loads or fails, changes, emits, and answers with views from the reader.
 *
 * Who may see an order as its shopper: the signed-in customer who placed it, or anyone holding its
 * guest token (`X-Order-Token`: the token checkout returned, or a signed one from the lookup).
 * Anyone else gets 404, so order ids reveal nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../../platform/audit/audit.js';
import type { KeyStore } from '../../platform/auth/keys.js';
import type { Actor, RequestContext, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { NotificationHub } from '../../platform/db/notifications.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BusinessRuleViolation, Forbidden, NotFound, Unauthorized } from '../../platform/errors.js';
import type { Cursor, Keyed, SortKeyed } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { vendorSummaries } from '../catalog/index.js';
import { can, vendorIdOfUser } from '../identity/index.js';
import { assertTransition } from './order-state.js';
import { createCancellation, OrderNotFound } from './orders.cancel.js';
import { ORDER_EMAIL_INDEX, hashOrderToken } from './orders.constants.js';
import { OrderEvents, type OrderMoneyPayload } from './orders.events.js';
import { type ExportRange, exportOrdersCsv } from './orders.export.js';
import { createFulfilment } from './orders.fulfilment.js';
import { renderInvoice } from './orders.invoice.js';
import { formatMoney } from './orders.money.js';
import { type OrderMessage, queueOrderMessage } from './orders.notify.js';
import type { InventoryPort, PaymentsPort, PromotionsPort } from './orders.ports.js';
import type { OrderReader, OrderRow } from './orders.read.js';
import { createRefunds, type RefundRow } from './orders.refunds.js';
import {
  type OrderFilters,
  findOrder,
  findVendorSubOrder,
  listOrderIds,
  listOrderOf,
  listVendorSubOrderIds,
  lockOrder,
  lockVendorSubOrder,
  refundsOf,
  timelineOf,
  updateOrder,
} from './orders.repository.js';
import type {
  AdminOrdersQuery,
  CreateShipmentBody,
  LookupBody,
  OrderView,
  Refund,
  RefundBody,
  Shipment,
  ShippingWebhookBody,
  TransitionBody,
  VendorOrdersQuery,
  VendorSubOrder,
} from './orders.schemas.js';
import { verifyCarrierSignature, CARRIER_SIGNATURE_HEADER } from './orders.signing.js';
import { createOrderStreams, type StreamSink, sseEvent, statusOf } from './orders.stream.js';
import { mapShipment } from './orders.read.js';
import { recordOrderChange } from './orders.timeline.js';
import { orderEvents, orders, shipments, subOrders } from './orders.tables.js';

/** How long a guest's signed order token (from the lookup) works. */
export const ORDER_ACCESS_TTL_SECONDS = 30 * 24 * 3600;
const ORDER_ACCESS_TYPE = 'order_access';

export interface OrderServiceDeps {
  uow: UnitOfWork;
  pii: PiiCipher;
  keys: KeyStore;
  events: EventBus;
  reader: OrderReader;
  payments: PaymentsPort;
  inventory: InventoryPort;
  promotions: PromotionsPort;
  /** LISTEN/NOTIFY fan-out of this process (live status streams). */
  notifications: NotificationHub;
  /** Origin of links in messages, `{store}` standing for the store's slug. */
  webUrl: string;
  /** Signs carriers' tracking webhooks. */
  carrierWebhookSecret: string;
  /** Interval of the streams' heartbeat comments (default 15 s). */
  streamHeartbeatMs?: number;
  log?: Logger;
  now?: () => Date;
}

/** How a shopper reaches an order: their account, or a guest token. */
export interface ShopperAccess {
  orderToken?: string | undefined;
  /** A stream token (`?token=` of the events stream). */
  streamToken?: string | undefined;
}

const iso = (d: Date) => d.toISOString();

function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) throw new NotFound('tenant_not_found', 'This request must name a store.');
  return ctx.tenantId;
}

function toRefund(r: RefundRow, currency: string): Refund {
  return {
    id: r.id,
    orderId: r.orderId,
    subOrderId: r.subOrderId,
    amount: { amount: r.amount, currency },
    reason: r.reason,
    restock: r.restock,
    items: r.items,
    status: r.status,
    providerRef: r.providerRef,
    createdAt: iso(r.createdAt),
  };
}

export function createOrderService(deps: OrderServiceDeps) {
  const { uow, reader, events, keys, pii } = deps;
  const now = deps.now ?? (() => new Date());

  const message = (ctx: TxContext, msg: OrderMessage) =>
    queueOrderMessage(ctx, { pii, events, webUrl: deps.webUrl }, msg);

  const vendorName = async (ctx: TxContext, vendorId: string) =>
    (await vendorSummaries(ctx.tx, [vendorId])).get(vendorId)?.name ?? '';

  const cancellation = createCancellation({
    uow,
    events,
    payments: deps.payments,
    inventory: deps.inventory,
    promotions: deps.promotions,
    message,
    log: deps.log,
  });
  const fulfilment = createFulfilment({ events, payments: deps.payments, message, vendorName });
  const refunds = createRefunds({ uow, events, payments: deps.payments, inventory: deps.inventory, message });
  const streams = createOrderStreams({
    uow,
    hub: deps.notifications,
    heartbeatMs: deps.streamHeartbeatMs,
    log: deps.log,
  });

  // The shopper hears of their order once it is confirmed, however it was confirmed (at checkout,
  // by a payment webhook, by the recovery pass).
  events.subscribe<OrderMoneyPayload>(OrderEvents.confirmed, 'orders.notify.confirmed', async (ctx, event) => {
    const [order] = await ctx.tx
      .select({ total: orders.total, currency: orders.currency, locale: orders.locale })
      .from(orders)
      .where(eq(orders.id, event.payload.orderId));
    if (!order) return;
    await message(ctx, {
      orderId: event.payload.orderId,
      template: 'order_confirmed',
      vars: { total: formatMoney(order.total, order.currency, order.locale) },
    });
  });

  // ------------------------------------------------------------------------------- access

  const signedAccessFor = (tenantId: string, orderId: string) =>
    keys.sign({ typ: ORDER_ACCESS_TYPE, tid: tenantId, oid: orderId }, ORDER_ACCESS_TTL_SECONDS);

  /** Whether `token` opens `order`: its stored guest token, or a signed one from the lookup. */
  async function tokenOpens(
    order: Pick<OrderRow, 'id' | 'tenantId' | 'orderTokenHash'>,
    token: string,
  ): Promise<boolean> {
    if (order.orderTokenHash) {
      const a = Buffer.from(hashOrderToken(token));
      const b = Buffer.from(order.orderTokenHash);
      if (a.length === b.length && timingSafeEqual(a, b)) return true;
    }
    if (token.split('.').length !== 3) return false;
    try {
      const claims = await keys.verify(token);
      return (
        claims.typ === ORDER_ACCESS_TYPE && claims.tid === order.tenantId && claims.oid === order.id && !claims.sub
      );
    } catch {
      return false;
    }
  }

  const isOwner = (actor: Actor | null, order: Pick<OrderRow, 'userId'>) =>
    !!actor && actor.kind === 'user' && order.userId !== null && order.userId === actor.id;

  /** The shopper's (or token holder's) right to the order; `admins` also lets store staff in. */
  async function assertShopper(
    ctx: RequestContext,
    order: Pick<OrderRow, 'id' | 'tenantId' | 'userId' | 'orderTokenHash'>,
    access: ShopperAccess,
    opts: { admins?: boolean } = {},
  ): Promise<void> {
    if (isOwner(ctx.actor, order)) return;
    if (opts.admins && can(ctx.actor, 'orders:read:any')) return;
    if (access.orderToken && (await tokenOpens(order, access.orderToken))) return;
    if (access.streamToken && (await reader.verifyStreamToken(access.streamToken, order.tenantId, order.id))) return;
    throw new OrderNotFound();
  }

  async function loadForShopper(ctx: TxContext, id: string, access: ShopperAccess, opts: { admins?: boolean } = {}) {
    if (!isUuid(id)) throw new OrderNotFound();
    const order = await findOrder(ctx.tx, id);
    if (!order) throw new OrderNotFound();
    await assertShopper(ctx, order, access, opts);
    return order;
  }

  async function viewOf(ctx: TxContext, id: string, audience: 'customer' | 'admin' = 'customer'): Promise<OrderView> {
    const view = await reader.view(ctx.tx, id, { audience });
    if (!view) throw new OrderNotFound();
    return view;
  }

  async function vendorOf(ctx: TxContext): Promise<string> {
    const actor = ctx.actor;
    if (!actor || actor.kind !== 'user') throw new Unauthorized();
    const vendorId = await vendorIdOfUser(ctx.tx, actor.id);
    if (!vendorId) throw new Forbidden('not_a_vendor', 'This account does not act for a vendor.');
    return vendorId;
  }

  async function vendorView(ctx: TxContext, id: string): Promise<VendorSubOrder> {
    const [view] = await reader.vendorViews(ctx.tx, [id]);
    if (!view) throw new NotFound('sub_order_not_found', 'No sub-order of yours has this id.');
    return view;
  }

  /** Views for a page of ids (`limit + 1` keyed rows): the same statements for any page size. */
  async function pageOf(
    ctx: TxContext,
    rows: Array<SortKeyed<string>>,
    audience: 'customer' | 'admin',
  ): Promise<Array<SortKeyed<OrderView>>> {
    const views = await reader.views(
      ctx.tx,
      rows.map((r) => r.item),
      { audience, streamTokens: false },
    );
    const byId = new Map(views.map((v) => [v.id, v]));
    return rows.flatMap((r) => {
      const item = byId.get(r.item);
      return item ? [{ key: r.key, item }] : [];
    });
  }

  return {
    streams,

    /** `queueOrderMessage` bound to this service's cipher, bus and links. */
    queueOrderMessage: message,

    // ------------------------------------------------------------------------------ shopper

    /** The signed-in customer's orders, newest first (`limit + 1` rows). */
    async listMine(
      ctx: RequestContext,
      q: { status?: OrderFilters['status']; limit: number; cursor: Cursor | null },
    ): Promise<Array<SortKeyed<OrderView>>> {
      const actor = ctx.actor;
      if (!actor || actor.kind !== 'user') throw new Unauthorized();
      return uow(ctx, async (tx) => {
        const rows = await listOrderIds(
          tx.tx,
          { userId: actor.id, ...(q.status ? { status: q.status } : {}) },
          { limit: q.limit, cursor: q.cursor },
        );
        return pageOf(tx, rows, 'customer');
      });
    },

    async getForShopper(ctx: RequestContext, id: string, access: ShopperAccess): Promise<OrderView> {
      return uow(ctx, async (tx) => {
        await loadForShopper(tx, id, access);
        return viewOf(tx, id);
      });
    },

    /**
     * A guest finds their order by number and email (compared through the email's blind index).
     * Either wrong → 404, the same answer, so the lookup tells nothing about which was wrong.
     */
    async lookup(ctx: RequestContext, body: LookupBody): Promise<{ order: OrderView; orderToken: string }> {
      const tenantId = tenantOf(ctx);
      const candidates = pii.blindIndexCandidates(body.email.trim().toLowerCase(), ORDER_EMAIL_INDEX);
      return uow(ctx, async (tx) => {
        const [row] = await tx.tx
          .select({ id: orders.id })
          .from(orders)
          .where(
            and(
              eq(orders.number, body.number.trim().toUpperCase()),
              inArray(orders.emailHash, candidates),
              sql`${orders.anonymisedAt} is null`,
            ),
          );
        if (!row) throw new NotFound('order_not_found', 'No order matches this number and email.');
        return { order: await viewOf(tx, row.id), orderToken: await signedAccessFor(tenantId, row.id) };
      });
    },

    async cancelByShopper(ctx: RequestContext, id: string, access: ShopperAccess, reason?: string): Promise<OrderView> {
      if (!isUuid(id)) throw new OrderNotFound();
      await cancellation.cancel(ctx, id, {
        reason: reason ?? 'Cancelled at the shopper’s request.',
        by: 'customer',
        authorize: (_tx, order) => assertShopper(ctx, order, access),
      });
      return uow(ctx, (tx) => viewOf(tx, id));
    },

    /** The invoice PDF: the shopper, a token holder, or the store's staff. */
    async invoice(ctx: RequestContext, id: string, access: ShopperAccess): Promise<{ number: string; pdf: Buffer }> {
      const { view, locale, storeName } = await uow(ctx, async (tx) => {
        const order = await loadForShopper(tx, id, access, { admins: true });
        return {
          view: await viewOf(tx, id),
          locale: order.locale,
          storeName: ctx.tenant?.name ?? '',
        };
      });
      return { number: view.number, pdf: await renderInvoice({ store: { name: storeName }, order: view, locale }) };
    },

    /**
     * Opens the live status stream of an order on `sink`: checks access, starts listening, then
     * sends the current status. Returns the function that stops it.
     */
    async openStream(ctx: RequestContext, id: string, access: ShopperAccess, sink: StreamSink): Promise<() => void> {
      const tenantId = tenantOf(ctx);
      await uow(ctx, (tx) => loadForShopper(tx, id, access, { admins: true }));
      const stop = await streams.follow(tenantId, id, sink);
      try {
        const current = await uow(ctx, (tx) => statusOf(tx.tx, id));
        if (current) sink.write(sseEvent('status', current));
      } catch (err) {
        stop();
        throw err;
      }
      return stop;
    },

    // ------------------------------------------------------------------------------- vendor

    async vendorList(
      ctx: RequestContext,
      q: Omit<VendorOrdersQuery, 'limit' | 'cursor'> & { limit: number; cursor: Cursor | null },
    ): Promise<Array<Keyed<VendorSubOrder>>> {
      return uow(ctx, async (tx) => {
        const vendorId = await vendorOf(tx);
        const rows = await listVendorSubOrderIds(
          tx.tx,
          vendorId,
          { fulfillmentStatus: q.fulfillmentStatus },
          { limit: q.limit, cursor: q.cursor },
        );
        const views = await reader.vendorViews(
          tx.tx,
          rows.map((r) => r.item),
        );
        const byId = new Map(views.map((v) => [v.id, v]));
        return rows.flatMap((r) => {
          const item = byId.get(r.item);
          return item ? [{ key: r.key, item }] : [];
        });
      });
    },

    async vendorGet(ctx: RequestContext, id: string): Promise<VendorSubOrder> {
      return uow(ctx, async (tx) => {
        const vendorId = await vendorOf(tx);
        if (!(await findVendorSubOrder(tx.tx, vendorId, id)))
          throw new NotFound('sub_order_not_found', 'No sub-order of yours has this id.');
        return vendorView(tx, id);
      });
    },

    async createShipment(ctx: RequestContext, id: string, body: CreateShipmentBody): Promise<Shipment> {
      return uow(ctx, async (tx) => {
        const vendorId = await vendorOf(tx);
        const sub = await lockVendorSubOrder(tx.tx, vendorId, id);
        if (!sub) throw new NotFound('sub_order_not_found', 'No sub-order of yours has this id.');
        return mapShipment(await fulfilment.createShipment(tx, sub, body));
      });
    },

    async markDelivered(ctx: RequestContext, id: string, shipmentId: string): Promise<VendorSubOrder> {
      return uow(ctx, async (tx) => {
        const vendorId = await vendorOf(tx);
        const sub = await lockVendorSubOrder(tx.tx, vendorId, id);
        if (!sub) throw new NotFound('sub_order_not_found', 'No sub-order of yours has this id.');
        await fulfilment.markDelivered(tx, sub, shipmentId);
        return vendorView(tx, id);
      });
    },

    /**
     * A carrier's tracking update (`in_transit`, `delivered`) for a shipment of this store. Event
     * ids are recorded on the order's timeline (`carrier_update`) under the shipment's row lock, so
     * a replayed delivery applies once; unknown tracking numbers are acknowledged and ignored.
     */
    async carrierWebhook(
      ctx: RequestContext,
      carrier: string,
      raw: Buffer,
      headers: Record<string, string | string[] | undefined>,
      body: ShippingWebhookBody,
    ): Promise<'applied' | 'duplicate' | 'ignored_unknown'> {
      const header = headers[CARRIER_SIGNATURE_HEADER];
      verifyCarrierSignature(deps.carrierWebhookSecret, raw, Array.isArray(header) ? header[0] : header, now());
      return uow(ctx, async (tx) => {
        const [shipment] = await tx.tx
          .select()
          .from(shipments)
          .where(and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, body.trackingNumber)))
          .for('update');
        if (!shipment) return 'ignored_unknown';
        const [seen] = await tx.tx
          .select({ id: orderEvents.id })
          .from(orderEvents)
          .where(
            and(
              eq(orderEvents.orderId, shipment.orderId),
              eq(orderEvents.type, 'carrier_update'),
              sql`${orderEvents.data} ->> 'eventId' = ${body.id}`,
              sql`${orderEvents.data} ->> 'carrier' = ${carrier}`,
            ),
          )
          .limit(1);
        if (seen) return 'duplicate';
        await tx.tx.insert(orderEvents).values({
          id: newId(),
          orderId: shipment.orderId,
          subOrderId: shipment.subOrderId,
          type: 'carrier_update',
          message: `${carrier}: ${body.status.replace('_', ' ')}`,
          data: {
            carrier,
            eventId: body.id,
            status: body.status,
            occurredAt: body.occurredAt,
            shipmentId: shipment.id,
          },
        });
        if (body.status === 'in_transit') {
          await fulfilment.markInTransit(tx, shipment);
        } else {
          const [sub] = await tx.tx.select().from(subOrders).where(eq(subOrders.id, shipment.subOrderId)).for('update');
          if (sub) await fulfilment.markDelivered(tx, sub, shipment.id, new Date(body.occurredAt));
        }
        return 'applied';
      });
    },

    // -------------------------------------------------------------------------------- admin

    async adminList(
      ctx: RequestContext,
      q: Omit<AdminOrdersQuery, 'limit' | 'cursor'> & { limit: number; cursor: Cursor | null },
    ): Promise<Array<SortKeyed<OrderView>>> {
      if (q.from && q.to && new Date(q.from) >= new Date(q.to)) {
        throw new BusinessRuleViolation('invalid_range', '`from` must be before `to`.');
      }
      return uow(ctx, async (tx) => {
        const rows = await listOrderIds(
          tx.tx,
          {
            ...(q.status ? { status: q.status } : {}),
            ...(q.paymentStatus ? { paymentStatus: q.paymentStatus } : {}),
            ...(q.vendorId ? { vendorId: q.vendorId } : {}),
            ...(q.from ? { from: q.from } : {}),
            ...(q.to ? { to: q.to } : {}),
            ...(q.q ? { number: q.q } : {}),
          },
          { limit: q.limit, cursor: q.cursor },
          listOrderOf(q.sort),
        );
        return pageOf(tx, rows, 'admin');
      });
    },

    async adminGet(ctx: RequestContext, id: string) {
      return uow(ctx, async (tx) => {
        if (!isUuid(id)) throw new OrderNotFound();
        const view = await viewOf(tx, id, 'admin');
        const [timeline, refundRows] = [await timelineOf(tx.tx, id), await refundsOf(tx.tx, id)];
        return {
          ...view,
          timeline: timeline.map((e) => ({
            id: e.id,
            type: e.type,
            subOrderId: e.subOrderId,
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            message: e.message,
            data: e.data,
            actorId: e.createdBy,
            at: iso(e.createdAt),
          })),
          refunds: refundRows.map((r) => toRefund(r, view.currency)),
        };
      });
    },

    /**
     * Moves an order by hand. `cancelled` runs the cancellation (and, on an order already
     * cancelled, retries what its payment still owes); `confirmed` only comes from a payment.
     */
    async transition(ctx: RequestContext, id: string, body: TransitionBody): Promise<OrderView> {
      if (!isUuid(id)) throw new OrderNotFound();
      if (body.to === 'cancelled') {
        await cancellation.cancel(ctx, id, {
          reason: body.reason ?? 'Cancelled by the store.',
          by: 'admin',
          authorize: () => undefined,
        });
        return uow(ctx, (tx) => viewOf(tx, id, 'admin'));
      }
      return uow(ctx, async (tx) => {
        const order = await lockOrder(tx.tx, id);
        if (!order) throw new OrderNotFound();
        assertTransition(order.status, body.to);
        if (body.to === 'confirmed') {
          throw new BusinessRuleViolation(
            'confirmation_by_payment',
            'An order is confirmed by its payment (or accepted cash on delivery), not by hand.',
          );
        }
        let updated = await updateOrder(tx, id, { status: body.to });
        await recordOrderChange(tx, events, {
          orderId: id,
          type: 'status_changed',
          fromStatus: order.status,
          toStatus: body.to,
          message: body.reason ?? `Marked ${body.to} by the store.`,
          data: { manual: true },
        });
        if (body.to === 'delivered') updated = await fulfilment.collectCashOnDelivery(tx, updated);
        await recordAudit(tx, {
          action: 'order.status_changed',
          entityType: 'order',
          entityId: id,
          before: { status: order.status, paymentStatus: order.paymentStatus },
          after: { status: updated.status, paymentStatus: updated.paymentStatus, manual: true },
        });
        return viewOf(tx, id, 'admin');
      });
    },

    async refund(ctx: RequestContext, id: string, body: RefundBody): Promise<Refund> {
      if (!isUuid(id)) throw new OrderNotFound();
      const row = await refunds.refund(ctx, id, body);
      const currency = body.amount.currency;
      return toRefund(row, currency);
    },

    async getRefund(ctx: RequestContext, id: string, refundId: string): Promise<Refund> {
      return uow(ctx, async (tx) => {
        const order = await findOrder(tx.tx, id);
        const row = order ? (await refundsOf(tx.tx, id)).find((r) => r.id === refundId) : undefined;
        if (!order || !row) throw new NotFound('refund_not_found', 'This order has no refund with this id.');
        return toRefund(row, order.currency);
      });
    },

    /** The CSV export stream (see `orders.export.ts`). */
    exportCsv(ctx: RequestContext, range: ExportRange) {
      if (range.from && range.to && new Date(range.from) >= new Date(range.to)) {
        throw new BusinessRuleViolation('invalid_range', '`from` must be before `to`.');
      }
      return exportOrdersCsv({ uow }, ctx, range);
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
