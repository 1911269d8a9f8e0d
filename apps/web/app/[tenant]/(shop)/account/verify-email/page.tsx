import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { TenantPageProps, TenantParams } from '../../../../../lib/page';
import { accountMetadata, setupAccountPage } from '../../../../../lib/account-data';
import { VerifyEmail } from '../../../../../components/account/VerifyEmail';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'verify');
}

/** Where the verification links the API sends by email land. */
export default async function VerifyEmailPage(props: TenantPageProps) {
  const token = (await setupAccountPage(props, 'token')) ?? '';
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.verify')}</h1>
      <VerifyEmail token={token} />
    </>
  );
}
