import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { ProductList } from '../../../../components/admin/moderation/ProductList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('products.title'), robots: { index: false } };
}

/** `/admin/products`: the product review queue and a search across every vendor's products. */
export default function Page() {
  return <ProductList />;
}
