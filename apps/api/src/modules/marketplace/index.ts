/**
 * Marketplace money and sales analytics: the vendors' ledger kept from order events, payouts, the
 * daily sales aggregate behind the admin and vendor analytics, and the admin dashboard's "needs
 * attention" panel.
 */
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { createAttentionService } from './marketplace.attention.js';
import { createLedgerService, registerLedgerHandlers } from './marketplace.ledger.js';
import { createSalesService, registerSalesHandlers } from './marketplace.sales.js';

export { createAttentionService, type AttentionService } from './marketplace.attention.js';
export {
  createLedgerService,
  MarketplaceEvents,
  registerLedgerHandlers,
  type LedgerService,
  type PayoutCreatedPayload,
} from './marketplace.ledger.js';
export { createSalesService, MAX_RANGE_DAYS, registerSalesHandlers, type SalesService } from './marketplace.sales.js';
export { marketplaceRoutes } from './marketplace.routes.js';
export { LEDGER_KINDS, STORE_WIDE, type LedgerKind } from './marketplace.tables.js';

/** The ledger and the sales aggregate, subscribed to the events that feed them, and the attention panel. */
export function createMarketplace(deps: { uow: UnitOfWork; events: EventBus }) {
  registerLedgerHandlers(deps.events);
  registerSalesHandlers(deps.events);
  return {
    ledger: createLedgerService(deps),
    sales: createSalesService(deps),
    attention: createAttentionService(deps),
  };
}

export type Marketplace = ReturnType<typeof createMarketplace>;
