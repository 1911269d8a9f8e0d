/** Liveness, readiness with per-dependency checks, Prometheus metrics and the signing keys. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Database } from '../db/client.js';
import type { Cache } from '../cache.js';
import type { Broker } from '../broker.js';
import type { KeyStore } from '../auth/keys.js';
import { sendProblem } from './problem.js';

export interface OpsOptions {
  database: Database;
  cache: Cache;
  broker: Broker | null;
  keys: KeyStore;
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(
  check: () => Promise<unknown>,
  onError: (err: unknown) => void,
): Promise<{ status: 'up' | 'down'; latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // The reason (host names, user names) goes to the log, never to the unauthenticated caller.
    onError(err);
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

const Check = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  latencyMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
});

export async function opsRoutes(app: FastifyInstance, opts: OpsOptions): Promise<void> {
  const common = { tags: ['ops'], security: [] };

  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        ...common,
        summary: 'Liveness: the process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        ...common,
        summary: 'Readiness: every configured dependency answers',
        description:
          'The database always; the cache (Redis) and the broker (RabbitMQ) when configured. 503 names the failing one.',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            checks: Type.Record(Type.String({ maxLength: 20 }), Check),
          }),
          503: Type.Ref('Problem'),
        },
      },
    },
    async (req, reply) => {
      const failed = (dependency: string) => (err: unknown) =>
        req.log.warn({ err, dependency }, 'readiness check failed');
      const checks: Record<string, Awaited<ReturnType<typeof timed>>> = {
        database: await timed(() => opts.database.db.execute(sql`select 1`), failed('database')),
      };
      if (opts.cache.kind === 'redis') checks.cache = await timed(() => opts.cache.ping(), failed('cache'));
      if (opts.broker) {
        const broker = opts.broker;
        checks.broker = await timed(() => broker.ping(), failed('broker'));
      }
      const failing = Object.entries(checks)
        .filter(([, c]) => c.status === 'down')
        .map(([n]) => n);
      if (failing.length > 0) {
        return sendProblem(req, reply, {
          status: 503,
          code: 'not_ready',
          title: 'Service unavailable',
          detail: `Not ready: ${failing.join(', ')} ${failing.length === 1 ? 'is' : 'are'} down.`,
          extensions: { failing, checks },
          headers: { 'retry-after': '5' },
        });
      }
      return { status: 'ready' as const, checks };
    },
  );

  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: { ...common, summary: 'Prometheus metrics', produces: ['text/plain'], hide: false },
    },
    async (_req, reply) => {
      reply.type(app.metricsRegistry.contentType);
      return app.metricsRegistry.metrics();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        ...common,
        summary: 'Public keys that verify access tokens',
        response: {
          200: Type.Object({
            keys: Type.Array(Type.Record(Type.String({ maxLength: 20 }), Type.Unknown()), { maxItems: 20 }),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return opts.keys.jwks();
    },
  );
}
