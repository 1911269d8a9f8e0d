import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';
import { SiteHeader } from '../../../components/layout/SiteHeader';
import { SiteFooter } from '../../../components/layout/SiteFooter';
import { CartProvider } from '../../../components/cart/CartProvider';
import { ServiceWorker } from '../../../components/layout/ServiceWorker';

/** The storefront's frame: header with search and cart, footer, offline support. */
export default async function ShopLayout({ children, params }: { children: ReactNode; params: TenantParams }) {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('common');
  return (
    <CartProvider>
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <SiteHeader storeName={store.name} />
      <main id="main" className="container" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter storeName={store.name} />
      <ServiceWorker />
    </CartProvider>
  );
}
