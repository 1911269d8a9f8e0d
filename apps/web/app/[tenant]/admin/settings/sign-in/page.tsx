import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { adminPageMetadata } from '../../../../../components/admin/settings/metadata';
import { SignInProvidersPage } from '../../../../../components/admin/settings/SignInProviders';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'signIn.title');
}

export default function Page() {
  return <SignInProvidersPage />;
}
