import 'server-only';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../lib/page';
import type { TenantParams } from '../../lib/page';

/** Keys of `vendor.meta.*`: the title of each page of the portal. */
export type VendorPage = 'dashboard' | 'apply' | 'profile' | 'imports' | 'import' | 'orders' | 'order' | 'ledger';

/** The `<title>` of a vendor portal page (private: never indexed). */
export async function vendorMetadata(params: TenantParams, page: VendorPage): Promise<Metadata> {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('vendor');
  return { title: t(`meta.${page}`), robots: { index: false, follow: false } };
}
