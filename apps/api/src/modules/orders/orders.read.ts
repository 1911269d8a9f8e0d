/**
 * Orders as their readers see them. `views(tx, ids)` loads any number of orders with a fixed number
 * of queries (orders, sub-orders, lines, payments, shipments, vendors: one each), never one per row,
 * and maps them to the `Order` schema. Personal data is decrypted here and nowhere else on the read
 * path; an anonymised order has none.
 *
 * The stream token lets a client without the shopper's cookie (a guest's page, a mobile app) follow
 * one order's live status for ten minutes: a JWT signed with the access-token keys but without a
 * subject, so the access-token verifier refuses it as a credential.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import type { KeyStore } from '../../platform/auth/keys.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import { vendorSummaries } from '../catalog/index.js';
import { allowedTransitions, customerMayCancel } from './order-state.js';
import { orderAddressContext, orderEmailContext } from './orders.constants.js';
import type { Address, OrderLine, OrderView, Shipment, SubOrder, VendorSubOrder } from './orders.schemas.js';
import { orderLines, orders, shipments, subOrders } from './orders.tables.js';

export type OrderRow = typeof orders.$inferSelect;
export type SubOrderRow = typeof subOrders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type ShipmentRow = typeof shipments.$inferSelect;

/**
 * The order's payment as orders show it. Read with SQL of its own: the payments module owns the
 * table and its index exports no reader for it, and orders only ever reads these columns.
 */
export interface PaymentRow {
  id: string;
  orderId: string;
  method: 'card' | 'upi' | 'netbanking' | 'cod';
  provider: string;
  status:
    'pending' | 'requires_action' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'voided';
  currency: string;
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
  nextAction: { type: 'redirect_to_url' | 'three_d_secure'; url: string; upiUri?: string } | null;
}

/** The payments of `orderIds`, one query. */
export async function paymentsOf(tx: Queryable, orderIds: readonly string[]): Promise<PaymentRow[]> {
  if (orderIds.length === 0) return [];
  return rowsOf<PaymentRow>(
    await tx.execute(sql`
      select id, order_id as "orderId", method, provider, status, currency, amount,
             captured_amount as "capturedAmount", refunded_amount as "refundedAmount", next_action as "nextAction"
      from payments
      where order_id in (${sql.join(
        orderIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`),
  );
}

export type OrderAudience = 'customer' | 'admin';

export interface ViewOptions {
  /** `admin` adds the commission per sub-order and the allowed transitions. */
  audience?: OrderAudience;
  /** Sign a stream token into each view (default true; lists turn it off). */
  streamTokens?: boolean;
}

export const STREAM_TOKEN_TTL_SECONDS = 600;
const STREAM_TOKEN_TYPE = 'order_stream';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

export function mapLine(l: OrderLineRow, currency: string): OrderLine {
  const money = (amount: number) => ({ amount, currency });
  return {
    id: l.id,
    productId: l.productId,
    variantId: l.variantId,
    sku: l.sku,
    title: l.title,
    options: l.options,
    unitPrice: money(l.unitPrice),
    quantity: l.quantity,
    discount: money(l.discountTotal),
    tax: money(l.taxTotal),
    total: money(l.total),
    shippedQuantity: l.shippedQuantity,
    refundedQuantity: l.refundedQuantity,
  };
}

export function mapShipment(s: ShipmentRow): Shipment {
  return {
    id: s.id,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    status: s.status,
    items: s.items,
    shippedAt: s.shippedAt.toISOString(),
    deliveredAt: iso(s.deliveredAt),
  };
}

export function subOrderTotals(s: SubOrderRow | OrderRow, currency: string) {
  const money = (amount: number) => ({ amount, currency });
  return {
    subtotal: money(s.subtotal),
    discount: money(s.discountTotal),
    shipping: money(s.shippingTotal),
    tax: money(s.taxTotal),
    total: money(s.total),
    refunded: money(s.refundedTotal),
  };
}

export function mapSubOrder(
  s: SubOrderRow,
  currency: string,
  vendor: { id: string; slug: string; name: string } | undefined,
  lines: readonly OrderLineRow[],
  ships: readonly ShipmentRow[],
  audience: OrderAudience,
): SubOrder {
  return {
    id: s.id,
    number: s.number,
    vendor: vendor ?? { id: s.vendorId, slug: '', name: '' },
    fulfillmentStatus: s.fulfillmentStatus,
    totals: subOrderTotals(s, currency),
    shippingMethod: s.shippingMethod,
    ...(audience === 'admin'
      ? { commission: { rateBps: s.commissionRateBps, amount: { amount: s.commissionAmount, currency } } }
      : {}),
    lines: lines.map((l) => mapLine(l, currency)),
    shipments: ships.map(mapShipment),
  };
}

/** The stored address JSON with every field present. */
function toAddress(json: string): Address {
  const a = JSON.parse(json) as Partial<Address>;
  return {
    name: a.name ?? '',
    line1: a.line1 ?? '',
    line2: a.line2 ?? null,
    city: a.city ?? '',
    region: a.region ?? null,
    postalCode: a.postalCode ?? '',
    country: a.country ?? '',
    phone: a.phone ?? null,
  };
}

export interface OrderReaderDeps {
  pii: PiiCipher;
  keys: KeyStore;
}

export function createOrderReader({ pii, keys }: OrderReaderDeps) {
  /** The order's email in plain text, or null (anonymised, or none stored). */
  function emailOf(o: Pick<OrderRow, 'tenantId' | 'emailCiphertext' | 'anonymisedAt'>): string | null {
    if (o.anonymisedAt || !o.emailCiphertext) return null;
    return pii.decrypt(o.emailCiphertext, orderEmailContext(o.tenantId));
  }

  function addressOf(o: OrderRow, kind: 'shipping' | 'billing'): Address | null {
    const sealed = kind === 'shipping' ? o.shippingAddressCiphertext : o.billingAddressCiphertext;
    if (o.anonymisedAt || !sealed) return null;
    return toAddress(pii.decrypt(sealed, orderAddressContext(o.tenantId, kind)));
  }

  const streamTokenFor = (tenantId: string, orderId: string): Promise<string> =>
    keys.sign({ typ: STREAM_TOKEN_TYPE, tid: tenantId, oid: orderId }, STREAM_TOKEN_TTL_SECONDS);

  /** Whether `token` is a live stream token of this order in this store. */
  async function verifyStreamToken(token: string, tenantId: string, orderId: string): Promise<boolean> {
    try {
      const claims = await keys.verify(token);
      return claims.typ === STREAM_TOKEN_TYPE && claims.tid === tenantId && claims.oid === orderId && !claims.sub;
    } catch {
      return false;
    }
  }

  /**
   * The orders `ids` as views, in the order of `ids` (ids that match no visible order are left
   * out). Six queries whatever the number of ids.
   */
  async function views(tx: Queryable, ids: string[], opts: ViewOptions = {}): Promise<OrderView[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const audience = opts.audience ?? 'customer';
    const orderRows = await tx.select().from(orders).where(inArray(orders.id, unique));
    if (orderRows.length === 0) return [];
    const found = orderRows.map((o) => o.id);
    const [subRows, lineRows, paymentRows, shipmentRows] = [
      await tx.select().from(subOrders).where(inArray(subOrders.orderId, found)).orderBy(asc(subOrders.number)),
      await tx
        .select()
        .from(orderLines)
        .where(inArray(orderLines.orderId, found))
        .orderBy(asc(orderLines.createdAt), asc(orderLines.id)),
      await paymentsOf(tx, found),
      await tx
        .select()
        .from(shipments)
        .where(inArray(shipments.orderId, found))
        .orderBy(asc(shipments.shippedAt), asc(shipments.id)),
    ];
    const vendors = await vendorSummaries(
      tx,
      subRows.map((s) => s.vendorId),
    );
    const subsByOrder = groupBy(subRows, (s) => s.orderId);
    const linesBySub = groupBy(lineRows, (l) => l.subOrderId);
    const shipmentsBySub = groupBy(shipmentRows, (s) => s.subOrderId);
    const paymentByOrder = new Map(paymentRows.map((p) => [p.orderId, p]));
    const byId = new Map(orderRows.map((o) => [o.id, o]));

    const result: OrderView[] = [];
    for (const id of unique) {
      const o = byId.get(id);
      if (!o) continue;
      const subs = subsByOrder.get(o.id) ?? [];
      const p = paymentByOrder.get(o.id);
      const email = emailOf(o);
      const view: OrderView = {
        id: o.id,
        number: o.number,
        status: o.status,
        paymentStatus: o.paymentStatus,
        currency: o.currency,
        ...(email === null ? {} : { email }),
        placedAt: o.placedAt.toISOString(),
        confirmedAt: iso(o.confirmedAt),
        cancelledAt: iso(o.cancelledAt),
        cancelReason: o.cancelReason,
        totals: subOrderTotals(o, o.currency),
        taxIncluded: o.pricesIncludeTax,
        couponCodes: o.couponCodes,
        shippingAddress: addressOf(o, 'shipping'),
        billingAddress: addressOf(o, 'billing'),
        payment: p
          ? {
              id: p.id,
              method: p.method,
              provider: p.provider,
              status: p.status,
              amount: { amount: p.amount, currency: p.currency },
              ...(p.nextAction && p.status === 'requires_action' ? { nextAction: p.nextAction } : {}),
            }
          : null,
        subOrders: subs.map((s) =>
          mapSubOrder(
            s,
            o.currency,
            vendors.get(s.vendorId),
            linesBySub.get(s.id) ?? [],
            shipmentsBySub.get(s.id) ?? [],
            audience,
          ),
        ),
        allowedActions: {
          cancel: customerMayCancel(
            o.status,
            subs.map((s) => s.fulfillmentStatus),
          ),
          ...(audience === 'admin' ? { transitions: [...allowedTransitions(o.status)] } : {}),
        },
        version: o.version,
      };
      result.push(view);
    }
    if (opts.streamTokens ?? true) {
      await Promise.all(
        result.map(async (v) => {
          const tenantId = byId.get(v.id)?.tenantId;
          if (tenantId) v.streamToken = await streamTokenFor(tenantId, v.id);
        }),
      );
    }
    return result;
  }

  /**
   * Vendors' sub-orders with what they need to ship them (the order's number and shipping address)
   * and nothing of the other vendors' parts. Four queries whatever the number of ids.
   */
  async function vendorViews(tx: Queryable, subOrderIds: string[]): Promise<VendorSubOrder[]> {
    const unique = [...new Set(subOrderIds)];
    if (unique.length === 0) return [];
    const subRows = await tx.select().from(subOrders).where(inArray(subOrders.id, unique));
    if (subRows.length === 0) return [];
    const found = subRows.map((s) => s.id);
    const orderRows = await tx
      .select()
      .from(orders)
      .where(
        inArray(
          orders.id,
          subRows.map((s) => s.orderId),
        ),
      );
    const lineRows = await tx
      .select()
      .from(orderLines)
      .where(inArray(orderLines.subOrderId, found))
      .orderBy(asc(orderLines.createdAt), asc(orderLines.id));
    const shipmentRows = await tx
      .select()
      .from(shipments)
      .where(inArray(shipments.subOrderId, found))
      .orderBy(asc(shipments.shippedAt), asc(shipments.id));
    const orderById = new Map(orderRows.map((o) => [o.id, o]));
    const subById = new Map(subRows.map((s) => [s.id, s]));
    const linesBySub = groupBy(lineRows, (l) => l.subOrderId);
    const shipmentsBySub = groupBy(shipmentRows, (s) => s.subOrderId);
    const result: VendorSubOrder[] = [];
    for (const id of unique) {
      const s = subById.get(id);
      const o = s ? orderById.get(s.orderId) : undefined;
      if (!s || !o) continue;
      result.push({
        id: s.id,
        number: s.number,
        orderId: o.id,
        orderNumber: o.number,
        orderStatus: o.status,
        placedAt: o.placedAt.toISOString(),
        currency: o.currency,
        fulfillmentStatus: s.fulfillmentStatus,
        totals: subOrderTotals(s, o.currency),
        commission: { rateBps: s.commissionRateBps, amount: { amount: s.commissionAmount, currency: o.currency } },
        shippingMethod: s.shippingMethod,
        shippingAddress: addressOf(o, 'shipping'),
        lines: (linesBySub.get(s.id) ?? []).map((l) => mapLine(l, o.currency)),
        shipments: (shipmentsBySub.get(s.id) ?? []).map(mapShipment),
        version: s.version,
      });
    }
    return result;
  }

  /** One order as a view, or undefined. */
  async function view(tx: Queryable, id: string, opts: ViewOptions = {}): Promise<OrderView | undefined> {
    const [v] = await views(tx, [id], opts);
    return v;
  }

  return { views, view, vendorViews, streamTokenFor, verifyStreamToken, emailOf, addressOf };
}

export type OrderReader = ReturnType<typeof createOrderReader>;
