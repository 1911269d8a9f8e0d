/** Demo stores, created when absent (the seed is idempotent). */
import { newId } from '../../platform/ids.js';
import type { Queryable } from '../../platform/db/client.js';
import * as repo from './tenancy.repository.js';

export const demoTenants = [
  {
    slug: 'demo',
    name: 'Demo Bazaar',
    defaultCurrency: 'USD',
    defaultLocale: 'en',
    locales: ['en', 'de'],
    domains: ['demo.localhost'],
  },
  {
    slug: 'acme',
    name: 'Acme Outfitters',
    defaultCurrency: 'EUR',
    defaultLocale: 'de',
    locales: ['de', 'en'],
    domains: ['acme.localhost'],
  },
  {
    slug: 'mumbai',
    name: 'Mumbai Market',
    defaultCurrency: 'INR',
    defaultLocale: 'en-IN',
    locales: ['en-IN'],
    domains: ['mumbai.localhost'],
  },
] as const;

/** Returns the slugs it created. */
export async function seedTenants(db: Queryable): Promise<string[]> {
  const created: string[] = [];
  for (const t of demoTenants) {
    if (await repo.findBySlug(db, t.slug)) continue;
    const id = newId();
    await repo.insert(db, {
      id,
      slug: t.slug,
      name: t.name,
      defaultCurrency: t.defaultCurrency,
      defaultLocale: t.defaultLocale,
      locales: [...t.locales],
    });
    const taken = await repo.domainsTaken(db, [...t.domains]);
    await repo.replaceDomains(
      db,
      id,
      t.domains.filter((d) => !taken.includes(d)),
    );
    created.push(t.slug);
  }
  return created;
}
