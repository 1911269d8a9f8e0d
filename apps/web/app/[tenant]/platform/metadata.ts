import 'server-only';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';

/** A platform console page's title (in the language of the host's store), never indexed. */
export async function platformMetadata(
  params: TenantParams,
  key: 'stores' | 'newStore' | 'store' | 'login',
): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('platform');
  return { title: t(`meta.${key}`), robots: { index: false, follow: false } };
}
