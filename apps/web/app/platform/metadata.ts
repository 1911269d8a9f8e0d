import 'server-only';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PLATFORM_LOCALE } from './locale';

/** A platform console page's title, never indexed. */
export async function platformMetadata(key: 'stores' | 'newStore' | 'store' | 'login'): Promise<Metadata> {
  const t = await getTranslations({ locale: PLATFORM_LOCALE, namespace: 'platform' });
  return { title: t(`meta.${key}`), robots: { index: false, follow: false } };
}
