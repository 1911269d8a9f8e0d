import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { platformMetadata } from '../metadata';
import { PlatformLoginPage } from '../../../../components/platform/PlatformLoginPage';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return platformMetadata(params, 'login');
}

export default function PlatformSignInPage() {
  return <PlatformLoginPage />;
}
