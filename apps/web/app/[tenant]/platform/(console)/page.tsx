import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { platformMetadata } from '../metadata';
import { StoresList } from '../../../../components/platform/StoresList';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return platformMetadata(params, 'stores');
}

export default function PlatformStoresPage() {
  return <StoresList />;
}
