import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { ProductsList } from '../../../../components/vendor/products/ProductsList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('vendorProducts');
  return { title: t('meta.list'), robots: { index: false, follow: false } };
}

export default function Page() {
  return <ProductsList />;
}
