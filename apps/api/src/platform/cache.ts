/**
 * A small key/value cache: Redis when `REDIS_URL` is set (shared by every replica), else an
 * in-process LRU with the same interface.
 */
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface Cache {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /**
   * Adds 1 to a counter that lives `windowSeconds` from its first increment (a fixed window), and
   * returns its count and the seconds until it resets.
   */
  incr(key: string, windowSeconds: number): Promise<Counter>;
  /** Takes 1 back from a live counter (never below 0); an absent counter stays absent. */
  decr(key: string): Promise<void>;
  /** A counter's current state without changing it (count 0 when absent). */
  peek(key: string): Promise<Counter>;
  /** Round-trip check for `/ready`. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The Redis client, for plugins that take one (rate limiting); absent in memory. */
  readonly redis?: Redis;
}

export interface Counter {
  count: number;
  resetSeconds: number;
}

export function createMemoryCache(max = 10_000): Cache {
  const lru = new LRUCache<string, string>({ max, ttlAutopurge: false });
  const counters = new LRUCache<string, number>({ max, ttlAutopurge: false });
  const peek = (key: string): Counter => {
    const count = counters.get(key) ?? 0;
    const ttl = counters.getRemainingTTL(key);
    return { count, resetSeconds: count > 0 && Number.isFinite(ttl) ? Math.max(1, Math.ceil(ttl / 1000)) : 0 };
  };
  return {
    kind: 'memory',
    get: async (key) => lru.get(key),
    set: async (key, value, ttlSeconds) => {
      lru.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    del: async (...keys) => {
      for (const k of keys) lru.delete(k);
    },
    incr: async (key, windowSeconds) => {
      const current = counters.get(key);
      if (current === undefined) counters.set(key, 1, { ttl: windowSeconds * 1000 });
      else counters.set(key, current + 1, { noUpdateTTL: true });
      return peek(key);
    },
    decr: async (key) => {
      const current = counters.get(key);
      if (current !== undefined) counters.set(key, Math.max(0, current - 1), { noUpdateTTL: true });
    },
    peek: async (key) => peek(key),
    ping: async () => undefined,
    close: async () => {
      lru.clear();
      counters.clear();
    },
  };
}

/** Loads the Redis client only when Redis is configured (it is a large module). */
export async function createRedisCache(url: string, keyPrefix = 'bazaar:'): Promise<Cache> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
  });
  // Connection errors surface through commands and `/ready`; the client reconnects by itself.
  redis.on('error', () => undefined);
  return {
    kind: 'redis',
    redis,
    get: async (key) => (await redis.get(key)) ?? undefined,
    set: async (key, value, ttlSeconds) => {
      await redis.set(key, value, 'EX', ttlSeconds);
    },
    del: async (...keys) => {
      if (keys.length > 0) await redis.del(...keys);
    },
    // INCR then EXPIRE NX in one round trip: the window starts at the first increment only.
    incr: async (key, windowSeconds) => {
      const res = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
      const count = Number(res?.[0]?.[1] ?? 0);
      const ttl = Number(res?.[2]?.[1] ?? windowSeconds);
      return { count, resetSeconds: ttl > 0 ? ttl : windowSeconds };
    },
    // DECR only an existing counter above 0, atomically: a lapsed window is not recreated without a TTL.
    decr: async (key) => {
      await redis.eval(
        "local v = tonumber(redis.call('get', KEYS[1]) or '0') if v > 0 then redis.call('decr', KEYS[1]) end return 0",
        1,
        key,
      );
    },
    peek: async (key) => {
      const res = await redis.multi().get(key).ttl(key).exec();
      const count = Number(res?.[0]?.[1] ?? 0);
      const ttl = Number(res?.[1]?.[1] ?? 0);
      return { count, resetSeconds: count > 0 && ttl > 0 ? ttl : 0 };
    },
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
