/** Events the tenancy module publishes. Payloads carry the store as the platform API shows it. */
export const TenancyEvents = {
  created: 'tenancy.tenant_created.v1',
  updated: 'tenancy.tenant_updated.v1',
} as const;

export interface TenantEventPayload {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  version: number;
}
