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
import enConsole from '../messages/en/console.json';
import enVendor from '../messages/en/vendor.json';
import enVendorProducts from '../messages/en/vendorProducts.json';
import enAdmin from '../messages/en/admin.json';
import enModeration from '../messages/en/moderation.json';
import enSettings from '../messages/en/settings.json';
import enPlatform from '../messages/en/platform.json';
import deConsole from '../messages/de/console.json';
import deVendor from '../messages/de/vendor.json';
import deVendorProducts from '../messages/de/vendorProducts.json';
import deAdmin from '../messages/de/admin.json';
import deModeration from '../messages/de/moderation.json';
import deSettings from '../messages/de/settings.json';
import dePlatform from '../messages/de/platform.json';

export const MESSAGES = {
  en: {
    common: enCommon,
    catalog: enCatalog,
    cart: enCart,
    checkout: enCheckout,
    account: enAccount,
    console: enConsole,
    vendor: enVendor,
    vendorProducts: enVendorProducts,
    admin: enAdmin,
    moderation: enModeration,
    settings: enSettings,
    platform: enPlatform,
  },
  de: {
    common: deCommon,
    catalog: deCatalog,
    cart: deCart,
    checkout: deCheckout,
    account: deAccount,
    console: deConsole,
    vendor: deVendor,
    vendorProducts: deVendorProducts,
    admin: deAdmin,
    moderation: deModeration,
    settings: deSettings,
    platform: dePlatform,
  },
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
