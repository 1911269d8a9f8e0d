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
  /** Round-trip check for `/ready`. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The Redis client, for plugins that take one (rate limiting); absent in memory. */
  readonly redis?: Redis;
}

export function createMemoryCache(max = 10_000): Cache {
  const lru = new LRUCache<string, string>({ max, ttlAutopurge: false });
  return {
    kind: 'memory',
    get: async (key) => lru.get(key),
    set: async (key, value, ttlSeconds) => {
      lru.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    del: async (...keys) => {
      for (const k of keys) lru.delete(k);
    },
    ping: async () => undefined,
    close: async () => lru.clear(),
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
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
