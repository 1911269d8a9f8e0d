#!/usr/bin/env node
/**
 * Baseline: bare Fastify, no plugins, no hooks, no schema. `GET /health` answers `{ status: 'ok' }`.
 * The ceiling for a route that does no I/O on this machine. Env: `PORT`, `HOST` (default 127.0.0.1).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
