#!/usr/bin/env node
// Builds the SDK, the API and the web app. `--if-stale` (run after `npm install`) skips a package
// whose output is newer than every one of its sources, so a repeated install costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifStale = process.argv.includes('--if-stale');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

const packages = [
  { name: '@bazaar/sdk', dir: 'packages/sdk', sources: ['src', 'package.json'], output: 'dist/index.js' },
  { name: '@bazaar/api', dir: 'apps/api', sources: ['src', 'drizzle', 'package.json'], output: 'dist/main.js' },
  {
    name: '@bazaar/web',
    dir: 'apps/web',
    sources: ['app', 'components', 'lib', 'i18n', 'messages', 'public', 'proxy.ts', 'next.config.ts', 'package.json'],
    output: '.next/BUILD_ID',
  },
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

for (const pkg of packages) {
  if (only.length > 0 && !only.some((o) => pkg.dir.endsWith(o) || pkg.name.endsWith(o))) continue;
  const out = join(root, pkg.dir, pkg.output);
  if (ifStale && existsSync(out)) {
    const built = statSync(out).mtimeMs;
    const src = Math.max(...pkg.sources.map((s) => newest(join(root, pkg.dir, s))));
    if (built >= src) continue;
  }
  process.stdout.write(`building ${pkg.name}\n`);
  const r = spawnSync('npm', ['run', 'build', '-w', pkg.name], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
