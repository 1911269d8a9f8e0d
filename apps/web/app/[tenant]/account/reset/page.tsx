import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { accountMetadata, param } from '../../../../lib/account-data';
import { ResetForm } from '../../../../components/account/ResetForm';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'reset');
}

export default async function ResetPage({
  params,
  searchParams,
}: {
  params: TenantParams;
  searchParams: SearchParams;
}) {
  const { tenant } = await params;
  await setupPage(tenant);
  const token = param((await searchParams).token) ?? '';
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.reset')}</h1>
      <ResetForm token={token} />
    </>
  );
}
