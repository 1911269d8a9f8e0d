/**
 * A store's own settings: payment methods, marketplace commission, whether prices include tax, the
 * default country, the order-number prefix, support address and logo. One `store_settings` row per
 * store, created on the first change: until then the defaults apply and the settings are at
 * version 0 (`ETag: "0"`), so the first PATCH sends `If-Match: "0"`.
 *
 * Checkout, payments and pricing read them through `getStoreSettings`, inside their own
 * transaction, so a change applies to the next request on every replica.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import { BadRequest, BusinessRuleViolation, Forbidden, Unauthorized, VersionConflict } from '../../platform/errors.js';
import { TenantNotFound } from './tenancy.errors.js';
import * as repo from './tenancy.repository.js';
import type { SignInProvider } from './tenancy.service.js';
import type { AdminStoreSettings, StoreSettingsBody } from './tenancy.settings.schemas.js';
import { PAYMENT_METHODS, type PaymentMethod, storeSettings } from './tenancy.tables.js';

export interface StoreSettings {
  paymentMethods: PaymentMethod[];
  commissionRateBps: number;
  pricesIncludeTax: boolean;
  defaultCountry: string;
  orderNumberPrefix: string;
  supportEmail: string | null;
  logoUrl: string | null;
}

/** The settings of a store that never changed them. */
export const DEFAULT_SETTINGS = {
  paymentMethods: ['card'] as PaymentMethod[],
  commissionRateBps: 1000,
  pricesIncludeTax: false,
  defaultCountry: 'US',
} as const;

/** Methods that need the rupee: UPI and net banking are Indian payment rails. */
const INR_ONLY: readonly PaymentMethod[] = ['upi', 'netbanking'];

/** The payment methods a store with this currency may enable. */
export function paymentMethodsFor(currency: string): PaymentMethod[] {
  return PAYMENT_METHODS.filter((m) => currency === 'INR' || !INR_ONLY.includes(m));
}

type SettingsRow = typeof storeSettings.$inferSelect;

function toSettings(row: SettingsRow | undefined, tenant: { slug: string; defaultCurrency: string }): StoreSettings {
  const allowed = paymentMethodsFor(tenant.defaultCurrency);
  // A store whose currency the platform changed keeps its list, but only the methods the new
  // currency allows are offered; never none.
  const methods = (row?.paymentMethods ?? DEFAULT_SETTINGS.paymentMethods).filter((m): m is PaymentMethod =>
    allowed.includes(m as PaymentMethod),
  );
  return {
    paymentMethods: methods.length > 0 ? methods : ['card'],
    commissionRateBps: row?.commissionRateBps ?? DEFAULT_SETTINGS.commissionRateBps,
    pricesIncludeTax: row?.pricesIncludeTax ?? DEFAULT_SETTINGS.pricesIncludeTax,
    defaultCountry: row?.defaultCountry ?? DEFAULT_SETTINGS.defaultCountry,
    orderNumberPrefix: row?.orderNumberPrefix ?? tenant.slug.toUpperCase(),
    supportEmail: row?.supportEmail ?? null,
    logoUrl: row?.logoUrl ?? null,
  };
}

async function findRow(tx: Queryable, tenantId: string, lock = false): Promise<SettingsRow | undefined> {
  const q = tx
    .select()
    .from(storeSettings)
    .where(and(eq(storeSettings.tenantId, tenantId), eq(storeSettings.id, tenantId), isNull(storeSettings.deletedAt)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/**
 * The store's settings, with the defaults for what it never set. Reads in the caller's
 * transaction (a tenant transaction of that store: row-level security applies).
 */
export async function getStoreSettings(
  tx: Queryable,
  tenant: { id: string; slug: string; defaultCurrency: string },
): Promise<StoreSettings> {
  return toSettings(await findRow(tx, tenant.id), tenant);
}

export interface SettingsDeps {
  uow: UnitOfWork;
  /** The store's enabled sign-in providers, shown read-only. */
  signInProviders?: (tx: TxContext) => Promise<SignInProvider[]>;
}

/**
 * 401 without an actor, 403 without `settings:manage` (the same rule as identity's `can`, which
 * this module cannot import: identity depends on tenancy).
 */
export function assertSettingsManager(ctx: Pick<RequestContext, 'actor'>): void {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const allowed =
    actor.roles.includes('platform_admin') || actor.roles.includes('owner') || actor.scopes.includes('settings:manage');
  if (!allowed) throw new Forbidden('forbidden', 'This needs the "settings:manage" permission.');
}

export function createSettingsService({ uow, signInProviders }: SettingsDeps) {
  async function load(tx: TxContext, lock: boolean) {
    if (!tx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
    const tenant = await repo.findById(tx.tx, tx.tenantId);
    if (!tenant) throw new TenantNotFound();
    const row = await findRow(tx.tx, tenant.id, lock);
    return { tenant, row };
  }

  async function represent(tx: TxContext, tenant: repo.TenantRow, row: SettingsRow | undefined) {
    const settings = toSettings(row, tenant);
    const view: AdminStoreSettings = {
      name: tenant.name,
      defaultCurrency: tenant.defaultCurrency,
      locales: tenant.locales,
      defaultLocale: tenant.defaultLocale,
      ...settings,
      availablePaymentMethods: paymentMethodsFor(tenant.defaultCurrency),
      signInProviders: (await signInProviders?.(tx)) ?? [],
      version: row?.version ?? 0,
    };
    return view;
  }

  return {
    async get(ctx: RequestContext): Promise<AdminStoreSettings> {
      assertSettingsManager(ctx);
      return uow(ctx, async (tx) => {
        const { tenant, row } = await load(tx, false);
        return represent(tx, tenant, row);
      });
    },

    /**
     * Changes the given fields if the settings are still at `expectedVersion` (0 before the first
     * change, which creates the row). Audited with before and after.
     */
    async update(ctx: RequestContext, expectedVersion: number, body: StoreSettingsBody): Promise<AdminStoreSettings> {
      assertSettingsManager(ctx);
      return uow(ctx, async (tx) => {
        const { tenant, row } = await load(tx, true);
        const current = row?.version ?? 0;
        if (current !== expectedVersion) throw new VersionConflict(current);
        if (body.paymentMethods) {
          const allowed = paymentMethodsFor(tenant.defaultCurrency);
          const refused = body.paymentMethods.filter((m) => !allowed.includes(m));
          if (refused.length > 0) {
            throw new BusinessRuleViolation(
              'payment_method_unavailable',
              `${refused.join(', ')} cannot be offered in a ${tenant.defaultCurrency} store: UPI and net banking need INR.`,
              { methods: refused },
            );
          }
        }
        const before = toSettings(row, tenant);
        let after: SettingsRow;
        if (!row) {
          const [created] = await tx.tx
            .insert(storeSettings)
            .values({ tenantId: tenant.id, id: tenant.id, ...body })
            .onConflictDoNothing()
            .returning();
          // Another administrator created them first, in the meantime.
          if (!created) throw new VersionConflict(1);
          after = created;
        } else {
          after = await updateVersioned(tx.tx, storeSettings, tenant.id, expectedVersion, { ...body });
        }
        await recordAudit(tx, {
          action: 'settings.updated',
          entityType: 'store_settings',
          entityId: tenant.id,
          before: row ? before : null,
          after: toSettings(after, tenant),
        });
        return represent(tx, tenant, after);
      });
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
