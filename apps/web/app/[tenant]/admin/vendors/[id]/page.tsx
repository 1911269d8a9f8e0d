import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { VendorDetail } from '../../../../../components/admin/moderation/VendorDetail';

type Params = Promise<{ tenant: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('vendors.detailTitle'), robots: { index: false } };
}

/** `/admin/vendors/[id]`: an application or vendor; approve, reject, suspend, reinstate, edit. */
export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <VendorDetail id={id} />;
}
