import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { adminPageMetadata } from '../../../../components/admin/settings/metadata';
import { NotificationsPage } from '../../../../components/admin/audit/Notifications';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'notifications.title');
}

export default function Page() {
  return <NotificationsPage />;
}
