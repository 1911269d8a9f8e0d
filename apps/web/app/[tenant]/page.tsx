import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../lib/page';
import type { TenantParams } from '../../lib/page';

export default async function HomePage({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('common');
  return <h1>{t('footer.tagline', { store: store.name })}</h1>;
}
