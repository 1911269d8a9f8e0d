import 'server-only';
import { setRequestLocale } from 'next-intl/server';
import { getStore, uiLocale } from './api';
import type { Store } from './api';

/** Route params of every page under `app/[tenant]`. */
export type TenantParams = Promise<{ tenant: string }>;

/** Search params of a page, as Next.js passes them. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Props of a page under `app/[tenant]` that reads its search params. */
export interface TenantPageProps {
  params: TenantParams;
  searchParams: SearchParams;
}

/**
 * First call of every page and layout: loads the store (404 if none) and sets the UI locale for
 * next-intl, which keeps the page statically renderable (no `headers()` read).
 */
export async function setupPage(tenant: string): Promise<{ store: Store; locale: 'en' | 'de' }> {
  const store = await getStore(tenant);
  const locale = uiLocale(store);
  setRequestLocale(locale);
  return { store, locale };
}
