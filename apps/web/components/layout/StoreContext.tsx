'use client';
/** The store's public settings for client components (name, currency, locale, payment methods, …). */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { components } from '@bazaar/sdk';

export type StoreInfo = Pick<
  components['schemas']['Store'],
  'slug' | 'name' | 'currency' | 'locale' | 'paymentMethods' | 'signInProviders' | 'pricesIncludeTax'
>;

const StoreContext = createContext<StoreInfo | null>(null);

export function StoreProvider({ store, children }: { store: StoreInfo; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The current store; throws outside `StoreProvider` (a wiring bug, not a runtime state). */
export function useStore(): StoreInfo {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() needs <StoreProvider>');
  return store;
}
