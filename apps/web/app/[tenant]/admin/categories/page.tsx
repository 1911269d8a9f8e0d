import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { CategoryEditor } from '../../../../components/admin/catalog/CategoryEditor';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('moderation');
  return { title: t('categories.title'), robots: { index: false } };
}

/** `/admin/categories`: the category tree and its editor. */
export default function Page() {
  return <CategoryEditor />;
}
