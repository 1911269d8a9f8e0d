/**
 * The marketplace's vendors. A signed-in user applies; the store's administrators approve, reject,
 * later suspend or reinstate; the approved applicant's account is linked to the vendor (identity's
 * `assignVendor`) and acts for it from its next token. What shoppers see of a vendor (its products,
 * its public profile) follows its status through the database's `listed` trigger.
 *
 * The business contact is personal data: it is stored only sealed with the store's PII cipher and
 * shown only to the vendor's own people and to administrators, never in audit entries or events.
 *
 * Every write bumps the catalog cache after its transaction commits, before it answers.
 */
import { and, desc, eq, ilike, isNull, ne, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor, RequestContext, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import {
  BadRequest,
  BusinessRuleViolation,
  Conflict,
  Forbidden,
  NotFound,
  Unauthorized,
} from '../../platform/errors.js';
import {
  type Cursor,
  type Keyed,
  type SortKeyed,
  type SortOrder,
  keysetOf,
  positionOf,
  sortKeyText,
  sortedKeysetOf,
} from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { assertCan, assignVendor, can, vendorIdOfUser } from '../identity/index.js';
import type { CachedBody, CatalogCache } from './catalog.cache.js';
import { vendorContactContext } from './catalog.constants.js';
import { type VendorStatus, products, vendors } from './catalog.tables.js';
import type {
  AdminUpdateVendorBody,
  AdminVendor,
  AdminVendorListQuery,
  ApplyVendorBody,
  PublicVendor,
  UpdateVendorProfileBody,
  VendorContact,
  VendorProfile,
  VendorSort,
} from './catalog.vendors.schemas.js';

export type VendorRow = typeof vendors.$inferSelect;

/** Events about vendors. Payloads carry ids and the status only: never contact data. */
export const VendorEvents = {
  applied: 'catalog.vendor_applied.v1',
  approved: 'catalog.vendor_approved.v1',
  rejected: 'catalog.vendor_rejected.v1',
  suspended: 'catalog.vendor_suspended.v1',
  reinstated: 'catalog.vendor_reinstated.v1',
  updated: 'catalog.vendor_updated.v1',
} as const;

export interface VendorEventPayload {
  vendorId: string;
  status: VendorStatus;
  applicantUserId: string | null;
}

export interface VendorDeps {
  uow: UnitOfWork;
  pii: PiiCipher;
  events: EventBus;
  catalogCache: CatalogCache;
}

// ---------------------------------------------------------------------------------------- errors

export class VendorNotFound extends NotFound {
  constructor() {
    super('vendor_not_found', 'No vendor with this id or slug exists in this store.');
  }
}

export class SlugTaken extends Conflict {
  constructor(slug: string) {
    super('slug_taken', `The slug "${slug}" is already used in this store; choose another.`, { slug });
  }
}

class ApplicationPending extends Conflict {
  constructor() {
    super('application_pending', 'You already have an application waiting for review.');
  }
}

class AlreadyVendor extends Conflict {
  constructor() {
    super('already_vendor', 'Your account already acts for a vendor of this store.');
  }
}

class InvalidTransition extends Conflict {
  constructor(from: VendorStatus, decision: Decision) {
    super('invalid_transition', `A ${from} vendor cannot be ${DECISIONS[decision].verb}.`, { status: from });
  }
}

// --------------------------------------------------------------------------------- shared helpers

export { positionOf, type Keyed };

/** The WHERE and ORDER BY of an oldest-first keyset page on `(created_at, id)`. */
export const createdKeyset = (cols: { createdAt: PgColumn; id: PgColumn }, cursor: Cursor | null) =>
  keysetOf(cols, cursor, false);

const byCreated = sql`${vendors.createdAt}`;
const byName = sql`lower(${vendors.name})`;

/** The vendors `sort` names. */
const VENDOR_ORDERS: Record<VendorSort, SortOrder> = {
  createdAt: { tag: 'c+', expr: byCreated, kind: 'time', descending: false },
  '-createdAt': { tag: 'c-', expr: byCreated, kind: 'time', descending: true },
  name: { tag: 'n+', expr: byName, kind: 'text', descending: false },
  '-name': { tag: 'n-', expr: byName, kind: 'text', descending: true },
};

/** The order of the vendors list: `sort` when given, oldest first otherwise (pending or not). */
const vendorOrderOf = (sort: VendorSort | undefined): SortOrder => VENDOR_ORDERS[sort ?? 'createdAt'];

/** `Green Leaf Tea Co.` → `green-leaf-tea-co`; accents dropped. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  if (!slug) {
    throw new BusinessRuleViolation(
      'slug_required',
      'The name has no letters or digits to make a slug from; send a `slug`.',
    );
  }
  return slug;
}

/**
 * The request's locale as public catalog reads use it, in cache keys and to pick translations:
 * canonical, lower case, at most three subtags, so odd `Accept-Language` spellings share entries.
 */
export function catalogLocale(locale: string): string {
  let tag = locale;
  try {
    tag = Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    // Well-formed but not a valid tag: used as sent.
  }
  return tag.toLowerCase().split('-').slice(0, 3).join('-').slice(0, 35);
}

/** `%` and `_` of user input taken literally in an ILIKE pattern. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The name of the unique index a failed statement broke, if that is why it failed. */
export function uniqueViolationOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The user acting, or 401: applications and vendor profiles belong to accounts, not API keys. */
function userOf(ctx: RequestContext): Actor {
  if (!ctx.actor || ctx.actor.kind !== 'user') throw new Unauthorized();
  return ctx.actor;
}

function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
  return ctx.tenantId;
}

const reviewerOf = (ctx: RequestContext) => (ctx.actor && ctx.actor.kind !== 'system' ? ctx.actor.id : null);

// ------------------------------------------------------------------------------- state machine

type Decision = 'approve' | 'reject' | 'suspend' | 'reinstate';

/** Which statuses each decision applies to, what it leads to, and how it is recorded. */
const DECISIONS: Record<
  Decision,
  { from: readonly VendorStatus[]; to: VendorStatus; verb: string; event: string; withReason: boolean }
> = {
  approve: {
    from: ['pending', 'rejected'],
    to: 'approved',
    verb: 'approved',
    event: VendorEvents.approved,
    withReason: false,
  },
  reject: { from: ['pending'], to: 'rejected', verb: 'rejected', event: VendorEvents.rejected, withReason: true },
  suspend: { from: ['approved'], to: 'suspended', verb: 'suspended', event: VendorEvents.suspended, withReason: true },
  reinstate: {
    from: ['suspended'],
    to: 'approved',
    verb: 'reinstated',
    event: VendorEvents.reinstated,
    withReason: false,
  },
};

// --------------------------------------------------------------------------------------- service

export function createVendorService({ uow, pii, events, catalogCache }: VendorDeps) {
  const contactContext = vendorContactContext;

  const sealContact = (tenantId: string, contact: VendorContact) =>
    pii.encrypt(JSON.stringify(contact), contactContext(tenantId));

  function openContact(row: VendorRow): VendorContact | null {
    if (!row.contactCiphertext) return null;
    return JSON.parse(pii.decrypt(row.contactCiphertext, contactContext(row.tenantId))) as VendorContact;
  }

  function toProfile(row: VendorRow): VendorProfile {
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      logoUrl: row.logoUrl,
      status: row.status,
      statusReason: row.statusReason,
      commissionRateBps: row.commissionRateBps,
      contact: openContact(row),
      approvedAt: iso(row.approvedAt),
      createdAt: row.createdAt.toISOString(),
      version: row.version,
    };
  }

  function toAdminVendor(row: VendorRow): AdminVendor {
    return {
      ...toProfile(row),
      applicantUserId: row.applicantUserId,
      reviewedBy: row.reviewedBy,
      reviewedAt: iso(row.reviewedAt),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function findLive(ctx: TxContext, id: string, lock = false): Promise<VendorRow | undefined> {
    const q = ctx.tx
      .select()
      .from(vendors)
      .where(and(eq(vendors.id, id), isNull(vendors.deletedAt)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** Runs a write and turns a unique-index race into the conflict the caller would have got. */
  async function guarded<T>(slug: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const index = uniqueViolationOf(err);
      if (index === 'vendors_slug_idx' && slug) throw new SlugTaken(slug);
      if (index === 'vendors_pending_applicant_idx') throw new ApplicationPending();
      throw err;
    }
  }

  async function emit(ctx: TxContext, type: string, row: VendorRow): Promise<void> {
    await events.publish<VendorEventPayload>(ctx, {
      type,
      aggregateType: 'vendor',
      aggregateId: row.id,
      payload: { vendorId: row.id, status: row.status, applicantUserId: row.applicantUserId },
    });
  }

  /** The profile fields that differ between two rows, before and after (contact never included). */
  function changedFields(before: VendorRow, after: VendorRow) {
    const keys = ['name', 'description', 'logoUrl', 'commissionRateBps'] as const;
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const k of keys) {
      if (before[k] !== after[k]) {
        b[k] = before[k];
        a[k] = after[k];
      }
    }
    return { before: b, after: a };
  }

  async function actingVendor(ctx: TxContext): Promise<VendorRow> {
    const actor = ctx.actor;
    const vendorId = actor?.kind === 'user' ? await vendorIdOfUser(ctx.tx, actor.id) : null;
    const row = vendorId ? await findLive(ctx, vendorId) : undefined;
    if (!row) throw new Forbidden('not_a_vendor', 'Your account does not act for a vendor of this store.');
    return row;
  }

  async function decide(ctx: RequestContext, id: string, decision: Decision, reason?: string): Promise<AdminVendor> {
    assertCan(ctx.actor, 'vendors:approve');
    const rule = DECISIONS[decision];
    const row = await uow(ctx, async (tx) => {
      const before = await findLive(tx, id, true);
      if (!before) throw new VendorNotFound();
      if (!rule.from.includes(before.status)) throw new InvalidTransition(before.status, decision);
      if (decision === 'approve' && before.applicantUserId) {
        const current = await vendorIdOfUser(tx.tx, before.applicantUserId);
        if (current && current !== before.id) {
          throw new Conflict('applicant_already_vendor', "The applicant's account already acts for another vendor.");
        }
      }
      const [after] = await tx.tx
        .update(vendors)
        .set({
          status: rule.to,
          statusReason: rule.withReason ? (reason ?? null) : null,
          reviewedBy: reviewerOf(ctx),
          reviewedAt: sql`now()`,
          ...(decision === 'approve' ? { approvedAt: sql`now()` } : {}),
          version: sql`${vendors.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: reviewerOf(ctx),
        })
        .where(eq(vendors.id, id))
        .returning();
      if (!after) throw new VendorNotFound();
      if (decision === 'approve' && after.applicantUserId) await assignVendor(tx.tx, after.applicantUserId, after.id);
      await recordAudit(tx, {
        action: `vendor.${rule.verb}`,
        entityType: 'vendor',
        entityId: id,
        before: { status: before.status, statusReason: before.statusReason },
        after: { status: after.status, statusReason: after.statusReason },
      });
      await emit(tx, rule.event, after);
      return after;
    });
    await catalogCache.bump(row.tenantId);
    return toAdminVendor(row);
  }

  return {
    actingVendor,

    /** The vendor the actor acts for, which must be approved to sell. */
    async requireApprovedVendor(ctx: TxContext): Promise<VendorRow> {
      const row = await actingVendor(ctx);
      if (row.status !== 'approved') {
        throw new Forbidden(
          'vendor_not_approved',
          `Your vendor account is ${row.status}; it must be approved to sell.`,
        );
      }
      return row;
    },

    /**
     * A signed-in user applies to sell. A user with a rejected application re-applies through it:
     * the application goes back to review with the new details.
     */
    async apply(ctx: RequestContext, body: ApplyVendorBody): Promise<VendorProfile> {
      const actor = userOf(ctx);
      const tenantId = tenantOf(ctx);
      const slug = body.slug ?? slugify(body.name);
      const details = {
        name: body.name,
        slug,
        description: body.description ?? '',
        contactCiphertext: sealContact(tenantId, body.contact),
      };
      const row = await guarded(slug, () =>
        uow(ctx, async (tx) => {
          if (await vendorIdOfUser(tx.tx, actor.id)) throw new AlreadyVendor();
          const [latest] = await tx.tx
            .select()
            .from(vendors)
            .where(and(eq(vendors.applicantUserId, actor.id), isNull(vendors.deletedAt)))
            .orderBy(desc(vendors.createdAt), desc(vendors.id))
            .limit(1);
          if (latest?.status === 'pending') throw new ApplicationPending();
          const reopen = latest?.status === 'rejected' ? latest : undefined;
          const [taken] = await tx.tx
            .select({ id: vendors.id })
            .from(vendors)
            .where(
              and(eq(vendors.slug, slug), isNull(vendors.deletedAt), reopen ? ne(vendors.id, reopen.id) : undefined),
            );
          if (taken) throw new SlugTaken(slug);
          let created: VendorRow | undefined;
          if (reopen) {
            [created] = await tx.tx
              .update(vendors)
              .set({
                ...details,
                status: 'pending',
                statusReason: null,
                reviewedBy: null,
                reviewedAt: null,
                version: sql`${vendors.version} + 1`,
                updatedAt: sql`now()`,
                updatedBy: actor.id,
              })
              .where(and(eq(vendors.id, reopen.id), eq(vendors.status, 'rejected')))
              .returning();
            // Someone re-applied through it (or an admin approved it) in the meantime.
            if (!created) throw new ApplicationPending();
          } else {
            [created] = await tx.tx
              .insert(vendors)
              .values({ tenantId, id: newId(), ...details, status: 'pending', applicantUserId: actor.id })
              .returning();
          }
          const row = created as VendorRow;
          await recordAudit(tx, {
            action: 'vendor.applied',
            entityType: 'vendor',
            entityId: row.id,
            before: reopen ? { status: reopen.status, statusReason: reopen.statusReason } : null,
            after: { name: row.name, slug: row.slug, status: row.status },
          });
          await emit(tx, VendorEvents.applied, row);
          return row;
        }),
      );
      await catalogCache.bump(tenantId);
      return toProfile(row);
    },

    /** The vendor the caller acts for, else the caller's latest application. */
    async ownProfile(ctx: RequestContext): Promise<VendorProfile> {
      const actor = userOf(ctx);
      return uow(ctx, async (tx) => {
        const vendorId = await vendorIdOfUser(tx.tx, actor.id);
        const own = vendorId ? await findLive(tx, vendorId) : undefined;
        if (own) return toProfile(own);
        const [latest] = await tx.tx
          .select()
          .from(vendors)
          .where(and(eq(vendors.applicantUserId, actor.id), isNull(vendors.deletedAt)))
          .orderBy(desc(vendors.createdAt), desc(vendors.id))
          .limit(1);
        if (!latest) throw new NotFound('vendor_not_found', 'You do not act for a vendor and have not applied.');
        return toProfile(latest);
      });
    },

    /** The vendor's own people change its name, description and logo. */
    async updateOwnProfile(
      ctx: RequestContext,
      expectedVersion: number,
      body: UpdateVendorProfileBody,
    ): Promise<VendorProfile> {
      userOf(ctx);
      const row = await uow(ctx, async (tx) => {
        const before = await actingVendor(tx);
        const after = await updateVersioned(
          tx.tx,
          vendors,
          before.id,
          expectedVersion,
          { ...body },
          () => new VendorNotFound(),
        );
        await recordAudit(tx, {
          action: 'vendor.profile_updated',
          entityType: 'vendor',
          entityId: after.id,
          ...changedFields(before, after),
        });
        await emit(tx, VendorEvents.updated, after);
        return after;
      });
      await catalogCache.bump(row.tenantId);
      return toProfile(row);
    },

    /**
     * The public profile of an approved vendor, from the catalog cache: its listed products and
     * the rating over their reviews, in one query. Anything else is 404.
     */
    async publicProfile(ctx: RequestContext, slug: string): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const cached = await catalogCache.read(tenantId, `vendor:${slug}:${catalogLocale(ctx.locale)}`, () =>
        uow(ctx, async (tx): Promise<PublicVendor | null> => {
          const [row] = await tx.tx
            .select({
              id: vendors.id,
              slug: vendors.slug,
              name: vendors.name,
              description: vendors.description,
              logoUrl: vendors.logoUrl,
              productCount: sql<number>`count(${products.id})::int`,
              ratingCount: sql<number>`coalesce(sum(${products.ratingCount}), 0)::int`,
              ratingTotal: sql<string | null>`sum(${products.ratingAvg} * ${products.ratingCount})::text`,
            })
            .from(vendors)
            .leftJoin(
              products,
              and(
                eq(products.tenantId, vendors.tenantId),
                eq(products.vendorId, vendors.id),
                eq(products.listed, true),
              ),
            )
            .where(and(eq(vendors.slug, slug), eq(vendors.status, 'approved'), isNull(vendors.deletedAt)))
            .groupBy(vendors.tenantId, vendors.id);
          if (!row) return null;
          const count = row.ratingCount;
          const average = count > 0 ? Math.round((Number(row.ratingTotal ?? 0) / count) * 100) / 100 : 0;
          return {
            id: row.id,
            slug: row.slug,
            name: row.name,
            description: row.description,
            logoUrl: row.logoUrl,
            productCount: row.productCount,
            rating: { average: Math.min(5, average), count },
          };
        }),
      );
      if (cached.body === 'null') throw new VendorNotFound();
      return cached;
    },

    /** Vendors and applications in the order `sort` names, oldest first without it. */
    async adminList(
      ctx: RequestContext,
      q: { limit: number; cursor: Cursor | null } & Omit<AdminVendorListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<SortKeyed<AdminVendor>>> {
      assertCan(ctx.actor, 'vendors:approve');
      const order = vendorOrderOf(q.sort);
      return uow(ctx, async (tx) => {
        const page = sortedKeysetOf(order, vendors.id, q.cursor);
        const rows = await tx.tx
          .select({ vendor: vendors, position: sortKeyText(order) })
          .from(vendors)
          .where(
            and(
              isNull(vendors.deletedAt),
              q.status ? eq(vendors.status, q.status) : undefined,
              q.q
                ? or(ilike(vendors.name, containsPattern(q.q)), ilike(vendors.slug, containsPattern(q.q)))
                : undefined,
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        return rows.map((r) => ({ key: [order.tag, r.position, r.vendor.id], item: toAdminVendor(r.vendor) }));
      });
    },

    async adminGet(ctx: RequestContext, id: string): Promise<AdminVendor> {
      assertCan(ctx.actor, 'vendors:approve');
      return uow(ctx, async (tx) => {
        const row = await findLive(tx, id);
        if (!row) throw new VendorNotFound();
        return toAdminVendor(row);
      });
    },

    /** Pending or rejected → approved; links the applicant's account to the vendor. */
    approve: (ctx: RequestContext, id: string) => decide(ctx, id, 'approve'),
    /** Pending → rejected, with the reason the applicant sees. */
    reject: (ctx: RequestContext, id: string, reason: string) => decide(ctx, id, 'reject', reason),
    /** Approved → suspended: its products leave the storefront. */
    suspend: (ctx: RequestContext, id: string, reason: string) => decide(ctx, id, 'suspend', reason),
    /** Suspended → approved. */
    reinstate: (ctx: RequestContext, id: string) => decide(ctx, id, 'reinstate'),

    /** Profile fields and the commission rate (which needs `settings:manage` to change). */
    async adminUpdate(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      body: AdminUpdateVendorBody,
    ): Promise<AdminVendor> {
      assertCan(ctx.actor, 'vendors:approve');
      const row = await uow(ctx, async (tx) => {
        const before = await findLive(tx, id);
        if (!before) throw new VendorNotFound();
        if (
          body.commissionRateBps !== undefined &&
          body.commissionRateBps !== before.commissionRateBps &&
          !can(ctx.actor, 'settings:manage')
        ) {
          throw new Forbidden('forbidden', 'Changing a commission rate needs the "settings:manage" permission.');
        }
        const after = await updateVersioned(
          tx.tx,
          vendors,
          id,
          expectedVersion,
          { ...body },
          () => new VendorNotFound(),
        );
        await recordAudit(tx, {
          action: 'vendor.updated',
          entityType: 'vendor',
          entityId: id,
          ...changedFields(before, after),
        });
        await emit(tx, VendorEvents.updated, after);
        return after;
      });
      await catalogCache.bump(row.tenantId);
      return toAdminVendor(row);
    },
  };
}

export type VendorService = ReturnType<typeof createVendorService>;
