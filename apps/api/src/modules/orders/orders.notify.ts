/**
 * Messages to the shopper about their order. The address is the order's own (sealed) email, not
 * the account's: guests have no account, and the order keeps the address it was placed with. An
 * anonymised order gets no messages.
 */
import { eq } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { queueNotification, type TemplateName } from '../identity/index.js';
import { tenants } from '../tenancy/index.js';
import { orderEmailContext } from './orders.constants.js';
import { orders } from './orders.tables.js';

export type OrderTemplate = Extract<TemplateName, `order_${string}`>;

export interface OrderMessage {
  orderId: string;
  template: OrderTemplate;
  /** Template variables; `store`, `number` and `link` are filled in when absent. */
  vars?: Record<string, string>;
}

export interface OrderMessageDeps {
  pii: PiiCipher;
  events: EventBus;
  /** Origin of links in messages, `{store}` standing for the store's slug. */
  webUrl: string;
}

/**
 * Queues `template` to the order's email in the order's locale, in the caller's transaction.
 * Returns the notification id, or null when the order has no email to write to.
 */
export async function queueOrderMessage(
  ctx: TxContext,
  deps: OrderMessageDeps,
  msg: OrderMessage,
): Promise<string | null> {
  const [order] = await ctx.tx
    .select({
      tenantId: orders.tenantId,
      id: orders.id,
      number: orders.number,
      userId: orders.userId,
      emailCiphertext: orders.emailCiphertext,
      anonymisedAt: orders.anonymisedAt,
      locale: orders.locale,
      storeName: tenants.name,
      storeSlug: tenants.slug,
    })
    .from(orders)
    .innerJoin(tenants, eq(tenants.id, orders.tenantId))
    .where(eq(orders.id, msg.orderId));
  if (!order?.emailCiphertext || order.anonymisedAt) return null;
  const email = deps.pii.decrypt(order.emailCiphertext, orderEmailContext(order.tenantId));
  const link = `${deps.webUrl.replace('{store}', order.storeSlug)}/orders/${order.id}`;
  return queueNotification(
    ctx,
    { pii: deps.pii, events: deps.events },
    {
      recipientUserId: order.userId,
      email,
      template: msg.template,
      locale: order.locale,
      vars: { store: order.storeName, number: order.number, link, ...msg.vars },
    },
  );
}
