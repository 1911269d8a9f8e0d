import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { CouponList } from '../../../../components/admin/coupons/CouponList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('coupons.title'), robots: { index: false } };
}

/** `/admin/coupons`: coupons and automatic promotions. */
export default function Page() {
  return <CouponList />;
}
