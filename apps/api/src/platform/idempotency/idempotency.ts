/**
 * `Idempotency-Key` for every POST (API.md): keys are scoped to tenant + caller + route; the first
 * response (status, body, a few headers) is stored for 24 h and replayed for the same key and body
 * with `Idempotent-Replayed: true`; a different body → 422 `idempotency_key_reused`; a request with
 * the key still in flight → 409 `idempotency_in_progress`. 5xx answers are not stored, so the client
 * may retry them. An in-flight claim that outlives its lease (a crashed process) can be taken over.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Queryable } from '../db/client.js';
import { BadRequest, BusinessRuleViolation, Conflict } from '../errors.js';
import { newId } from '../ids.js';
import { idempotencyKeys } from './idempotency.tables.js';

const LEASE_SECONDS = 60;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/** The record a request holds: its id, the owner token fencing it, the timer renewing its lease. */
interface HeldKey {
  id: string;
  owner: string;
  renew: NodeJS.Timeout;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRecord: HeldKey | null;
  }
}

/** Answers that are not the request's outcome and must not be replayed for a day. */
const RELEASED_STATUSES = new Set([401, 403, 408, 429]);

/** Who the key belongs to: the signed-in actor, a guest's cart token, else the client address. */
function callerOf(req: FastifyRequest): string {
  if (req.actor) return `${req.actor.kind}:${req.actor.id}`;
  const cart = req.headers['x-cart-token'];
  if (typeof cart === 'string' && cart) return `cart:${createHash('sha256').update(cart).digest('hex')}`;
  return `ip:${req.ip}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const fingerprintOf = (req: FastifyRequest) =>
  createHash('sha256')
    .update(`${req.method} ${req.url}\n${canonical(req.body ?? null)}`)
    .digest('hex');

/**
 * Encrypts stored responses: they may hold personal data or secrets (a new address, a token pair),
 * which must not sit in plaintext for the 24 hours a record lives.
 */
export interface ResponseSealer {
  encrypt(plaintext: string, context: string): string;
  decrypt(token: string, context: string): string;
}

export const idempotencyPlugin = fp<{ database: Database; sealer: ResponseSealer }>(
  async (app, { database, sealer }) => {
    const sealContext = (recordId: string) => `idempotency.response:${recordId}`;
    const db = database.db;
    app.decorateRequest('idempotencyRecord', null);

    /** Holds the key for this request, renewing its lease while the request runs. */
    const hold = (req: FastifyRequest, id: string, owner: string) => {
      const renew = setInterval(
        () => {
          db.update(idempotencyKeys)
            .set({ lockedUntil: sql`now() + ${`${LEASE_SECONDS} seconds`}::interval` })
            .where(and(eq(idempotencyKeys.id, id), eq(idempotencyKeys.owner, owner)))
            .then(
              () => undefined,
              (err: unknown) => req.log.warn({ err }, 'could not renew an idempotency lease'),
            );
        },
        (LEASE_SECONDS * 1000) / 3,
      );
      renew.unref();
      req.idempotencyRecord = { id, owner, renew };
    };
    const letGo = (req: FastifyRequest): HeldKey | null => {
      const held = req.idempotencyRecord;
      if (held) clearInterval(held.renew);
      req.idempotencyRecord = null;
      return held;
    };

    app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.method !== 'POST') return;
      const mode = req.routeOptions.config.idempotency ?? 'optional';
      if (mode === 'off') return;
      const raw = req.headers['idempotency-key'];
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (key === undefined || key === '') {
        if (mode === 'required') {
          throw new BadRequest('idempotency_key_required', 'This request needs an Idempotency-Key header.');
        }
        return;
      }
      if (key.length > 255)
        throw new BadRequest('invalid_idempotency_key', 'Idempotency-Key must be 1–255 characters.');

      const scope = {
        tenantId: req.tenant?.id ?? null,
        caller: callerOf(req),
        route: `${req.method} ${req.routeOptions.url ?? req.url}`,
        key,
      };
      const fingerprint = fingerprintOf(req);
      const scopeWhere = and(
        scope.tenantId === null ? isNull(idempotencyKeys.tenantId) : eq(idempotencyKeys.tenantId, scope.tenantId),
        eq(idempotencyKeys.caller, scope.caller),
        eq(idempotencyKeys.route, scope.route),
        eq(idempotencyKeys.key, scope.key),
      );
      // Expired records no longer count.
      await db.delete(idempotencyKeys).where(and(scopeWhere, lt(idempotencyKeys.expiresAt, sql`now()`)));
      const id = newId();
      const owner = newId();
      const claimed = await db
        .insert(idempotencyKeys)
        .values({
          owner,
          id,
          ...scope,
          fingerprint,
          status: 'in_flight',
          lockedUntil: sql`now() + ${`${LEASE_SECONDS} seconds`}::interval`,
        })
        .onConflictDoNothing()
        .returning({ id: idempotencyKeys.id });
      if (claimed.length > 0) {
        hold(req, id, owner);
        return;
      }
      const [existing] = await db.select().from(idempotencyKeys).where(scopeWhere);
      if (!existing)
        throw new Conflict('idempotency_in_progress', 'A request with this Idempotency-Key is in progress.');
      if (existing.fingerprint !== fingerprint) {
        throw new BusinessRuleViolation(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request body.',
        );
      }
      if (existing.status === 'done') {
        for (const [h, v] of Object.entries(existing.responseHeaders ?? {})) reply.header(h, v);
        reply.header('idempotent-replayed', 'true');
        return reply
          .code(existing.responseStatus ?? 200)
          .serializer((p: unknown) => p as string)
          .send(existing.responseBody ? sealer.decrypt(existing.responseBody, sealContext(existing.id)) : '');
      }
      // In flight: take over only a claim whose lease has run out.
      const taken = await db
        .update(idempotencyKeys)
        .set({ owner, lockedUntil: sql`now() + ${`${LEASE_SECONDS} seconds`}::interval` })
        .where(
          and(
            eq(idempotencyKeys.id, existing.id),
            eq(idempotencyKeys.status, 'in_flight'),
            lt(idempotencyKeys.lockedUntil, sql`now()`),
          ),
        )
        .returning({ id: idempotencyKeys.id });
      if (taken.length === 0) {
        throw new Conflict('idempotency_in_progress', 'A request with this Idempotency-Key is in progress.');
      }
      hold(req, existing.id, owner);
    });

    // A request that never sends (the client went away) still lets go of its key.
    app.addHook('onResponse', async (req) => {
      const held = letGo(req);
      if (held) {
        await db
          .delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.id, held.id), eq(idempotencyKeys.owner, held.owner)));
      }
    });

    app.addHook('onSend', async (req, reply, payload) => {
      const held = letGo(req);
      if (!held) return payload;
      // Only the request that holds the key may finish or release it.
      const mine = and(eq(idempotencyKeys.id, held.id), eq(idempotencyKeys.owner, held.owner));
      const body = payload === undefined || payload === null ? '' : payload;
      if (reply.statusCode >= 500 || RELEASED_STATUSES.has(reply.statusCode) || typeof body !== 'string') {
        // Not the request's outcome (or a stream that cannot be stored): the client may retry.
        await db.delete(idempotencyKeys).where(mine);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const h of REPLAYED_HEADERS) {
        const v = reply.getHeader(h);
        if (v !== undefined) headers[h] = String(v);
      }
      await db
        .update(idempotencyKeys)
        .set({
          status: 'done',
          responseStatus: reply.statusCode,
          responseHeaders: headers,
          responseBody: body === '' ? '' : sealer.encrypt(body, sealContext(held.id)),
        })
        .where(and(mine, eq(idempotencyKeys.status, 'in_flight')));
      return payload;
    });
  },
  { name: 'bazaar-idempotency', dependencies: ['bazaar-context'] },
);

/** Deletes expired records; run by the scheduler inside its job's transaction. */
export async function purgeExpiredIdempotencyKeys(q: Queryable): Promise<number> {
  const gone = await q
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ id: idempotencyKeys.id });
  return gone.length;
}
