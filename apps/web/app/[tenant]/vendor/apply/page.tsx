import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { ApplyPage } from '../../../../components/vendor/ApplyPage';
import { vendorMetadata } from '../../../../components/vendor/vendorMetadata';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'apply');
}

export default function Page() {
  return <ApplyPage />;
}
