/**
 * OpenID Connect sign-in with a store's own identity providers: the admin's provider settings and
 * the authorization-code flow with PKCE, state and nonce (openid-client).
 *
 * The flow has two legs. `start` records the sign-in in flight (state hashed, PKCE verifier, nonce;
 * ten minutes, single use) and sends the browser to the provider. The provider sends it back to
 * `callback` without `X-Tenant-ID`, so the state value itself names the store (`<tenant id>.<random>`):
 * the route resolves the store from it, and the stored row (found by the state's hash under that
 * store's row-level security) proves the rest. Network calls to the provider happen outside any
 * database transaction, so a slow provider never holds a connection.
 */
import { and, asc, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import * as client from 'openid-client';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { softDelete, updateVersioned } from '../../platform/db/versioning.js';
import {
  AppError,
  BadRequest,
  BusinessRuleViolation,
  Conflict,
  DependencyUnavailable,
  Forbidden,
  NotFound,
  Unauthorized,
} from '../../platform/errors.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { OidcProvider, SignInMode, UpdateOidcProviderBody } from './identity.oidc.schemas.js';
import * as repo from './identity.repository.js';
import { hashSecret, scopeOf } from './identity.secrets.js';
import { EmailTaken, type IdentityService, type SessionTokens } from './identity.service.js';
import { oidcLogins, oidcProviders, userIdentities, users } from './identity.tables.js';

export type OidcProviderRow = typeof oidcProviders.$inferSelect;

/** How long a sign-in may take at the provider. */
const LOGIN_TTL_MS = 10 * 60_000;
/** Discovered provider metadata is reused this long (per provider version: an edit rediscovers). */
const DISCOVERY_TTL_MS = 10 * 60_000;
/** Seconds to wait for the provider on each request (discovery, token, userinfo). */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** Finished and expired sign-ins are kept a day (for support questions), then swept by `start`. */
const LOGIN_RETENTION = sql`interval '1 day'`;
const DEFAULT_SCOPES = 'openid email profile';
const DEFAULT_COOKIE_RETURN = '/account';

const STATE_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{16,256}$/;
/** Plain HTTP is allowed only to this machine (local development and tests). */
const LOOPBACK_HOST = /^(?:localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export const startUrlOf = (slug: string) => `/api/v1/auth/oidc/${slug}/start`;

/** The store a state value was issued for, or null when it is not one of ours. */
export function tenantIdOfState(state: string): string | null {
  const m = STATE_RE.exec(state);
  return m?.[1] && isUuid(m[1]) ? m[1].toLowerCase() : null;
}

export const toOidcProvider = (r: OidcProviderRow): OidcProvider => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  issuer: r.issuer,
  clientId: r.clientId,
  hasClientSecret: r.clientSecretCiphertext !== null,
  scopes: r.scopes,
  enabled: r.enabled,
  startUrl: startUrlOf(r.slug),
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** What the audit log keeps of a provider: its settings, whether a secret is set, never the secret. */
const auditView = (r: OidcProviderRow) => {
  const { createdAt: _c, updatedAt: _u, startUrl: _s, ...rest } = toOidcProvider(r);
  return rest;
};

const providerNotFound = () => new NotFound('oidc_provider_not_found', 'This store has no such sign-in provider.');
const slugTaken = () =>
  new Conflict('oidc_provider_slug_taken', 'Another sign-in provider of this store has this slug.');
/** The callback's state names no live sign-in of this provider (unknown, used, expired, foreign). */
export class OidcStateInvalid extends Unauthorized {
  constructor() {
    super(
      'oidc_state_invalid',
      'This sign-in is not valid: it was already used, has expired, or was started elsewhere. Start again.',
    );
  }
}
const invalidState = () => new OidcStateInvalid();

/** A sign-in the provider refused or could not confirm (401, never 5xx: the client starts again). */
class OidcSignInFailed extends AppError {
  constructor(code: string, detail: string, providerError?: string) {
    super(401, code, 'Unauthorized', detail, providerError ? { providerError } : {});
  }
}

/** The provider could not be reached; the cause is kept for the log line of the 503. */
function providerUnavailable(cause: unknown): DependencyUnavailable {
  return Object.assign(new DependencyUnavailable('identity provider'), { cause });
}

/** An OAuth error code is `%x20-21 / %x23-5B / %x5D-7E`; anything else is not repeated to the client. */
const safeErrorCode = (v: string | null | undefined) =>
  v && /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(v) ? v : undefined;

/** A network failure or a provider failing on its side (5xx), as opposed to an answer refusing us. */
function isUnreachable(err: unknown): boolean {
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return true;
  if (err instanceof client.ClientError) {
    if (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT') return true;
    if (err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
      return err.cause instanceof Response && err.cause.status >= 500;
    }
  }
  return false;
}

function exchangeFailure(err: unknown): AppError {
  if (isUnreachable(err)) return providerUnavailable(err);
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) {
    return new OidcSignInFailed(
      'oidc_exchange_failed',
      'The identity provider did not confirm the sign-in. Start again.',
      safeErrorCode(err.error),
    );
  }
  return new OidcSignInFailed(
    'oidc_exchange_failed',
    'The identity provider did not confirm the sign-in. Start again.',
  );
}

/** The issuer as a URL: HTTPS, or plain HTTP to the loopback interface (then `insecure`). */
function issuerUrl(issuer: string): { url: URL; insecure: boolean } {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new BusinessRuleViolation('oidc_issuer_invalid', 'The issuer must be an absolute URL.');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new BusinessRuleViolation(
      'oidc_issuer_invalid',
      'An issuer identifier has no query, fragment or credentials.',
    );
  }
  if (url.protocol === 'https:') return { url, insecure: false };
  if (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname)) return { url, insecure: true };
  throw new BusinessRuleViolation(
    'oidc_issuer_insecure',
    'The issuer must use HTTPS (plain HTTP only to this machine: localhost, 127.0.0.1, ::1).',
  );
}

/** Space-separated, without repeats, `openid` first. */
function normaliseScopes(scopes: string | undefined): string {
  const list = (scopes ?? DEFAULT_SCOPES).split(' ').filter(Boolean);
  return [...new Set(['openid', ...list])].join(' ');
}

/**
 * `returnTo` as the path to redirect to: on this site only. A leading `//` or `/\` would be read by
 * browsers as another host, so both are refused, as are control characters and whitespace.
 */
function safeReturnTo(returnTo: string | undefined): string | null {
  if (returnTo === undefined) return null;
  const bad = () => new BadRequest('invalid_return_to', 'returnTo must be a path on this site starting with one "/".');
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) throw bad();
  for (const ch of returnTo) {
    const c = ch.codePointAt(0) ?? 0;
    if (c <= 0x20 || c === 0x7f) throw bad();
  }
  const base = 'https://return-to.invalid';
  const url = new URL(returnTo, base);
  if (url.origin !== base) throw bad();
  // Re-serialised, so the Location header carries only URL-safe (percent-encoded) characters.
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The person the provider vouches for, from the ID token (and UserInfo when the token is thin). */
interface ProviderClaims {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

function claimsOf(idToken: client.IDToken, userInfo?: client.UserInfoResponse): ProviderClaims {
  const source: Record<string, unknown> = { ...(userInfo ?? {}), ...idToken };
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const email = str(source.email);
  const given = [str(source.given_name), str(source.family_name)].filter(Boolean).join(' ');
  return {
    sub: idToken.sub,
    email: email && email.length <= 254 && EMAIL_RE.test(email) ? email : null,
    emailVerified: source.email_verified === true,
    name: (str(source.name) ?? (given || null))?.slice(0, 200) ?? null,
  };
}

/**
 * Throws when the account may not sign in here (blocked: 403; erased: 401), as password login does.
 * An account with two-factor sign-in is not entered through a provider: the callback cannot ask
 * for its code, and a provider sign-in must not be a way around it.
 */
function assertMaySignIn(user: repo.UserRow): void {
  if (user.status === 'blocked') throw new Forbidden('account_blocked', 'This account is blocked.');
  if (user.status !== 'active') throw new Unauthorized('invalid_credentials', 'This account cannot sign in.');
  if (user.mfaEnabledAt) {
    throw new Forbidden(
      'oidc_mfa_account',
      'This account uses two-factor sign-in: sign in with its password and code instead.',
    );
  }
}

export interface OidcDeps {
  identity: IdentityService;
  /** Discovered metadata lifetime (ms); default ten minutes. */
  discoveryTtlMs?: number;
}

export interface StartInput {
  slug: string;
  returnTo?: string | undefined;
  mode?: SignInMode | undefined;
  /** This API's callback URL for the provider, as the browser reaches it. */
  redirectUri: string;
}

export interface CallbackInput {
  slug: string;
  state: string;
  /** The state the browser was given at `start` (its `bazaar_oidc` cookie), binding the sign-in to it. */
  browserState: string | undefined;
  /** Every parameter of the callback's query string, as the provider sent them. */
  params: URLSearchParams;
  userAgent?: string | undefined;
}

export interface CallbackResult {
  session: SessionTokens;
  mode: SignInMode;
  /** Where a cookie sign-in lands. */
  returnTo: string;
}

export function createOidcService(deps: OidcDeps) {
  const { identity } = deps;
  const live = isNull(oidcProviders.deletedAt);

  /** Discovered configurations by provider id and version; a pending discovery is shared. */
  const configurations = new LRUCache<string, Promise<client.Configuration>>({
    max: 1_000,
    ttl: deps.discoveryTtlMs ?? DISCOVERY_TTL_MS,
  });

  async function discover(tx: { tenantId: string | null }, provider: OidcProviderRow): Promise<client.Configuration> {
    const { url, insecure } = issuerUrl(provider.issuer);
    const secret = identity.dataOf(tx).openOrNull('client_secret', provider.clientSecretCiphertext);
    let discovered: client.Configuration;
    try {
      discovered = await client.discovery(url, provider.clientId, undefined, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      });
    } catch (err) {
      throw providerUnavailable(err);
    }
    const metadata = discovered.serverMetadata();
    // A registered client authenticates with client_secret_basic unless the provider lacks it.
    const methods = metadata.token_endpoint_auth_methods_supported;
    const auth = !secret
      ? client.None()
      : !methods || methods.includes('client_secret_basic')
        ? client.ClientSecretBasic(secret)
        : client.ClientSecretPost(secret);
    const config = new client.Configuration(metadata, provider.clientId, secret ?? undefined, auth);
    config.timeout = PROVIDER_TIMEOUT_SECONDS;
    if (insecure) client.allowInsecureRequests(config);
    return config;
  }

  function configurationFor(tx: { tenantId: string | null }, provider: OidcProviderRow): Promise<client.Configuration> {
    const key = `${provider.id}:${provider.version}`;
    let pending = configurations.get(key);
    if (!pending) {
      pending = discover(tx, provider);
      configurations.set(key, pending);
      // A failure is not remembered: the next sign-in tries the provider again.
      pending.catch(() => configurations.delete(key));
    }
    return pending;
  }

  async function findProvider(tx: TxContext, id: string): Promise<OidcProviderRow | undefined> {
    const [row] = await tx.tx
      .select()
      .from(oidcProviders)
      .where(and(eq(oidcProviders.id, id), live));
    return row;
  }

  async function findEnabledBySlug(tx: TxContext, slug: string): Promise<OidcProviderRow | undefined> {
    const [row] = await tx.tx
      .select()
      .from(oidcProviders)
      .where(and(eq(oidcProviders.slug, slug), eq(oidcProviders.enabled, true), live));
    return row;
  }

  async function slugInUse(tx: TxContext, slug: string): Promise<boolean> {
    const [row] = await tx.tx
      .select({ id: oidcProviders.id })
      .from(oidcProviders)
      .where(and(eq(oidcProviders.slug, slug), live));
    return row !== undefined;
  }

  /** Providers are a store's own: the platform scope has none. */
  function assertStore(ctx: RequestContext): void {
    if (!ctx.tenantId) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
  }

  /** Links the provider account to the user, or finds who it is already linked to (concurrent sign-in). */
  async function link(tx: TxContext, providerId: string, subject: string, userId: string): Promise<string> {
    const inserted = await tx.tx
      .insert(userIdentities)
      .values({ tenantId: scopeOf(tx.tenantId), id: newId(), userId, providerId, subject })
      .onConflictDoNothing()
      .returning({ userId: userIdentities.userId });
    if (inserted[0]) return inserted[0].userId;
    const [existing] = await tx.tx
      .select({ userId: userIdentities.userId })
      .from(userIdentities)
      .where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject)));
    if (!existing) throw new Conflict('oidc_sign_in_conflict', 'Another sign-in changed this account; try again.');
    return existing.userId;
  }

  /** The account the provider's person signs in to: linked before, found by verified email, or new. */
  async function accountFor(
    ctx: RequestContext,
    provider: OidcProviderRow,
    claims: ProviderClaims,
    userAgent: string | undefined,
  ): Promise<SessionTokens> {
    return identity.inScope(ctx, async (tx) => {
      const [known] = await tx.tx
        .select({ userId: userIdentities.userId })
        .from(userIdentities)
        .where(and(eq(userIdentities.providerId, provider.id), eq(userIdentities.subject, claims.sub)));
      let user: repo.UserRow | undefined;
      if (known) {
        user = await repo.findUserById(tx.tx, known.userId, { lock: true });
        if (!user) throw new Unauthorized('invalid_credentials', 'This account cannot sign in.');
      } else {
        if (!claims.email || !claims.emailVerified) {
          throw new BusinessRuleViolation(
            'oidc_email_unverified',
            'The identity provider did not confirm an email address for this account, so it cannot be used to sign in here.',
          );
        }
        const data = identity.dataOf(tx);
        user = await repo.findUserByEmailIndex(tx.tx, data.emailIndexCandidates(claims.email), { lock: true });
        const existing = user !== undefined;
        if (user) {
          assertMaySignIn(user);
          // Whoever configures a provider controls what it asserts: an account that holds more than
          // a customer's rights, or guards itself with a second factor, is never taken over by email.
          const privileged = user.roles.some((r) => r !== 'customer');
          if (privileged || user.mfaEnabledAt) {
            throw new BusinessRuleViolation(
              'oidc_link_refused',
              'An account with this email exists and cannot be joined to this sign-in provider automatically; sign in with its password instead.',
            );
          }
        } else {
          user = await identity.createUser(tx, {
            email: claims.email,
            passwordHash: null,
            name: claims.name,
            locale: ctx.locale,
            emailVerified: true,
          });
        }
        if ((await link(tx, provider.id, claims.sub, user.id)) !== user.id) {
          throw new Conflict('oidc_sign_in_conflict', 'A concurrent sign-in linked this account elsewhere; try again.');
        }
        if (existing) await linkExisting(tx, user, provider);
      }
      assertMaySignIn(user);
      await tx.tx
        .update(users)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(users.id, user.id));
      return identity.issueSession(tx, user, newId(), userAgent);
    });
  }

  /**
   * An existing account gains a sign-in link. The provider has just proved the address; if the
   * account never had (someone may have registered it with another person's address and a password
   * of their choosing), that password and its sessions are dropped, so only the address's owner
   * keeps access. They can choose a password again through a reset.
   */
  async function linkExisting(tx: TxContext, user: repo.UserRow, provider: OidcProviderRow): Promise<void> {
    const unproven = user.emailVerifiedAt === null;
    await tx.tx
      .update(users)
      .set({
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
        ...(unproven ? { passwordHash: null } : {}),
      })
      .where(eq(users.id, user.id));
    if (unproven) await identity.endSessions(tx, user.id, 'identity_linked');
    await recordAudit(tx, {
      action: 'user.identity_linked',
      entityType: 'user',
      entityId: user.id,
      after: {
        providerId: provider.id,
        provider: provider.slug,
        passwordCleared: unproven && user.passwordHash !== null,
      },
    });
  }

  return {
    // ------------------------------------------------------------------ provider settings (admin)

    async list(ctx: RequestContext, opts: { limit: number; cursor: Cursor | null }) {
      assertStore(ctx);
      return identity.inScope(ctx, async (tx) => {
        const after = opts.cursor?.k[0];
        const backwards = opts.cursor?.d === 'p';
        const rows = await tx.tx
          .select()
          .from(oidcProviders)
          .where(
            and(
              live,
              typeof after === 'string'
                ? backwards
                  ? lt(oidcProviders.id, after)
                  : gt(oidcProviders.id, after)
                : undefined,
            ),
          )
          .orderBy(backwards ? desc(oidcProviders.id) : asc(oidcProviders.id))
          .limit(opts.limit + 1);
        const [total] = await tx.tx.select({ n: count() }).from(oidcProviders).where(live);
        return { rows, total: total?.n ?? 0 };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<OidcProviderRow> {
      assertStore(ctx);
      const row = await identity.inScope(ctx, (tx) => findProvider(tx, id));
      if (!row) throw providerNotFound();
      return row;
    },

    async create(
      ctx: RequestContext,
      input: {
        slug: string;
        name: string;
        issuer: string;
        clientId: string;
        clientSecret?: string | undefined;
        scopes?: string | undefined;
        enabled?: boolean | undefined;
      },
    ): Promise<OidcProviderRow> {
      assertStore(ctx);
      issuerUrl(input.issuer);
      return identity.inScope(ctx, async (tx) => {
        if (await slugInUse(tx, input.slug)) throw slugTaken();
        const id = newId();
        const [row] = await tx.tx
          .insert(oidcProviders)
          .values({
            tenantId: scopeOf(tx.tenantId),
            id,
            slug: input.slug,
            name: input.name,
            issuer: input.issuer,
            clientId: input.clientId,
            clientSecretCiphertext: input.clientSecret
              ? identity.dataOf(tx).seal('client_secret', input.clientSecret)
              : null,
            scopes: normaliseScopes(input.scopes),
            enabled: input.enabled ?? true,
          })
          .onConflictDoNothing()
          .returning();
        // Lost a race with a concurrent create of the same slug.
        if (!row) throw slugTaken();
        await recordAudit(tx, {
          action: 'oidc_provider.created',
          entityType: 'oidc_provider',
          entityId: id,
          after: auditView(row),
        });
        return row;
      });
    },

    async update(
      ctx: RequestContext,
      id: string,
      version: number,
      patch: UpdateOidcProviderBody,
    ): Promise<OidcProviderRow> {
      assertStore(ctx);
      if (patch.issuer !== undefined) issuerUrl(patch.issuer);
      return identity.inScope(ctx, async (tx) => {
        const before = await findProvider(tx, id);
        if (!before) throw providerNotFound();
        if (patch.slug !== undefined && patch.slug !== before.slug && (await slugInUse(tx, patch.slug))) {
          throw slugTaken();
        }
        const values: Partial<typeof oidcProviders.$inferInsert> = {};
        if (patch.slug !== undefined) values.slug = patch.slug;
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.issuer !== undefined) values.issuer = patch.issuer;
        if (patch.clientId !== undefined) values.clientId = patch.clientId;
        if (patch.scopes !== undefined) values.scopes = normaliseScopes(patch.scopes);
        if (patch.enabled !== undefined) values.enabled = patch.enabled;
        if (patch.clientSecret !== undefined) {
          values.clientSecretCiphertext =
            patch.clientSecret === null ? null : identity.dataOf(tx).seal('client_secret', patch.clientSecret);
        }
        const after = await updateVersioned(tx.tx, oidcProviders, id, version, values, providerNotFound);
        await recordAudit(tx, {
          action: 'oidc_provider.updated',
          entityType: 'oidc_provider',
          entityId: id,
          before: auditView(before),
          // Whether the secret changed, never what it is.
          after: { ...auditView(after), clientSecretChanged: patch.clientSecret !== undefined },
        });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string, version: number): Promise<void> {
      assertStore(ctx);
      await identity.inScope(ctx, async (tx) => {
        const before = await findProvider(tx, id);
        if (!before) throw providerNotFound();
        await softDelete(tx.tx, oidcProviders, id, version, providerNotFound);
        await recordAudit(tx, {
          action: 'oidc_provider.deleted',
          entityType: 'oidc_provider',
          entityId: id,
          before: auditView(before),
        });
      });
    },

    /** The store's enabled providers, for sign-in pages. */
    async enabled(ctx: RequestContext): Promise<OidcProviderRow[]> {
      assertStore(ctx);
      return identity.inScope(ctx, (tx) =>
        tx.tx
          .select()
          .from(oidcProviders)
          .where(and(eq(oidcProviders.enabled, true), live))
          .orderBy(asc(oidcProviders.id))
          .limit(100),
      );
    },

    // ------------------------------------------------------------------------------- the sign-in

    /**
     * Records a sign-in in flight. Returns the provider's authorization URL to redirect to and the
     * state, which the browser keeps (a cookie) so the callback proves it comes back to the same one.
     */
    async start(ctx: RequestContext, input: StartInput): Promise<{ url: string; state: string }> {
      assertStore(ctx);
      const returnTo = safeReturnTo(input.returnTo);
      const provider = await identity.inScope(ctx, (tx) => findEnabledBySlug(tx, input.slug));
      if (!provider) throw providerNotFound();
      const config = await configurationFor({ tenantId: ctx.tenantId }, provider);

      const state = `${ctx.tenantId}.${client.randomState()}`;
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
      await identity.inScope(ctx, async (tx) => {
        // Now and then, sweep what is long over (cheap: the store's own rows, by primary key prefix).
        if (Math.random() < 0.05) {
          await tx.tx.delete(oidcLogins).where(lt(oidcLogins.expiresAt, sql`now() - ${LOGIN_RETENTION}`));
        }
        await tx.tx.insert(oidcLogins).values({
          tenantId: scopeOf(tx.tenantId),
          id: newId(),
          providerId: provider.id,
          stateHash: hashSecret(state),
          codeVerifier,
          nonce,
          redirectUri: input.redirectUri,
          returnTo,
          mode: input.mode ?? 'token',
          expiresAt: new Date(Date.now() + LOGIN_TTL_MS),
        });
      });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: input.redirectUri,
        scope: provider.scopes,
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    /**
     * Completes a sign-in. `ctx` is the store named by the state. The sign-in in flight is used up
     * first (one conditional UPDATE, so a replay or a concurrent second use finds nothing), then the
     * code is exchanged, then the account is found, linked or created and a session issued.
     */
    async callback(ctx: RequestContext, input: CallbackInput): Promise<CallbackResult> {
      assertStore(ctx);
      // A callback opened in a browser other than the one that started (a link an attacker got from
      // their own sign-in) would sign that browser in as the attacker: refused, the state kept.
      if (!input.browserState || hashSecret(input.browserState) !== hashSecret(input.state)) throw invalidState();
      const { provider, login } = await identity.inScope(ctx, async (tx) => {
        const found = await findEnabledBySlug(tx, input.slug);
        if (!found) throw providerNotFound();
        const [used] = await tx.tx
          .update(oidcLogins)
          .set({ usedAt: sql`now()` })
          .where(
            and(
              eq(oidcLogins.stateHash, hashSecret(input.state)),
              // A state started with another provider stays unused: it is simply not this one's.
              eq(oidcLogins.providerId, found.id),
              isNull(oidcLogins.usedAt),
              gt(oidcLogins.expiresAt, sql`now()`),
            ),
          )
          .returning();
        if (!used) throw invalidState();
        return { provider: found, login: used };
      });

      const providerError = input.params.get('error');
      if (providerError !== null) {
        throw new OidcSignInFailed(
          'oidc_provider_error',
          'The identity provider did not sign you in. Start again.',
          safeErrorCode(providerError),
        );
      }
      if (!input.params.get('code')) throw new BadRequest('oidc_code_missing', 'The callback carries no code.');

      const config = await configurationFor({ tenantId: ctx.tenantId }, provider);
      // The URL the provider redirected to, as registered, with the parameters it sent.
      const currentUrl = new URL(login.redirectUri);
      for (const [k, v] of input.params) currentUrl.searchParams.append(k, v);
      let claims: ProviderClaims;
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          expectedState: input.state,
          expectedNonce: login.nonce,
          pkceCodeVerifier: login.codeVerifier,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new OidcSignInFailed('oidc_exchange_failed', 'The identity provider sent no ID token.');
        // Providers may keep profile claims out of the ID token (the code flow allows it): ask UserInfo.
        const userInfo =
          idToken.email === undefined && config.serverMetadata().userinfo_endpoint
            ? await client.fetchUserInfo(config, tokens.access_token, idToken.sub)
            : undefined;
        claims = claimsOf(idToken, userInfo);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw exchangeFailure(err);
      }

      let session: SessionTokens;
      try {
        session = await accountFor(ctx, provider, claims, input.userAgent);
      } catch (err) {
        // A concurrent first sign-in created the account first: the second attempt finds it linked.
        if (!(err instanceof EmailTaken)) throw err;
        session = await accountFor(ctx, provider, claims, input.userAgent);
      }
      return {
        session,
        mode: login.mode,
        returnTo: login.returnTo ?? (login.mode === 'cookie' ? DEFAULT_COOKIE_RETURN : '/'),
      };
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
