/**
 * What the orders module needs from modules that are wired in beside it, as the narrow shapes it
 * calls. The services hand in the real implementations (payments' service, the catalog's stock
 * functions, pricing's promotion counters); these types keep orders compiling on its own and make
 * its dependencies visible in one place.
 */
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';

export interface PaymentsPort {
  /** Cancels an authorization (or a pending payment) at the provider and marks the payment voided. */
  voidPayment(ctx: RequestContext, paymentId: string): Promise<unknown>;
  /** Refunds captured money (provider call outside any transaction); 422 `refund_exceeds_captured`. */
  refund(
    ctx: RequestContext,
    p: { paymentId: string; amount: number; idempotencyKey: string },
  ): Promise<{ refundRef: string }>;
  /** Cash collected on delivery: the payment is paid. */
  markCodPaid(ctx: TxContext, orderId: string): Promise<unknown>;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

export interface InventoryPort {
  releaseReservations(ctx: TxContext, orderId: string): Promise<number>;
  restock(ctx: TxContext, lines: readonly StockLine[]): Promise<void>;
}

export interface PromotionsPort {
  releasePromotions(tx: Queryable, use: { promotionIds: string[]; customerKey: string }): Promise<void>;
}
