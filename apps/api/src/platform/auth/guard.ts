/**
 * Who is calling: `Authorization: Bearer <access token>` becomes `req.actor`. Route guards then
 * check roles. Identity adds credential kinds (API keys, cookies) through `CredentialVerifier`.
 */
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, Role } from '../context.js';
import { Forbidden, Unauthorized } from '../errors.js';
import { TenantSuspended } from '../http/context.js';
import { ACCESS_COOKIE, assertCsrf, hasSessionCookie } from './cookies.js';
import type { KeyStore } from './keys.js';

const ROLES: readonly Role[] = ['platform_admin', 'owner', 'staff', 'vendor', 'customer'];

/** Turns a bearer credential into an actor, or returns undefined when it is not its kind. */
export type CredentialVerifier = (token: string, req: FastifyRequest) => Promise<Actor | undefined>;

/**
 * Whether an access token was revoked before it expired (its session ended, or its user's access
 * changed). Answers from the cache, so a revocation reaches every replica that shares it.
 */
export type RevocationCheck = (token: { sub: string; sid: string | undefined; iat: number }) => Promise<boolean>;

/** Access tokens: `sub` user id, `tid` tenant id (absent for platform admins), `roles`, `scope`. */
export function accessTokenVerifier(keys: KeyStore, isRevoked?: RevocationCheck): CredentialVerifier {
  return async (token) => {
    if (token.split('.').length !== 3) return undefined;
    let claims;
    try {
      claims = await keys.verify(token);
    } catch {
      throw new Unauthorized('invalid_token', 'The access token is invalid or has expired.');
    }
    // Other tokens signed with the same keys (an order's read-only stream token) name their purpose
    // in `typ`; access tokens carry none.
    if (claims.typ !== undefined) throw new Unauthorized('invalid_token', 'This token is not an access token.');
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    if (typeof claims.sub !== 'string') throw new Unauthorized('invalid_token', 'The access token has no subject.');
    const sid = typeof claims.sid === 'string' ? claims.sid : undefined;
    if (isRevoked && (await isRevoked({ sub: claims.sub, sid, iat: claims.iat ?? 0 }))) {
      throw new Unauthorized('token_revoked', 'This session has ended; sign in again.');
    }
    return {
      kind: 'user',
      id: claims.sub,
      tenantId: typeof claims.tid === 'string' ? claims.tid : null,
      roles,
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
      ...(sid ? { sessionId: sid } : {}),
    };
  };
}

const isPlatformAdminActor = (actor: Actor) => actor.roles.includes('platform_admin') && actor.tenantId === null;

/**
 * The caller: a bearer credential (which must be valid), else the web app's access cookie (an
 * expired or invalid one counts as signed out, so public pages keep working). Requests carrying a
 * session cookie must pass the CSRF check when they change state.
 */
async function identify(req: FastifyRequest, verifiers: CredentialVerifier[]): Promise<Actor | undefined> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S{1,4096})$/i.exec(header);
    if (!m?.[1]) throw new Unauthorized('invalid_token', 'Authorization must be "Bearer <token>".');
    for (const verify of verifiers) {
      const actor = await verify(m[1], req);
      if (actor) return actor;
    }
    throw new Unauthorized('invalid_token', 'The credential is not recognised.');
  }
  if (!hasSessionCookie(req)) return undefined;
  assertCsrf(req);
  const cookie = req.cookies[ACCESS_COOKIE];
  if (!cookie) return undefined;
  for (const verify of verifiers) {
    try {
      const actor = await verify(cookie, req);
      if (actor) return actor;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export const authPlugin = fp<{ verifiers: CredentialVerifier[] }>(
  async (app, { verifiers }) => {
    // After tenant resolution (registered later, so its preParsing hook runs later).
    app.addHook('preParsing', async (req) => {
      const actor = await identify(req, verifiers);
      // A suspended store answers only platform admins.
      if (req.tenant?.status === 'suspended' && !(actor && isPlatformAdminActor(actor))) throw new TenantSuspended();
      if (!actor) return;
      // A credential of one store is never accepted by another; platform admins act on any store.
      // Where a route addresses no store (ops and platform routes), a store's credential is still
      // who the caller is: role checks then refuse what it may not do (403).
      if (req.tenant && !isPlatformAdminActor(actor) && actor.tenantId !== req.tenant.id) {
        throw new Unauthorized('invalid_token', 'This credential belongs to another store.');
      }
      req.actor = actor;
    });
  },
  { name: 'bazaar-auth', dependencies: ['bazaar-context'] },
);

/** A guard (run before validation, so a refused caller learns nothing about the body) that lets through only actors holding one of `roles`. */
export function requireRoles(...roles: Role[]): preValidationAsyncHookHandler {
  return async function guard(this: unknown, req: FastifyRequest, _reply: FastifyReply) {
    if (!req.actor) throw new Unauthorized();
    if (!roles.some((r) => req.actor?.roles.includes(r))) throw new Forbidden();
  };
}
