import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { OrderConfirmation } from '../../../../../components/orders/OrderConfirmation';

export const dynamic = 'force-dynamic';

type Params = Promise<{ tenant: string; id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('checkout');
  return { title: t('confirmation.title'), robots: { index: false, follow: false }, referrer: 'no-referrer' };
}

export default async function OrderRoute({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { tenant, id } = await params;
  await setupPage(tenant);
  const t = await getTranslations('checkout');
  const { token } = await searchParams;
  return (
    <>
      <h1>{t('confirmation.heading')}</h1>
      <OrderConfirmation orderId={id} token={typeof token === 'string' ? token : undefined} />
    </>
  );
}
