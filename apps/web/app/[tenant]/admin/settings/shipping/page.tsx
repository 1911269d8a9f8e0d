import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { adminPageMetadata } from '../../../../../components/admin/settings/metadata';
import { ShippingZonesPage } from '../../../../../components/admin/settings/ShippingZones';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'shipping.title');
}

export default function Page() {
  return <ShippingZonesPage />;
}
