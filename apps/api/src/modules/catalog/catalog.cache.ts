/**
 * The public catalog's read cache. Entries are keyed by store, the store's catalog version and the
 * normalised request, and live 300 s (`CATALOG_CACHE_TTL`; 0 turns the cache off). Every catalog write bumps the store's version before it
 * answers, so the next read misses and loads fresh data: nothing is ever deleted by pattern.
 *
 * Versions live in Redis when it is configured (shared by every replica) and in the process
 * otherwise. A version starts at the current time in milliseconds and is incremented by writes, so
 * a version lost with a Redis restart restarts above every value it had before.
 *
 * Loads are single-flight per process: concurrent misses on one key wait for one database read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagForBody } from '../../platform/db/versioning.js';
import type { Cache } from '../../platform/cache.js';

export const CATALOG_TTL_SECONDS = 300;
const VERSION_TTL_SECONDS = 30 * 24 * 3600;

/** A cached representation: the JSON body and its ETag. */
export interface CachedBody {
  body: string;
  etag: string;
}

export interface CatalogCache {
  /** The cached body for `key`, or `load()`'s result, serialised and stored. */
  read(tenantId: string, key: string, load: () => Promise<unknown>): Promise<CachedBody>;
  /** Makes every cached read of the store stale. Call after the write commits, before answering. */
  bump(tenantId: string): Promise<void>;
}

export function createCatalogCache(cache: Cache, opts: { ttlSeconds?: number } = {}): CatalogCache {
  const ttl = opts.ttlSeconds ?? CATALOG_TTL_SECONDS;
  const localVersions = new Map<string, number>();
  const inFlight = new Map<string, Promise<CachedBody>>();
  const versionKey = (tenantId: string) => `catalog-version:${tenantId}`;

  async function versionOf(tenantId: string): Promise<string> {
    const redis = cache.redis;
    if (!redis) {
      let v = localVersions.get(tenantId);
      if (v === undefined) {
        v = Date.now();
        localVersions.set(tenantId, v);
      }
      return String(v);
    }
    const key = versionKey(tenantId);
    const current = await redis.get(key);
    if (current !== null) return current;
    const start = String(Date.now());
    await redis.set(key, start, 'EX', VERSION_TTL_SECONDS, 'NX');
    return (await redis.get(key)) ?? start;
  }

  return {
    async read(tenantId, key, load) {
      if (ttl === 0) {
        const body = JSON.stringify(await load());
        return { body, etag: etagForBody(body) };
      }
      const version = await versionOf(tenantId);
      const full = `catalog:${tenantId}:${version}:${key}`;
      const hit = await cache.get(full);
      if (hit !== undefined) {
        const nl = hit.indexOf('\n');
        return { etag: hit.slice(0, nl), body: hit.slice(nl + 1) };
      }
      const pending = inFlight.get(full);
      if (pending) return pending;
      const p = (async () => {
        const body = JSON.stringify(await load());
        const entry = { body, etag: etagForBody(body) };
        await cache.set(full, `${entry.etag}\n${body}`, ttl);
        return entry;
      })();
      inFlight.set(full, p);
      try {
        return await p;
      } finally {
        inFlight.delete(full);
      }
    },
    async bump(tenantId) {
      const redis = cache.redis;
      if (!redis) {
        localVersions.set(tenantId, Math.max(Date.now(), (localVersions.get(tenantId) ?? 0) + 1));
        return;
      }
      const key = versionKey(tenantId);
      // INCR of an absent key would restart at 1: start it at the clock first.
      await redis.set(key, String(Date.now()), 'EX', VERSION_TTL_SECONDS, 'NX');
      await redis.multi().incr(key).expire(key, VERSION_TTL_SECONDS).exec();
    },
  };
}

/** Whether `If-None-Match` names `etag` (a list of tags, weak or strong, or `*`). */
function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  return value.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Sends a public, cached catalog representation: its ETag, revalidation on every use, and 304
 * when the client already holds it. The body is the cached JSON text, sent as it is.
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, cached: CachedBody): FastifyReply {
  const vary = reply.getHeader('vary');
  reply
    .header('etag', cached.etag)
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .header('vary', [vary, 'X-Tenant-ID', 'Accept-Language'].filter(Boolean).join(', '));
  if (matchesEtag(req.headers['if-none-match'], cached.etag)) return reply.code(304).send(null);
  return reply
    .type('application/json')
    .serializer((p: unknown) => p as string)
    .send(cached.body);
}
