import type { Metadata } from 'next';
import type { TenantParams } from '../../../lib/page';
import { VendorHome } from '../../../components/vendor/VendorHome';
import { vendorMetadata } from '../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'dashboard');
}

export default function Page() {
  return <VendorHome />;
}
