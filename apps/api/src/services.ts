/**
 * The business modules, wired to the platform. Shared by the API role (routes) and the worker role
 * (event consumers and jobs), so both run the same handlers.
 */
import type { Database } from './platform/db/client.js';
import { createUnitOfWork } from './platform/db/unit-of-work.js';
import type { EventBus } from './platform/outbox/bus.js';
import { createTenancyService } from './modules/tenancy/index.js';

export interface ServiceDeps {
  database: Database;
  events: EventBus;
}

export function createServices(deps: ServiceDeps) {
  const uow = createUnitOfWork(deps.database);
  return {
    uow,
    tenancy: createTenancyService({ database: deps.database, uow, events: deps.events }),
  };
}

export type Services = ReturnType<typeof createServices>;
