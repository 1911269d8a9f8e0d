import type { Metadata } from 'next';
import { platformMetadata } from '../../../metadata';
import { CreateStoreForm } from '../../../../../components/platform/CreateStoreForm';

export function generateMetadata(): Promise<Metadata> {
  return platformMetadata('newStore');
}

export default function NewStorePage() {
  return <CreateStoreForm />;
}
