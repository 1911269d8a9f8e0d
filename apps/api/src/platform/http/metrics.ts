/** Prometheus metrics: request durations by route and status, event-loop lag, pool and queue gauges. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/client.js';

export interface MetricsOptions {
  poolStats: () => PoolStats;
  /** Counts read at scrape time (outbox backlog, dead jobs). */
  backlog?: () => Promise<{ outboxPending: number; jobsReady: number; jobsDead: number }>;
}

export const metricsPlugin = fp<MetricsOptions>(
  async (app: FastifyInstance, opts) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = opts.poolStats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
        this.set({ state: 'max' }, s.max);
      },
    });
    if (opts.backlog) {
      const backlog = opts.backlog;
      new Gauge({
        name: 'bazaar_background_backlog',
        help: 'Outbox events not yet relayed, jobs ready to run, and dead jobs',
        labelNames: ['queue'] as const,
        registers: [registry],
        async collect() {
          const b = await backlog();
          this.set({ queue: 'outbox_pending' }, b.outboxPending);
          this.set({ queue: 'jobs_ready' }, b.jobsReady);
          this.set({ queue: 'jobs_dead' }, b.jobsDead);
        },
      });
    }
    app.addHook('onResponse', async (req, reply) => {
      duration.observe(
        { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.decorate('metricsRegistry', registry);
  },
  { name: 'bazaar-metrics' },
);

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}
