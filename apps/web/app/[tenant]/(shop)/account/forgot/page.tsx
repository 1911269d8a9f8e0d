import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import type { TenantParams } from '../../../../../lib/page';
import { accountMetadata } from '../../../../../lib/account-data';
import { ForgotForm } from '../../../../../components/account/ForgotForm';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'forgot');
}

export default async function ForgotPage({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  await setupPage(tenant);
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.forgot')}</h1>
      <ForgotForm />
    </>
  );
}
