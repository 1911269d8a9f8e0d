import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { ReviewList } from '../../../../components/admin/moderation/ReviewList';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('reviews.title'), robots: { index: false } };
}

/** `/admin/reviews`: product reviews; hide one with a reason, or show it again. */
export default function Page() {
  return <ReviewList />;
}
