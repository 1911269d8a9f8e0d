/**
 * Orders' part in a person's data export and erasure (GDPR arts. 15, 17 and 20), and the
 * verified-purchase check of reviews. Export and erasure run inside identity's transaction.
 *
 * - export `orders`: every order the person placed, with their lines, the email and addresses
 *   given at checkout (decrypted), payment and fulfilment state;
 * - erasure: orders are kept (the store's books and the vendors' ledgers need them) but anonymised:
 *   email, addresses, the email's blind index and the guest token are removed, the link to the
 *   account is cut and `anonymised_at` is set. The person's carts are deleted.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import { orderAddressContext, orderEmailContext } from './orders.constants.js';
import { orderLines, orders, subOrders } from './orders.tables.js';

type ExportSection = (tx: TxContext, userId: string) => Promise<unknown>;
type ErasureStep = (tx: TxContext, userId: string) => Promise<void>;

/** What identity's self-service offers modules holding personal data. */
export interface PrivacyRegistry {
  registerExportSection(name: string, section: ExportSection): void;
  registerErasureStep(name: string, step: ErasureStep): void;
}

/** Paid (or partly refunded) orders count as a purchase; cash on delivery counts once it is paid. */
const PURCHASED = ['paid', 'partially_refunded'] as const;

/** Whether `userId` bought `productId` in the current store: the reviews' verified-purchase flag. */
export async function hasPurchased(tx: Queryable, userId: string, productId: string): Promise<boolean> {
  const rows = await tx
    .select({ one: sql<number>`1` })
    .from(orderLines)
    .innerJoin(orders, and(eq(orders.tenantId, orderLines.tenantId), eq(orders.id, orderLines.orderId)))
    .where(
      and(
        eq(orders.userId, userId),
        eq(orderLines.productId, productId),
        inArray(orders.paymentStatus, [...PURCHASED]),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export function registerOrdersPrivacy(me: PrivacyRegistry, deps: { pii: PiiCipher }): void {
  const open = (ciphertext: string | null, context: string): unknown =>
    ciphertext === null ? null : (JSON.parse(deps.pii.decrypt(ciphertext, context)) as unknown);

  me.registerExportSection('orders', async (ctx, userId) => {
    const tenantId = ctx.tenantId;
    if (!tenantId) return [];
    const rows = await ctx.tx
      .select()
      .from(orders)
      .where(eq(orders.userId, userId))
      .orderBy(asc(orders.placedAt), asc(orders.id));
    if (rows.length === 0) return [];
    const ids = rows.map((o) => o.id);
    const [subs, lines] = await Promise.all([
      ctx.tx.select().from(subOrders).where(inArray(subOrders.orderId, ids)).orderBy(asc(subOrders.number)),
      ctx.tx
        .select()
        .from(orderLines)
        .where(inArray(orderLines.orderId, ids))
        .orderBy(asc(orderLines.createdAt), asc(orderLines.id)),
    ]);
    return rows.map((o) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      paymentStatus: o.paymentStatus,
      paymentMethod: o.paymentMethod,
      currency: o.currency,
      totals: {
        subtotal: o.subtotal,
        discount: o.discountTotal,
        shipping: o.shippingTotal,
        tax: o.taxTotal,
        total: o.total,
        refunded: o.refundedTotal,
      },
      couponCodes: o.couponCodes,
      email: o.emailCiphertext === null ? null : deps.pii.decrypt(o.emailCiphertext, orderEmailContext(tenantId)),
      shippingAddress: open(o.shippingAddressCiphertext, orderAddressContext(tenantId, 'shipping')),
      billingAddress: open(o.billingAddressCiphertext, orderAddressContext(tenantId, 'billing')),
      placedAt: o.placedAt.toISOString(),
      cancelledAt: o.cancelledAt?.toISOString() ?? null,
      subOrders: subs
        .filter((s) => s.orderId === o.id)
        .map((s) => ({ number: s.number, vendorId: s.vendorId, fulfillmentStatus: s.fulfillmentStatus })),
      lines: lines
        .filter((l) => l.orderId === o.id)
        .map((l) => ({
          sku: l.sku,
          title: l.title,
          options: l.options,
          unitPrice: l.unitPrice,
          quantity: l.quantity,
          total: l.total,
        })),
    }));
  });

  me.registerErasureStep('orders', async (ctx, userId) => {
    await ctx.tx
      .update(orders)
      .set({
        userId: null,
        emailCiphertext: null,
        emailHash: null,
        orderTokenHash: null,
        shippingAddressCiphertext: null,
        billingAddressCiphertext: null,
        anonymisedAt: sql`now()`,
        updatedAt: sql`now()`,
        version: sql`${orders.version} + 1`,
      })
      .where(and(eq(orders.userId, userId), isNull(orders.anonymisedAt)));
    // Carts hold no personal data beyond the link to the account and what was in them.
    await ctx.tx.execute(sql`delete from carts where user_id = ${userId}`);
  });
}
