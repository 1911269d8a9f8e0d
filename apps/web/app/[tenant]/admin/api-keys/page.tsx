import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { adminPageMetadata } from '../../../../components/admin/settings/metadata';
import { ApiKeysPage } from '../../../../components/admin/people/ApiKeys';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'apiKeys.title');
}

export default function Page() {
  return <ApiKeysPage />;
}
