import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../../lib/page';
import { platformMetadata } from '../../../metadata';
import { CreateStoreForm } from '../../../../../../components/platform/CreateStoreForm';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return platformMetadata(params, 'newStore');
}

export default function NewStorePage() {
  return <CreateStoreForm />;
}
