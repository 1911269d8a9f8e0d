import type { Queryable } from './db/client.js';

export type Role = 'platform_admin' | 'owner' | 'staff' | 'vendor' | 'customer';

/** Who is acting: a signed-in user, a service's API key, or Bazaar itself (jobs, schedules). */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  id: string;
  /** The tenant the credential belongs to; null for platform admins and the system. */
  tenantId: string | null;
  roles: Role[];
  scopes: string[];
  /** The sign-in session (refresh-token family) an access token belongs to. */
  sessionId?: string;
}

/** The store a request addresses, as resolved by the tenancy hook. */
export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  defaultCurrency: string;
  defaultLocale: string;
}

/**
 * The first argument of every service and repository function: which store, who is acting, and
 * (inside a unit of work) the open transaction.
 */
export interface RequestContext {
  tenantId: string | null;
  tenant: TenantRef | null;
  actor: Actor | null;
  requestId: string;
  locale: string;
  ip: string;
}

export interface TxContext extends RequestContext {
  tx: Queryable;
  /** Callbacks run once the transaction has committed (wake the outbox relay, drop cache keys). */
  afterCommit: Array<() => void>;
}

export const systemActor: Actor = {
  kind: 'system',
  id: '00000000-0000-0000-0000-000000000000',
  tenantId: null,
  roles: [],
  scopes: [],
};

/** A context for work Bazaar does on its own behalf (jobs, schedules, seeds). */
export function systemContext(tenant: { id: string } | null, requestId: string): RequestContext {
  return {
    tenantId: tenant?.id ?? null,
    tenant: null,
    actor: systemActor,
    requestId,
    locale: 'en',
    ip: '127.0.0.1',
  };
}
