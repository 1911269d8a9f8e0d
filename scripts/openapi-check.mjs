#!/usr/bin/env node
// `npm run openapi:check`: fails when docs/openapi.json or the SDK's generated types differ from
// what the routes produce now, or when Spectral (OpenAPI + OWASP rulesets) finds an error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'bazaar-openapi-'));
const bin = (name) => join(root, 'node_modules/.bin', name);
let failed = false;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited with ${r.status}`);
}

function same(generated, committed, what) {
  const a = readFileSync(generated, 'utf8');
  let b = '';
  try {
    b = readFileSync(join(root, committed), 'utf8');
  } catch {
    // missing counts as different
  }
  if (a === b) {
    process.stdout.write(`${committed}: up to date\n`);
    return;
  }
  failed = true;
  process.stderr.write(`${committed} differs from ${what}. Run \`npm run openapi\` and commit the result.\n`);
}

try {
  const doc = join(tmp, 'openapi.json');
  run(bin('tsx'), ['apps/api/scripts/openapi.ts', doc], { stdio: ['ignore', 'ignore', 'inherit'] });
  same(doc, 'docs/openapi.json', 'the routes');
  const types = join(tmp, 'schema.ts');
  run(bin('openapi-typescript'), [doc, '-o', types], { stdio: ['ignore', 'ignore', 'inherit'] });
  same(types, 'packages/sdk/src/schema.ts', 'the contract');
  run(bin('spectral'), [
    'lint',
    'docs/openapi.json',
    '--ruleset',
    '.spectral.yaml',
    '--fail-severity',
    'error',
    '--display-only-failures',
  ]);
  process.stdout.write('spectral: no errors\n');
} catch (err) {
  failed = true;
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
