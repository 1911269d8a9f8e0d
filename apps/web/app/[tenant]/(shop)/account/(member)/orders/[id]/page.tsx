import type { Metadata } from 'next';
import { setupPage } from '../../../../../../../lib/page';
import { accountMetadata, requireSession } from '../../../../../../../lib/account-data';
import { OrderDetail } from '../../../../../../../components/account/OrderDetail';

type Params = Promise<{ tenant: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'order');
}

export default async function Page({ params }: { params: Params }) {
  const { tenant, id } = await params;
  await setupPage(tenant);
  await requireSession(`/account/orders/${encodeURIComponent(id)}`);
  return <OrderDetail id={id} />;
}
