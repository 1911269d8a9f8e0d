#!/usr/bin/env node
// `npm start`: the API (http://localhost:4000) and the web app (http://localhost:3000) side by
// side, on the embedded database with demo data unless DATABASE_URL says otherwise. The web app is
// started (and built, if it never was) without holding up the API. `--dev` runs both in watch mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dev = process.argv.includes('--dev');
const env = { ...process.env };
const webPort = env.WEB_PORT || '3000';
const apiPort = env.PORT || '4000';
env.API_URL ||= `http://127.0.0.1:${apiPort}`;
// The web app forwards shoppers' requests from this machine with their address in X-Forwarded-For; the
// API trusts it from here, so per-address limits (logins) apply per shopper, not to the web server.
env.TRUST_PROXY ||= '127.0.0.1,::1';

const children = new Set();
let stopping = false;

function run(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping) {
      if (children.size === 0) process.exit(0);
      return;
    }
    if (name === 'api') {
      process.stderr.write(`bazaar: the API exited (${signal ?? code}); stopping\n`);
      stop(code ?? 1);
    } else if (code !== 0) {
      process.stderr.write(`bazaar: ${name} exited (${signal ?? code}); the API keeps running\n`);
    }
  });
  return child;
}

function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  if (children.size === 0) process.exit(code);
  setTimeout(() => process.exit(code), 15_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const nextBin = join(root, 'node_modules/next/dist/bin/next');

if (dev) {
  run('api', process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', 'apps/api/src/main.ts']);
  run('web', process.execPath, [nextBin, 'dev', '-p', webPort], { cwd: join(root, 'apps/web') });
} else {
  if (!existsSync(join(root, 'apps/api/dist/main.js')) || !existsSync(join(root, 'packages/sdk/dist/index.js'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', 'sdk', 'api'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  run('api', process.execPath, ['apps/api/dist/main.js']);
  const startWeb = () =>
    run('web', process.execPath, [nextBin, 'start', '-p', webPort], { cwd: join(root, 'apps/web') });
  if (existsSync(join(root, 'apps/web/.next/BUILD_ID'))) {
    startWeb();
  } else {
    process.stdout.write('bazaar: building the web app (first start only)…\n');
    const build = run('web-build', process.execPath, ['scripts/build.mjs', 'web']);
    build.on('exit', (code) => code === 0 && !stopping && startWeb());
  }
}
