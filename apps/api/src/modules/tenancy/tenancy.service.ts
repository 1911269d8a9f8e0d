/**
 * Stores (tenants): the platform admin's CRUD, the public store profile, and the resolver the HTTP
 * layer uses to find the store a request addresses.
 */
import { LRUCache } from 'lru-cache';
import type { RequestContext, TenantRef, TxContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { type UnitOfWork, createSystemUnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { BadRequest, BusinessRuleViolation, Forbidden } from '../../platform/errors.js';
import type { TenantResolver } from '../../platform/http/context.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { TenantDomainTaken, TenantNotFound, TenantSlugTaken } from './tenancy.errors.js';
import { TenancyEvents, type TenantEventPayload } from './tenancy.events.js';
import { toTenant, toTenantRef } from './tenancy.mapper.js';
import { assertCurrency, canonicalLocale, type StoreProfileWriter } from './tenancy.profile.js';
import * as repo from './tenancy.repository.js';
import type { CreateTenantInput, StoreOwnerInput, TenantSort, UpdateTenantBody } from './tenancy.schemas.js';
import { getStoreSettings, type StoreSettings } from './tenancy.settings.js';
import { tenants } from './tenancy.tables.js';

export interface TenancyDeps {
  database: Database;
  /** Tenant-scoped unit of work (app role, row-level security). */
  uow: UnitOfWork;
  events: EventBus;
  /** How long another replica may keep serving a store's cached profile after a change. */
  resolverTtlMs?: number;
  /**
   * Runs in the store's creating transaction (identity creates the owner's account there), so a
   * store never exists without the owner it was created with.
   */
  onStoreCreated?: (tx: TxContext, owner: StoreOwnerInput) => Promise<void>;
  /** The store's enabled sign-in providers (identity's), read in the profile's transaction. */
  signInProviders?: (tx: TxContext) => Promise<SignInProvider[]>;
}

export interface SignInProvider {
  slug: string;
  name: string;
  startUrl: string;
}

const RESERVED_SLUGS = new Set(['api', 'www', 'admin', 'platform', 'static', 'assets', 'docs']);

function assertPlatformAdmin(ctx: RequestContext): void {
  if (!ctx.actor?.roles.includes('platform_admin')) throw new Forbidden();
}

const payloadOf = (t: repo.TenantRow): TenantEventPayload => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  status: t.status,
  version: t.version,
});

export function createTenancyService(deps: TenancyDeps) {
  const system = createSystemUnitOfWork(deps.database);
  const cache = new LRUCache<string, TenantRef | false>({ max: 5_000, ttl: deps.resolverTtlMs ?? 30_000 });
  const forget = (t: { id: string; slug: string; domains: string[] }) => {
    cache.delete(`ref:${t.id}`);
    cache.delete(`ref:${t.slug}`);
    for (const d of t.domains) cache.delete(`host:${d}`);
  };

  /** The audit record and the event of a change to a store, in the change's transaction. */
  async function recordChange(
    tx: TxContext,
    what: 'created' | 'updated',
    before: repo.TenantRow | null,
    after: repo.TenantRow,
  ): Promise<void> {
    await recordAudit(tx, {
      action: `tenant.${what}`,
      entityType: 'tenant',
      entityId: after.id,
      before: before ? toTenant(before) : null,
      after: toTenant(after),
    });
    await deps.events.publish(tx, {
      type: TenancyEvents[what],
      aggregateType: 'tenant',
      aggregateId: after.id,
      payload: payloadOf(after),
    });
  }

  async function cached(key: string, load: () => Promise<repo.TenantRow | undefined>): Promise<TenantRef | null> {
    const hit = cache.get(key);
    if (hit !== undefined) return hit || null;
    const row = await load();
    const ref = row ? toTenantRef(row) : null;
    cache.set(key, ref ?? false);
    return ref;
  }

  // Keys are normalised (slugs, ids and host names are case-insensitive), so `forget` finds them.
  const resolver: TenantResolver = {
    byRef: (ref) => {
      const key = ref.toLowerCase();
      return cached(`ref:${key}`, () =>
        isUuid(key) ? repo.findById(deps.database.db, key) : repo.findBySlug(deps.database.db, key),
      );
    },
    byDomain: (host) => {
      const key = host.toLowerCase();
      return cached(`host:${key}`, () => repo.findByDomain(deps.database.db, key));
    },
  };

  /**
   * The one update of a store's row (platform PATCH and the store's own settings): canonical
   * locales (the default always among them), the version check, domains, audit and event. In the
   * caller's platform transaction, with the row locked; the caller forgets the cached store after.
   */
  async function applyUpdate(
    tx: TxContext,
    current: repo.TenantRow,
    expectedVersion: number,
    patch: UpdateTenantBody,
  ): Promise<repo.TenantRow> {
    assertCurrency(patch.defaultCurrency);
    const defaultLocale = patch.defaultLocale ? canonicalLocale(patch.defaultLocale) : undefined;
    const locales = patch.locales
      ? [...new Set([defaultLocale ?? current.defaultLocale, ...patch.locales.map(canonicalLocale)])]
      : defaultLocale && !current.locales.includes(defaultLocale)
        ? [defaultLocale, ...current.locales]
        : undefined;
    await updateVersioned(
      tx.tx,
      tenants,
      current.id,
      expectedVersion,
      {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.defaultCurrency !== undefined ? { defaultCurrency: patch.defaultCurrency } : {}),
        ...(defaultLocale !== undefined ? { defaultLocale } : {}),
        ...(locales !== undefined ? { locales } : {}),
      },
      () => new TenantNotFound(),
    );
    if (patch.domains) {
      const taken = await repo.domainsTaken(tx.tx, patch.domains, current.id);
      if (taken.length > 0) throw new TenantDomainTaken(taken);
      await repo.replaceDomains(tx.tx, current.id, patch.domains);
    }
    const after = (await repo.findById(tx.tx, current.id)) as repo.TenantRow;
    await recordChange(tx, 'updated', current, after);
    return after;
  }

  const profileWriter: StoreProfileWriter = {
    async changeOwnStore(ctx, fn) {
      const id = ctx.tenantId;
      if (!id) throw new BadRequest('tenant_required', 'This request must name a store.');
      const changed: repo.TenantRow[] = [];
      const result = await system(ctx, async (tx) => {
        await repo.lock(tx.tx, id);
        const current = await repo.findById(tx.tx, id);
        if (!current) throw new TenantNotFound();
        return fn(tx, current, async (patch) => {
          const after = await applyUpdate(tx, current, current.version, {
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.defaultCurrency !== undefined ? { defaultCurrency: patch.defaultCurrency } : {}),
            ...(patch.defaultLocale !== undefined ? { defaultLocale: patch.defaultLocale } : {}),
            ...(patch.locales !== undefined ? { locales: patch.locales } : {}),
          });
          changed.push(current, after);
          return after;
        });
      });
      // As after the platform's PATCH: committed, so the next request reads the new profile.
      for (const row of changed) forget(row);
      return result;
    },
  };

  return {
    resolver,

    /** The current store's public profile, read inside the request's tenant transaction. */
    getStore(
      ctx: RequestContext,
    ): Promise<{ row: repo.TenantRow; signInProviders: SignInProvider[]; settings: StoreSettings }> {
      return deps.uow(ctx, async (tx) => {
        const row = tx.tenantId ? await repo.findById(tx.tx, tx.tenantId) : undefined;
        if (!row) throw new TenantNotFound();
        return {
          row,
          signInProviders: (await deps.signInProviders?.(tx)) ?? [],
          settings: await getStoreSettings(tx.tx, row),
        };
      });
    },

    async list(
      ctx: RequestContext,
      opts: {
        limit: number;
        cursor: Cursor | null;
        sort?: TenantSort | undefined;
        status?: 'active' | 'suspended' | undefined;
      },
    ) {
      assertPlatformAdmin(ctx);
      const [rows, total] = await Promise.all([
        repo.list(deps.database.db, opts),
        repo.count(deps.database.db, opts.status),
      ]);
      return { rows, total };
    },

    async get(ctx: RequestContext, id: string) {
      assertPlatformAdmin(ctx);
      const row = await repo.findById(deps.database.db, id);
      if (!row) throw new TenantNotFound();
      return row;
    },

    async create(ctx: RequestContext, input: CreateTenantInput) {
      assertPlatformAdmin(ctx);
      if (RESERVED_SLUGS.has(input.slug)) {
        throw new BusinessRuleViolation('tenant_slug_reserved', `"${input.slug}" is reserved.`);
      }
      // X-Tenant-ID takes a slug or an id: a slug shaped like an id could never be reached.
      if (isUuid(input.slug)) {
        throw new BusinessRuleViolation('tenant_slug_invalid', 'A store slug cannot have the form of an id.');
      }
      assertCurrency(input.defaultCurrency);
      const defaultLocale = canonicalLocale(input.defaultLocale);
      const locales = [...new Set([defaultLocale, ...(input.locales ?? []).map(canonicalLocale)])];
      const domains = input.domains ?? [];
      const id = newId();
      const row = await system({ ...ctx, tenantId: id }, async (tx) => {
        if (await repo.findBySlug(tx.tx, input.slug)) throw new TenantSlugTaken(input.slug);
        const taken = await repo.domainsTaken(tx.tx, domains);
        if (taken.length > 0) throw new TenantDomainTaken(taken);
        await repo.insert(tx.tx, {
          id,
          slug: input.slug,
          name: input.name,
          defaultCurrency: input.defaultCurrency,
          defaultLocale,
          locales,
        });
        await repo.replaceDomains(tx.tx, id, domains);
        const created = (await repo.findById(tx.tx, id)) as repo.TenantRow;
        await recordChange(tx, 'created', null, created);
        if (input.owner && deps.onStoreCreated) await deps.onStoreCreated(tx, input.owner);
        return created;
      });
      forget(row);
      return row;
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: UpdateTenantBody) {
      assertPlatformAdmin(ctx);
      assertCurrency(patch.defaultCurrency);
      const before = await repo.findById(deps.database.db, id);
      if (!before) throw new TenantNotFound();
      const row = await system({ ...ctx, tenantId: id }, async (tx) => {
        await repo.lock(tx.tx, id);
        const current = await repo.findById(tx.tx, id);
        if (!current) throw new TenantNotFound();
        return applyUpdate(tx, current, expectedVersion, patch);
      });
      forget(before);
      forget(row);
      return row;
    },

    profileWriter,
  };
}

export type TenancyService = ReturnType<typeof createTenancyService>;
