#!/usr/bin/env node
/**
 * Baseline: bare Fastify + `pg`. `GET /store` (store slug in `X-Tenant-ID`) runs the same read as the
 * API's `GET /api/v1/store` with one plain query per request: no cache, no transaction, no role or
 * tenant settings. The ceiling for a single-row database read on this machine.
 *
 * Env: `PORT`, `HOST` (default 127.0.0.1), `DATABASE_URL` (required), `PG_POOL_SIZE` (default 10).
 */
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The store's public profile, shaped like the API's response (`{ id, slug, name, currency, …,
 * signInProviders }`: the store's enabled OIDC providers, each with the path that starts a sign-in).
 */
const STORE_SQL = `
  select t.id, t.slug, t.name,
         t.default_currency as currency, t.default_locale as locale, t.locales,
         coalesce((select array_agg(d.domain order by d.domain)
                     from tenant_domains d
                    where d.tenant_id = t.id), '{}') as domains,
         coalesce((select json_agg(json_build_object('slug', p.slug, 'name', p.name,
                                                     'startUrl', '/api/v1/auth/oidc/' || p.slug || '/start')
                                   order by p.id)
                     from oidc_providers p
                    where p.tenant_id = t.id and p.enabled and p.deleted_at is null), '[]') as "signInProviders"
    from tenants t
   where t.slug = $1 and t.deleted_at is null`;

if (!process.env.DATABASE_URL) {
  process.stderr.write('fastify-pg baseline: DATABASE_URL is required\n');
  process.exit(78);
}

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_SIZE ?? 10),
  application_name: 'bazaar-bench-baseline',
});
pool.on('error', () => undefined);

const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));

app.get('/store', async (req, reply) => {
  const slug = req.headers['x-tenant-id'];
  if (typeof slug !== 'string' || slug === '') return reply.code(400).send({ error: 'X-Tenant-ID required' });
  const { rows } = await pool.query(STORE_SQL, [slug]);
  if (rows.length === 0) return reply.code(404).send({ error: 'store not found' });
  return rows[0];
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    app
      .close()
      .then(() => pool.end())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
