import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { OrderDetail } from '../../../../../components/admin/orders/OrderDetail';

type Params = Promise<{ tenant: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('admin');
  return { title: t('order.metaTitle'), robots: { index: false } };
}

/** `/admin/orders/[id]`: one order, its timeline, status moves and refunds. */
export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <OrderDetail id={id} />;
}
