import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { PayoutsPage } from '../../../../components/admin/payouts/PayoutsPage';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('admin');
  return { title: t('payouts.title'), robots: { index: false } };
}

/** `/admin/payouts`: payouts to vendors and settling their balances. */
export default function Page() {
  return <PayoutsPage />;
}
