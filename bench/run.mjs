#!/usr/bin/env node
/**
 * `npm run bench`: builds the API in production mode, starts it next to bare-Fastify baselines, drives
 * each with autocannon on loopback, and reports API throughput as ratios against the baselines
 * measured in the same run (absolute figures on a shared machine are noise; ratios travel).
 *
 * Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (s, default 2),
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bazaar_bench, created when missing),
 * BENCH_EMBEDDED=1 (the API's embedded database, no pg baseline), BENCH_SKIP_BUILD=1 (use the
 * existing apps/api/dist), BENCH_SCENARIOS (comma-separated scenario names; default all),
 * BENCH_STORM_CONNECTIONS (concurrent logins in login-storm; default one per demo account),
 * BENCH_SEARCH_PRODUCTS (products generated for catalog-search when the database has no `bench`
 * store; default 20,000 on PostgreSQL, 5,000 embedded), BENCH_CHECKOUT_CARTS (guest carts the checkout
 * scenario prepares and checks out; default 2,000).
 * Writes bench/results/latest.json. Exits non-zero when a run is invalid.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { Child, freePort, killAllNow, runToCompletion, stopAll, waitForHealthy } from './lib/children.mjs';
import { chooseDatabase, migrate, redact } from './lib/database.mjs';
import { measure, probe } from './lib/load.mjs';
import {
  banner,
  formatScenario,
  formatStorm,
  judge,
  judgeStorm,
  problemsOf,
  ratioOf,
  stormProblemsOf,
  stormWarningsOf,
} from './lib/report.mjs';
import { rssBytes, toMb, watchPeakRss } from './lib/rss.mjs';
import { runStorm } from './lib/storm.mjs';
import { formatCheckout, runCheckout } from './lib/checkout.mjs';
import {
  BENCH_STORE,
  baselines,
  limits,
  scenarios as allScenarios,
  stormScenarios as allStormScenarios,
  checkoutScenarios as allCheckoutScenarios,
} from './scenarios.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsFile = join(benchDir, 'results', 'latest.json');

const HOST = '127.0.0.1';
const HEALTH_TIMEOUT_MS = 60_000;
/** Connections in the API's pool and in the pg baseline's: the same, so the comparison is fair. */
const POOL_SIZE = 10;
/** The API's ceiling is 10,000,000 per minute; a benchmark must never meet it. */
const RATE_LIMIT_PER_MINUTE = '10000000';
/** Failed logins per address per 15 minutes: the storm's logins all succeed, but a stray failure must not 429. */
const LOGIN_RATE_LIMIT = '1000000';

/**
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 */
function numberFromEnv(name, fallback, min) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name}: expected a number ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);
/** @param {string} message */
const step = (message) => process.stdout.write(`» ${message}\n`);

/** Temporary API data directory, removed at exit. */
let dataDir = '';
let shuttingDown = false;

/** Stops every child and removes temporary files; idempotent. */
async function cleanup() {
  if (shuttingDown) return;
  shuttingDown = true;
  await stopAll();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

process.on('exit', () => {
  killAllNow();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping servers…\n`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

/**
 * Aborts the run when a server dies while it should be serving.
 * @param {Child} child
 */
function superviseServer(child) {
  void child.exited.then((status) => {
    if (child.stopping || shuttingDown) return;
    process.stderr.write(`\nbench: ${child.name} exited unexpectedly (${status})\n${child.tail()}\n`);
    void cleanup().finally(() => process.exit(1));
  });
}

/**
 * Starts a Node server, supervises it and waits for its `/health`.
 * @param {string} name
 * @param {string} script  Absolute path.
 * @param {NodeJS.ProcessEnv} env  Without `PORT`; one is chosen here.
 * @returns {Promise<{ child: Child, origin: string }>}
 */
async function startServer(name, script, env) {
  const port = await freePort();
  const child = new Child(name, process.execPath, [script], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST },
  });
  superviseServer(child);
  const origin = `http://${HOST}:${port}`;
  await waitForHealthy(`${origin}/health`, child, HEALTH_TIMEOUT_MS);
  return { child, origin };
}

/**
 * Measures one server with the configured load while tracking its peak RSS.
 * @param {{ child: Child, origin: string }} server
 * @param {import('./scenarios.mjs').Request} request
 * @param {{ connections: number, durationS: number, warmupS: number }} config
 * @returns {Promise<import('./lib/report.mjs').TargetFigures>}
 */
async function measureServer(server, request, config) {
  const rss = watchPeakRss(/** @type {number} */ (server.child.pid));
  const m = await measure({ origin: server.origin, request, ...config });
  return { ...m, peakRssMb: toMb(await rss.stop()) };
}

/** @param {import('./scenarios.mjs').Request} r */
const describeRequest = (r) =>
  `${r.method ?? 'GET'} ${r.path}${Object.entries(r.headers ?? {})
    .map(([k, v]) => ` [${k}: ${v}]`)
    .join('')}`;

/** Products generated for catalog-search when the database has no `bench` store. */
const searchProductsFor = (/** @type {'postgres' | 'embedded'} */ kind) =>
  Math.round(numberFromEnv('BENCH_SEARCH_PRODUCTS', kind === 'postgres' ? 20_000 : 5_000, 1_000));

/**
 * Makes sure the database holds the large store the search scenario reads, generating a smaller one
 * (`apps/api/scripts/bench-data.ts`) when it has none. Returns a line saying which store is searched.
 * @param {import('./lib/database.mjs').DatabaseChoice} database
 * @param {string} apiDataDir  The API's data directory (where the embedded database lives).
 * @returns {Promise<string>}
 */
async function ensureBenchStore(database, apiDataDir) {
  const listed = async () => {
    if (database.kind !== 'postgres') return 0;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select count(*)::int as n from products p join tenants t on t.id = p.tenant_id
          where t.slug = $1 and p.listed`,
        [BENCH_STORE],
      );
      return /** @type {number} */ (rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  };
  const existing = await listed();
  if (existing > 0) {
    return `search store "${BENCH_STORE}": ${existing.toLocaleString('en-US')} listed products, already in the database`;
  }
  const products = searchProductsFor(database.kind);
  step(
    `no "${BENCH_STORE}" store in the database: generating ${products.toLocaleString('en-US')} products ` +
      '(run `npm run bench:data -- --products 1000000` against this database first to search a million)…',
  );
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NODE_ENV: 'production', BAZAAR_DATA_DIR: apiDataDir };
  if (database.kind === 'postgres') {
    env.DATABASE_URL = database.url;
    if (process.env.DATABASE_URL?.trim() !== database.url) delete env.DATABASE_MIGRATION_URL;
  } else {
    delete env.DATABASE_URL;
    delete env.DATABASE_MIGRATION_URL;
  }
  const t = Date.now();
  await runToCompletion(
    'bench:data',
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      join(root, 'apps/api/scripts/bench-data.ts'),
      '--products',
      String(products),
      '--tenant',
      BENCH_STORE,
    ],
    { cwd: root, env },
  );
  const count = database.kind === 'postgres' ? await listed() : products;
  return (
    `search store "${BENCH_STORE}": ${count.toLocaleString('en-US')} ${database.kind === 'postgres' ? 'listed ' : ''}products, ` +
    `generated by this run in ${((Date.now() - t) / 1000).toFixed(1)} s (a smaller stand-in for the 1,000,000 of the target)`
  );
}

async function main() {
  const startedAt = Date.now();
  const config = {
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 50, 1)),
    durationS: numberFromEnv('BENCH_DURATION', 10, 1),
    warmupS: numberFromEnv('BENCH_WARMUP', 2, 0),
  };
  const stormConnections = process.env.BENCH_STORM_CONNECTIONS?.trim()
    ? Math.round(numberFromEnv('BENCH_STORM_CONNECTIONS', 1, 1))
    : undefined;
  const only = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = [...allScenarios, ...allStormScenarios, ...allCheckoutScenarios].map((s) => s.name);
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(`BENCH_SCENARIOS: unknown scenario(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const chosen = (/** @type {{ name: string }} */ s) => only.length === 0 || only.includes(s.name);
  const scenarios = allScenarios.filter(chosen);
  const stormScenarios = allStormScenarios.filter(chosen);
  const checkoutScenarios = allCheckoutScenarios.filter(chosen);
  say(
    `Bazaar benchmark: node ${process.version}, ${cpus().length} CPUs, ${config.connections} connections, ` +
      `${config.durationS} s per run after ${config.warmupS} s warm-up, loopback only`,
  );

  // 1. Production build.
  if (/^(1|true|yes|on)$/i.test(process.env.BENCH_SKIP_BUILD ?? '')) {
    step('build skipped (BENCH_SKIP_BUILD); using the existing apps/api/dist');
  } else {
    step('building @bazaar/sdk and @bazaar/api (tsc)…');
    const t = Date.now();
    for (const ws of ['@bazaar/sdk', '@bazaar/api']) {
      await runToCompletion(`build ${ws}`, 'npm', ['run', 'build', '-w', ws], { cwd: root, env: process.env });
    }
    step(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  // 2. Database.
  const database = await chooseDatabase(process.env);
  if (database.kind === 'postgres') {
    step(`database: PostgreSQL ${redact(database.url)}${database.created ? ' (created)' : ''}; migrating…`);
    await migrate(root, database.url, process.env);
  } else {
    say(
      banner('NO POSTGRESQL: the API runs on its embedded database and the pg baseline is skipped', [
        database.reason,
        'Throughput of database-backed scenarios is not comparable with a PostgreSQL deployment.',
      ]),
    );
  }

  dataDir = mkdtempSync(join(tmpdir(), 'bazaar-bench-'));

  // 2b. The large store the search scenario reads: the database's own (`npm run bench:data`), or a
  // smaller one generated now. On the embedded database it goes into the API's data directory
  // before the API opens it (one process at a time).
  /** @type {string | undefined} */
  let benchStoreNote;
  // (Uncached scenarios need PostgreSQL: on the embedded database they are skipped, see 3b.)
  if (scenarios.some((s) => s.benchStore && (s.api !== 'uncached' || database.kind === 'postgres'))) {
    benchStoreNote = await ensureBenchStore(database, dataDir);
    step(benchStoreNote);
  }

  // 3. The API, production mode, demo stores seeded.
  /** @type {NodeJS.ProcessEnv} */
  const apiEnv = {
    ...process.env,
    NODE_ENV: 'production',
    // The checkout scenario pays with the test provider's tokens.
    PAYMENTS_TEST_PROVIDER: '1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE,
    LOGIN_RATE_LIMIT,
    BAZAAR_IN_PROCESS_WORKER: '1',
    BAZAAR_DEMO: '1',
    BAZAAR_DATA_DIR: dataDir,
    DB_POOL_SIZE: String(POOL_SIZE),
  };
  if (database.kind === 'postgres') apiEnv.DATABASE_URL = database.url;
  else delete apiEnv.DATABASE_URL;
  step('starting the API (node apps/api/dist/main.js)…');
  const api = await startServer('api', join(root, 'apps/api/dist/main.js'), apiEnv);
  const idleRssMb = toMb((await rssBytes(/** @type {number} */ (api.child.pid))) ?? 0);
  step(`API healthy at ${api.origin} (RSS ${idleRssMb} MB idle)`);

  // 3b. A second API on the same database and data directory (keys), with the catalog cache off,
  // for the scenarios that measure uncached reads. The embedded database admits one process only.
  /** @type {{ child: Child, origin: string } | undefined} */
  let uncachedApi;
  /** @type {Map<string, string>} */
  const skippedScenarios = new Map();
  if (scenarios.some((s) => s.api === 'uncached')) {
    if (database.kind === 'postgres') {
      step('starting a second API with the catalog cache off (CATALOG_CACHE_TTL=0)…');
      uncachedApi = await startServer('api (cache off)', join(root, 'apps/api/dist/main.js'), {
        ...apiEnv,
        CATALOG_CACHE_TTL: '0',
      });
      step(`uncached API healthy at ${uncachedApi.origin}`);
    } else {
      for (const s of scenarios.filter((x) => x.api === 'uncached')) {
        skippedScenarios.set(s.name, 'needs PostgreSQL: a second API process cannot open the embedded database');
      }
    }
  }
  // Checkout writes orders and needs the database's real row locks: PostgreSQL only.
  if (database.kind !== 'postgres') {
    for (const s of checkoutScenarios)
      skippedScenarios.set(s.name, 'needs PostgreSQL (checkout is measured under real row locks)');
  }
  const runnable = scenarios.filter((s) => !skippedScenarios.has(s.name));
  /** @param {import('./scenarios.mjs').Scenario} s */
  const apiOf = (s) => (s.api === 'uncached' ? /** @type {{ child: Child, origin: string }} */ (uncachedApi) : api);

  // 4. Baselines used by any scenario; those needing PostgreSQL only when there is one.
  /** @type {Map<string, { child: Child, origin: string }>} */
  const baselineServers = new Map();
  /** @type {Map<string, string>} */
  const skipped = new Map();
  // Baselines that share a script share its server.
  /** @type {Map<string, { child: Child, origin: string }>} */
  const byScript = new Map();
  for (const key of new Set(runnable.flatMap((s) => s.baselines))) {
    const b = baselines[key];
    if (!b) throw new Error(`scenarios.mjs: unknown baseline ${JSON.stringify(key)}`);
    if (b.needsPostgres && database.kind !== 'postgres') {
      skipped.set(key, `no PostgreSQL (${database.reason})`);
      continue;
    }
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    if (b.needsPostgres && database.kind === 'postgres') {
      Object.assign(env, { DATABASE_URL: database.url, PG_POOL_SIZE: String(POOL_SIZE) });
    }
    let server = byScript.get(b.script);
    if (!server) {
      server = await startServer(`baseline ${key}`, join(benchDir, b.script), env);
      byScript.set(b.script, server);
    }
    baselineServers.set(key, server);
  }
  const up = [...baselineServers.keys()].join(', ') || 'none';
  step(`baselines up: ${up}${skipped.size > 0 ? `; skipped: ${[...skipped.keys()].join(', ')}` : ''}`);

  // 5. Every request answers 2xx, and like-for-like pairs answer the same body.
  for (const s of runnable) {
    const res = await probe(apiOf(s).origin, s.request);
    if (res.status < 200 || res.status > 299) {
      throw new Error(
        `${s.name}: API answered ${res.status} to ${describeRequest(s.request)}: ${res.body.slice(0, 300)}`,
      );
    }
    const twinKey = s.sameResponseAs;
    const twin = twinKey ? baselineServers.get(twinKey) : undefined;
    if (twinKey && twin) {
      const other = await probe(twin.origin, baselines[twinKey].request);
      if (other.status !== res.status || !isDeepStrictEqual(JSON.parse(other.body), JSON.parse(res.body))) {
        throw new Error(
          `${s.name}: the API and ${baselines[twinKey].label} answer differently, so their figures are not comparable\n` +
            `    api:      ${res.status} ${res.body.slice(0, 400)}\n    baseline: ${other.status} ${other.body.slice(0, 400)}`,
        );
      }
    }
    const rowsKey = s.sameRowsAs;
    const rowsTwin = rowsKey ? baselineServers.get(rowsKey) : undefined;
    if (rowsKey && rowsTwin) {
      const other = await probe(rowsTwin.origin, baselines[rowsKey].request);
      const ids = (/** @type {string} */ body) =>
        /** @type {{ data?: Array<{ id: string }> }} */ (JSON.parse(body)).data?.map((r) => r.id) ?? [];
      if (
        other.status !== res.status ||
        !isDeepStrictEqual(ids(other.body), ids(res.body)) ||
        ids(res.body).length === 0
      ) {
        throw new Error(
          `${s.name}: the API and ${baselines[rowsKey].label} return different rows, so their figures are not comparable\n` +
            `    api:      ${ids(res.body).join(', ')}\n    baseline: ${ids(other.body).join(', ')}`,
        );
      }
    }
  }
  for (const s of stormScenarios) {
    for (const request of [...s.storm.requests, ...s.probes.map((p) => p.request)]) {
      const res = await probe(api.origin, request);
      if (res.status < 200 || res.status > 299) {
        throw new Error(
          `${s.name}: API answered ${res.status} to ${describeRequest(request)}: ${res.body.slice(0, 300)}`,
        );
      }
    }
  }
  for (const [key, server] of baselineServers) {
    const res = await probe(server.origin, baselines[key].request);
    if (res.status < 200 || res.status > 299)
      throw new Error(`baseline ${key} answered ${res.status}: ${res.body.slice(0, 300)}`);
  }

  // 6. Measure: each scenario's API request, then any of its baselines not measured yet this run.
  /** @type {Map<string, import('./lib/report.mjs').TargetFigures>} */
  const baselineFigures = new Map();
  /** @type {import('./lib/report.mjs').ScenarioResult[]} */
  const results = [];
  for (const s of runnable) {
    step(`${s.name}: ${s.api === 'uncached' ? 'api (cache off)' : 'api'} ${describeRequest(s.request)}`);
    const load = { ...config, connections: s.connections ?? config.connections };
    const apiFigures = await measureServer(apiOf(s), s.request, load);
    for (const key of s.baselines) {
      const server = baselineServers.get(key);
      if (!server || baselineFigures.has(key)) continue;
      step(`${s.name}: ${baselines[key].label} ${describeRequest(baselines[key].request)}`);
      baselineFigures.set(key, await measureServer(server, baselines[key].request, load));
    }

    /** @type {import('./lib/report.mjs').ScenarioResult} */
    const result = {
      name: s.name,
      description: s.description,
      request: s.request,
      api: apiFigures,
      baselines: {},
      ratios: {},
      targets: [],
      problems: problemsOf('api', apiFigures),
      ...(s.api === 'uncached' ? { apiLabel: 'api (cache off)' } : {}),
      ...(s.benchStore && benchStoreNote ? { note: benchStoreNote } : {}),
    };
    for (const key of s.baselines) {
      const label = baselines[key].label;
      const figures = baselineFigures.get(key);
      result.baselines[key] = figures ? { label, ...figures } : { label, skipped: skipped.get(key) ?? 'not started' };
      result.ratios[key] = ratioOf(apiFigures.reqPerSec, result.baselines[key]);
      if (figures) result.problems.push(...problemsOf(label, figures));
    }
    result.targets = judge(s, result, limits, load, baselines);
    results.push(result);
  }

  // 6b. Storm scenarios: light reads idle, then beside the storm.
  /** @type {import('./lib/storm.mjs').StormResult[]} */
  const stormResults = [];
  for (const s of stormScenarios) {
    const { stormWhole, ...measured } = await runStorm(
      s,
      { origin: api.origin, pid: /** @type {number} */ (api.child.pid) },
      { ...config, stormConnections },
      step,
    );
    const problems = stormProblemsOf({ ...measured, stormWhole });
    stormResults.push({
      ...measured,
      problems,
      warnings: stormWarningsOf(measured),
      targets: judgeStorm(s, { ...measured, problems }, limits),
    });
  }

  // 6c. Checkout scenarios: carts prepared in the database, checked out concurrently, stock verified.
  /** @type {import('./lib/checkout.mjs').CheckoutResult[]} */
  const checkoutResults = [];
  for (const s of checkoutScenarios) {
    if (skippedScenarios.has(s.name) || database.kind !== 'postgres') continue;
    checkoutResults.push(
      await runCheckout(s, { origin: api.origin, databaseUrl: database.url, connections: config.connections, step }),
    );
  }

  // 7. Report.
  say('');
  for (const r of results) say(`${formatScenario(r)}\n`);
  for (const [name, why] of skippedScenarios) say(`${name} — skipped: ${why}\n`);
  for (const r of stormResults) say(`${formatStorm(r)}\n`);
  for (const r of checkoutResults) say(`${formatCheckout(r)}\n`);
  const apiPeakRssMb = Math.max(
    0,
    ...results.map((r) => r.api.peakRssMb),
    ...stormResults.map((r) => Math.max(r.phases.idle.peakRssMb, r.phases.storm.peakRssMb)),
  );
  say(`API peak RSS over all scenarios: ${apiPeakRssMb} MB (idle after start: ${idleRssMb} MB)`);
  const apiLogLines = api.child.lineCount + (uncachedApi?.child.lineCount ?? 0);
  for (const server of [api, uncachedApi]) {
    if (server && server.child.lineCount > 0) {
      say(
        `The ${server.child.name} logged ${server.child.lineCount} line(s) at warn or above; the last ones:\n` +
          server.child.tail(5),
      );
    }
  }

  const problems = [...results, ...stormResults, ...checkoutResults].flatMap((r) =>
    r.problems.map((p) => `${r.name}: ${p}`),
  );
  const warnings = stormResults.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`));
  const valid = problems.length === 0;
  const report = {
    date: new Date(startedAt).toISOString(),
    valid,
    problems,
    warnings,
    machine: {
      hostname: hostname(),
      platform: process.platform,
      release: release(),
      arch: process.arch,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      totalMemoryMb: toMb(totalmem()),
      loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
    },
    node: process.version,
    cpuCount: cpus().length,
    config: {
      ...config,
      host: HOST,
      poolSize: POOL_SIZE,
      rateLimitPerMinute: Number(RATE_LIMIT_PER_MINUTE),
      loginRateLimit: Number(LOGIN_RATE_LIMIT),
      // libuv's thread pool (argon2 hashing runs there): 4 threads unless the environment says otherwise.
      uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE?.trim() || 4),
      scenarios: [...scenarios, ...stormScenarios, ...checkoutScenarios].map((s) => s.name),
      database:
        database.kind === 'postgres'
          ? { kind: 'postgres', url: redact(database.url) }
          : { kind: 'embedded', reason: database.reason },
      skippedBaselines: Object.fromEntries(skipped),
      skippedScenarios: Object.fromEntries(skippedScenarios),
      ...(benchStoreNote ? { benchStore: benchStoreNote } : {}),
      limits,
    },
    api: { idleRssMb, peakRssMb: apiPeakRssMb, logLines: apiLogLines },
    scenarios: results,
    stormScenarios: stormResults,
    checkoutScenarios: checkoutResults,
    runtimeS: Math.round((Date.now() - startedAt) / 100) / 10,
  };
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  say(`Results written to ${join('bench', 'results', 'latest.json')} (${report.runtimeS} s in total).`);

  if (database.kind !== 'postgres') {
    say(`\nNote: no PostgreSQL in this run (${database.reason}); pg-baseline ratios are missing.`);
  }
  if (!valid) {
    say(
      `\n${banner('INVALID BENCHMARK: some responses were not 2xx or connections failed', [
        ...problems,
        'Figures measured on error responses say nothing about the API; fix the cause and run again.',
      ])}`,
    );
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`\nbench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
