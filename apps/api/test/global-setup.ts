/**
 * Prepares the database tier once per run. With `DATABASE_URL` (real PostgreSQL): a fresh database
 * on that server, migrated, dropped afterwards. Without: a migrated PGlite snapshot that every test
 * file starts its own in-process database from.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/client.js';
import { migrate } from '../src/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database for this run, or null on the embedded tier. */
    databaseUrl: string | null;
    /** The migrated PGlite snapshot file, or null on the PostgreSQL tier. */
    pgliteSnapshot: string | null;
    /**
     * One object-storage directory for every test app of the run: on PostgreSQL any file's job
     * runner may take another's job (an import reading its uploaded file), as replicas sharing a
     * bucket would.
     */
    sharedObjects: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const objects = await mkdtemp(join(tmpdir(), 'bazaar-test-objects-'));
  project.provide('sharedObjects', objects);
  const removeObjects = () => rm(objects, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (serverUrl) {
    const name = `bazaar_test_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), poolSize: 1 });
    await migrate(database);
    await database.close();
    project.provide('databaseUrl', url.toString());
    project.provide('pgliteSnapshot', null);
    return async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await removeObjects();
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'bazaar-test-'));
  const database = await openDatabase({});
  await migrate(database);
  const snapshot = join(dir, 'migrated.tar.gz');
  const dump = await dumpOf(database);
  await writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('databaseUrl', null);
  project.provide('pgliteSnapshot', snapshot);
  return async () => {
    await rm(dir, { recursive: true, force: true });
    await removeObjects();
  };
}

async function dumpOf(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Blob> {
  if (!database.dumpDataDir) throw new Error('the embedded database cannot be dumped');
  return database.dumpDataDir();
}
