/**
 * What `npm run bench` measures. Each scenario is one API request, driven at fixed concurrency and
 * compared with baselines measured in the same run. Add a scenario by appending to `scenarios`; add
 * a baseline server under `baselines/` and describe it in `baselines` below. A storm scenario
 * (`stormScenarios`) instead measures light reads idle, then again while a heavy load runs beside them.
 */

/**
 * @typedef {object} Request
 * @property {string} path                       Path and query, e.g. `/api/v1/store`.
 * @property {string} [method]                   Default `GET`.
 * @property {Record<string, string>} [headers]
 * @property {string} [body]                     For non-GET requests.
 * @property {string[]} [paths]                  Varied requests: each request sends the next of these
 *                                               paths in turn (`path` is the first, used for checks).
 */

/**
 * @typedef {object} Baseline
 * @property {string} label     How tables and ratios name it, e.g. `bare fastify`.
 * @property {string} script    Server script, relative to `bench/`. Gets `PORT`, `HOST` and, when it
 *                              needs the database, `DATABASE_URL` and `PG_POOL_SIZE`; serves `GET /health`.
 * @property {Request} request  The one request it is measured with.
 * @property {boolean} needsPostgres  Skipped (and reported as such) when the run has no PostgreSQL.
 */

/**
 * @typedef {object} RatioTarget
 * @property {string} baseline  Key in `baselines`.
 * @property {number} min       Lowest acceptable API/baseline req/s ratio.
 * @property {string} label     The target as the spec words it.
 */

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description
 * @property {Request} request           Sent to the API.
 * @property {string[]} baselines        Keys in `baselines`; ratios are API req/s ÷ baseline req/s.
 * @property {RatioTarget[]} [targets]   Throughput targets, judged met / missed in the report.
 * @property {string} [sameResponseAs]   A baseline whose response body must equal the API's (checked
 *                                       once before measuring, so the comparison is like for like).
 * @property {string} [sameRowsAs]       A baseline whose `data[].id` must equal the API's, in order:
 *                                       the same rows, where the envelopes differ.
 * @property {'cached' | 'uncached'} [api]  Which API process answers: the one started as configured
 *                                       (`cached`, the default) or a second one on the same database
 *                                       with the catalog cache off (`CATALOG_CACHE_TTL=0`).
 * @property {number} [maxP95Ms]         Target: the API's p95 latency (own timing) below this.
 * @property {string} [p95Label]         The p95 target as the spec words it.
 * @property {number} [connections]     Concurrent connections for this scenario (and its baselines)
 *                                       instead of `BENCH_CONNECTIONS`.
 * @property {boolean} [benchStore]      Reads the large generated store (`BENCH_STORE`, slug `bench`):
 *                                       the run generates a smaller one when the database has none.
 */

/** Slug of the large generated store the search scenario reads (`npm run bench:data`). */
export const BENCH_STORE = 'bench';

/**
 * What shoppers type into the search box of the generated store: materials, products, brands and
 * combinations of its vocabulary, and a few typos that full text misses (the fuzzy title fallback).
 */
export const SEARCH_QUERIES = [
  'oak chair',
  'linen',
  'ceramic mug',
  'wool blanket',
  'brass table lamp',
  'leather wallet',
  'walnut desk',
  'cotton towel',
  'rustic oak stool',
  'waterproof jacket',
  'glass vase',
  'handmade notebook',
  'copper',
  'bamboo cutting board',
  'merino socks',
  'cast iron skillet',
  'nordvik',
  'kite',
  'terracotta plant pot',
  'velvet cushion cover',
  'ceramc mug',
  'lanturn',
  'wallett',
  'skilet',
];

/** @type {Record<string, Baseline>} */
export const baselines = {
  fastify: {
    label: 'bare fastify',
    script: 'baselines/fastify.mjs',
    request: { path: '/health' },
    needsPostgres: false,
  },
  'fastify-pg': {
    label: 'bare fastify+pg',
    script: 'baselines/fastify-pg.mjs',
    request: { path: '/store', headers: { 'x-tenant-id': 'demo' } },
    needsPostgres: true,
  },
  'fastify-pg-products': {
    label: 'bare fastify+pg products',
    script: 'baselines/fastify-pg.mjs',
    request: { path: '/products', headers: { 'x-tenant-id': 'demo' } },
    needsPostgres: true,
  },
  'fastify-pg-search': {
    label: 'bare fastify+pg search',
    script: 'baselines/fastify-pg.mjs',
    request: {
      path: `/search?q=${encodeURIComponent(SEARCH_QUERIES[0])}`,
      paths: SEARCH_QUERIES.map((q) => `/search?q=${encodeURIComponent(q)}`),
      headers: { 'x-tenant-id': BENCH_STORE },
    },
    needsPostgres: true,
  },
};

/** @type {Scenario[]} */
export const scenarios = [
  {
    name: 'health',
    description:
      'GET /health: routing and the global hooks (security headers, CORS, metrics, request context), no database',
    request: { path: '/health' },
    baselines: ['fastify'],
    targets: [
      {
        baseline: 'fastify',
        min: 0.5,
        label: 'cached reads ≥ 50 % of bare Fastify (no-database route as the stand-in)',
      },
    ],
  },
  {
    name: 'store',
    description: 'GET /api/v1/store (X-Tenant-ID: demo): tenant-scoped read in the request transaction',
    request: { path: '/api/v1/store', headers: { 'x-tenant-id': 'demo' } },
    baselines: ['fastify', 'fastify-pg'],
    sameResponseAs: 'fastify-pg',
    targets: [
      {
        baseline: 'fastify-pg',
        min: 0.5,
        label: 'uncached reads through the tenant transaction ≥ 50 % of bare Fastify + pg',
      },
    ],
  },
  {
    name: 'catalog-list-cached',
    description:
      'GET /api/v1/products?limit=20 (X-Tenant-ID: demo), the same request again and again: catalog cache hits',
    request: { path: '/api/v1/products?limit=20', headers: { 'x-tenant-id': 'demo' } },
    baselines: ['fastify'],
    targets: [{ baseline: 'fastify', min: 0.5, label: 'cached catalog list ≥ 50 % of bare Fastify' }],
  },
  {
    name: 'catalog-detail-cached',
    description: 'GET /api/v1/products/hand-thrown-stoneware-mug (X-Tenant-ID: demo): a cached product page',
    request: { path: '/api/v1/products/hand-thrown-stoneware-mug', headers: { 'x-tenant-id': 'demo' } },
    baselines: ['fastify'],
    targets: [{ baseline: 'fastify', min: 0.5, label: 'cached product page ≥ 50 % of bare Fastify' }],
  },
  {
    name: 'catalog-list-uncached',
    description:
      'GET /api/v1/products?limit=20 (X-Tenant-ID: demo) on an API with CATALOG_CACHE_TTL=0: the page and ' +
      'its facets read in the tenant transaction on every request',
    api: 'uncached',
    request: { path: '/api/v1/products?limit=20', headers: { 'x-tenant-id': 'demo' } },
    baselines: ['fastify-pg-products'],
    sameRowsAs: 'fastify-pg-products',
    targets: [
      {
        baseline: 'fastify-pg-products',
        min: 0.5,
        label: 'uncached catalog list ≥ 50 % of bare Fastify + pg returning the same rows',
      },
    ],
  },
  {
    name: 'catalog-search',
    description:
      `GET /api/v1/products?q=… (X-Tenant-ID: ${BENCH_STORE}), ${SEARCH_QUERIES.length} different queries in turn ` +
      '(a few with typos), on the uncached API: full-text search, facets of all matches, fuzzy fallback',
    api: 'uncached',
    benchStore: true,
    request: {
      path: `/api/v1/products?q=${encodeURIComponent(SEARCH_QUERIES[0])}`,
      paths: SEARCH_QUERIES.map((q) => `/api/v1/products?q=${encodeURIComponent(q)}`),
      headers: { 'x-tenant-id': BENCH_STORE },
    },
    baselines: ['fastify-pg-search'],
    // As many as the API's pool: the p95 is then the search's own, not a queue for connections.
    connections: 10,
    maxP95Ms: 50,
    p95Label: 'search p95 < 50 ms (on 1,000,000 products)',
  },
];

/**
 * @typedef {object} Probe
 * @property {string} name               Short name, e.g. `health`.
 * @property {Request} request
 * @property {number} connections
 * @property {number} rate               Requests per second, sent evenly spaced (open loop) on at most
 *                                       `connections` keep-alive sockets: a modest load, not a saturating one.
 * @property {number} [maxP99Ratio]      Target: p99 during the storm ÷ idle p99 at most this.
 * @property {string} [label]            The target as the spec words it.
 */

/**
 * @typedef {object} StormScenario
 * @property {string} name
 * @property {string} description
 * @property {{ label: string, requests: (Request & { account: string })[], connections: number, note: string }} storm
 *   The storm: connection i sends `requests[i % requests.length]` again and again, as fast as answered.
 * @property {Probe[]} probes            Reads measured idle, then again while the storm runs.
 */

/** Password of every demo account (seeded with `BAZAAR_DEMO=1`). */
const DEMO_PASSWORD = 'bazaar-demo-pass';

/** The seeded demo accounts: store slug and email. */
const demoAccounts = [
  ['demo', 'owner@demo.test'],
  ['demo', 'staff@demo.test'],
  ['demo', 'vendor@demo.test'],
  ['demo', 'vendor2@demo.test'],
  ['demo', 'shopper@demo.test'],
  ['acme', 'owner@acme.test'],
  ['acme', 'shopper@acme.test'],
];

/** @type {StormScenario[]} */
export const stormScenarios = [
  {
    name: 'login-storm',
    description:
      'POST /api/v1/auth/login (argon2id verify on the libuv thread pool) as fast as answered, ' +
      'beside /health and catalog-like GET /api/v1/store reads at a fixed rate',
    storm: {
      label: 'POST /api/v1/auth/login',
      requests: demoAccounts.map(([store, email]) => ({
        account: `${email} (${store})`,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'x-tenant-id': store },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      })),
      // One connection per account: logins of one account serialise on its row lock (`for update`),
      // which would measure lock waits instead of hashing.
      connections: demoAccounts.length,
      note: 'each connection signs in as its own account, so no two logins wait on one row lock',
    },
    probes: [
      {
        name: 'health',
        request: { path: '/health' },
        connections: 10,
        rate: 200,
        maxP99Ratio: 2,
        label: '/health p99 during a login storm ≤ 2× its idle p99',
      },
      {
        name: 'store',
        request: { path: '/api/v1/store', headers: { 'x-tenant-id': 'demo' } },
        connections: 10,
        rate: 100,
      },
    ],
  },
];

/**
 * @typedef {object} CheckoutScenario
 * @property {string} name
 * @property {string} description
 * @property {{ store: string, carts: number, variants: number, unitsPerVariant: number, maxSeconds: number,
 *   connections?: number }} plan
 *   Guest carts written into `store` before the run (one unit of a random variant each, one in five
 *   with a second variant), fewer units than the carts ask for; new carts stop after `maxSeconds`.
 * @property {number} minOrdersPerSec   Target: confirmed orders per second.
 * @property {string} label             The target as the spec words it.
 */

const checkoutCarts = Number(process.env.BENCH_CHECKOUT_CARTS?.trim() || 2000);

/** @type {CheckoutScenario[]} */
export const checkoutScenarios = [
  {
    name: 'checkout',
    description:
      'POST /api/v1/checkout with tok_visa, one guest cart per request, against PostgreSQL; stock shorter than the carts ask for (409s expected), then on hand + sold = initial checked per variant',
    plan: { store: 'bench-checkout', carts: checkoutCarts, variants: 100, unitsPerVariant: 15, maxSeconds: 40 },
    minOrdersPerSec: 300,
    label: 'checkout sustained at ≥ 300 orders/s against PostgreSQL',
  },
];

/** Targets every API measurement is judged against. */
export const limits = {
  /** p99 latency ceiling, judged only at `connections` connections (the spec's load). */
  p99Ms: 10,
  connections: 50,
  /** Peak resident memory of the API process. */
  rssMb: 200,
};
