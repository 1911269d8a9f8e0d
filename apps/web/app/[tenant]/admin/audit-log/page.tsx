import type { Metadata } from 'next';
import type { TenantParams } from '../../../../lib/page';
import { adminPageMetadata } from '../../../../components/admin/settings/metadata';
import { AuditLogPage } from '../../../../components/admin/audit/AuditLog';

export function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  return adminPageMetadata(params, 'audit.title');
}

export default function Page() {
  return <AuditLogPage />;
}
