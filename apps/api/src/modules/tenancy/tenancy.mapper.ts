import type { TenantRef } from '../../platform/context.js';
import type { TenantRow } from './tenancy.repository.js';
import type { Store, Tenant } from './tenancy.schemas.js';
import type { StoreSettings } from './tenancy.settings.js';

export const toTenant = (r: TenantRow): Tenant => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  status: r.status,
  defaultCurrency: r.defaultCurrency,
  defaultLocale: r.defaultLocale,
  locales: r.locales,
  domains: r.domains,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toStore = (
  r: TenantRow,
  signInProviders: Store['signInProviders'],
  settings: Pick<StoreSettings, 'paymentMethods' | 'pricesIncludeTax' | 'logoUrl'>,
): Store => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  currency: r.defaultCurrency,
  locale: r.defaultLocale,
  locales: r.locales,
  domains: r.domains,
  signInProviders,
  paymentMethods: settings.paymentMethods,
  pricesIncludeTax: settings.pricesIncludeTax,
  logoUrl: settings.logoUrl,
});

export const toTenantRef = (r: TenantRow): TenantRef => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  status: r.status,
  defaultCurrency: r.defaultCurrency,
  defaultLocale: r.defaultLocale,
});
