import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { adminPageMetadata } from '../../../../../components/admin/settings/metadata';
import { UserPage } from '../../../../../components/admin/people/UserDetail';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'user.title');
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <UserPage id={id} />;
}
