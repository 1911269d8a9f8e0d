/**
 * Renders a component the way the layout provides it: English (or German) messages from
 * `messages/<locale>/*.json` and a store. `renderWithStore(<ProductCard … />)`.
 */
import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { StoreProvider } from '../components/layout/StoreContext';
import type { StoreInfo } from '../components/layout/StoreContext';
import enCommon from '../messages/en/common.json';
import enCatalog from '../messages/en/catalog.json';
import enCart from '../messages/en/cart.json';
import enCheckout from '../messages/en/checkout.json';
import enAccount from '../messages/en/account.json';
import deCommon from '../messages/de/common.json';
import deCatalog from '../messages/de/catalog.json';
import deCart from '../messages/de/cart.json';
import deCheckout from '../messages/de/checkout.json';
import deAccount from '../messages/de/account.json';

export const MESSAGES = {
  en: { common: enCommon, catalog: enCatalog, cart: enCart, checkout: enCheckout, account: enAccount },
  de: { common: deCommon, catalog: deCatalog, cart: deCart, checkout: deCheckout, account: deAccount },
};

export const DEMO_STORE: StoreInfo = {
  slug: 'demo',
  name: 'Demo Bazaar',
  currency: 'USD',
  locale: 'en',
  paymentMethods: ['card', 'cod'],
  signInProviders: [],
  pricesIncludeTax: false,
};

export function renderWithStore(
  ui: ReactElement,
  { locale = 'en', store = DEMO_STORE }: { locale?: 'en' | 'de'; store?: StoreInfo } = {},
): RenderResult {
  return render(
    <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]} timeZone="UTC">
      <StoreProvider store={store}>{ui}</StoreProvider>
    </NextIntlClientProvider>,
  );
}
