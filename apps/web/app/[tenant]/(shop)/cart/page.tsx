import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { CartPage } from '../../../../components/cart/CartPage';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('cart');
  return { title: t('page.title'), robots: { index: false, follow: false } };
}

export default async function CartRoute({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('cart');
  return (
    <>
      <h1>{t('page.heading')}</h1>
      <CartPage />
    </>
  );
}
