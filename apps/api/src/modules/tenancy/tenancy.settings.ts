/**
 * A store's own settings: payment methods, marketplace commission, whether prices include tax, the
 * default country, the order-number prefix, support address and logo. One `store_settings` row per
 * store, created on the first change: until then the defaults apply and the settings are at
 * version 0 (`ETag: "0"`), so the first PATCH sends `If-Match: "0"`.
 *
 * The same PATCH changes the store's name, currency and locales, which live on its store row: through
 * the tenancy service's update of that row (`tenancy.profile.ts`), as the platform admin's PATCH
 * does. Any change bumps the settings' version, the ETag of the whole representation.
 *
 * Checkout, payments and pricing read them through `getStoreSettings`, inside their own
 * transaction, so a change applies to the next request on every replica.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import {
  BadRequest,
  BusinessRuleViolation,
  Conflict,
  Forbidden,
  Unauthorized,
  ValidationFailed,
  VersionConflict,
} from '../../platform/errors.js';
import { TenantNotFound } from './tenancy.errors.js';
import { assertCurrency, canonicalLocale, type StoreProfilePatch, type StoreProfileWriter } from './tenancy.profile.js';
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
  /**
   * Changes the store's row (name, currency, locales). Default: the writer of the tenancy service
   * created with the same unit of work.
   */
  profileWriter: StoreProfileWriter;
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

export function createSettingsService({ uow, signInProviders, profileWriter }: SettingsDeps) {
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

  const service = {
    async get(ctx: RequestContext): Promise<AdminStoreSettings> {
      assertSettingsManager(ctx);
      return uow(ctx, async (tx) => {
        const { tenant, row } = await load(tx, false);
        return represent(tx, tenant, row);
      });
    },

    /**
     * Changes the given fields if the settings are still at `expectedVersion` (0 before the first
     * change, which creates the row). The store's name, currency and locales live on its store row:
     * a change of them goes through the tenancy service's update of that row (the platform's PATCH
     * does the same), in one transaction with the settings. Audited with before and after.
     */
    async update(ctx: RequestContext, expectedVersion: number, body: StoreSettingsBody): Promise<AdminStoreSettings> {
      assertSettingsManager(ctx);
      const { name, defaultCurrency, locales, defaultLocale, ...fields } = body;
      const profile: StoreProfilePatch = {
        ...(name !== undefined ? { name } : {}),
        ...(defaultCurrency !== undefined ? { defaultCurrency } : {}),
        ...(locales !== undefined ? { locales } : {}),
        ...(defaultLocale !== undefined ? { defaultLocale } : {}),
      };
      if (Object.keys(profile).length === 0) {
        return uow(ctx, (tx) => apply(tx, expectedVersion, fields, null));
      }
      return profileWriter.changeOwnStore(ctx, (tx, current, updateProfile) =>
        apply(tx, expectedVersion, fields, { current, patch: profile, update: updateProfile }),
      );
    },
  };

  /**
   * The change itself, in the caller's transaction: a tenant transaction, or (when the profile
   * changes) the tenancy service's platform transaction with the store's row locked.
   */
  async function apply(
    tx: TxContext,
    expectedVersion: number,
    fields: SettingsFields,
    profile: {
      current: repo.TenantRow;
      patch: StoreProfilePatch;
      update: (patch: StoreProfilePatch) => Promise<repo.TenantRow>;
    } | null,
  ): Promise<AdminStoreSettings> {
    const { tenant, row } = await load(tx, true);
    const current = row?.version ?? 0;
    if (current !== expectedVersion) throw new VersionConflict(current);
    const before = toSettings(row, tenant);
    const patch = profile ? await checkProfile(tx, tenant, profile.patch) : {};
    const currency = patch.defaultCurrency ?? tenant.defaultCurrency;
    const values: Partial<typeof storeSettings.$inferInsert> = { ...fields };
    // A new currency keeps the methods the store offers now (and must allow them all); methods
    // the old currency hid stay hidden.
    if (currency !== tenant.defaultCurrency && !values.paymentMethods) values.paymentMethods = before.paymentMethods;
    if (values.paymentMethods) assertPaymentMethods(values.paymentMethods, currency, 'paymentMethods' in fields);

    const changed = profile ? await profile.update(patch) : tenant;
    let after: SettingsRow;
    if (!row) {
      const [created] = await tx.tx
        .insert(storeSettings)
        .values({ tenantId: tenant.id, id: tenant.id, ...values })
        .onConflictDoNothing()
        .returning();
      // Another administrator created them first, in the meantime.
      if (!created) throw new VersionConflict(1);
      after = created;
    } else {
      after = await updateVersioned(tx.tx, storeSettings, tenant.id, expectedVersion, values);
    }
    await recordAudit(tx, {
      action: 'settings.updated',
      entityType: 'store_settings',
      entityId: tenant.id,
      // Null for the first change of a store that never changed anything here (the defaults).
      before: row || profile ? { ...profileOf(tenant), ...before } : null,
      after: { ...profileOf(changed), ...toSettings(after, changed) },
    });
    return represent(tx, changed, after);
  }

  /**
   * The profile change, canonical and checked against the current store: the default locale among
   * the locales (400 naming the field), and a new currency only in a store that has never had a
   * product or an order (409 `currency_locked`): their prices and totals are in the old one.
   */
  async function checkProfile(
    tx: TxContext,
    tenant: repo.TenantRow,
    patch: StoreProfilePatch,
  ): Promise<StoreProfilePatch> {
    const locales = patch.locales ? [...new Set(patch.locales.map(canonicalLocale))] : undefined;
    const defaultLocale = patch.defaultLocale ? canonicalLocale(patch.defaultLocale) : undefined;
    const effective = defaultLocale ?? tenant.defaultLocale;
    if (!(locales ?? tenant.locales).includes(effective)) {
      throw new ValidationFailed(
        [
          defaultLocale
            ? {
                path: 'body.defaultLocale',
                message: `must be one of the store's locales (${(locales ?? tenant.locales).join(', ')})`,
              }
            : { path: 'body.locales', message: `must include the default locale ${effective}` },
        ],
        "The default locale must be one of the store's locales.",
      );
    }
    assertCurrency(patch.defaultCurrency);
    if (patch.defaultCurrency !== undefined && patch.defaultCurrency !== tenant.defaultCurrency) {
      if (await hasProductsOrOrders(tx.tx, tenant.id)) {
        throw new Conflict(
          'currency_locked',
          `The currency stays ${tenant.defaultCurrency}: the store has products or orders (deleted ones included), whose prices and totals are in ${tenant.defaultCurrency}.`,
        );
      }
    }
    return {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.defaultCurrency !== undefined ? { defaultCurrency: patch.defaultCurrency } : {}),
      ...(locales !== undefined ? { locales } : {}),
      ...(defaultLocale !== undefined ? { defaultLocale } : {}),
    };
  }

  return service;
}

type SettingsFields = Omit<StoreSettingsBody, keyof StoreProfilePatch>;

const profileOf = (t: repo.TenantRow) => ({
  name: t.name,
  defaultCurrency: t.defaultCurrency,
  locales: t.locales,
  defaultLocale: t.defaultLocale,
});

/**
 * 422 `payment_method_unavailable` when a method needs another currency (UPI and net banking need
 * INR). `sent`: the methods came in the request, rather than being the store's current ones.
 */
function assertPaymentMethods(methods: readonly string[], currency: string, sent: boolean): void {
  const allowed = paymentMethodsFor(currency);
  const refused = methods.filter((m) => !allowed.includes(m as PaymentMethod));
  if (refused.length === 0) return;
  throw new BusinessRuleViolation(
    'payment_method_unavailable',
    `${refused.join(', ')} cannot be offered in a ${currency} store: UPI and net banking need INR.` +
      (sent ? '' : ' Send paymentMethods without them to change the currency.'),
    { methods: refused },
  );
}

/**
 * Whether the store has ever had a product or an order (soft-deleted ones count). By table name:
 * the catalog and orders modules depend on this one, not the other way round.
 */
async function hasProductsOrOrders(tx: Queryable, tenantId: string): Promise<boolean> {
  const [row] = rowsOf<{ used: boolean }>(
    await tx.execute(
      sql`select (exists (select 1 from products where tenant_id = ${tenantId}) or exists (select 1 from orders where tenant_id = ${tenantId})) as used`,
    ),
  );
  return row?.used === true;
}

export type SettingsService = ReturnType<typeof createSettingsService>;
