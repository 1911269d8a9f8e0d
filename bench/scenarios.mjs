/**
 * What `npm run bench` measures. Each scenario is one API request, driven at fixed concurrency and
 * compared with baselines measured in the same run. Add a scenario by appending to `scenarios`; add
 * a baseline server under `baselines/` and describe it in `baselines` below.
 */

/**
 * @typedef {object} Request
 * @property {string} path                       Path and query, e.g. `/api/v1/store`.
 * @property {string} [method]                   Default `GET`.
 * @property {Record<string, string>} [headers]
 * @property {string} [body]                     For non-GET requests.
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
 */

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
];

/** Targets every API measurement is judged against. */
export const limits = {
  /** p99 latency ceiling, judged only at `connections` connections (the spec's load). */
  p99Ms: 10,
  connections: 50,
  /** Peak resident memory of the API process. */
  rssMb: 200,
};
