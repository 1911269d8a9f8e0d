import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { adminPageMetadata } from '../../../../../components/admin/settings/metadata';
import { InvitationsPage } from '../../../../../components/admin/people/Invitations';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'invitations.title');
}

export default function Page() {
  return <InvitationsPage />;
}
