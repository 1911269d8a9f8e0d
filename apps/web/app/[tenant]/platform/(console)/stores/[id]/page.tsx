import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../../lib/page';
import { platformMetadata } from '../../../metadata';
import { StoreDetail } from '../../../../../../components/platform/StoreDetail';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return platformMetadata(params, 'store');
}

export default async function StorePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StoreDetail id={id} />;
}
