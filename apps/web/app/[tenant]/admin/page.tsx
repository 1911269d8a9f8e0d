import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';
import { AdminOverview } from '../../../components/admin/overview/AdminOverview';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('admin');
  return { title: t('overview.title'), robots: { index: false } };
}

/** `/admin`: sales over a range and what needs attention. */
export default function Page() {
  return <AdminOverview />;
}
