/**
 * Store administration of people: the store's accounts (roles, grants, blocking), staff
 * invitations and their acceptance, and the two read-only logs admins consult (the audit log and
 * the messages sent). Every change of someone's access is audited with before/after and ends that
 * person's sessions, so the new rights apply from their next sign-in.
 */
import { type SQL, and, asc, eq, gt, inArray, isNotNull, isNull, like, lte, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import { auditLog } from '../../platform/audit/audit.tables.js';
import type { Cache } from '../../platform/cache.js';
import type { Actor, RequestContext, Role, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import { type Keyed, type ListInput, keysetOf, positionOf } from '../../platform/http/pagination.js';
import {
  BusinessRuleViolation,
  Conflict,
  DependencyUnavailable,
  Forbidden,
  NotFound,
  Unauthorized,
  VersionConflict,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type {
  AcceptInvitationBody,
  AdminUser,
  AuditItem,
  AuditListQuery,
  CreateInvitationBody,
  Invitation,
  InvitationRole,
  InvitationStatus,
  NotificationItem,
  NotificationListQuery,
  StorePermission,
  StoreRoleName,
  UpdateUserBody,
  UserListQuery,
} from './identity.admin.schemas.js';
import { checkSecondFactor } from './identity.mfa.js';
import { hashPassword, verifyPassword } from './identity.passwords.js';
import {
  DEFAULT_STAFF_PERMISSIONS,
  STORE_PERMISSIONS,
  STORE_ROLES,
  assertCan,
  can,
  effectivePermissions,
} from './identity.permissions.js';
import * as repo from './identity.repository.js';
import { type PersonalData, hashSecret, normaliseEmail } from './identity.secrets.js';
import {
  type IdentityService,
  InvalidOneTimeToken,
  type SessionTokens,
  assertPasswordAcceptable,
} from './identity.service.js';
import { apiKeys, notifications, oneTimeTokens, users } from './identity.tables.js';

export interface IdentityAdminDeps {
  identity: IdentityService;
  /** For the second factor of an existing account accepting an invitation. */
  pii: PiiCipher;
  /** Remembers used TOTP codes (shared with login), so a code signs in once. */
  cache: Cache;
}

// Keyset paging lives in the platform; re-exported for this module's other files.
export { type Keyed, type ListInput, keysetOf, positionOf };

// --------------------------------------------------------------------------------------- helpers

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Owners and platform admins may do anything in a store; everyone else only what they hold. */
const actsAsOwner = (actor: Actor) => actor.roles.includes('owner') || actor.roles.includes('platform_admin');

const sortedRoles = (roles: readonly string[]): StoreRoleName[] =>
  (STORE_ROLES as readonly string[]).filter((r) => roles.includes(r)) as StoreRoleName[];

const sortedPermissions = (perms: readonly string[]): StorePermission[] =>
  STORE_PERMISSIONS.filter((p) => perms.includes(p));

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

/** A staff member (or an API key) can hand on only the permissions they hold themselves. */
function assertHolds(actor: Actor, granted: readonly StorePermission[], already: readonly string[] = []): void {
  if (actsAsOwner(actor)) return;
  const missing = granted.filter((p) => !already.includes(p) && !can(actor, p));
  if (missing.length > 0) {
    throw new Forbidden(
      'permission_not_held',
      `You can only grant permissions you hold yourself: ${missing.join(', ')}.`,
    );
  }
}

export class UserNotFound extends NotFound {
  constructor() {
    super('user_not_found', 'No account with this id exists in this store.');
  }
}

export class InvitationNotFound extends NotFound {
  constructor() {
    super('invitation_not_found', 'No invitation with this id exists in this store.');
  }
}

function toAdminUser(u: repo.UserRow, data: PersonalData): AdminUser {
  // Erasure replaces personal data; nothing of it is shown any more.
  const erased = u.status === 'erased';
  return {
    id: u.id,
    email: erased ? null : data.open('email', u.emailCiphertext),
    name: erased ? null : data.openOrNull('name', u.nameCiphertext),
    roles: u.roles as Role[],
    permissions: effectivePermissions(u.roles as Role[], u.permissions),
    grantedPermissions: u.permissions,
    status: u.status,
    emailVerified: u.emailVerifiedAt !== null,
    mfaEnabled: u.mfaEnabledAt !== null,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: u.createdAt.toISOString(),
    version: u.version,
  };
}

/** What an invitation's token row carries in `data`. */
interface InvitationData {
  emailCiphertext: string;
  role: InvitationRole;
  permissions: StorePermission[];
  invitedBy: string | null;
}

function invitationDataOf(raw: unknown): InvitationData {
  const d = (raw ?? {}) as Partial<Record<keyof InvitationData, unknown>>;
  if (typeof d.emailCiphertext !== 'string' || (d.role !== 'staff' && d.role !== 'owner')) {
    // Written only by `createInvitation`: a row without these was not made here.
    throw new InvalidOneTimeToken();
  }
  return {
    emailCiphertext: d.emailCiphertext,
    role: d.role,
    permissions: Array.isArray(d.permissions) ? sortedPermissions(d.permissions as string[]) : [],
    invitedBy: typeof d.invitedBy === 'string' ? d.invitedBy : null,
  };
}

type TokenRow = typeof oneTimeTokens.$inferSelect;

function invitationStatusOf(row: TokenRow): InvitationStatus {
  if (row.usedAt) return 'accepted';
  return row.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';
}

function toInvitation(row: TokenRow, data: PersonalData): Invitation {
  const inv = invitationDataOf(row.data);
  return {
    id: row.id,
    email: data.open('email', inv.emailCiphertext),
    role: inv.role,
    permissions: inv.permissions,
    status: invitationStatusOf(row),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

const isInvitation = and(eq(oneTimeTokens.purpose, 'invitation'), isNull(oneTimeTokens.deletedAt));

/** `user.*` → a LIKE prefix with the wildcards of the prefix itself escaped. */
function actionFilter(action: string): SQL {
  if (!action.endsWith('*')) return eq(auditLog.action, action);
  const prefix = action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
  return like(auditLog.action, `${prefix}%`);
}

// --------------------------------------------------------------------------------------- service

export function createIdentityAdminService({ identity, pii, cache }: IdentityAdminDeps) {
  /** The actor of an admin call: the route guard let it through, the service checks again. */
  const actorWith = (ctx: RequestContext, permission: Parameters<typeof assertCan>[1]): Actor => {
    assertCan(ctx.actor, permission);
    return ctx.actor;
  };

  /** How an invitation names who sent it: their name, else their email, else the store. */
  async function inviterName(tx: TxContext, actor: Actor): Promise<string> {
    const data = identity.dataOf(tx);
    if (actor.kind === 'user') {
      const user = await repo.findUserById(tx.tx, actor.id);
      if (user) return data.openOrNull('name', user.nameCiphertext) ?? data.open('email', user.emailCiphertext);
    } else if (actor.kind === 'api_key') {
      const [key] = await tx.tx.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, actor.id));
      if (key) return key.name;
    }
    // A platform admin's account lives in the platform scope, out of this store's sight.
    return tx.tenant?.name ?? 'The store team';
  }

  /** Records a change of roles/grants and/or status, with before and after. */
  async function auditAccessChange(
    tx: TxContext,
    userId: string,
    before: { roles: string[]; permissions: string[]; status: string },
    after: { roles: string[]; permissions: string[]; status: string },
  ): Promise<void> {
    const rolesChanged = !sameSet(before.roles, after.roles);
    if (rolesChanged || !sameSet(before.permissions, after.permissions)) {
      await recordAudit(tx, {
        action: rolesChanged ? 'user.roles_changed' : 'user.permissions_changed',
        entityType: 'user',
        entityId: userId,
        before: { roles: before.roles, permissions: before.permissions },
        after: { roles: after.roles, permissions: after.permissions },
      });
    }
    if (before.status !== after.status) {
      await recordAudit(tx, {
        action: after.status === 'blocked' ? 'user.blocked' : 'user.unblocked',
        entityType: 'user',
        entityId: userId,
        before: { status: before.status },
        after: { status: after.status },
      });
    }
  }

  return {
    /** The store's accounts, oldest first; `email` finds one account by its blind index. */
    async listUsers(
      ctx: RequestContext,
      q: ListInput & Omit<UserListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<AdminUser>>> {
      actorWith(ctx, 'users:manage');
      return identity.inScope(ctx, async (tx) => {
        const data = identity.dataOf(tx);
        const page = keysetOf(users, q.cursor, false);
        const rows = await tx.tx
          .select({ user: users, position: positionOf(users.createdAt) })
          .from(users)
          .where(
            and(
              isNull(users.deletedAt),
              q.role ? sql`${q.role} = any(${users.roles})` : undefined,
              q.status ? eq(users.status, q.status) : undefined,
              q.email ? inArray(users.emailIndex, data.emailIndexCandidates(q.email)) : undefined,
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        return rows.map((r) => ({ key: [r.position, r.user.id], item: toAdminUser(r.user, data) }));
      });
    },

    async getUser(ctx: RequestContext, id: string): Promise<AdminUser> {
      actorWith(ctx, 'users:manage');
      return identity.inScope(ctx, async (tx) => {
        const user = await repo.findUserById(tx.tx, id);
        if (!user) throw new UserNotFound();
        return toAdminUser(user, identity.dataOf(tx));
      });
    },

    /**
     * Changes roles, grants and/or status. Nobody changes their own access; only owners touch
     * owners or make new ones; others grant only what they hold; the last active owner stays.
     */
    async updateUser(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      body: UpdateUserBody,
    ): Promise<AdminUser> {
      const actor = actorWith(ctx, 'users:manage');
      return identity.inScope(ctx, async (tx) => {
        // Every active owner is locked, in one order, before anything is decided: two admins
        // demoting the last two owners at once are serialised, and the second sees one left.
        const owners = await tx.tx
          .select({ id: users.id })
          .from(users)
          .where(and(isNull(users.deletedAt), eq(users.status, 'active'), sql`'owner' = any(${users.roles})`))
          .orderBy(asc(users.id))
          .for('update');
        const user = await repo.findUserById(tx.tx, id, { lock: true });
        if (!user) throw new UserNotFound();
        if (user.version !== expectedVersion) throw new VersionConflict(user.version);
        if (actor.kind === 'user' && actor.id === user.id) {
          throw new BusinessRuleViolation('own_account', 'You cannot change your own roles, permissions or status.');
        }
        if (user.status === 'erased') {
          throw new BusinessRuleViolation('account_erased', 'This account was erased and cannot be changed.');
        }

        const roles = body.roles ? sortedRoles(body.roles) : (user.roles as StoreRoleName[]);
        const permissions = body.permissions ? sortedPermissions(body.permissions) : user.permissions;
        const status = body.status ?? user.status;
        if (!actsAsOwner(actor)) {
          if (user.roles.includes('owner')) {
            throw new Forbidden('owner_only', "Only an owner may change an owner's account.");
          }
          if (roles.includes('owner')) throw new Forbidden('owner_only', 'Only an owner may make someone an owner.');
          assertHolds(actor, permissions as StorePermission[], user.permissions);
        }

        const before = { roles: user.roles, permissions: user.permissions, status: user.status };
        const after = { roles: [...roles], permissions: [...permissions], status };
        const changed =
          !sameSet(before.roles, after.roles) ||
          !sameSet(before.permissions, after.permissions) ||
          before.status !== after.status;
        if (!changed) return toAdminUser(user, identity.dataOf(tx));

        const wasActiveOwner = user.status === 'active' && user.roles.includes('owner');
        const staysActiveOwner = status === 'active' && roles.includes('owner');
        if (wasActiveOwner && !staysActiveOwner && !owners.some((o) => o.id !== user.id)) {
          throw new BusinessRuleViolation('last_owner', 'The store needs at least one active owner.');
        }

        const updated = await updateVersioned(
          tx.tx,
          users,
          id,
          expectedVersion,
          { roles: after.roles, permissions: after.permissions, status },
          () => new UserNotFound(),
        );
        // Tokens carry roles and permissions: end the sessions so the next sign-in gets the new ones.
        await identity.endSessions(tx, id, status === 'blocked' ? 'blocked' : 'access_changed');
        await auditAccessChange(tx, id, before, after);
        return toAdminUser(updated, identity.dataOf(tx));
      });
    },

    /** Invites someone by email to join as staff (or owner, by an owner); the link lives 7 days. */
    async createInvitation(ctx: RequestContext, body: CreateInvitationBody): Promise<Invitation> {
      const actor = actorWith(ctx, 'users:manage');
      if (body.role === 'owner' && !actsAsOwner(actor)) {
        throw new Forbidden('owner_only', 'Only an owner may invite an owner.');
      }
      const permissions = sortedPermissions(
        body.permissions ?? (body.role === 'staff' ? DEFAULT_STAFF_PERMISSIONS : []),
      );
      assertHolds(actor, permissions);
      const email = normaliseEmail(body.email);
      return identity.inScope(ctx, async (tx) => {
        const data = identity.dataOf(tx);
        const token = await identity.issueOneTimeToken(tx, 'invitation', null, {
          emailCiphertext: data.seal('email', email),
          role: body.role,
          permissions,
          invitedBy: actor.id,
        } satisfies InvitationData);
        const [row] = await tx.tx
          .select()
          .from(oneTimeTokens)
          .where(eq(oneTimeTokens.tokenHash, hashSecret(token)));
        if (!row) throw new Error('the invitation just written is missing');
        await identity.notify(
          tx,
          { id: null, email, locale: null },
          'invitation',
          '/account/accept-invitation',
          token,
          {
            inviter: await inviterName(tx, actor),
            role: body.role,
          },
        );
        await recordAudit(tx, {
          action: 'invitation.created',
          entityType: 'invitation',
          entityId: row.id,
          after: { role: body.role, permissions, piiFields: ['email'] },
        });
        return toInvitation(row, data);
      });
    },

    async listInvitations(
      ctx: RequestContext,
      q: ListInput & { status?: InvitationStatus | undefined },
    ): Promise<Array<Keyed<Invitation>>> {
      actorWith(ctx, 'users:manage');
      return identity.inScope(ctx, async (tx) => {
        const page = keysetOf(oneTimeTokens, q.cursor, true);
        const statusWhere = {
          pending: and(isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, sql`now()`)),
          accepted: isNotNull(oneTimeTokens.usedAt),
          expired: and(isNull(oneTimeTokens.usedAt), lte(oneTimeTokens.expiresAt, sql`now()`)),
        };
        const rows = await tx.tx
          .select({ token: oneTimeTokens, position: positionOf(oneTimeTokens.createdAt) })
          .from(oneTimeTokens)
          .where(and(isInvitation, q.status ? statusWhere[q.status] : undefined, page.where))
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        const data = identity.dataOf(tx);
        return rows.map((r) => ({ key: [r.position, r.token.id], item: toInvitation(r.token, data) }));
      });
    },

    /** Withdraws a pending invitation: its link stops working at once. */
    async revokeInvitation(ctx: RequestContext, id: string): Promise<void> {
      actorWith(ctx, 'users:manage');
      await identity.inScope(ctx, async (tx) => {
        const [row] = await tx.tx
          .select()
          .from(oneTimeTokens)
          .where(and(eq(oneTimeTokens.id, id), isInvitation))
          .for('update');
        if (!row) throw new InvitationNotFound();
        if (row.usedAt) {
          throw new Conflict(
            'invitation_accepted',
            'This invitation was already accepted; change the account instead.',
          );
        }
        // Expiring it now is what stops the link: accepting checks expiry, not the soft delete.
        await tx.tx
          .update(oneTimeTokens)
          .set({
            deletedAt: sql`now()`,
            expiresAt: sql`least(${oneTimeTokens.expiresAt}, now())`,
            updatedAt: sql`now()`,
            version: sql`${oneTimeTokens.version} + 1`,
          })
          .where(eq(oneTimeTokens.id, id));
        await recordAudit(tx, { action: 'invitation.revoked', entityType: 'invitation', entityId: id });
      });
    },

    /**
     * Accepts an invitation and signs in. Without an account for the invited email, one is made
     * (the password policy applies, checked before the link is used); with one, its password
     * proves it is theirs and the invited role and permissions are added to it.
     */
    async acceptInvitation(
      ctx: RequestContext,
      body: AcceptInvitationBody,
      userAgent?: string,
    ): Promise<SessionTokens> {
      return identity.inScope(ctx, async (tx) => {
        const [pending] = await tx.tx
          .select()
          .from(oneTimeTokens)
          .where(
            and(
              eq(oneTimeTokens.tokenHash, hashSecret(body.token)),
              isInvitation,
              isNull(oneTimeTokens.usedAt),
              gt(oneTimeTokens.expiresAt, sql`now()`),
            ),
          );
        if (!pending) throw new InvalidOneTimeToken();
        const inv = invitationDataOf(pending.data);
        const data = identity.dataOf(tx);
        const email = data.open('email', inv.emailCiphertext);
        const grants = inv.role === 'staff' ? inv.permissions : [];
        const existing = await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(email), { lock: true });

        let user: repo.UserRow;
        if (!existing) {
          assertPasswordAcceptable(body.password, email);
          const passwordHash = await hashPassword(body.password);
          // Used before anything is written: of two concurrent acceptances only one gets past here.
          await identity.consumeOneTimeToken(tx, 'invitation', body.token);
          user = await identity.createUser(tx, {
            email,
            passwordHash,
            name: body.name ?? null,
            locale: ctx.locale,
            roles: [inv.role],
            permissions: grants,
            emailVerified: true,
          });
        } else {
          if (existing.status === 'blocked') throw new Forbidden('account_blocked', 'This account is blocked.');
          if (existing.status !== 'active') throw new InvalidOneTimeToken();
          if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, body.password))) {
            throw new BusinessRuleViolation(
              'invalid_password',
              'An account with this email exists: enter its password to accept.',
            );
          }
          // The link signs in: an account with two-factor sign-in needs its code here as at login.
          const second = await checkSecondFactor(tx, pii, existing, body, async (key) => {
            const used = await cache.incr(key, 120).catch(() => {
              throw new DependencyUnavailable('cache');
            });
            return used.count === 1;
          });
          if (second === 'required') {
            throw new Unauthorized(
              'mfa_required',
              'This account uses two-factor sign-in: send `totp` or `recoveryCode`.',
            );
          }
          if (second === 'invalid') throw new Unauthorized('invalid_mfa_code', 'The two-factor code is not correct.');
          await identity.consumeOneTimeToken(tx, 'invitation', body.token);
          const roles = sortedRoles([...existing.roles, inv.role]);
          const permissions = sortedPermissions([...existing.permissions, ...grants]);
          const [updated] = await tx.tx
            .update(users)
            .set({
              roles,
              permissions,
              // Following the link proved the address.
              emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
              version: sql`${users.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(eq(users.id, existing.id))
            .returning();
          if (!updated) throw new InvalidOneTimeToken();
          user = updated;
          if (!sameSet(existing.roles, roles) || !sameSet(existing.permissions, permissions)) {
            await identity.endSessions(tx, user.id, 'access_changed');
            await auditAccessChange(
              { ...tx, actor: { kind: 'user', id: user.id, tenantId: tx.tenantId, roles: [], scopes: [] } },
              user.id,
              { roles: existing.roles, permissions: existing.permissions, status: existing.status },
              { roles, permissions, status: existing.status },
            );
          }
        }
        // The invitee acts here: the entry names them, the invitation names who invited them.
        await recordAudit(
          { ...tx, actor: { kind: 'user', id: user.id, tenantId: tx.tenantId, roles: [], scopes: [] } },
          {
            action: 'invitation.accepted',
            entityType: 'invitation',
            entityId: pending.id,
            after: { userId: user.id, role: inv.role, permissions: grants, invitedBy: inv.invitedBy },
          },
        );
        await tx.tx
          .update(users)
          .set({ lastLoginAt: sql`now()` })
          .where(eq(users.id, user.id));
        return identity.issueSession(tx, user, newId(), userAgent);
      });
    },

    /** Who changed what, newest first. Served by the (tenant, created_at) or (tenant, entity) index. */
    async listAuditLog(
      ctx: RequestContext,
      q: ListInput & Omit<AuditListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<AuditItem>>> {
      actorWith(ctx, 'audit:read');
      if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) {
        throw new BusinessRuleViolation('invalid_range', '`from` must not be after `to`.');
      }
      return identity.inScope(ctx, async (tx) => {
        const page = keysetOf(auditLog, q.cursor, true);
        const rows = await tx.tx
          .select({ entry: auditLog, position: positionOf(auditLog.createdAt) })
          .from(auditLog)
          .where(
            and(
              q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
              q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
              q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
              q.action && q.action !== '*' ? actionFilter(q.action) : undefined,
              q.from ? sql`${auditLog.createdAt} >= ${q.from}::timestamptz` : undefined,
              q.to ? sql`${auditLog.createdAt} <= ${q.to}::timestamptz` : undefined,
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        return rows.map(({ entry: e, position }) => ({
          key: [position, e.id],
          item: {
            id: e.id,
            action: e.action,
            entityType: e.entityType,
            entityId: e.entityId,
            actor: { type: e.actorType, id: e.actorId },
            before: e.before,
            after: e.after,
            requestId: e.requestId,
            ip: e.ip,
            createdAt: e.createdAt.toISOString(),
          },
        }));
      });
    },

    /**
     * Messages sent (or stored), newest first. The tokens of sign-in links are never shown, to
     * anyone: whoever read a reset or invitation link could take over that account.
     */
    async listNotifications(
      ctx: RequestContext,
      q: ListInput & Omit<NotificationListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<NotificationItem>>> {
      actorWith(ctx, 'notifications:read');
      return identity.inScope(ctx, async (tx) => {
        const page = keysetOf(notifications, q.cursor, true);
        const rows = await tx.tx
          .select({ message: notifications, position: positionOf(notifications.createdAt) })
          .from(notifications)
          .where(
            and(
              isNull(notifications.deletedAt),
              q.template ? eq(notifications.template, q.template) : undefined,
              q.status ? eq(notifications.status, q.status) : undefined,
              q.recipientUserId ? eq(notifications.recipientUserId, q.recipientUserId) : undefined,
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        const data = identity.dataOf(tx);
        return rows.map(({ message: m, position }) => {
          const redacted = m.sensitive;
          return {
            key: [position, m.id],
            item: {
              id: m.id,
              channel: m.channel,
              to: data.open('recipient', m.recipientCiphertext),
              recipientUserId: m.recipientUserId,
              template: m.template,
              locale: m.locale,
              subject: m.subject,
              body: redacted
                ? data.open('body', m.bodyCiphertext).replace(/([?&]token=)[^&\s]+/g, '$1[redacted]')
                : data.open('body', m.bodyCiphertext),
              redacted,
              status: m.status,
              error: m.error,
              createdAt: m.createdAt.toISOString(),
              sentAt: iso(m.sentAt),
            },
          };
        });
      });
    },
  };
}

export type IdentityAdminService = ReturnType<typeof createIdentityAdminService>;
