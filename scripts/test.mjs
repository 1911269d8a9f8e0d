#!/usr/bin/env node
// `npm test`: the embedded tier always (unit tests, and the integration suite on PGlite) and the web
// component tests (Vitest + jsdom in apps/web); then the same integration suite on real PostgreSQL
// (DATABASE_URL), and the Redis (REDIS_URL) and RabbitMQ (AMQP_URL) tiers, each when its URL is set;
// then the browser tier (apps/web/e2e: real API + web server + Chromium) when Chromium is installed
// (`CHROMIUM_PATH` or /usr/bin/chromium). It ends with the tiers it left out and why, and a closing
// "N passed, N failed" line. With CI=true a missing service URL or browser is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(root, 'apps/api');
const webDir = join(root, 'apps/web');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const ci = /^(1|true)$/i.test(process.env.CI ?? '');
const extra = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'bazaar-test-'));
const env = (k) => process.env[k]?.trim() || undefined;

const services = [
  { key: 'DATABASE_URL', tier: 'postgres', files: ['test/integration', 'test/postgres'] },
  { key: 'REDIS_URL', tier: 'redis', files: ['test/services/redis.test.ts'] },
  { key: 'AMQP_URL', tier: 'rabbitmq', files: ['test/services/rabbitmq.test.ts'] },
];

const runs = [];
const leftOut = [];
const missing = [];

function run(name, files, runEnv, { cwd = apiDir, args = [] } = {}) {
  const outputFile = join(reports, `${name}.json`);
  process.stdout.write(`\n== ${name} tier: ${[...files, ...args].join(' ')}\n`);
  const r = spawnSync(
    process.execPath,
    [
      vitest,
      'run',
      ...files,
      ...args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${outputFile}`,
      ...extra,
    ],
    {
      cwd,
      env: runEnv,
      stdio: 'inherit',
    },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    counts = {
      passed: report.numPassedTests,
      failed:
        report.numFailedTests +
        (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    counts.failed = 1; // the runner died before writing its report
  }
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  runs.push({ name, ...counts, status: r.status });
}

// Embedded tier: no service URL reaches it.
const embeddedEnv = { ...process.env };
for (const s of services) delete embeddedEnv[s.key];
run('embedded', ['src', 'test/integration', 'test/embedded'], embeddedEnv);
// Web components (React in jsdom); no service is involved.
run('web', [], embeddedEnv, { cwd: webDir, args: ['--config', 'vitest.config.ts'] });

const serviceFiles = [];
for (const s of services) {
  if (env(s.key)) serviceFiles.push(...s.files);
  else if (ci) missing.push(`${s.tier} tier: ${s.key} is not set (CI requires every service)`);
  else leftOut.push(`${s.tier} tier (${s.key} is not set)`);
}
if (serviceFiles.length > 0) run('services', serviceFiles, { ...process.env });

// Browser tier: the journeys in apps/web/e2e against a real API and web server (it starts both itself,
// on free ports with an embedded database, and builds the web app first when the build is stale).
const chromium = [env('CHROMIUM_PATH'), '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (chromium) {
  run(
    'browser',
    [],
    { ...process.env, CHROMIUM_PATH: chromium },
    {
      cwd: webDir,
      args: ['--config', 'vitest.e2e.config.ts'],
    },
  );
} else if (ci) missing.push('browser tier: Chromium not found (set CHROMIUM_PATH or install chromium)');
else leftOut.push('browser tier (Chromium not found: set CHROMIUM_PATH or install chromium)');

rmSync(reports, { recursive: true, force: true });
const total = runs.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);

process.stdout.write('\n== Summary\n');
for (const r of runs)
  process.stdout.write(
    `  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}\n`,
  );
for (const l of leftOut) process.stdout.write(`  left out: ${l}\n`);
for (const m of missing) process.stdout.write(`  FAILED: ${m}\n`);
if (total.skipped > 0) process.stdout.write(`  ${total.skipped} tests were skipped; a skipped test is not a pass\n`);
const failed = total.failed + missing.length;
process.stdout.write(`${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(failed > 0 || runs.some((r) => r.status !== 0) ? 1 : 0);
