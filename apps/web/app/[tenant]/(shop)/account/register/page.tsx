import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { TenantPageProps, TenantParams } from '../../../../../lib/page';
import { accountMetadata, setupAccountPage } from '../../../../../lib/account-data';
import { RegisterForm } from '../../../../../components/account/RegisterForm';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'register');
}

export default async function RegisterPage(props: TenantPageProps) {
  const next = await setupAccountPage(props, 'next');
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.register')}</h1>
      <RegisterForm next={next} />
    </>
  );
}
