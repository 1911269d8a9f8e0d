/**
 * The business modules, wired to the platform. Shared by the API role (routes) and the worker role
 * (event consumers and jobs), so both run the same handlers.
 */
import type { Cache } from './platform/cache.js';
import type { KeyStore } from './platform/auth/keys.js';
import type { PiiCipher } from './platform/crypto/pii.js';
import type { Database } from './platform/db/client.js';
import { createUnitOfWork } from './platform/db/unit-of-work.js';
import type { ObjectStorage } from './platform/storage/index.js';
import type { EventBus } from './platform/outbox/bus.js';
import type { JobQueue } from './platform/outbox/jobs.js';
import {
  PASSWORD_RESET_REQUESTED,
  createApiKeyService,
  createIdentityAdminService,
  createIdentityService,
  createOidcService,
  createSelfService,
  registerNotificationDelivery,
  startUrlOf,
} from './modules/identity/index.js';
import { createTenancyService } from './modules/tenancy/index.js';
import {
  createBrowseService,
  createCatalogCache,
  createCatalogCsvService,
  createCategoryService,
  createProductService,
  createReviewService,
  createVendorService,
  registerCatalogPrivacy,
} from './modules/catalog/index.js';

export interface ServiceDeps {
  database: Database;
  events: EventBus;
  jobs: JobQueue;
  pii: PiiCipher;
  keys: KeyStore;
  cache: Cache;
  loginRateLimit: number;
  webUrl: string;
  catalogCacheTtl: number;
  storage: ObjectStorage;
}

export function createServices(deps: ServiceDeps) {
  const uow = createUnitOfWork(deps.database);
  const identity = createIdentityService({
    uow,
    events: deps.events,
    pii: deps.pii,
    keys: deps.keys,
    cache: deps.cache,
    loginRateLimit: deps.loginRateLimit,
    webUrl: deps.webUrl,
  });
  deps.events.subscribe<{ email: string; locale?: string }>(
    PASSWORD_RESET_REQUESTED,
    'identity.password-reset.send',
    (ctx, event) => identity.sendPasswordReset(ctx, event.payload),
  );
  registerNotificationDelivery(deps.events);
  const oidc = createOidcService({ identity });
  const me = createSelfService({ identity, uow, events: deps.events, pii: deps.pii });
  const catalogCache = createCatalogCache(deps.cache, { ttlSeconds: deps.catalogCacheTtl });
  const catalogVendors = createVendorService({ uow, pii: deps.pii, events: deps.events, catalogCache });
  const catalogCategories = createCategoryService({ uow, catalogCache });
  const catalogProducts = createProductService({ uow, events: deps.events, storage: deps.storage, catalogCache });
  const catalogBrowse = createBrowseService({ uow, catalogCache });
  const catalogReviews = createReviewService({ uow, pii: deps.pii, catalogCache });
  registerCatalogPrivacy(me, { pii: deps.pii, catalogCache });
  const catalogCsv = createCatalogCsvService({
    uow,
    jobs: deps.jobs,
    events: deps.events,
    storage: deps.storage,
    catalogCache,
  });
  return {
    uow,
    tenancy: createTenancyService({
      database: deps.database,
      uow,
      events: deps.events,
      onStoreCreated: async (tx, owner) => {
        await identity.createStoreOwner(tx, owner);
      },
      signInProviders: async (tx) =>
        (await oidc.enabled(tx)).map((p) => ({ slug: p.slug, name: p.name, startUrl: startUrlOf(p.slug) })),
    }),
    identity,
    identityAdmin: createIdentityAdminService({ identity, pii: deps.pii, cache: deps.cache }),
    apiKeys: createApiKeyService({ identity }),
    me,
    oidc,
    catalogCache,
    catalogVendors,
    catalogCategories,
    catalogProducts,
    catalogBrowse,
    catalogReviews,
    catalogCsv,
  };
}

export type Services = ReturnType<typeof createServices>;
