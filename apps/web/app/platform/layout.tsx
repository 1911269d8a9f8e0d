import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, setRequestLocale } from 'next-intl/server';
import { StoreProvider } from '../../components/layout/StoreContext';
import type { StoreInfo } from '../../components/layout/StoreContext';
import { PLATFORM_LOCALE } from './locale';
import '../globals.css';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Bazaar', template: '%s · Bazaar' },
  robots: { index: false, follow: false },
};

/** What the console's shared parts read as "the store": the platform itself. */
const PLATFORM: StoreInfo = {
  slug: 'platform',
  name: 'Bazaar',
  currency: 'USD',
  locale: PLATFORM_LOCALE,
  paymentMethods: [],
  signInProviders: [],
  pricesIncludeTax: false,
};

/**
 * The platform console under `/platform`, a document of its own: it belongs to no store (a suspended
 * store cannot take it down), and `proxy.ts` serves it only on `WEB_PLATFORM_HOST`. The console is in
 * `(console)`, the sign-in page outside it.
 */
export default async function PlatformLayout({ children }: { children: ReactNode }) {
  setRequestLocale(PLATFORM_LOCALE);
  const messages = await getMessages();
  return (
    <html lang={PLATFORM_LOCALE}>
      <body>
        <NextIntlClientProvider locale={PLATFORM_LOCALE} messages={messages}>
          <StoreProvider store={PLATFORM}>{children}</StoreProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
