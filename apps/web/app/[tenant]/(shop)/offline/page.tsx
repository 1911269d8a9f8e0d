import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { RetryButton } from '../../../../components/catalog/RetryButton';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('catalog');
  return { title: t('offline.title'), robots: { index: false, follow: false } };
}

/** Shown by the service worker when a page is requested offline and none is cached. */
export default async function OfflinePage({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('catalog');
  return (
    <div className="empty">
      <h1>{t('offline.title')}</h1>
      <p>{t('offline.body')}</p>
      <RetryButton label={t('offline.retry')} />
    </div>
  );
}
