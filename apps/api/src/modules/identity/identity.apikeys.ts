/**
 * API keys: credentials for a store's services and integrations. A key is shown once, when it is
 * made, and stored only as its SHA-256 hash (it is random and long, so lookups stay indexed). With
 * `Authorization: Bearer bzk_…` a request acts as the key, with the key's scopes and no role: routes
 * guarded by a permission work with it, routes for signed-in people (`requireUser`) refuse it.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { CredentialVerifier } from '../../platform/auth/guard.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { BusinessRuleViolation, Forbidden, NotFound, Unauthorized } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Keyed, type ListInput, keysetOf, positionOf } from './identity.admin.js';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey, StorePermission } from './identity.admin.schemas.js';
import { STORE_PERMISSIONS, assertCan, can, effectivePermissions } from './identity.permissions.js';
import { hashSecret, newSecret, scopeOf } from './identity.secrets.js';
import type { IdentityService } from './identity.service.js';
import { apiKeys, users } from './identity.tables.js';

/** Every key starts with this, so the verifier knows its kind without a lookup. */
export const API_KEY_PREFIX = 'bzk_';
/** `last_used_at` is written at most this often per key: a busy key must not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyDeps {
  identity: Pick<IdentityService, 'inScope'>;
}

type ApiKeyRow = typeof apiKeys.$inferSelect;

const storeScopes = (scopes: readonly string[]): StorePermission[] =>
  STORE_PERMISSIONS.filter((p) => scopes.includes(p));

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: storeScopes(r.scopes),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** `bzk_<8 hex>_<secret>`: the first part is shown in lists so people can tell keys apart. */
function newKey(): { prefix: string; key: string } {
  const prefix = `${API_KEY_PREFIX}${randomBytes(4).toString('hex')}`;
  return { prefix, key: `${prefix}_${newSecret(32)}` };
}

/** The latest expiry a new key may have: one calendar year from now. */
function latestExpiry(now: Date): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

export class ApiKeyNotFound extends NotFound {
  constructor() {
    super('api_key_not_found', 'No API key with this id exists in this store.');
  }
}

export function createApiKeyService({ identity }: ApiKeyDeps) {
  const actorWith = (ctx: RequestContext): Actor => {
    assertCan(ctx.actor, 'api_keys:manage');
    return ctx.actor;
  };

  return {
    /** Makes a key with `scopes` (only scopes the caller holds); the key is in this answer only. */
    async createApiKey(ctx: RequestContext, body: CreateApiKeyBody): Promise<CreatedApiKey> {
      const actor = actorWith(ctx);
      const scopes = storeScopes(body.scopes);
      const missing = scopes.filter((s) => !can(actor, s));
      if (missing.length > 0) {
        throw new Forbidden('scope_not_held', `You can only grant scopes you hold yourself: ${missing.join(', ')}.`);
      }
      let expiresAt: Date | null = null;
      if (body.expiresAt !== undefined) {
        const now = new Date();
        expiresAt = new Date(body.expiresAt);
        if (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > latestExpiry(now).getTime()) {
          throw new BusinessRuleViolation(
            'invalid_expiry',
            '`expiresAt` must be in the future and at most a year ahead.',
          );
        }
      }
      const { prefix, key } = newKey();
      return identity.inScope(ctx, async (tx) => {
        const [row] = await tx.tx
          .insert(apiKeys)
          .values({
            tenantId: scopeOf(tx.tenantId),
            id: newId(),
            name: body.name,
            prefix,
            keyHash: hashSecret(key),
            scopes,
            expiresAt,
          })
          .returning();
        if (!row) throw new Error('the API key insert returned no row');
        await recordAudit(tx, {
          action: 'api_key.created',
          entityType: 'api_key',
          entityId: row.id,
          after: { name: row.name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
        });
        const { lastUsedAt: _l, revokedAt: _r, ...shown } = toApiKey(row);
        return { ...shown, key };
      });
    },

    /** The store's keys, newest first, revoked ones included; never the keys themselves. */
    async listApiKeys(ctx: RequestContext, q: ListInput): Promise<Array<Keyed<ApiKey>>> {
      actorWith(ctx);
      return identity.inScope(ctx, async (tx) => {
        const page = keysetOf(apiKeys, q.cursor, true);
        const rows = await tx.tx
          .select({ key: apiKeys, position: positionOf(apiKeys.createdAt) })
          .from(apiKeys)
          .where(and(isNull(apiKeys.deletedAt), page.where))
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        return rows.map((r) => ({ key: [r.position, r.key.id], item: toApiKey(r.key) }));
      });
    },

    /** Revokes a key: it stops working at once. Revoking a revoked key changes nothing. */
    async revokeApiKey(ctx: RequestContext, id: string): Promise<void> {
      actorWith(ctx);
      await identity.inScope(ctx, async (tx) => {
        const [row] = await tx.tx
          .update(apiKeys)
          .set({ revokedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${apiKeys.version} + 1` })
          .where(and(eq(apiKeys.id, id), isNull(apiKeys.deletedAt), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
        if (row) {
          await recordAudit(tx, {
            action: 'api_key.revoked',
            entityType: 'api_key',
            entityId: id,
            before: { revoked: false },
            after: { revoked: true, name: row.name, prefix: row.prefix },
          });
          return;
        }
        const [existing] = await tx.tx
          .select({ id: apiKeys.id })
          .from(apiKeys)
          .where(and(eq(apiKeys.id, id), isNull(apiKeys.deletedAt)));
        if (!existing) throw new ApiKeyNotFound();
      });
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

const invalidKey = () => new Unauthorized('invalid_token', 'The API key is not valid, revoked or expired.');

/**
 * Bearer tokens starting with `bzk_`. The key is looked up inside the request's store (row-level
 * security applies), so a key of another store is simply not found.
 */
export function apiKeyVerifier(identity: Pick<IdentityService, 'inScope'>): CredentialVerifier {
  return async (token, req) => {
    if (!token.startsWith(API_KEY_PREFIX)) return undefined;
    const tenant = req.tenant;
    if (!tenant) {
      throw new Unauthorized('invalid_token', 'An API key acts inside its store: name the store with X-Tenant-ID.');
    }
    const ctx: RequestContext = {
      tenantId: tenant.id,
      tenant,
      actor: null,
      requestId: req.id,
      locale: 'en',
      ip: req.ip,
    };
    return identity.inScope(ctx, async (tx) => {
      const [row] = await tx.tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hashSecret(token)), isNull(apiKeys.deletedAt)));
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) throw invalidKey();
      if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
        // Conditional, so concurrent calls with one key write it once.
        await tx.tx
          .update(apiKeys)
          .set({ lastUsedAt: sql`now()` })
          .where(
            and(
              eq(apiKeys.id, row.id),
              or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
            ),
          );
      }
      // A key acts with its creator's authority: never more than the creator holds today, and not
      // at all once the creator's account is blocked, erased or deleted.
      let scopes = storeScopes(row.scopes);
      if (row.createdBy) {
        const [creator] = await tx.tx
          .select({ status: users.status, roles: users.roles, permissions: users.permissions })
          .from(users)
          .where(and(eq(users.id, row.createdBy), isNull(users.deletedAt)));
        if (!creator || creator.status !== 'active') throw invalidKey();
        const held = new Set<string>(effectivePermissions(creator.roles as Role[], creator.permissions));
        if (!creator.roles.includes('owner')) scopes = scopes.filter((p) => held.has(p));
      }
      return {
        kind: 'api_key' as const,
        id: row.id,
        tenantId: row.tenantId,
        roles: [],
        scopes,
      };
    });
  };
}
