import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { publicOrigin } from '../../lib/config';
import { setupPage } from '../../lib/page';
import type { TenantParams } from '../../lib/page';
import { StoreProvider } from '../../components/layout/StoreContext';
import { STOREFRONT_AREAS } from '../../i18n/messages';
import '../globals.css';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('common');
  return {
    metadataBase: new URL(publicOrigin(store.slug, store.domains)),
    title: { default: store.name, template: `%s · ${store.name}` },
    description: t('meta.description', { store: store.name }),
    applicationName: store.name,
    manifest: '/manifest.webmanifest',
    icons: { icon: '/icons/icon-192.png', apple: '/icons/apple-touch-icon.png' },
    openGraph: { siteName: store.name, type: 'website' },
  };
}

export const viewport: Viewport = { themeColor: '#1d4ed8', width: 'device-width', initialScale: 1 };

/** The document of every page of a store: language, messages and the store's public profile. */
export default async function StoreLayout({ children, params }: { children: ReactNode; params: TenantParams }) {
  const { tenant } = await params;
  const { store, locale } = await setupPage(tenant);
  const all = await getMessages();
  // The storefront's messages only: the consoles under /vendor, /admin and /platform add their own.
  const messages = Object.fromEntries(STOREFRONT_AREAS.map((area) => [area, all[area]]));
  const info = {
    slug: store.slug,
    name: store.name,
    currency: store.currency,
    locale: store.locale,
    paymentMethods: store.paymentMethods,
    signInProviders: store.signInProviders,
    pricesIncludeTax: store.pricesIncludeTax,
  };
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages}>
          <StoreProvider store={info}>{children}</StoreProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
