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
import type { Scheduler } from './platform/outbox/scheduler.js';
import type { Config } from './config.js';
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
import { hasPurchased, registerOrdersPrivacy } from './modules/orders/index.js';
import { createTenancyService } from './modules/tenancy/index.js';
import { createSettingsService } from './modules/tenancy/index.js';
import { createPricingAdminService } from './modules/pricing/index.js';
import { createMarketplace } from './modules/marketplace/index.js';
import { createCartService } from './modules/cart/index.js';
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
import { carrierWebhookSecretOf, createOrderReader, createOrderService } from './modules/orders/index.js';
import { releaseReservations, restock } from './modules/catalog/index.js';
import { releasePromotions } from './modules/pricing/index.js';
import { createNotificationHub } from './platform/db/notifications.js';
import { createPaymentService } from './modules/payments/index.js';
import { onStockChange } from './modules/catalog/index.js';
import { createCheckoutService } from './modules/orders/index.js';

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
  scheduler: Scheduler;
  /** Payment providers, reservations and links back to the API (payment return URLs). */
  commerce: Pick<Config, 'stripe' | 'payments' | 'apiUrl' | 'redisUrl' | 'databaseUrl'>;
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
  const tenancy = createTenancyService({
    database: deps.database,
    uow,
    events: deps.events,
    onStoreCreated: async (tx, owner) => {
      await identity.createStoreOwner(tx, owner);
    },
    signInProviders: async (tx) =>
      (await oidc.enabled(tx)).map((p) => ({ slug: p.slug, name: p.name, startUrl: startUrlOf(p.slug) })),
  });
  // <settings-pricing-admin> (store settings, tax/shipping/coupon admin)
  const settings = createSettingsService({
    uow,
    // An owner's change of name, currency or locales goes through the platform's update of the store.
    profileWriter: tenancy.profileWriter,
    signInProviders: async (tx) =>
      (await oidc.enabled(tx)).map((p) => ({ slug: p.slug, name: p.name, startUrl: startUrlOf(p.slug) })),
  });
  const pricingAdmin = createPricingAdminService({ uow });
  // </settings-pricing-admin>
  // <cart> (pricing rules loader, carts)
  const carts = createCartService({ uow, events: deps.events });
  // A guest cart named at sign-in is merged into the customer's, in the login transaction.
  identity.setLoginHook((ctx, input) => carts.mergeAtLogin(ctx, input));
  // </cart>
  // <payments>
  const payments = createPaymentService({ uow, events: deps.events, pii: deps.pii, config: deps.commerce });
  // </payments>
  // <orders> (order reader, orders, fulfilment, refunds, stream, export)
  const orderReader = createOrderReader({ pii: deps.pii, keys: deps.keys });
  const orders = createOrderService({
    uow,
    pii: deps.pii,
    keys: deps.keys,
    events: deps.events,
    reader: orderReader,
    payments,
    inventory: { releaseReservations, restock },
    promotions: { releasePromotions },
    notifications: createNotificationHub(deps.database),
    webUrl: deps.webUrl,
    carrierWebhookSecret: carrierWebhookSecretOf(deps.pii),
  });
  // </orders>
  // <checkout> (inventory reservations, checkout saga, recovery)
  // Stock changes (reservations, sales, restocks) change what the catalog shows as available.
  onStockChange((tenantId) => catalogCache.bump(tenantId));
  const checkout = createCheckoutService({
    uow,
    database: deps.database,
    events: deps.events,
    jobs: deps.jobs,
    scheduler: deps.scheduler,
    pii: deps.pii,
    carts,
    payments,
    orderReader,
    accountEmail: async (tx) => (await me.getMe(tx)).email,
    webUrl: deps.webUrl,
    reservationTtlMinutes: deps.commerce.payments.reservationTtlMinutes,
  });
  // </checkout>
  // <marketplace> (ledger, payouts, sales aggregate)
  const marketplace = createMarketplace({ uow, events: deps.events });
  // </marketplace>
  // Reviews say "verified purchase" for customers with a paid order of the product.
  catalogReviews.setPurchaseVerifier(hasPurchased);
  registerOrdersPrivacy(me, { pii: deps.pii });
  return {
    uow,
    tenancy,
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
    // <exports-settings-pricing-admin>
    settings,
    pricingAdmin,
    // </exports-settings-pricing-admin>
    // <exports-cart>
    carts,
    // </exports-cart>
    // <exports-payments>
    payments,
    // </exports-payments>
    // <exports-orders>
    orderReader,
    orders,
    // </exports-orders>
    // <exports-checkout>
    checkout,
    // </exports-checkout>
    // <exports-marketplace>
    marketplace,
    // </exports-marketplace>
  };
}

export type Services = ReturnType<typeof createServices>;
