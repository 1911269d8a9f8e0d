/** Demo stores, created when absent (the seed is idempotent). */
import { sql } from 'drizzle-orm';
import { newId } from '../../platform/ids.js';
import type { Queryable } from '../../platform/db/client.js';
import * as repo from './tenancy.repository.js';
import { type PaymentMethod, storeSettings } from './tenancy.tables.js';

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

/** The demo stores' settings: methods that fit each currency, and how each shows its prices. */
export const demoSettings = [
  { slug: 'demo', paymentMethods: ['card', 'cod'], pricesIncludeTax: false, defaultCountry: 'US' },
  { slug: 'acme', paymentMethods: ['card'], pricesIncludeTax: true, defaultCountry: 'DE' },
  {
    slug: 'mumbai',
    paymentMethods: ['card', 'upi', 'netbanking', 'cod'],
    // India's GST is part of the shelf price.
    pricesIncludeTax: true,
    defaultCountry: 'IN',
  },
] as const satisfies ReadonlyArray<{
  slug: string;
  paymentMethods: readonly PaymentMethod[];
  pricesIncludeTax: boolean;
  defaultCountry: string;
}>;

/**
 * Gives each demo store that exists its settings, unless it has some already (an owner's changes
 * are kept). Runs as the table owner; row-level security is forced for it too, so each insert is
 * made inside the store's tenant setting. Returns `settings:<store>` for each store it set up.
 */
export async function seedStoreSettings(db: Queryable): Promise<string[]> {
  const created: string[] = [];
  for (const s of demoSettings) {
    const store = await repo.findBySlug(db, s.slug);
    if (!store) continue;
    await db.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
    const rows = await db
      .insert(storeSettings)
      .values({
        tenantId: store.id,
        id: store.id,
        paymentMethods: [...s.paymentMethods],
        pricesIncludeTax: s.pricesIncludeTax,
        defaultCountry: s.defaultCountry,
      })
      .onConflictDoNothing()
      .returning({ id: storeSettings.id });
    if (rows.length > 0) created.push(`settings:${s.slug}`);
  }
  await db.execute(sql`select set_config('app.tenant_id', '', true)`);
  return created;
}
