import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { VendorOrders } from '../../../../components/vendor/VendorOrders';
import { vendorMetadata } from '../../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'orders');
}

export default function Page() {
  return <VendorOrders />;
}
