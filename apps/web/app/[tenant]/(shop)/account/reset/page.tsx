import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { TenantPageProps, TenantParams } from '../../../../../lib/page';
import { accountMetadata, setupAccountPage } from '../../../../../lib/account-data';
import { ResetForm } from '../../../../../components/account/ResetForm';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'reset');
}

export default async function ResetPage(props: TenantPageProps) {
  const token = (await setupAccountPage(props, 'token')) ?? '';
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.reset')}</h1>
      <ResetForm token={token} />
    </>
  );
}
