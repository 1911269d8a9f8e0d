/**
 * Starts the real stack for browser tests and the web benchmark: the API (`apps/api/dist/main.js`, embedded
 * database in a fresh temporary directory, demo stores seeded) and the production build of the web app
 * (`next start`), each on a free port of 127.0.0.1. Both run in their own process group, their output goes
 * to `<logDir>/api.log` and `<logDir>/web.log`, and `stop()` ends both groups.
 *
 * - `WEB_DIST_DIR` (default `.next`): the build directory of the web app, for building and serving, so a
 *   test build can sit beside the one being served.
 * - The web app's on-disk route and fetch caches (`<distDir>/server/route-cache`, `<distDir>/cache/fetch-cache`)
 *   are emptied before it starts: they hold pages and data of an earlier run's database.
 * - The web app is built first (`node scripts/build.mjs web`) when its `BUILD_ID` is missing or older than
 *   any web source file; the API and SDK when their output is stale.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const webDir = join(repoRoot, 'apps/web');
const LOOPBACK = '127.0.0.1';

/** What a test or benchmark needs to reach the stack (serialisable: passed from global setup to tests). */
export interface StackInfo {
  /** `http://127.0.0.1:<port>`: the API, for direct calls (`X-Tenant-ID` picks the store). */
  apiUrl: string;
  webPort: number;
  /** Where the servers' logs are written. */
  logDir: string;
}

export interface Stack extends StackInfo {
  stop(): Promise<void>;
}

/** The browser-facing origin of a store: `http://demo.localhost:<port>`. */
export function storeOrigin(info: Pick<StackInfo, 'webPort'>, tenant: string): string {
  return `http://${tenant}.localhost:${info.webPort}`;
}

export function distDir(): string {
  return process.env.WEB_DIST_DIR?.trim() || '.next';
}

/** A port the OS reports free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? ok(port) : fail(new Error('no free port'))));
    });
  });
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.next') || entry === 'e2e' || entry === 'test') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

const WEB_SOURCES = [
  'app',
  'components',
  'lib',
  'messages',
  'i18n',
  'public',
  'proxy.ts',
  'next.config.ts',
  'package.json',
];

/** Whether the web build in `WEB_DIST_DIR` is missing or older than a web source (or the SDK's output). */
export function webBuildIsStale(dir = distDir()): boolean {
  const buildId = join(webDir, dir, 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = Math.max(
    ...WEB_SOURCES.map((s) => newest(join(webDir, s))),
    newest(join(repoRoot, 'packages/sdk/dist')),
  );
  return sources > built;
}

function build(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  log(`node scripts/build.mjs ${args.join(' ')}`);
  const started = Date.now();
  // `next build` adds `<distDir>/types/**/*.ts` to tsconfig.json's `include` for a build directory it has not
  // seen; a test build must not leave that edit in the work tree.
  const tsconfig = join(webDir, 'tsconfig.json');
  const before = readFileSync(tsconfig, 'utf8');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (readFileSync(tsconfig, 'utf8') !== before) writeFileSync(tsconfig, before);
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n');
    throw new Error(`build ${args.join(' ')} failed (exit ${String(r.status ?? r.signal)}):\n${output}`);
  }
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Builds the SDK and API when stale, and the web app into `WEB_DIST_DIR` when stale (or when `force`). */
export function ensureBuilt({ force = false, log = noop }: { force?: boolean; log?: (line: string) => void } = {}) {
  if (!existsSync(join(repoRoot, 'apps/api/dist/main.js')) || !existsSync(join(repoRoot, 'packages/sdk/dist'))) {
    build(['--if-stale', 'sdk', 'api'], process.env, log);
  }
  if (force || webBuildIsStale()) build(['web'], { ...process.env, WEB_DIST_DIR: distDir() }, log);
}

function noop(): void {}

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}

async function probe(url: string, init: RequestInit = {}): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  } catch {
    return undefined;
  }
}

/** Polls `check` until it returns true, the child exits, or `timeoutMs` passes. */
async function waitFor(what: string, child: ChildProcess, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what}: the process exited (${String(child.exitCode ?? child.signalCode)}) before it was ready`,
      );
    }
    if (await check()) return;
    await sleep(500);
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
}

function startProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

/** Ends a process group: SIGTERM, then SIGKILL after `graceMs`. */
async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await Promise.race([exited, sleep(graceMs + 5000)]);
  clearTimeout(timer);
}

/** Environment without the service URLs: the API uses its embedded database and in-process broker. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL', 'AMQP_URL', 'NODE_ENV', 'PORT', 'HOST']) {
    delete env[k];
  }
  return env;
}

export interface StartOptions {
  /** Directory for `api.log` / `web.log` (created). Default: a new temporary directory. */
  logDir?: string;
  log?: (line: string) => void;
  /** Skip the staleness check and build step (the caller built). */
  skipBuild?: boolean;
}

/** Builds if needed, then starts the API and the web app; resolves when both answer. */
export async function startStack(options: StartOptions = {}): Promise<Stack> {
  const log = options.log ?? noop;
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'bazaar-e2e-logs-'));
  mkdirSync(logDir, { recursive: true });
  if (!options.skipBuild) ensureBuilt({ log });

  const [apiPort, webPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-e2e-data-'));
  const apiUrl = `http://${LOOPBACK}:${apiPort}`;
  const children: ChildProcess[] = [];

  // Should the runner exit without calling `stop()` (interrupted), the servers do not outlive it.
  const killAll = () => {
    for (const c of children) {
      if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) continue;
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    await Promise.all(children.map((c) => stopProcess(c)));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    log(`starting the API on ${apiUrl} (data in ${dataDir})`);
    const api = startProcess(
      [join(repoRoot, 'apps/api/dist/main.js')],
      repoRoot,
      {
        ...isolatedEnv(),
        PORT: String(apiPort),
        HOST: LOOPBACK,
        BAZAAR_DATA_DIR: dataDir,
        BAZAAR_DEMO: '1',
        PAYMENTS_TEST_PROVIDER: '1',
        WEB_PORT: String(webPort),
        // Every browser test logs in from 127.0.0.1; the defaults are sized for real clients.
        LOGIN_RATE_LIMIT: '100000',
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: process.env.E2E_API_LOG_LEVEL ?? 'info',
      },
      join(logDir, 'api.log'),
    );
    children.push(api);
    await waitFor('API /health', api, 120_000, async () => (await probe(`${apiUrl}/health`))?.ok === true);
    await waitFor('API demo catalog', api, 60_000, async () => {
      const r = await probe(`${apiUrl}/api/v1/products?limit=1`, { headers: { 'X-Tenant-ID': 'demo' } });
      if (!r?.ok) return false;
      const body = (await r.json()) as { items?: unknown[]; data?: unknown[] };
      return (body.items ?? body.data ?? []).length > 0;
    });

    // Pages and data cached by an earlier run name products of an earlier database (fresh ids every run):
    // `next start` keeps its route cache and fetch cache on disk, so start without them.
    for (const cache of ['server/route-cache', 'cache/fetch-cache']) {
      rmSync(join(webDir, distDir(), cache), { recursive: true, force: true });
    }
    log(`starting the web app (${distDir()}) on ${storeOrigin({ webPort }, 'demo')}`);
    const web = startProcess(
      // No `-H 127.0.0.1`: with an explicit host name, `next start` hangs on pages the proxy rewrites.
      [join(repoRoot, 'node_modules/next/dist/bin/next'), 'start', '-p', String(webPort)],
      webDir,
      {
        ...isolatedEnv(),
        NODE_ENV: 'production',
        API_URL: apiUrl,
        WEB_DEFAULT_TENANT: 'demo',
        WEB_PORT: String(webPort),
        WEB_DIST_DIR: distDir(),
        NEXT_TELEMETRY_DISABLED: '1',
      },
      join(logDir, 'web.log'),
    );
    children.push(web);
    await waitFor('web home page', web, 90_000, async () => {
      const r = await probe(`http://${LOOPBACK}:${webPort}/`, { headers: { Host: `demo.localhost:${webPort}` } });
      return r?.status === 200;
    });
    log('stack ready');
    return { apiUrl, webPort, logDir, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n(see the logs in ${logDir})`, { cause: err });
  }
}
