import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { VendorLedger } from '../../../../components/vendor/VendorLedger';
import { vendorMetadata } from '../../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'ledger');
}

export default function Page() {
  return <VendorLedger />;
}
