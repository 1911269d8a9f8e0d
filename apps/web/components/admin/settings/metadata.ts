import 'server-only';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';

/** The `<title>` of an admin page from the `settings` messages (`apiKeys.title`, …); never indexed. */
export async function adminPageMetadata(params: TenantParams, titleKey: string): Promise<Metadata> {
  await setupPage((await params).tenant);
  const t = await getTranslations('settings');
  return { title: t(titleKey), robots: { index: false, follow: false } };
}
