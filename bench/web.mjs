#!/usr/bin/env node
/**
 * `npm run bench:web`: the storefront's web budgets. Builds the web app when its build is stale, starts
 * the API (embedded database, demo data) and `next start` like the browser tests do
 * (apps/web/e2e/harness.ts), then runs Lighthouse 12 (default mobile config: simulated slow 4G and 4× CPU
 * slowdown) on the demo store's home page, a listing and a product page, and reports per route:
 * performance and accessibility scores (goals: ≥ 90 and 100), LCP, TBT, CLS and the first-load
 * JavaScript against the 250 KB budget.
 *
 * First-load JS = the scripts Lighthouse saw the page load (its network requests of type Script, same
 * origin), each body fetched again and gzipped here (zlib level 6, as `next start` compresses) and
 * summed; Lighthouse's own transfer size (what went over the wire, headers included) is shown beside it.
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), WEB_DIST_DIR (build directory, default .next),
 * BENCH_WEB_RUNS (Lighthouse runs per route, median taken; default 1), BENCH_WEB_LISTING (path of the
 * listing, default the first category with products, else /search?q=<a word of a product title>).
 * Writes bench/results/web-<timestamp>.json. Exits non-zero when a route fails to load or misses a goal
 * and BENCH_WEB_STRICT=1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const say = (line) => process.stdout.write(`${line}\n`);

const BUDGET_KB = 250;
const GOALS = { performance: 90, accessibility: 100 };
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const runs = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 1) || 1);
const chromePath = [process.env.CHROMIUM_PATH?.trim(), '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (!chromePath) {
  say('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(2);
}

const harness = await tsImport(join(root, 'apps/web/e2e/harness.ts'), import.meta.url);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
};
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** `fetch` of a store URL (`http://demo.localhost:…`): Node does not resolve `*.localhost`, so connect to
 * 127.0.0.1 and name the store in the Host header. */
function storeFetch(url, timeoutMs = 10_000) {
  const u = new URL(url);
  const host = u.host;
  u.hostname = '127.0.0.1';
  return fetch(u, { headers: { Host: host }, signal: AbortSignal.timeout(timeoutMs) });
}

async function getJson(url, tenant) {
  const r = await fetch(url, { headers: { 'X-Tenant-ID': tenant }, signal: AbortSignal.timeout(10_000) });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

/** Home, a listing and a product page of the demo store, from the API's own data. */
async function chooseRoutes(apiUrl) {
  const products = (await getJson(`${apiUrl}/api/v1/products?limit=5`, 'demo')).data ?? [];
  if (products.length === 0) throw new Error('the demo store has no products');
  let listing = process.env.BENCH_WEB_LISTING?.trim();
  if (!listing) {
    const categories = await getJson(`${apiUrl}/api/v1/categories`, 'demo').catch(() => ({ data: [] }));
    const list = Array.isArray(categories) ? categories : (categories.data ?? categories.items ?? []);
    for (const c of list) {
      const hits = await getJson(`${apiUrl}/api/v1/products?limit=1&category=${encodeURIComponent(c.slug)}`, 'demo')
        .then((b) => b.data ?? [])
        .catch(() => []);
      if (hits.length > 0) {
        listing = `/c/${c.slug}`;
        break;
      }
    }
  }
  if (!listing) listing = `/search?q=${encodeURIComponent(products[0].title.split(/\s+/).pop().toLowerCase())}`;
  return [
    { name: 'home', path: '/' },
    { name: 'listing', path: listing },
    { name: 'product', path: `/p/${products[0].slug}` },
  ];
}

/** Gzipped size of the same-origin scripts Lighthouse saw, fetched again (bodies are not in the report). */
async function firstLoadJs(lhr, origin) {
  const items = lhr.audits['network-requests']?.details?.items ?? [];
  const scripts = items.filter((i) => i.resourceType === 'Script' && i.url.startsWith(origin));
  let gzip = 0;
  let transfer = 0;
  for (const s of scripts) {
    transfer += s.transferSize ?? 0;
    const r = await storeFetch(s.url);
    gzip += gzipSync(Buffer.from(await r.arrayBuffer()), { level: 6 }).length;
  }
  return { scripts: scripts.length, gzipBytes: gzip, transferBytes: transfer };
}

async function audit(url, origin) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (c) => (lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100));
    const num = (a) => lhr.audits[a]?.numericValue ?? null;
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      lcpMs: num('largest-contentful-paint'),
      tbtMs: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      js: await firstLoadJs(lhr, origin),
      failedAccessibility: Object.values(lhr.audits)
        .filter((a) => a.score === 0 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id))
        .map((a) => a.id),
      warnings: lhr.runWarnings,
    };
  } finally {
    await chrome.kill();
  }
}

function pad(s, n) {
  return String(s).padEnd(n);
}

const started = Date.now();
say('Web budgets: Lighthouse 12.8.2, mobile defaults, demo store');
// Server logs: kept (and named) when the run fails, removed when it succeeds.
const logDir = mkdtempSync(join(tmpdir(), 'bazaar-bench-web-'));
const stack = await harness.startStack({ logDir, log: (l) => say(`  ${l}`) }).catch((err) => {
  say(`The servers did not start; their logs are in ${logDir}`);
  throw err;
});
let report;
try {
  const origin = harness.storeOrigin(stack, 'demo');
  const routes = await chooseRoutes(stack.apiUrl);
  const results = [];
  for (const route of routes) {
    const url = `${origin}${route.path}`;
    // The first request renders and caches the page; the audit measures a warm server, as shoppers get.
    const warm = await storeFetch(url, 60_000).catch((e) => ({ status: e.message }));
    say(`  ${route.name}: ${route.path} (warm-up ${warm.status})`);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await audit(url, origin));
    const pick = (f) => median(samples.map(f).filter((v) => v !== null));
    const js = samples[0].js;
    results.push({
      ...route,
      url,
      performance: pick((s) => s.performance),
      accessibility: pick((s) => s.accessibility),
      lcpMs: pick((s) => s.lcpMs),
      tbtMs: pick((s) => s.tbtMs),
      cls: pick((s) => s.cls),
      firstLoadJsGzipKb: kb(js.gzipBytes),
      firstLoadJsTransferKb: kb(js.transferBytes),
      scripts: js.scripts,
      failedAccessibility: samples[0].failedAccessibility,
      warnings: samples[0].warnings,
      samples,
    });
  }

  say('');
  say(
    `${pad('route', 9)}${pad('path', 34)}${pad('perf', 6)}${pad('a11y', 6)}${pad('LCP ms', 8)}${pad('TBT ms', 8)}` +
      `${pad('CLS', 7)}${pad('JS gz KB', 10)}${pad('(wire KB)', 10)}budget`,
  );
  const problems = [];
  for (const r of results) {
    const within = r.firstLoadJsGzipKb < BUDGET_KB;
    say(
      `${pad(r.name, 9)}${pad(r.path.slice(0, 32), 34)}${pad(r.performance ?? '-', 6)}${pad(r.accessibility ?? '-', 6)}` +
        `${pad(r.lcpMs === null ? '-' : Math.round(r.lcpMs), 8)}${pad(r.tbtMs === null ? '-' : Math.round(r.tbtMs), 8)}` +
        `${pad(r.cls === null ? '-' : r.cls.toFixed(3), 7)}${pad(r.firstLoadJsGzipKb, 10)}` +
        `${pad(r.firstLoadJsTransferKb, 10)}${within ? 'ok' : 'OVER'} (< ${BUDGET_KB})`,
    );
    if (!within) problems.push(`${r.name}: first-load JS ${r.firstLoadJsGzipKb} KB ≥ ${BUDGET_KB} KB`);
    if ((r.performance ?? 0) < GOALS.performance) problems.push(`${r.name}: performance ${r.performance} < 90`);
    if ((r.accessibility ?? 0) < GOALS.accessibility)
      problems.push(`${r.name}: accessibility ${r.accessibility} < 100 (${r.failedAccessibility.join(', ')})`);
  }
  say('');
  say('JS gz KB: same-origin scripts Lighthouse saw on first load, bodies re-fetched and gzipped (level 6).');
  say('wire KB: the transfer size Lighthouse recorded for them (compressed bodies plus headers).');
  for (const p of problems) say(`  goal missed: ${p}`);
  if (problems.length === 0) say('  every goal met');

  report = {
    kind: 'web',
    startedAt: new Date(started).toISOString(),
    runtimeS: Math.round((Date.now() - started) / 1000),
    machine: { hostname: hostname(), cpus: cpus().length, load: loadavg(), kernel: release(), node: process.version },
    lighthouse: '12.8.2',
    config: 'default (mobile, simulated throttling)',
    runsPerRoute: runs,
    budgetKb: BUDGET_KB,
    goals: GOALS,
    firstLoadJsMethod: 'same-origin Script requests from Lighthouse network-requests, re-fetched and gzipped (level 6)',
    routes: results,
    problems,
  };
} catch (err) {
  say(`The run failed; the servers' logs are in ${logDir}`);
  throw err;
} finally {
  await stack.stop();
}
rmSync(logDir, { recursive: true, force: true });

mkdirSync(join(benchDir, 'results'), { recursive: true });
const file = join(benchDir, 'results', `web-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
say(`Results written to ${file.slice(root.length + 1)} (${report.runtimeS} s).`);
process.exit(process.env.BENCH_WEB_STRICT === '1' && report.problems.length > 0 ? 1 : 0);
