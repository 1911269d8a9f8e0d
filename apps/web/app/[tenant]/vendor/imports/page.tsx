import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { ImportsPage } from '../../../../components/vendor/ImportsPage';
import { vendorMetadata } from '../../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'imports');
}

export default function Page() {
  return <ImportsPage />;
}
