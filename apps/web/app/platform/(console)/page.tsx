import type { Metadata } from 'next';
import { platformMetadata } from '../metadata';
import { StoresList } from '../../../components/platform/StoresList';

export function generateMetadata(): Promise<Metadata> {
  return platformMetadata('stores');
}

export default function PlatformStoresPage() {
  return <StoresList />;
}
