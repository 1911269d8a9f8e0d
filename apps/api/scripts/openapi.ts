/**
 * Writes the OpenAPI document of the routes to `docs/openapi.json` (or to the path given as the
 * first argument, for the drift check). Builds the app on an in-memory database; nothing is served.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig, repoRoot } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { createLogger } from '../src/platform/logging.js';
import { createRuntime } from '../src/runtime.js';

const out = resolve(process.argv[2] ?? join(repoRoot, 'docs/openapi.json'));
const dataDir = await mkdtemp(join(tmpdir(), 'bazaar-openapi-'));
const config = loadConfig({ BAZAAR_DATA_DIR: dataDir, BAZAAR_DEMO: '0', LOG_LEVEL: 'silent' });
const database = await openDatabase({});
const runtime = await createRuntime(config, createLogger('silent'), { database, migrate: false });
const app = await buildApp(runtime);
await app.ready();
await writeFile(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await runtime.close();
await database.close();
await rm(dataDir, { recursive: true, force: true });
process.stdout.write(`wrote ${out}\n`);
