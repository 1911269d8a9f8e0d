/** Security headers, CORS allow-list and rate limits with `RateLimit-*` headers. */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { TooManyRequests } from '../errors.js';

export interface SecurityOptions {
  corsOrigins: string[];
  rateLimitPerMinute: number;
  redis?: Redis | undefined;
}

const EXPOSED = [
  'ETag',
  'Location',
  'X-Request-ID',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
];
const ALLOWED = [
  'Authorization',
  'Content-Type',
  'X-Tenant-ID',
  'X-Request-ID',
  'Idempotency-Key',
  'If-Match',
  'X-Cart-Token',
  'X-Order-Token',
  'X-CSRF-Token',
  'Accept-Language',
  'X-Timezone',
];

export const securityPlugin = fp<SecurityOptions>(
  async (app: FastifyInstance, opts) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true },
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(cors, {
      // No configured origin: same-origin only (the web app proxies /api/*).
      origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED,
      exposedHeaders: EXPOSED,
      maxAge: 600,
    });
    await app.register(rateLimit, {
      global: true,
      max: opts.rateLimitPerMinute,
      timeWindow: 60_000,
      ...(opts.redis ? { redis: opts.redis, nameSpace: 'ratelimit:' } : {}),
      enableDraftSpec: true,
      // Keep serving when the shared store is down rather than turning every request into an error.
      skipOnError: true,
      errorResponseBuilder: (_req, context) =>
        new TooManyRequests(
          Math.max(1, Math.ceil(context.ttl / 1000)),
          `Rate limit of ${context.max} requests per minute exceeded.`,
        ),
    });
  },
  { name: 'bazaar-security' },
);
