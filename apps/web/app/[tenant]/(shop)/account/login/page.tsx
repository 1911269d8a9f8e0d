import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import type { TenantPageProps, TenantParams } from '../../../../../lib/page';
import { accountMetadata, hasSessionCookie, param } from '../../../../../lib/account-data';
import { LoginForm } from '../../../../../components/account/LoginForm';
import { safeNext } from '../../../../../components/account/session';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return accountMetadata((await params).tenant, 'login');
}

export default async function LoginPage({ params, searchParams }: TenantPageProps) {
  const { tenant } = await params;
  await setupPage(tenant);
  const query = await searchParams;
  const next = param(query.next);
  const changed = param(query.changed) === '1';
  if (!changed && (await hasSessionCookie())) redirect(safeNext(next));
  const t = await getTranslations('account');
  return (
    <>
      <h1>{t('meta.login')}</h1>
      {changed && <p className="alert alert-success">{t('security.passwordChanged')}</p>}
      <LoginForm next={next} />
    </>
  );
}
