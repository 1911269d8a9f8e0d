import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../../lib/page';
import type { TenantParams } from '../../../../../../lib/page';
import { accountMetadata, requireSession } from '../../../../../../lib/account-data';
import { PrivacyPanel } from '../../../../../../components/account/PrivacyPanel';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'privacy');
}

export default async function Page({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  await setupPage(tenant);
  await requireSession('/account/privacy');
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.privacy')}</h1>
      <PrivacyPanel />
    </>
  );
}
