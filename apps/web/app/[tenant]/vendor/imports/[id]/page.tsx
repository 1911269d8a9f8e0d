import type { Metadata } from 'next';
import type { TenantParams } from '../../../../../lib/page';
import { ImportDetail } from '../../../../../components/vendor/ImportDetail';
import { vendorMetadata } from '../../../../../components/vendor/vendorMetadata';

type Params = Promise<{ tenant: string; id: string }>;

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return vendorMetadata(params, 'import');
}

export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <ImportDetail id={id} />;
}
