import type { Metadata } from 'next';
import { platformMetadata } from '../metadata';
import { PlatformLoginPage } from '../../../components/platform/PlatformLoginPage';

export function generateMetadata(): Promise<Metadata> {
  return platformMetadata('login');
}

export default function PlatformSignInPage() {
  return <PlatformLoginPage />;
}
