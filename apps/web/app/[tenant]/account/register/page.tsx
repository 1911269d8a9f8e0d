import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { accountMetadata, param } from '../../../../lib/account-data';
import { RegisterForm } from '../../../../components/account/RegisterForm';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'register');
}

export default async function RegisterPage({
  params,
  searchParams,
}: {
  params: TenantParams;
  searchParams: SearchParams;
}) {
  const { tenant } = await params;
  await setupPage(tenant);
  const next = param((await searchParams).next);
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.register')}</h1>
      <RegisterForm next={next} />
    </>
  );
}
