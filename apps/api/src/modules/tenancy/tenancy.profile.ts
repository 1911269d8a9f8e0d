/**
 * A store's profile: its name, currency and locales, kept on its `tenants` row. The platform admin
 * changes it with `PATCH /api/v1/platform/tenants/{id}`, the store's own administrators with
 * `PATCH /api/v1/admin/settings`. Both go through the tenancy service's one update of the row, so
 * the write, its `tenant.updated` audit entry and event, and the resolver cache's invalidation are
 * the same either way. What both sides share lives here (the settings service cannot import the
 * tenancy service: that one reads the settings).
 */
import type { RequestContext, TxContext } from '../../platform/context.js';
import { BusinessRuleViolation } from '../../platform/errors.js';
import type { TenantRow } from './tenancy.repository.js';
import type { UpdateTenantBody } from './tenancy.schemas.js';

/** 422 `unknown_currency` unless `code` is an ISO 4217 currency. */
export function assertCurrency(code: string | undefined): void {
  if (code !== undefined && !Intl.supportedValuesOf('currency').includes(code)) {
    throw new BusinessRuleViolation('unknown_currency', `${code} is not an ISO 4217 currency.`);
  }
}

/** The canonical form of a BCP 47 tag (`en-in` → `en-IN`); 422 `unknown_locale` when it is none. */
export function canonicalLocale(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // fall through
  }
  throw new BusinessRuleViolation('unknown_locale', `${tag} is not a valid locale.`);
}

/** The profile fields a store's own administrators may change. */
export type StoreProfilePatch = Pick<UpdateTenantBody, 'name' | 'defaultCurrency' | 'defaultLocale' | 'locales'>;

export interface StoreProfileWriter {
  /**
   * Runs `fn` in one platform transaction of the request's store (`ctx.tenantId`), with the store's
   * row locked and read. `update` changes the row at its current version exactly as the platform's
   * PATCH does (audit, event) and returns the new row; once the transaction has committed, the
   * resolver cache forgets the store. `ctx` must not already be inside a tenant transaction (the
   * request role may only read the stores).
   */
  changeOwnStore<T>(
    ctx: RequestContext,
    fn: (tx: TxContext, current: TenantRow, update: (patch: StoreProfilePatch) => Promise<TenantRow>) => Promise<T>,
  ): Promise<T>;
}
