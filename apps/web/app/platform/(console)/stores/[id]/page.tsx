import type { Metadata } from 'next';
import { platformMetadata } from '../../../metadata';
import { StoreDetail } from '../../../../../components/platform/StoreDetail';

export function generateMetadata(): Promise<Metadata> {
  return platformMetadata('store');
}

export default async function StorePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StoreDetail id={id} />;
}
