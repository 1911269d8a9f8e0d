/**
 * Marketplace money and sales analytics: the vendors' ledger kept from order events, payouts, and
 * the daily sales aggregate behind the admin analytics.
 */
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { createLedgerService, registerLedgerHandlers } from './marketplace.ledger.js';
import { createSalesService, registerSalesHandlers } from './marketplace.sales.js';

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

/** The ledger and the sales aggregate, subscribed to the events that feed them. */
export function createMarketplace(deps: { uow: UnitOfWork; events: EventBus }) {
  registerLedgerHandlers(deps.events);
  registerSalesHandlers(deps.events);
  return { ledger: createLedgerService(deps), sales: createSalesService(deps) };
}

export type Marketplace = ReturnType<typeof createMarketplace>;
