import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { OrdersList } from '../../../../components/admin/orders/OrdersList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('admin');
  return { title: t('orders.title'), robots: { index: false } };
}

/** `/admin/orders`: the store's orders, filtered and paged by the API, and the CSV export. */
export default function Page() {
  return <OrdersList />;
}
