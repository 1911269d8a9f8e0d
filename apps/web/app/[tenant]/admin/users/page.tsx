import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { adminPageMetadata } from '../../../../components/admin/settings/metadata';
import { UsersPage } from '../../../../components/admin/people/Users';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'users.title');
}

export default function Page() {
  return <UsersPage />;
}
