/** Builders for real rows, through the services that own them. */
import type { Runtime } from '../src/runtime.js';
import { platformAdminContext, uniqueSlug } from './helpers.js';

export async function buildTenant(
  runtime: Runtime,
  overrides: Partial<{
    slug: string;
    name: string;
    defaultCurrency: string;
    defaultLocale: string;
    domains: string[];
  }> = {},
) {
  const slug = overrides.slug ?? uniqueSlug('store');
  return runtime.services.tenancy.create(platformAdminContext(), {
    slug,
    name: overrides.name ?? `Store ${slug}`,
    defaultCurrency: overrides.defaultCurrency ?? 'USD',
    defaultLocale: overrides.defaultLocale ?? 'en',
    domains: overrides.domains ?? [],
  });
}
