import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { ProductEditor } from '../../../../../components/vendor/products/ProductEditor';

type Params = Promise<{ tenant: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('vendorProducts');
  return { title: t('meta.edit'), robots: { index: false, follow: false } };
}

/** The editor of one product; the key remounts it when another product opens. */
export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <ProductEditor key={id} productId={id} />;
}
