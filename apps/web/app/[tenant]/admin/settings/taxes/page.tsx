import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { adminPageMetadata } from '../../../../../components/admin/settings/metadata';
import { TaxRatesPage } from '../../../../../components/admin/settings/TaxRates';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'taxes.title');
}

export default function Page() {
  return <TaxRatesPage />;
}
