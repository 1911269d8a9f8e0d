/**
 * Accounts and sessions: registration, email verification, login (with per-IP and per-account
 * limits and MFA), refresh-token rotation with reuse detection, logout, password reset and change.
 * Every operation runs in the scope of the request's store, or the platform scope for platform
 * admins (see `PLATFORM_SCOPE`).
 */
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Cache, Counter } from '../../platform/cache.js';
import type { Actor, RequestContext, Role, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { KeyStore } from '../../platform/auth/keys.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { recordAudit } from '../../platform/audit/audit.js';
import {
  type AppError,
  BusinessRuleViolation,
  Conflict,
  DependencyUnavailable,
  Forbidden,
  TooManyRequests,
  Unauthorized,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import { tenants } from '../tenancy/index.js';
import {
  checkSecondFactor,
  newTotpSecret,
  otpauthUri,
  qrDataUrl,
  replaceRecoveryCodes,
  totpMatches,
} from './identity.mfa.js';
import { queueNotification, type TemplateName } from './identity.notifications.js';
import { hashPassword, needsRehash, passwordProblems, verifyPassword } from './identity.passwords.js';
import { effectivePermissions } from './identity.permissions.js';
import * as repo from './identity.repository.js';
import { PLATFORM_SCOPE, hashSecret, newSecret, normaliseEmail, personalData, scopeOf } from './identity.secrets.js';
import { oneTimeTokens, recoveryCodes as recoveryCodesTable, refreshTokens, users } from './identity.tables.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures on one account before it is held back; each further failure doubles the wait. */
const ACCOUNT_BACKOFF_AFTER = 5;
const ACCOUNT_BACKOFF_BASE_MS = 30_000;
const ACCOUNT_BACKOFF_MAX_MS = 15 * 60_000;
const TOKEN_TTL_MS: Record<'email_verification' | 'password_reset' | 'invitation', number> = {
  email_verification: 24 * 3600_000,
  password_reset: 30 * 60_000,
  invitation: 7 * 24 * 3600_000,
};
/** Reset mails per account per hour, so the form cannot be used to flood an inbox. */
const RESET_MAILS_PER_HOUR = 3;
export const PASSWORD_RESET_REQUESTED = 'identity.password_reset_requested';

export interface IdentityDeps {
  uow: UnitOfWork;
  events: EventBus;
  pii: PiiCipher;
  keys: KeyStore;
  cache: Cache;
  loginRateLimit: number;
  /** Origin of links in messages; `{store}` is replaced by the store slug. */
  webUrl: string;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  /** The refresh-token family: one sign-in. */
  sessionId: string;
  userId: string;
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
  /** A guest cart to merge into the customer's (with its token). */
  cartId?: string | undefined;
  cartToken?: string | undefined;
}

/**
 * Work another module does when a customer signs in to a store (merging their guest cart), inside
 * the login transaction once the password and second factor have passed. It must not fail on the
 * shopper's data: whatever it throws fails the login.
 */
export type LoginHook = (
  ctx: TxContext,
  input: { userId: string; cartId?: string | undefined; cartToken?: string | undefined },
) => Promise<void>;

export interface RegisterInput {
  email: string;
  password: string;
  name?: string | undefined;
  phone?: string | undefined;
  locale?: string | undefined;
  marketingOptIn?: boolean | undefined;
  termsVersion?: string | undefined;
}

export class InvalidCredentials extends Unauthorized {
  constructor() {
    super('invalid_credentials', 'The email or password is not correct.');
  }
}

export class EmailTaken extends Conflict {
  constructor() {
    super('email_taken', 'An account with this email already exists in this store.');
  }
}

export class InvalidOneTimeToken extends BusinessRuleViolation {
  constructor() {
    super('token_invalid', 'This link is not valid: it was already used, has expired, or was never issued.');
  }
}

const invalidRefresh = () => new Unauthorized('invalid_refresh_token', 'The refresh token is not valid.');

/** A hash to verify against when the account does not exist, so both paths cost the same. */
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword(newSecret(24)));

export function assertPasswordAcceptable(password: string, email: string, path = 'password'): void {
  const problems = passwordProblems(password, { email, path });
  if (problems.length > 0) {
    throw new BusinessRuleViolation('weak_password', 'Choose a stronger password.', { errors: problems });
  }
}

/** Throws when a user may not sign in at all (blocked or erased). */
function assertActive(user: repo.UserRow): void {
  if (user.status === 'blocked') throw new Forbidden('account_blocked', 'This account is blocked.');
  if (user.status !== 'active') throw new InvalidCredentials();
}

export function createIdentityService(deps: IdentityDeps) {
  /** The context with the scope identity rows live in (the store, or the platform). */
  const scoped = (ctx: RequestContext): RequestContext => ({ ...ctx, tenantId: scopeOf(ctx.tenantId) });
  const inScope = <T>(ctx: RequestContext, fn: (tx: TxContext) => Promise<T>) => deps.uow(scoped(ctx), fn);
  /**
   * The caller's own account scope: their store, or the platform for platform admins (who may name
   * any store in the request but have no account in it).
   */
  const inOwnScope = <T>(ctx: RequestContext, actor: Actor, fn: (tx: TxContext) => Promise<T>) =>
    deps.uow(
      { ...ctx, tenantId: scopeOf(actor.tenantId), tenant: actor.tenantId === ctx.tenantId ? ctx.tenant : null },
      fn,
    );
  const dataOf = (tx: { tenantId: string | null }) => personalData(deps.pii, scopeOf(tx.tenantId));

  const linkFor = (storeSlug: string, path: string, token: string) =>
    `${deps.webUrl.replace('{store}', storeSlug)}${path}?token=${encodeURIComponent(token)}`;

  async function storeOf(tx: TxContext): Promise<{ slug: string; name: string }> {
    if (tx.tenant) return tx.tenant;
    if (!tx.tenantId || tx.tenantId === PLATFORM_SCOPE) return { slug: 'platform', name: 'Bazaar' };
    const [row] = await tx.tx
      .select({ slug: tenants.slug, name: tenants.name })
      .from(tenants)
      .where(eq(tenants.id, tx.tenantId));
    return row ?? { slug: 'store', name: 'Bazaar' };
  }

  /** A single-use token for a link, stored hashed; returns the token to put in the link. */
  async function issueOneTimeToken(
    tx: TxContext,
    purpose: keyof typeof TOKEN_TTL_MS,
    userId: string | null,
    data: Record<string, unknown> = {},
    ttlMs: number = TOKEN_TTL_MS[purpose],
  ): Promise<string> {
    const token = newSecret();
    await tx.tx.insert(oneTimeTokens).values({
      tenantId: scopeOf(tx.tenantId),
      id: newId(),
      purpose,
      userId,
      tokenHash: hashSecret(token),
      expiresAt: new Date(Date.now() + ttlMs),
      data,
    });
    return token;
  }

  /**
   * Uses a single-use token: marks it used if it is live, in one conditional UPDATE, so two
   * concurrent uses cannot both succeed. Throws when it is not live.
   */
  async function consumeOneTimeToken(tx: TxContext, purpose: keyof typeof TOKEN_TTL_MS, token: string) {
    const [row] = await tx.tx
      .update(oneTimeTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(oneTimeTokens.tokenHash, hashSecret(token)),
          eq(oneTimeTokens.purpose, purpose),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!row) throw new InvalidOneTimeToken();
    return row;
  }

  async function notify(
    tx: TxContext,
    user: { id: string | null; email: string; name?: string | null; locale?: string | null },
    template: TemplateName,
    path: string,
    token: string,
    vars: Record<string, string> = {},
  ): Promise<void> {
    const store = await storeOf(tx);
    await queueNotification(tx, deps, {
      recipientUserId: user.id,
      email: user.email,
      template,
      locale: user.locale ?? tx.tenant?.defaultLocale ?? 'en',
      vars: { store: store.name, name: user.name ?? '', link: linkFor(store.slug, path, token), ...vars },
    });
  }

  /** The access token's claims: who, which store, roles and effective permissions. */
  function claimsOf(user: repo.UserRow, sessionId: string) {
    const roles = user.roles as Role[];
    const tid = user.tenantId === PLATFORM_SCOPE ? undefined : user.tenantId;
    return {
      sub: user.id,
      ...(tid ? { tid } : {}),
      roles,
      scope: effectivePermissions(roles, user.permissions).join(' '),
      sid: sessionId,
    };
  }

  /** Starts a session (or continues `familyId`'s): a signed access token and a new refresh token. */
  async function issueSession(
    tx: TxContext,
    user: repo.UserRow,
    familyId: string = newId(),
    userAgent?: string,
  ): Promise<SessionTokens> {
    const refreshToken = `${newSecret()}`;
    await tx.tx.insert(refreshTokens).values({
      tenantId: user.tenantId,
      id: newId(),
      userId: user.id,
      familyId,
      tokenHash: hashSecret(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
      userAgent: userAgent?.slice(0, 300) ?? null,
      ip: tx.ip,
    });
    const accessToken = await deps.keys.sign(claimsOf(user, familyId), ACCESS_TOKEN_TTL_SECONDS);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      sessionId: familyId,
      userId: user.id,
    };
  }

  /** Creates an account in the transaction's scope. Used by registration, invitations, OIDC, stores. */
  async function createUser(
    tx: TxContext,
    input: {
      email: string;
      passwordHash: string | null;
      name?: string | null | undefined;
      phone?: string | null | undefined;
      locale?: string | null | undefined;
      roles?: Role[];
      permissions?: string[];
      emailVerified?: boolean;
      marketingOptIn?: boolean | undefined;
      termsVersion?: string | undefined;
    },
  ): Promise<repo.UserRow> {
    const data = dataOf(tx);
    if (await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(input.email))) throw new EmailTaken();
    const id = newId();
    const now = new Date();
    const inserted = await tx.tx
      .insert(users)
      .values({
        tenantId: scopeOf(tx.tenantId),
        id,
        emailCiphertext: data.seal('email', normaliseEmail(input.email)),
        emailIndex: data.emailIndex(input.email),
        emailVerifiedAt: input.emailVerified ? now : null,
        nameCiphertext: input.name ? data.seal('name', input.name) : null,
        phoneCiphertext: input.phone ? data.seal('phone', input.phone) : null,
        passwordHash: input.passwordHash,
        passwordChangedAt: input.passwordHash ? now : null,
        roles: input.roles ?? ['customer'],
        permissions: input.permissions ?? [],
        locale: input.locale ?? null,
        marketingOptIn: input.marketingOptIn ?? false,
        marketingOptInAt: input.marketingOptIn ? now : null,
        termsVersion: input.termsVersion ?? null,
        termsAcceptedAt: input.termsVersion ? now : null,
      })
      .onConflictDoNothing()
      .returning();
    const row = inserted[0];
    // Lost a race with a concurrent registration of the same email.
    if (!row) throw new EmailTaken();
    await recordAudit(tx, {
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      // Which personal fields were set, never their values.
      after: {
        roles: row.roles,
        permissions: row.permissions,
        piiFields: ['email', ...(input.name ? ['name'] : []), ...(input.phone ? ['phone'] : [])],
      },
    });
    await deps.events.publish(tx, {
      type: 'user.created',
      aggregateType: 'user',
      aggregateId: id,
      payload: { id, roles: row.roles },
    });
    return row;
  }

  async function sendVerification(tx: TxContext, user: repo.UserRow): Promise<void> {
    const data = dataOf(tx);
    const token = await issueOneTimeToken(tx, 'email_verification', user.id);
    await notify(
      tx,
      {
        id: user.id,
        email: data.open('email', user.emailCiphertext),
        name: data.openOrNull('name', user.nameCiphertext),
        locale: user.locale,
      },
      'email_verification',
      '/account/verify-email',
      token,
    );
  }

  /**
   * Ending a session revokes its refresh tokens at once and, once the transaction commits, marks
   * the session revoked in the cache for as long as its access tokens can live, so they stop
   * working too (on every replica sharing the cache).
   */
  const revokedKey = (sessionId: string) => `auth-revoked-session:${sessionId}`;
  function markRevoked(tx: TxContext, sessionIds: string[]): void {
    if (sessionIds.length === 0) return;
    tx.afterCommit.push(() => {
      for (const sid of sessionIds) {
        deps.cache.set(revokedKey(sid), '1', ACCESS_TOKEN_TTL_SECONDS + 60).catch(() => undefined);
      }
    });
  }

  /** Ends every session of a user; returns how many ended. */
  async function endSessions(tx: TxContext, userId: string, reason: string): Promise<number> {
    const families = await repo.revokeUserSessions(tx.tx, userId, reason);
    markRevoked(tx, families);
    return families.length;
  }

  async function endSession(tx: TxContext, familyId: string, reason: string): Promise<void> {
    await repo.revokeFamily(tx.tx, familyId, reason);
    markRevoked(tx, [familyId]);
  }

  /** Failed attempts per client address, shared by every replica when Redis is configured. */
  const ipKey = (ip: string) => `login-fail:${ip}`;

  /** The counters live in the cache (Redis when configured); without it, sign-in waits (503). */
  async function counter(op: () => Promise<Counter>): Promise<Counter> {
    try {
      return await op();
    } catch {
      throw new DependencyUnavailable('cache');
    }
  }

  /**
   * Counts an attempt against the address before its password is checked, so parallel guesses
   * cannot all pass a check made before any of them is counted; refused over the limit.
   */
  async function claimIpAttempt(ip: string): Promise<void> {
    const c = await counter(() => deps.cache.incr(ipKey(ip), LOGIN_WINDOW_SECONDS));
    if (c.count > deps.loginRateLimit) {
      throw new TooManyRequests(
        c.resetSeconds || LOGIN_WINDOW_SECONDS,
        'Too many failed sign-in attempts; try again later.',
      );
    }
  }

  /** Gives an attempt back when it was not a failed guess (successful logins do not count). */
  async function releaseIpAttempt(ip: string): Promise<void> {
    await deps.cache.decr(ipKey(ip)).catch(() => undefined);
  }

  /** Records a wrong password (or code) on the account, holding it back after repeated failures. */
  async function recordAccountFailure(tx: TxContext, user: repo.UserRow): Promise<void> {
    const failures = user.failedLoginCount + 1;
    const waitMs =
      failures >= ACCOUNT_BACKOFF_AFTER
        ? Math.min(ACCOUNT_BACKOFF_MAX_MS, ACCOUNT_BACKOFF_BASE_MS * 2 ** (failures - ACCOUNT_BACKOFF_AFTER))
        : 0;
    await tx.tx
      .update(users)
      .set({ failedLoginCount: failures, lockedUntil: waitMs > 0 ? new Date(Date.now() + waitMs) : null })
      .where(eq(users.id, user.id));
  }

  let loginHook: LoginHook | undefined;

  return {
    /** Registers the work done at each store sign-in (see `LoginHook`). */
    setLoginHook(fn: LoginHook): void {
      loginHook = fn;
    },
    issueSession,
    createUser,
    issueOneTimeToken,
    consumeOneTimeToken,
    notify,
    inScope,
    inOwnScope,
    endSessions,

    /** Whether an access token's session has ended (for the access-token verifier). */
    async isRevoked(token: { sid: string | undefined }): Promise<boolean> {
      if (!token.sid) return false;
      try {
        return (await deps.cache.get(revokedKey(token.sid))) !== undefined;
      } catch {
        throw new DependencyUnavailable('cache');
      }
    },
    dataOf,

    /**
     * The owner account of a store being created (inside the store's creating transaction). With a
     * password, a verification message follows as on registration; without one, a link to choose
     * it (valid 7 days; following it also verifies the address).
     */
    async createStoreOwner(
      tx: TxContext,
      owner: { email: string; name?: string | undefined; password?: string | undefined },
    ): Promise<repo.UserRow> {
      let passwordHash: string | null = null;
      if (owner.password) {
        assertPasswordAcceptable(owner.password, owner.email, 'owner.password');
        passwordHash = await hashPassword(owner.password);
      }
      const user = await createUser(tx, { email: owner.email, passwordHash, name: owner.name, roles: ['owner'] });
      if (passwordHash) {
        await sendVerification(tx, user);
      } else {
        const token = await issueOneTimeToken(tx, 'password_reset', user.id, {}, TOKEN_TTL_MS.invitation);
        await notify(
          tx,
          { id: user.id, email: owner.email, name: owner.name ?? null, locale: null },
          'owner_welcome',
          '/account/reset-password',
          token,
        );
      }
      return user;
    },

    async register(ctx: RequestContext, input: RegisterInput): Promise<repo.UserRow> {
      assertPasswordAcceptable(input.password, input.email);
      const passwordHash = await hashPassword(input.password);
      return inScope(ctx, async (tx) => {
        const user = await createUser(tx, {
          email: input.email,
          passwordHash,
          name: input.name,
          phone: input.phone,
          locale: input.locale ?? ctx.locale,
          marketingOptIn: input.marketingOptIn,
          termsVersion: input.termsVersion,
        });
        await sendVerification(tx, user);
        return user;
      });
    },

    async login(ctx: RequestContext, input: LoginInput, userAgent?: string): Promise<SessionTokens> {
      await claimIpAttempt(ctx.ip);
      let failedGuess = false;
      try {
        // The outcome is decided inside the transaction; failures are recorded there (the account's
        // counter), and the address's attempt is kept only for a wrong password or code.
        const outcome = await inScope(ctx, async (tx) => {
          const data = dataOf(tx);
          const user = await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(input.email), { lock: true });
          if (!user || !user.passwordHash) {
            await verifyPassword(await timingDummy(), input.password);
            return { error: new InvalidCredentials() };
          }
          // Held back after repeated failures: the password is not even checked, the answer is the same.
          if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
            await verifyPassword(await timingDummy(), input.password);
            return { error: new InvalidCredentials() };
          }
          if (!(await verifyPassword(user.passwordHash, input.password))) {
            await recordAccountFailure(tx, user);
            return { error: new InvalidCredentials() };
          }
          assertActive(user);
          const second = await checkSecondFactor(tx, deps.pii, user, input, async (key) => {
            // Codes live 30 s, plus a step either side: 120 s covers their whole validity.
            const c = await counter(() => deps.cache.incr(key, 120));
            return c.count === 1;
          });
          if (second === 'required') {
            return {
              error: new Unauthorized(
                'mfa_required',
                'This account uses two-factor sign-in: send `totp` or `recoveryCode`.',
              ),
              counts: false,
            };
          }
          if (second === 'invalid') {
            await recordAccountFailure(tx, user);
            return { error: new Unauthorized('invalid_mfa_code', 'The two-factor code is not correct.') };
          }
          await tx.tx
            .update(users)
            .set({
              failedLoginCount: 0,
              lockedUntil: null,
              lastLoginAt: sql`now()`,
              ...(needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(input.password) } : {}),
            })
            .where(eq(users.id, user.id));
          if (loginHook && tx.tenantId !== PLATFORM_SCOPE && (input.cartId || input.cartToken)) {
            await loginHook(tx, { userId: user.id, cartId: input.cartId, cartToken: input.cartToken });
          }
          return { session: await issueSession(tx, user, newId(), userAgent) };
        });
        if ('session' in outcome && outcome.session) return outcome.session;
        const { error, counts = true } = outcome as { error: AppError; counts?: boolean };
        failedGuess = counts;
        throw error;
      } finally {
        if (!failedGuess) await releaseIpAttempt(ctx.ip);
      }
    },

    /** Exchanges a refresh token for a new pair. A token presented twice revokes its whole family. */
    async refresh(ctx: RequestContext, refreshToken: string, userAgent?: string): Promise<SessionTokens> {
      const outcome = await inScope(ctx, async (tx) => {
        const [row] = await tx.tx
          .select()
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, hashSecret(refreshToken)))
          .for('update');
        if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { error: invalidRefresh() };
        if (row.usedAt) {
          // Reuse: someone holds a copy. Revoke the family (committed), then refuse.
          await endSession(tx, row.familyId, 'reuse_detected');
          await recordAudit(tx, {
            action: 'session.reuse_detected',
            entityType: 'user',
            entityId: row.userId,
            after: { sessionId: row.familyId },
          });
          return {
            error: new Unauthorized(
              'refresh_token_reused',
              'This refresh token was already used; the session is revoked.',
            ),
          };
        }
        await tx.tx
          .update(refreshTokens)
          .set({ usedAt: sql`now()` })
          .where(eq(refreshTokens.id, row.id));
        const user = await repo.findUserById(tx.tx, row.userId);
        if (!user || user.status !== 'active') {
          await endSession(tx, row.familyId, 'account_inactive');
          return { error: invalidRefresh() };
        }
        return { session: await issueSession(tx, user, row.familyId, userAgent) };
      });
      if (outcome.session) return outcome.session;
      throw outcome.error ?? invalidRefresh();
    },

    /** Ends a session: the family of the refresh token given, or of the caller's access token. */
    async logout(ctx: RequestContext, refreshToken: string | undefined): Promise<void> {
      // A signed-in caller's session lives in their own scope, whichever store the request names.
      const actor = ctx.actor?.kind === 'user' ? ctx.actor : null;
      const run = <T>(fn: (tx: TxContext) => Promise<T>) => (actor ? inOwnScope(ctx, actor, fn) : inScope(ctx, fn));
      await run(async (tx) => {
        let familyId = ctx.actor?.kind === 'user' ? ctx.actor.sessionId : undefined;
        if (refreshToken) {
          const [row] = await tx.tx
            .select({ familyId: refreshTokens.familyId })
            .from(refreshTokens)
            .where(eq(refreshTokens.tokenHash, hashSecret(refreshToken)));
          familyId = row?.familyId ?? familyId;
        }
        if (familyId) await endSession(tx, familyId, 'logout');
      });
    },

    async verifyEmail(ctx: RequestContext, token: string): Promise<void> {
      await inScope(ctx, async (tx) => {
        const used = await consumeOneTimeToken(tx, 'email_verification', token);
        if (!used.userId) throw new InvalidOneTimeToken();
        await tx.tx
          .update(users)
          .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
          .where(eq(users.id, used.userId));
      });
    },

    async resendVerification(ctx: RequestContext, actor: Actor): Promise<void> {
      await inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id);
        if (!user || user.emailVerifiedAt) return;
        await sendVerification(tx, user);
      });
    },

    /**
     * Always the same answer, whether or not the account exists: the lookup and the mail happen in an
     * event handler, so the request does the same work (publish one event) either way.
     */
    async forgotPassword(ctx: RequestContext, email: string): Promise<void> {
      await inScope(ctx, async (tx) => {
        const scope = scopeOf(tx.tenantId);
        // The email rides in the outbox encrypted, bound to this purpose and store.
        await deps.events.publish(tx, {
          type: PASSWORD_RESET_REQUESTED,
          aggregateType: 'password_reset',
          aggregateId: newId(),
          payload: {
            email: deps.pii.encrypt(normaliseEmail(email), `event.password-reset:${scope}`),
            locale: ctx.locale,
          },
        });
      });
    },

    /** The handler behind `forgotPassword`: a reset link for an existing, active account. */
    async sendPasswordReset(tx: TxContext, payload: { email: string; locale?: string }): Promise<void> {
      const scope = scopeOf(tx.tenantId);
      const email = deps.pii.decrypt(payload.email, `event.password-reset:${scope}`);
      const data = dataOf(tx);
      const user = await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(email));
      if (!user || user.status !== 'active') return;
      const [recent] = await tx.tx
        .select({ n: count() })
        .from(oneTimeTokens)
        .where(
          and(
            eq(oneTimeTokens.userId, user.id),
            eq(oneTimeTokens.purpose, 'password_reset'),
            gt(oneTimeTokens.createdAt, sql`now() - interval '1 hour'`),
          ),
        );
      if ((recent?.n ?? 0) >= RESET_MAILS_PER_HOUR) return;
      const token = await issueOneTimeToken(tx, 'password_reset', user.id);
      await notify(
        tx,
        {
          id: user.id,
          email,
          name: data.openOrNull('name', user.nameCiphertext),
          locale: user.locale ?? payload.locale,
        },
        'password_reset',
        '/account/reset-password',
        token,
      );
    },

    /** Sets a new password from a reset link; every session of the account ends. */
    async resetPassword(ctx: RequestContext, token: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      await inScope(ctx, async (tx) => {
        const [pending] = await tx.tx
          .select()
          .from(oneTimeTokens)
          .where(and(eq(oneTimeTokens.tokenHash, hashSecret(token)), eq(oneTimeTokens.purpose, 'password_reset')));
        const user = pending?.userId ? await repo.findUserById(tx.tx, pending.userId, { lock: true }) : undefined;
        if (!pending || !user) throw new InvalidOneTimeToken();
        // Checked before the token is used, so a weak choice does not burn the link.
        assertPasswordAcceptable(password, dataOf(tx).open('email', user.emailCiphertext));
        await consumeOneTimeToken(tx, 'password_reset', token);
        await tx.tx
          .update(users)
          .set({
            passwordHash,
            passwordChangedAt: sql`now()`,
            failedLoginCount: 0,
            lockedUntil: null,
            // Following the link proved the address.
            emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
          })
          .where(eq(users.id, user.id));
        await endSessions(tx, user.id, 'password_reset');
        await recordAudit(tx, { action: 'user.password_reset', entityType: 'user', entityId: user.id });
      });
    },

    /** The signed-in user's account row (401 when it no longer exists or may not sign in). */
    async currentUser(ctx: RequestContext, actor: Actor): Promise<repo.UserRow> {
      return inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id);
        if (!user || user.status !== 'active') throw new Unauthorized();
        return user;
      });
    },

    /** Starts TOTP enrolment: a new pending secret, its otpauth URI and a QR code of it. */
    async mfaEnrol(ctx: RequestContext, actor: Actor) {
      return inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id, { lock: true });
        if (!user) throw new Unauthorized();
        if (user.mfaEnabledAt) throw new Conflict('mfa_already_enabled', 'Two-factor sign-in is already on.');
        const data = dataOf(tx);
        const secret = newTotpSecret();
        await tx.tx
          .update(users)
          .set({ mfaPendingSecretCiphertext: data.seal('mfa_secret', secret) })
          .where(eq(users.id, user.id));
        const store = await storeOf(tx);
        const uri = otpauthUri(secret, store.name, data.open('email', user.emailCiphertext));
        return { secret, otpauthUri: uri, qrCode: await qrDataUrl(uri) };
      });
    },

    /** Confirms enrolment with a first code: MFA is on, ten recovery codes are returned once. */
    async mfaVerify(ctx: RequestContext, actor: Actor, code: string) {
      return inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id, { lock: true });
        if (!user) throw new Unauthorized();
        if (user.mfaEnabledAt) throw new Conflict('mfa_already_enabled', 'Two-factor sign-in is already on.');
        if (!user.mfaPendingSecretCiphertext) {
          throw new BusinessRuleViolation('mfa_not_enrolling', 'Start enrolment first (POST /api/v1/auth/mfa/totp).');
        }
        const data = dataOf(tx);
        const secret = data.open('mfa_secret', user.mfaPendingSecretCiphertext);
        if (!(await totpMatches(secret, code))) {
          throw new BusinessRuleViolation(
            'invalid_mfa_code',
            'The code does not match; check the time on your device.',
          );
        }
        await tx.tx
          .update(users)
          .set({
            mfaSecretCiphertext: user.mfaPendingSecretCiphertext,
            mfaPendingSecretCiphertext: null,
            mfaEnabledAt: sql`now()`,
          })
          .where(eq(users.id, user.id));
        const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
        await recordAudit(tx, { action: 'user.mfa_enabled', entityType: 'user', entityId: user.id });
        return { enabled: true as const, recoveryCodes };
      });
    },

    /** Turns MFA off; needs the account's password. */
    async mfaDisable(ctx: RequestContext, actor: Actor, password: string): Promise<void> {
      await inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id, { lock: true });
        if (!user) throw new Unauthorized();
        if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
          throw new BusinessRuleViolation('invalid_password', 'The password is not correct.');
        }
        if (!user.mfaEnabledAt) return;
        await tx.tx
          .update(users)
          .set({ mfaSecretCiphertext: null, mfaPendingSecretCiphertext: null, mfaEnabledAt: null })
          .where(eq(users.id, user.id));
        await tx.tx.delete(recoveryCodesTable).where(eq(recoveryCodesTable.userId, user.id));
        await recordAudit(tx, { action: 'user.mfa_disabled', entityType: 'user', entityId: user.id });
      });
    },

    async changePassword(ctx: RequestContext, actor: Actor, current: string, next: string): Promise<void> {
      const passwordHash = await hashPassword(next);
      await inOwnScope(ctx, actor, async (tx) => {
        const user = await repo.findUserById(tx.tx, actor.id, { lock: true });
        if (!user) throw new Unauthorized();
        if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
          throw new BusinessRuleViolation('invalid_password', 'The current password is not correct.');
        }
        assertPasswordAcceptable(next, dataOf(tx).open('email', user.emailCiphertext), 'newPassword');
        await tx.tx
          .update(users)
          .set({ passwordHash, passwordChangedAt: sql`now()` })
          .where(eq(users.id, user.id));
        await endSessions(tx, user.id, 'password_changed');
        await recordAudit(tx, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
