export { createTenancyService, type SignInProvider, type TenancyService } from './tenancy.service.js';
export { tenancyRoutes } from './tenancy.routes.js';
export { seedTenants, demoTenants } from './tenancy.seed.js';
export { TenancyEvents, type TenantEventPayload } from './tenancy.events.js';
export { Store, Tenant, TenantList, type StoreOwnerInput } from './tenancy.schemas.js';
export { tenants } from './tenancy.tables.js';
