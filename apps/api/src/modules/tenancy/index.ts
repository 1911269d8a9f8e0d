export { createTenancyService, type SignInProvider, type TenancyService } from './tenancy.service.js';
export { tenancyRoutes } from './tenancy.routes.js';
export { seedTenants, demoTenants, seedStoreSettings, demoSettings } from './tenancy.seed.js';
export { TenancyEvents, type TenantEventPayload } from './tenancy.events.js';
export { Store, Tenant, TenantList, type StoreOwnerInput } from './tenancy.schemas.js';
export { tenants } from './tenancy.tables.js';
export { PAYMENT_METHODS, type PaymentMethod } from './tenancy.tables.js';
export {
  createSettingsService,
  DEFAULT_SETTINGS,
  getStoreSettings,
  paymentMethodsFor,
  type SettingsService,
  type StoreSettings,
} from './tenancy.settings.js';
export { settingsRoutes } from './tenancy.settings.routes.js';
