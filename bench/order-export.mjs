#!/usr/bin/env node
/**
 * `node bench/order-export.mjs`: the order export at scale. Makes sure the database's `bench` store
 * holds BENCH_EXPORT_ORDERS orders (generating the missing ones with `apps/api/scripts/bench-data.ts
 * --orders N`), starts the API in production mode, streams `GET /api/v1/admin/orders/export` as
 * an owner of that store to the end, and reports rows/s, MB/s and the API process's peak RSS (the
 * target: under 200 MB for 1,000,000 orders, whatever the range).
 *
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bazaar_bench, created when missing;
 * PostgreSQL only: a million orders do not belong in the embedded database), BENCH_EXPORT_ORDERS
 * (default 1,000,000), BENCH_SKIP_BUILD=1 (use the existing apps/api/dist). Writes
 * bench/results/order-export.json. Exits non-zero when the export fails or misses the memory target.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { Child, freePort, killAllNow, runToCompletion, stopAll, waitForHealthy } from './lib/children.mjs';
import { chooseDatabase, migrate, redact } from './lib/database.mjs';
import { rssBytes, toMb, watchPeakRss } from './lib/rss.mjs';
import { BENCH_STORE } from './scenarios.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const HOST = '127.0.0.1';
/** The spec's ceiling for the API process while it streams the export. */
const RSS_TARGET_MB = 200;
/** Products generated for the orders to buy when the store has none. */
const CATALOG_PRODUCTS = 20_000;

const say = (/** @type {string} */ m) => process.stdout.write(`${m}\n`);
const step = (/** @type {string} */ m) => process.stdout.write(`» ${m}\n`);
const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');

let dataDir = '';
process.on('exit', () => {
  killAllNow();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

function ordersWanted() {
  const raw = process.env.BENCH_EXPORT_ORDERS?.trim().replaceAll('_', '');
  const n = raw ? Number(raw) : 1_000_000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_EXPORT_ORDERS: a whole number ≥ 1, got ${raw}`);
  return n;
}

/** @param {string} url */
async function storeFigures(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select t.id,
              (select count(*)::int from orders o where o.tenant_id = t.id) as orders,
              (select count(*)::int from order_lines l where l.tenant_id = t.id) as lines,
              (select count(*)::int from products p where p.tenant_id = t.id and p.listed) as products
         from tenants t where t.slug = $1`,
      [BENCH_STORE],
    );
    return /** @type {{ id: string, orders: number, lines: number, products: number } | undefined} */ (rows[0]);
  } finally {
    await client.end();
  }
}

async function main() {
  const wanted = ordersWanted();
  say(`Bazaar order export benchmark: node ${process.version}, ${cpus().length} CPUs, ${fmt(wanted)} orders`);
  if (!/^(1|true|yes|on)$/i.test(process.env.BENCH_SKIP_BUILD ?? '')) {
    step('building @bazaar/sdk and @bazaar/api (tsc)…');
    for (const ws of ['@bazaar/sdk', '@bazaar/api']) {
      await runToCompletion(`build ${ws}`, 'npm', ['run', 'build', '-w', ws], { cwd: root, env: process.env });
    }
  }
  const database = await chooseDatabase({ ...process.env, BENCH_EMBEDDED: '' });
  if (database.kind !== 'postgres') throw new Error(`PostgreSQL is needed: ${database.reason}`);
  step(`database: ${redact(database.url)}${database.created ? ' (created)' : ''}; migrating…`);
  await migrate(root, database.url, process.env);

  // 1. The data.
  let store = await storeFigures(database.url);
  if (!store || store.orders < wanted) {
    const args = ['--orders', String(wanted), '--tenant', BENCH_STORE];
    if (!store || store.products === 0) args.push('--products', String(CATALOG_PRODUCTS));
    step(`generating orders: bench:data ${args.join(' ')}…`);
    const t = Date.now();
    await runToCompletion(
      'bench:data',
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'apps/api/scripts/bench-data.ts'), ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'production' } },
    );
    step(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    store = await storeFigures(database.url);
  }
  if (!store) throw new Error(`no "${BENCH_STORE}" store after generating it`);
  step(`store "${BENCH_STORE}": ${fmt(store.orders)} orders, ${fmt(store.lines)} order lines`);

  // 2. The API, with a signing key this harness shares, so it can act as an owner of the store.
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'bench-export' };
  dataDir = mkdtempSync(join(tmpdir(), 'bazaar-export-bench-'));
  const port = await freePort();
  const api = new Child('api', process.execPath, [join(root, 'apps/api/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST,
      DATABASE_URL: database.url,
      BAZAAR_DATA_DIR: dataDir,
      BAZAAR_DEMO: '0',
      JWT_SIGNING_KEYS: JSON.stringify([jwk]),
      RATE_LIMIT_PER_MINUTE: '10000000',
    },
  });
  const origin = `http://${HOST}:${port}`;
  await waitForHealthy(`${origin}/health`, api, 60_000);
  const pid = /** @type {number} */ (api.process.pid);
  const idleRssMb = toMb((await rssBytes(pid)) ?? 0);
  step(`API healthy at ${origin} (RSS ${idleRssMb} MB idle)`);
  const token = await new SignJWT({ tid: store.id, roles: ['owner'], scope: '' })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, typ: 'at+jwt' })
    .setSubject(randomUUID())
    .setIssuer('bazaar')
    .setAudience('bazaar-api')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);

  // 3. The export, read to the end as fast as this process takes it.
  step('streaming GET /api/v1/admin/orders/export?format=csv…');
  const rss = watchPeakRss(pid, 100);
  const started = Date.now();
  const res = await fetch(`${origin}/api/v1/admin/orders/export?format=csv`, {
    headers: { 'x-tenant-id': BENCH_STORE, authorization: `Bearer ${token}`, 'x-timezone': 'Europe/Berlin' },
  });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  let firstByteMs = 0;
  for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (res.body))) {
    if (bytes === 0) firstByteMs = Date.now() - started;
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
  }
  const seconds = (Date.now() - started) / 1000;
  const peakRssMb = toMb(await rss.stop());
  await api.stop();

  // Fields may hold quoted newlines in principle; the generated titles have none.
  const rows = newlines - 1;
  const report = {
    date: new Date(started).toISOString(),
    database: redact(database.url),
    orders: store.orders,
    orderLines: store.lines,
    rows,
    bytes,
    seconds: Math.round(seconds * 100) / 100,
    firstByteMs,
    rowsPerSecond: Math.round(rows / seconds),
    megabytesPerSecond: Math.round((bytes / 1_048_576 / seconds) * 10) / 10,
    api: { idleRssMb, peakRssMb },
    targets: [
      { label: `API RSS < ${RSS_TARGET_MB} MB while exporting`, met: peakRssMb < RSS_TARGET_MB, value: peakRssMb },
      { label: 'every order line exported', met: rows === store.lines, value: rows },
    ],
  };
  say('');
  say(`order-export — GET /api/v1/admin/orders/export (CSV through a database cursor), ${fmt(store.orders)} orders`);
  say(
    `  ${fmt(rows)} rows, ${(bytes / 1_048_576).toFixed(1)} MB in ${seconds.toFixed(1)} s: ` +
      `${fmt(report.rowsPerSecond)} rows/s, ${report.megabytesPerSecond} MB/s; first byte after ${firstByteMs} ms`,
  );
  say(`  API RSS: ${idleRssMb} MB idle, ${peakRssMb} MB peak while streaming`);
  for (const t of report.targets) say(`  [${t.met ? 'met' : 'missed'}] ${t.label} — ${fmt(t.value)}`);
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(join(benchDir, 'results', 'order-export.json'), `${JSON.stringify(report, null, 2)}\n`);
  say(`Results written to ${join('bench', 'results', 'order-export.json')}.`);
  if (report.targets.some((t) => !t.met)) process.exitCode = 1;
}

try {
  await main();
} catch (err) {
  process.stderr.write(`\norder-export: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
