import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { ProductDetail } from '../../../../../components/admin/moderation/ProductDetail';

type Params = Promise<{ tenant: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('products.detailTitle'), robots: { index: false } };
}

/** `/admin/products/[id]`: a product in full; approve, reject with a reason, feature. */
export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <ProductDetail id={id} />;
}
