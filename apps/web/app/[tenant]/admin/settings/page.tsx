import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { adminPageMetadata } from '../../../../components/admin/settings/metadata';
import { StoreSettingsPage } from '../../../../components/admin/settings/StoreSettings';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'store.title');
}

export default function Page() {
  return <StoreSettingsPage />;
}
