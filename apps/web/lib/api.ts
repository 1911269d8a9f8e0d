/**
 * Server-only access to the Bazaar API: one client per store, and the data functions pages use,
 * reshaping API answers into view types at this boundary. Catalog reads go through Next's data cache,
 * tagged per store (`catalog:<tenant>`) and revalidated after `WEB_REVALIDATE_SECONDS`.
 */
import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { createBazaarClient, ProblemError, toProblem } from '@bazaar/sdk';
import type { BazaarClient, components } from '@bazaar/sdk';
import { apiOrigin, revalidateSeconds } from './config';
import { isTenantSlug } from './tenant';

export type Store = components['schemas']['Store'];

/** Cache tag of a store's catalog data (products, categories, vendors, reviews). */
export const catalogTag = (tenant: string): string => `catalog:${tenant}`;

/** A client for one store whose GETs are cached by Next for the revalidation window, tagged per store. */
export function catalogApi(tenant: string): BazaarClient {
  const seconds = revalidateSeconds();
  return createBazaarClient({
    baseUrl: apiOrigin(),
    tenant,
    // Fixed so identical requests share one cache entry (the API still logs its own id per request).
    requestId: () => 'web-catalog',
    fetch: (request) => fetch(request, { next: { revalidate: seconds, tags: [catalogTag(tenant)] } }),
  });
}

/** A client for one store that never caches (per-request data on the server). */
export function serverApi(tenant: string): BazaarClient {
  return createBazaarClient({
    baseUrl: apiOrigin(),
    tenant,
    fetch: (request) => fetch(request, { cache: 'no-store' }),
  });
}

/** Throws the API's problem as a {@link ProblemError}, turning 404s into Next's not-found page. */
export function failed(error: unknown, response: Response): never {
  if (response.status === 404) notFound();
  throw new ProblemError(toProblem(error, response));
}

/** The store of a `[tenant]` segment (404 for a name no store has); cached per request. */
export const getStore = cache(async (tenant: string): Promise<Store> => {
  if (!isTenantSlug(tenant)) notFound();
  const { data, error, response } = await catalogApi(tenant).GET('/api/v1/store', {});
  if (!data) failed(error, response);
  return data;
});

/** The UI locale of a store: `de` for German stores, otherwise `en` (the locales with messages). */
export function uiLocale(store: Pick<Store, 'locale'>): 'en' | 'de' {
  return store.locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}
