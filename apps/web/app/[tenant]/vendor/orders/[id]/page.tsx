import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { VendorOrderDetail } from '../../../../../components/vendor/VendorOrderDetail';
import { vendorMetadata } from '../../../../../components/vendor/vendorMetadata';

type Params = Promise<{ tenant: string; id: string }>;

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'order');
}

export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <VendorOrderDetail id={id} />;
}
