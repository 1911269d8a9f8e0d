import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { VendorList } from '../../../../components/admin/moderation/VendorList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('vendors.title'), robots: { index: false } };
}

/** `/admin/vendors`: vendor applications waiting for review, then every vendor by status. */
export default function Page() {
  return <VendorList />;
}
