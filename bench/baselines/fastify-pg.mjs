#!/usr/bin/env node
/**
 * Baseline: bare Fastify + `pg`. `GET /store` (store slug in `X-Tenant-ID`) runs the same read as the
 * API's `GET /api/v1/store` with one plain query per request: no cache, no transaction, no role or
 * tenant settings. The ceiling for a single-row database read on this machine.
 *
 * `GET /products` returns the rows of the API's `GET /api/v1/products?limit=20` (newest first: the
 * listed products with a price, with vendor, category and list image), and `GET /search?q=` those
 * of `GET /api/v1/products?q=` (full-text matches by the same rank), each with one plain query: no
 * facet counts, no cursor links, no cache, no transaction. The ceiling for reading the same rows.
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

/** The columns of a product list item, `p` being the product; `$1` is the store's id. */
const LIST_COLUMNS = `
  p.id, p.slug, p.title, p.currency, p.price_min, p.price_max, p.in_stock, p.featured,
  p.rating_avg::float8 as rating_avg, p.rating_count,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  v.id as vendor_id, v.slug as vendor_slug, v.name as vendor_name,
  c.id as category_id, c.slug as category_slug, c.name as category_name,
  i.storage_key as image_key, i.thumbnail_key as image_thumbnail_key, i.alt as image_alt,
  i.width as image_width, i.height as image_height`;

const LIST_JOINS = `
  join vendors v on v.tenant_id = p.tenant_id and v.id = p.vendor_id
  left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id and c.deleted_at is null
  left join product_images i on i.tenant_id = p.tenant_id and i.id = p.primary_image_id and i.deleted_at is null`;

const PRODUCTS_SQL = `
  select ${LIST_COLUMNS}
    from products p ${LIST_JOINS}
   where p.tenant_id = $1 and p.listed and p.price_min is not null
   order by p.created_at desc, p.id desc
   limit 21`;

const SEARCH_SQL = `
  select ${LIST_COLUMNS}
    from (select p.*, ts_rank_cd('{0.1, 0.1, 0.1, 1.0}'::float4[], p.search_vector, q)::float8 as rank
            from products p, websearch_to_tsquery('english', $2) q
           where p.tenant_id = $1 and p.listed and p.price_min is not null and p.search_vector @@ q
           order by rank desc, p.id desc
           limit 21) p ${LIST_JOINS}
   order by p.rank desc, p.id desc`;

/** A row as the API's list item shows it. */
const toItem = (/** @type {Record<string, any>} */ r) => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  price: { amount: r.price_min, currency: r.currency },
  priceRange: {
    min: { amount: r.price_min, currency: r.currency },
    max: { amount: r.price_max, currency: r.currency },
  },
  image: r.image_key
    ? {
        url: `/api/v1/media/${r.image_key}`,
        thumbnailUrl: `/api/v1/media/${r.image_thumbnail_key}`,
        alt: r.image_alt,
        width: r.image_width,
        height: r.image_height,
      }
    : null,
  vendor: { id: r.vendor_id, slug: r.vendor_slug, name: r.vendor_name },
  category: r.category_id ? { id: r.category_id, slug: r.category_slug, name: r.category_name } : null,
  rating: { average: r.rating_avg, count: r.rating_count },
  inStock: r.in_stock,
  featured: r.featured,
  createdAt: r.created_at,
});

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

/**
 * Store ids by slug, looked up once (the API caches its store resolution too). The product queries
 * then name the store by id, so the planner sees which store, and how small, it reads.
 * @type {Map<string, Promise<string | undefined>>}
 */
const storeIds = new Map();
const storeIdOf = (/** @type {string} */ slug) => {
  let id = storeIds.get(slug);
  if (!id) {
    id = pool
      .query('select id from tenants where slug = $1 and deleted_at is null', [slug])
      .then((r) => /** @type {string | undefined} */ (r.rows[0]?.id))
      .catch((/** @type {unknown} */ err) => {
        storeIds.delete(slug);
        throw err;
      });
    storeIds.set(slug, id);
  }
  return id;
};

app.get('/products', async (req, reply) => {
  const slug = req.headers['x-tenant-id'];
  if (typeof slug !== 'string' || slug === '') return reply.code(400).send({ error: 'X-Tenant-ID required' });
  const storeId = await storeIdOf(slug);
  if (!storeId) return reply.code(404).send({ error: 'store not found' });
  const { rows } = await pool.query(PRODUCTS_SQL, [storeId]);
  return { data: rows.slice(0, 20).map(toItem) };
});

app.get('/search', async (req, reply) => {
  const slug = req.headers['x-tenant-id'];
  const q = /** @type {{ q?: unknown }} */ (req.query).q;
  if (typeof slug !== 'string' || slug === '') return reply.code(400).send({ error: 'X-Tenant-ID required' });
  if (typeof q !== 'string' || q.trim() === '') return reply.code(400).send({ error: 'q required' });
  const storeId = await storeIdOf(slug);
  if (!storeId) return reply.code(404).send({ error: 'store not found' });
  const { rows } = await pool.query(SEARCH_SQL, [storeId, q.trim().toLowerCase()]);
  return { data: rows.slice(0, 20).map(toItem) };
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
