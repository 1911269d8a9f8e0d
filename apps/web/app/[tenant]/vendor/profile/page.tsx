import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { VendorProfilePage } from '../../../../components/vendor/VendorProfilePage';
import { vendorMetadata } from '../../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'profile');
}

export default function Page() {
  return <VendorProfilePage />;
}
