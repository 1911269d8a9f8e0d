/**
 * Self-service accounts: the signed-in user's profile, saved addresses and consents, the GDPR data
 * export and erasure. Every operation acts on the caller's own account, in the scope it lives in: a
 * platform admin's account is in the platform scope even when the request names a store.
 *
 * Other modules hold personal data too (orders, reviews). They add it to the export with
 * `registerExportSection` and take part in erasure with `registerErasureStep`; both run inside the
 * same transaction as identity's own part, so an export is one consistent snapshot and an erasure
 * happens completely or not at all.
 */
import { and, arrayContains, asc, count, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, Role, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import {
  BadRequest,
  BusinessRuleViolation,
  NotFound,
  Unauthorized,
  ValidationFailed,
  VersionConflict,
} from '../../platform/errors.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { auditLog } from '../../platform/audit/audit.tables.js';
import { toMe } from './identity.mapper.js';
import type { Address, Consents, CreateAddressBody, UpdateAddressBody, UpdateMeBody } from './identity.me.schemas.js';
import type { Me } from './identity.schemas.js';
import { queueNotification } from './identity.notifications.js';
import { verifyPassword } from './identity.passwords.js';
import { effectivePermissions } from './identity.permissions.js';
import * as repo from './identity.repository.js';
import { type PersonalData, newSecret, normaliseEmail, personalData, scopeOf } from './identity.secrets.js';
import { EmailTaken, type IdentityService } from './identity.service.js';
import {
  addresses,
  notifications,
  oidcProviders,
  oneTimeTokens,
  recoveryCodes,
  refreshTokens,
  userIdentities,
  users,
} from './identity.tables.js';

/** Saved addresses per account: enough for any shopper, small enough to list without paging in checkout. */
export const MAX_ADDRESSES = 50;

/** What replaces an erased person's data in rows that are kept (stored messages). */
export const ERASED_MARKER = '[erased]';

export const SelfServiceEvents = {
  userUpdated: 'identity.user_updated.v1',
  userErased: 'identity.user_erased.v1',
} as const;

/** Adds a section to the data export: everything the module holds about `userId`. */
export type ExportSection = (tx: TxContext, userId: string) => Promise<unknown>;
/** Removes or anonymises what a module holds about `userId`, inside the erasing transaction. */
export type ErasureStep = (tx: TxContext, userId: string) => Promise<void>;

export interface SelfServiceDeps {
  identity: IdentityService;
  uow: UnitOfWork;
  events: EventBus;
  pii: PiiCipher;
}

/** The address document stored encrypted as one JSON value. */
interface AddressData {
  label: string | null;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

const ADDRESS_FIELDS = ['label', 'name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

type AddressRow = typeof addresses.$inferSelect;
type UserRow = repo.UserRow;

export interface DataExport {
  format: 'bazaar-export/1';
  exportedAt: string;
  userId: string;
  sections: string[];
  data: Record<string, unknown>;
}

const BUILT_IN_SECTIONS = [
  'profile',
  'addresses',
  'consents',
  'sessions',
  'signInIdentities',
  'mfa',
  'notifications',
  'auditLog',
] as const;
const SECTION_NAME = /^[a-z][A-Za-z0-9]{0,59}$/;

/** Region codes CLDR knows that are not countries (continents, groupings, private use). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'XK', 'ZZ']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

function assertCountry(code: string | undefined): void {
  if (code === undefined) return;
  if (NOT_COUNTRIES.has(code) || regionNames.of(code) === undefined) {
    throw new ValidationFailed([{ path: 'body.country', message: 'must be an ISO 3166-1 alpha-2 country code' }]);
  }
}

/** A secret link's token in a stored message: a live credential, so never part of an export. */
const LINK_TOKEN = /([?&]token=)[^\s&#]+/g;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

function toAddress(row: AddressRow, data: PersonalData): Address {
  const doc = JSON.parse(data.open('address', row.dataCiphertext)) as AddressData;
  return {
    id: row.id,
    label: doc.label ?? null,
    name: doc.name,
    line1: doc.line1,
    line2: doc.line2 ?? null,
    city: doc.city,
    region: doc.region ?? null,
    postalCode: doc.postalCode,
    country: doc.country,
    phone: doc.phone ?? null,
    isDefaultShipping: row.isDefaultShipping,
    isDefaultBilling: row.isDefaultBilling,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

const toConsents = (u: UserRow): Consents => ({
  marketingOptIn: u.marketingOptIn,
  marketingOptInAt: iso(u.marketingOptInAt),
  termsVersion: u.termsVersion,
  termsAcceptedAt: iso(u.termsAcceptedAt),
});

export function createSelfService(deps: SelfServiceDeps) {
  const exportSections = new Map<string, ExportSection>();
  const erasureSteps = new Map<string, ErasureStep>();
  const dataOf = (user: UserRow) => personalData(deps.pii, user.tenantId);

  /**
   * The caller's own account scope. A store's credential is only accepted on its own store (the
   * auth plugin checks), and it must name that store: only platform admins sign in without one.
   */
  function ownScope(ctx: RequestContext): { scoped: RequestContext; userId: string } {
    const actor = ctx.actor;
    if (!actor || actor.kind !== 'user') throw new Unauthorized();
    if (actor.tenantId !== null && ctx.tenantId === null) {
      throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
    }
    const own = actor.tenantId === ctx.tenantId;
    return {
      scoped: { ...ctx, tenantId: scopeOf(actor.tenantId), tenant: own ? ctx.tenant : null },
      userId: actor.id,
    };
  }

  /** Runs `fn` on the caller's live account (401 when it is gone, erased or blocked). */
  function asSelf<T>(
    ctx: RequestContext,
    fn: (tx: TxContext, user: UserRow) => Promise<T>,
    opts: { lock?: boolean } = {},
  ): Promise<T> {
    const { scoped, userId } = ownScope(ctx);
    return deps.uow(scoped, async (tx) => {
      const user = await repo.findUserById(tx.tx, userId, { lock: opts.lock ?? false });
      if (!user || user.status !== 'active') throw new Unauthorized();
      return fn(tx, user);
    });
  }

  const assertVersion = (current: number, expected: number | undefined) => {
    if (expected !== undefined && current !== expected) throw new VersionConflict(current);
  };

  async function publishUserEvent(tx: TxContext, type: string, userId: string, payload: Record<string, unknown>) {
    await deps.events.publish(tx, {
      type,
      aggregateType: 'user',
      aggregateId: userId,
      payload: { id: userId, ...payload },
    });
  }

  // --- addresses -----------------------------------------------------------------------------

  const addressNotFound = () => new NotFound('address_not_found', 'No such address.');
  const liveAddressesOf = (userId: string) => and(eq(addresses.userId, userId), isNull(addresses.deletedAt));

  /** A new default of one kind takes the flag from the previous one (its version moves too). */
  async function clearDefault(tx: TxContext, userId: string, kind: 'shipping' | 'billing', exceptId: string) {
    const column = kind === 'shipping' ? addresses.isDefaultShipping : addresses.isDefaultBilling;
    await tx.tx
      .update(addresses)
      .set({
        ...(kind === 'shipping' ? { isDefaultShipping: false } : { isDefaultBilling: false }),
        version: sql`${addresses.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(liveAddressesOf(userId), eq(column, true), ne(addresses.id, exceptId)));
  }

  async function findAddress(tx: TxContext, userId: string, id: string): Promise<AddressRow> {
    const [row] = await tx.tx
      .select()
      .from(addresses)
      .where(and(eq(addresses.id, id), liveAddressesOf(userId)));
    if (!row) throw addressNotFound();
    return row;
  }

  // --- export --------------------------------------------------------------------------------

  async function builtInSections(tx: TxContext, user: UserRow): Promise<Record<string, unknown>> {
    const data = dataOf(user);
    const roles = user.roles as Role[];
    const addressRows = await tx.tx
      .select()
      .from(addresses)
      .where(eq(addresses.userId, user.id))
      .orderBy(asc(addresses.id));
    const sessions = await tx.tx
      .select({
        sessionId: refreshTokens.familyId,
        createdAt: refreshTokens.createdAt,
        expiresAt: refreshTokens.expiresAt,
        usedAt: refreshTokens.usedAt,
        revokedAt: refreshTokens.revokedAt,
        revokedReason: refreshTokens.revokedReason,
        ip: refreshTokens.ip,
        userAgent: refreshTokens.userAgent,
      })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, user.id))
      .orderBy(asc(refreshTokens.createdAt), asc(refreshTokens.id));
    const identities = await tx.tx
      .select({
        provider: oidcProviders.slug,
        providerName: oidcProviders.name,
        issuer: oidcProviders.issuer,
        subject: userIdentities.subject,
        linkedAt: userIdentities.createdAt,
      })
      .from(userIdentities)
      .leftJoin(oidcProviders, eq(oidcProviders.id, userIdentities.providerId))
      .where(eq(userIdentities.userId, user.id))
      .orderBy(asc(userIdentities.createdAt));
    const [codes] = await tx.tx
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
    const messages = await tx.tx
      .select()
      .from(notifications)
      .where(eq(notifications.recipientUserId, user.id))
      .orderBy(asc(notifications.createdAt), asc(notifications.id));
    const audit = await tx.tx
      .select()
      .from(auditLog)
      .where(or(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, user.id)), eq(auditLog.actorId, user.id)))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));

    return {
      profile: {
        id: user.id,
        email: data.open('email', user.emailCiphertext),
        emailVerified: user.emailVerifiedAt !== null,
        emailVerifiedAt: iso(user.emailVerifiedAt),
        name: data.openOrNull('name', user.nameCiphertext),
        phone: data.openOrNull('phone', user.phoneCiphertext),
        locale: user.locale,
        roles,
        permissions: effectivePermissions(roles, user.permissions),
        status: user.status,
        hasPassword: user.passwordHash !== null,
        passwordChangedAt: iso(user.passwordChangedAt),
        lastLoginAt: iso(user.lastLoginAt),
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
      },
      // Deleted addresses too: they are still held until erasure removes them.
      addresses: addressRows.map((r) => ({ ...toAddress(r, data), deletedAt: iso(r.deletedAt) })),
      consents: toConsents(user),
      sessions: sessions.map((s) => ({
        ...s,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        usedAt: iso(s.usedAt),
        revokedAt: iso(s.revokedAt),
      })),
      signInIdentities: identities.map((i) => ({ ...i, linkedAt: i.linkedAt.toISOString() })),
      mfa: {
        enabled: user.mfaEnabledAt !== null,
        enabledAt: iso(user.mfaEnabledAt),
        recoveryCodesRemaining: codes?.n ?? 0,
      },
      notifications: messages.map((m) => {
        const body = data.open('body', m.bodyCiphertext);
        return {
          id: m.id,
          channel: m.channel,
          to: data.open('recipient', m.recipientCiphertext),
          template: m.template,
          locale: m.locale,
          subject: m.subject,
          body: m.sensitive ? body.replace(LINK_TOKEN, '$1[redacted]') : body,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
          sentAt: iso(m.sentAt),
        };
      }),
      auditLog: audit.map((a) => ({
        id: a.id,
        at: a.createdAt.toISOString(),
        action: a.action,
        entityType: a.entityType,
        entityId: a.entityId,
        // Who else acted is their data, not this user's: only the kind of actor is shown.
        actor: a.actorId === user.id ? 'you' : a.actorType,
        before: a.before,
        after: a.after,
        ...(a.actorId === user.id ? { ip: a.ip } : {}),
      })),
    };
  }

  /** Refuses to erase the last one able to run the store (or the platform). */
  async function assertNotLastAdmin(tx: TxContext, user: UserRow): Promise<void> {
    for (const role of ['owner', 'platform_admin'] as const) {
      if (!user.roles.includes(role)) continue;
      const [others] = await tx.tx
        .select({ n: count() })
        .from(users)
        .where(
          and(
            arrayContains(users.roles, [role]),
            eq(users.status, 'active'),
            isNull(users.deletedAt),
            ne(users.id, user.id),
          ),
        );
      if ((others?.n ?? 0) === 0) {
        throw new BusinessRuleViolation(
          role === 'owner' ? 'last_owner' : 'last_platform_admin',
          role === 'owner'
            ? 'This is the store’s only owner: make someone else owner before erasing this account.'
            : 'This is the only platform admin: add another before erasing this account.',
        );
      }
    }
  }

  return {
    /** Adds `name` to every data export. Called once at start-up by the module owning the data. */
    registerExportSection(name: string, section: ExportSection): void {
      if (!SECTION_NAME.test(name)) throw new Error(`export section "${name}": use a camelCase name`);
      if ((BUILT_IN_SECTIONS as readonly string[]).includes(name) || exportSections.has(name)) {
        throw new Error(`export section "${name}" is already registered`);
      }
      exportSections.set(name, section);
    },

    /** Runs `step` in every erasure, before identity wipes the account. Called once at start-up. */
    registerErasureStep(name: string, step: ErasureStep): void {
      if (erasureSteps.has(name)) throw new Error(`erasure step "${name}" is already registered`);
      erasureSteps.set(name, step);
    },

    /** The export's section names, in order. */
    exportSectionNames(): string[] {
      return [...BUILT_IN_SECTIONS, ...exportSections.keys()];
    },

    async getMe(ctx: RequestContext): Promise<Me> {
      return asSelf(ctx, async (_tx, user) => toMe(user, dataOf(user)));
    },

    /**
     * Changes name, phone, locale or email. A new email must be unique in the store; it is
     * unverified until the link sent to it is followed, and links sent to the old address stop
     * working (they would otherwise verify, or reset the password of, the new one).
     */
    async updateMe(ctx: RequestContext, version: number, input: UpdateMeBody): Promise<Me> {
      return asSelf(
        ctx,
        async (tx, user) => {
          assertVersion(user.version, version);
          const data = dataOf(user);
          const values: Partial<typeof users.$inferInsert> = {};
          const changed: string[] = [];
          if (input.name !== undefined && input.name !== data.openOrNull('name', user.nameCiphertext)) {
            values.nameCiphertext = input.name === null ? null : data.seal('name', input.name);
            changed.push('name');
          }
          if (input.phone !== undefined && input.phone !== data.openOrNull('phone', user.phoneCiphertext)) {
            values.phoneCiphertext = input.phone === null ? null : data.seal('phone', input.phone);
            changed.push('phone');
          }
          if (input.locale !== undefined && input.locale !== user.locale) {
            values.locale = input.locale;
            changed.push('locale');
          }
          let newEmail: string | undefined;
          let oldEmail: string | undefined;
          if (input.email !== undefined) {
            const email = normaliseEmail(input.email);
            if (email !== data.open('email', user.emailCiphertext)) {
              // A borrowed session must not move the account (and its password resets) elsewhere.
              if (
                user.passwordHash &&
                (input.currentPassword === undefined ||
                  !(await verifyPassword(user.passwordHash, input.currentPassword)))
              ) {
                throw new BusinessRuleViolation(
                  'invalid_password',
                  'Confirm an email change with the account’s current password (`currentPassword`).',
                );
              }
              oldEmail = data.open('email', user.emailCiphertext);
              const holder = await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(email));
              if (holder && holder.id !== user.id) throw new EmailTaken();
              values.emailCiphertext = data.seal('email', email);
              values.emailIndex = data.emailIndex(email);
              values.emailVerifiedAt = null;
              changed.push('email');
              newEmail = email;
            }
          }
          if (changed.length === 0) return toMe(user, data);

          let row: UserRow;
          try {
            row = await updateVersioned(tx.tx, users, user.id, version, values, () => new Unauthorized());
          } catch (err) {
            // A concurrent registration or change took the address between the check and the write.
            if (isUniqueViolation(err)) throw new EmailTaken();
            throw err;
          }
          if (newEmail) {
            await tx.tx
              .update(oneTimeTokens)
              .set({ usedAt: sql`now()` })
              .where(
                and(
                  eq(oneTimeTokens.userId, user.id),
                  inArray(oneTimeTokens.purpose, ['email_verification', 'password_reset']),
                  isNull(oneTimeTokens.usedAt),
                ),
              );
            const token = await deps.identity.issueOneTimeToken(tx, 'email_verification', user.id);
            await deps.identity.notify(
              tx,
              { id: user.id, email: newEmail, name: data.openOrNull('name', row.nameCiphertext), locale: row.locale },
              'email_verification',
              '/account/verify-email',
              token,
            );
            if (oldEmail) {
              await queueNotification(tx, deps, {
                recipientUserId: user.id,
                email: oldEmail,
                template: 'email_changed',
                locale: row.locale ?? tx.tenant?.defaultLocale ?? 'en',
                vars: { store: tx.tenant?.name ?? '', name: data.openOrNull('name', row.nameCiphertext) ?? '' },
              });
            }
          }
          // Which fields changed, never their values.
          await recordAudit(tx, { action: 'user.updated', entityType: 'user', entityId: user.id, after: { changed } });
          await publishUserEvent(tx, SelfServiceEvents.userUpdated, user.id, { changed });
          return toMe(row, data);
        },
        { lock: true },
      );
    },

    async listAddresses(
      ctx: RequestContext,
      page: { limit: number; cursor: Cursor | null },
    ): Promise<{ rows: Address[]; total: number }> {
      const after = page.cursor?.k[0];
      if (page.cursor && (typeof after !== 'string' || !isUuid(after))) {
        throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued.');
      }
      const backwards = page.cursor?.d === 'p';
      return asSelf(ctx, async (tx, user) => {
        const data = dataOf(user);
        const rows = await tx.tx
          .select()
          .from(addresses)
          .where(
            and(
              liveAddressesOf(user.id),
              typeof after === 'string' ? (backwards ? lt(addresses.id, after) : gt(addresses.id, after)) : undefined,
            ),
          )
          .orderBy(backwards ? desc(addresses.id) : asc(addresses.id))
          .limit(page.limit + 1);
        const [total] = await tx.tx.select({ n: count() }).from(addresses).where(liveAddressesOf(user.id));
        return { rows: rows.map((r) => toAddress(r, data)), total: total?.n ?? 0 };
      });
    },

    async getAddress(ctx: RequestContext, id: string): Promise<Address> {
      return asSelf(ctx, async (tx, user) => toAddress(await findAddress(tx, user.id, id), dataOf(user)));
    },

    /** Saves an address (at most `MAX_ADDRESSES`); the account row is locked so two saves count right. */
    async createAddress(ctx: RequestContext, input: CreateAddressBody): Promise<Address> {
      assertCountry(input.country);
      return asSelf(
        ctx,
        async (tx, user) => {
          const [existing] = await tx.tx.select({ n: count() }).from(addresses).where(liveAddressesOf(user.id));
          if ((existing?.n ?? 0) >= MAX_ADDRESSES) {
            throw new BusinessRuleViolation(
              'address_limit_reached',
              `An account keeps at most ${MAX_ADDRESSES} addresses; delete one first.`,
            );
          }
          const id = newId();
          const doc: AddressData = {
            label: input.label ?? null,
            name: input.name,
            line1: input.line1,
            line2: input.line2 ?? null,
            city: input.city,
            region: input.region ?? null,
            postalCode: input.postalCode,
            country: input.country,
            phone: input.phone ?? null,
          };
          if (input.isDefaultShipping) await clearDefault(tx, user.id, 'shipping', id);
          if (input.isDefaultBilling) await clearDefault(tx, user.id, 'billing', id);
          const [row] = await tx.tx
            .insert(addresses)
            .values({
              tenantId: user.tenantId,
              id,
              userId: user.id,
              dataCiphertext: dataOf(user).seal('address', JSON.stringify(doc)),
              isDefaultShipping: input.isDefaultShipping ?? false,
              isDefaultBilling: input.isDefaultBilling ?? false,
            })
            .returning();
          await recordAudit(tx, { action: 'address.created', entityType: 'address', entityId: id });
          return toAddress(row as AddressRow, dataOf(user));
        },
        { lock: true },
      );
    },

    async updateAddress(ctx: RequestContext, id: string, version: number, input: UpdateAddressBody): Promise<Address> {
      assertCountry(input.country);
      return asSelf(
        ctx,
        async (tx, user) => {
          const data = dataOf(user);
          const current = await findAddress(tx, user.id, id);
          assertVersion(current.version, version);
          const before = toAddress(current, data);
          const doc: AddressData = { ...before };
          const changed: string[] = [];
          for (const field of ADDRESS_FIELDS) {
            const value = input[field];
            if (value === undefined || value === before[field]) continue;
            // The schema allows null only for the optional fields.
            (doc as unknown as Record<string, string | null>)[field] = value;
            changed.push(field);
          }
          const values: Partial<typeof addresses.$inferInsert> = {};
          if (changed.length > 0) {
            values.dataCiphertext = data.seal(
              'address',
              JSON.stringify(Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, doc[f]]))),
            );
          }
          if (input.isDefaultShipping !== undefined && input.isDefaultShipping !== current.isDefaultShipping) {
            if (input.isDefaultShipping) await clearDefault(tx, user.id, 'shipping', id);
            values.isDefaultShipping = input.isDefaultShipping;
            changed.push('isDefaultShipping');
          }
          if (input.isDefaultBilling !== undefined && input.isDefaultBilling !== current.isDefaultBilling) {
            if (input.isDefaultBilling) await clearDefault(tx, user.id, 'billing', id);
            values.isDefaultBilling = input.isDefaultBilling;
            changed.push('isDefaultBilling');
          }
          if (changed.length === 0) return before;
          const row = await updateVersioned(
            tx.tx,
            addresses,
            id,
            version,
            values,
            addressNotFound,
            eq(addresses.userId, user.id),
          );
          await recordAudit(tx, { action: 'address.updated', entityType: 'address', entityId: id, after: { changed } });
          return toAddress(row, data);
        },
        { lock: true },
      );
    },

    /** Soft delete (the row stays until erasure); a deleted default leaves no default of its kind. */
    async deleteAddress(ctx: RequestContext, id: string, version: number): Promise<void> {
      await asSelf(
        ctx,
        async (tx, user) => {
          await updateVersioned(
            tx.tx,
            addresses,
            id,
            version,
            { deletedAt: sql`now()`, isDefaultShipping: false, isDefaultBilling: false },
            addressNotFound,
            eq(addresses.userId, user.id),
          );
          await recordAudit(tx, { action: 'address.deleted', entityType: 'address', entityId: id });
        },
        { lock: true },
      );
    },

    async getConsents(ctx: RequestContext): Promise<{ consents: Consents; version: number }> {
      return asSelf(ctx, async (_tx, user) => ({ consents: toConsents(user), version: user.version }));
    },

    /**
     * Records the user's choices. `marketingOptInAt` is when the marketing choice last changed and
     * `termsAcceptedAt` when the current terms version was accepted: re-sending the same choice
     * keeps the earlier time, which is the one that matters as proof.
     */
    async putConsents(
      ctx: RequestContext,
      input: { marketingOptIn: boolean; termsVersion?: string | undefined },
      version?: number,
    ): Promise<{ consents: Consents; version: number }> {
      return asSelf(
        ctx,
        async (tx, user) => {
          assertVersion(user.version, version);
          const values: Partial<typeof users.$inferInsert> = {};
          if (input.marketingOptIn !== user.marketingOptIn) {
            values.marketingOptIn = input.marketingOptIn;
            values.marketingOptInAt = new Date();
          }
          if (input.termsVersion !== undefined && input.termsVersion !== user.termsVersion) {
            values.termsVersion = input.termsVersion;
            values.termsAcceptedAt = new Date();
          }
          if (Object.keys(values).length === 0) return { consents: toConsents(user), version: user.version };
          const row = await updateVersioned(tx.tx, users, user.id, user.version, values, () => new Unauthorized());
          await recordAudit(tx, {
            action: 'user.consents_updated',
            entityType: 'user',
            entityId: user.id,
            before: toConsents(user),
            after: toConsents(row),
          });
          return { consents: toConsents(row), version: row.version };
        },
        { lock: true },
      );
    },

    /** Everything held about the caller, decrypted, in one transaction (a consistent snapshot). */
    async exportData(ctx: RequestContext): Promise<DataExport> {
      return asSelf(ctx, async (tx, user) => {
        const data = await builtInSections(tx, user);
        for (const [name, section] of exportSections) data[name] = await section(tx, user.id);
        await recordAudit(tx, {
          action: 'user.data_exported',
          entityType: 'user',
          entityId: user.id,
          after: { sections: Object.keys(data) },
        });
        return {
          format: 'bazaar-export/1',
          exportedAt: new Date().toISOString(),
          userId: user.id,
          sections: Object.keys(data),
          data,
        };
      });
    },

    /**
     * Erasure (GDPR art. 17), in one transaction: other modules' steps first (orders are kept,
     * anonymised), then the account keeps only what is not personal (id, roles, times) so records
     * pointing at it stay whole. The email index becomes random, so the address can register
     * again; every session ends.
     */
    async erase(ctx: RequestContext, password: string | undefined, version?: number): Promise<void> {
      await asSelf(
        ctx,
        async (tx, user) => {
          assertVersion(user.version, version);
          if (user.passwordHash && (password === undefined || !(await verifyPassword(user.passwordHash, password)))) {
            throw new BusinessRuleViolation('invalid_password', 'Confirm with the account’s current password.');
          }
          await assertNotLastAdmin(tx, user);
          for (const step of erasureSteps.values()) await step(tx, user.id);

          const data = dataOf(user);
          await tx.tx
            .update(users)
            .set({
              emailCiphertext: data.seal('email', `erased-${user.id}@erased.invalid`),
              emailIndex: newSecret(),
              emailVerifiedAt: null,
              nameCiphertext: null,
              phoneCiphertext: null,
              passwordHash: null,
              locale: null,
              mfaSecretCiphertext: null,
              mfaPendingSecretCiphertext: null,
              mfaEnabledAt: null,
              failedLoginCount: 0,
              lockedUntil: null,
              marketingOptIn: false,
              marketingOptInAt: null,
              status: 'erased',
              erasedAt: sql`now()`,
              version: sql`${users.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(eq(users.id, user.id));
          const removed = await tx.tx
            .delete(addresses)
            .where(eq(addresses.userId, user.id))
            .returning({ id: addresses.id });
          await tx.tx.delete(userIdentities).where(eq(userIdentities.userId, user.id));
          await tx.tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
          await tx.tx.delete(oneTimeTokens).where(eq(oneTimeTokens.userId, user.id));
          const sessions = await deps.identity.endSessions(tx, user.id, 'erased');
          // Where and with what they signed in is personal data too.
          await tx.tx.update(refreshTokens).set({ ip: null, userAgent: null }).where(eq(refreshTokens.userId, user.id));
          // Messages stay (the store's record that they were sent) without address or content.
          await tx.tx
            .update(notifications)
            .set({
              recipientCiphertext: data.seal('recipient', ERASED_MARKER),
              bodyCiphertext: data.seal('body', ERASED_MARKER),
              error: null,
            })
            .where(eq(notifications.recipientUserId, user.id));
          await recordAudit(tx, {
            action: 'user.erased',
            entityType: 'user',
            entityId: user.id,
            after: { addressesDeleted: removed.length, sessionsRevoked: sessions, steps: [...erasureSteps.keys()] },
          });
          await publishUserEvent(tx, SelfServiceEvents.userErased, user.id, {});
        },
        { lock: true },
      );
    },
  };
}

export type SelfService = ReturnType<typeof createSelfService>;
