/**
 * Real PostgreSQL only: behaviour that needs a second connection holding a lock at the same time
 * (the embedded database runs one transaction at a time), and an unreachable server.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import { EventBus, OutboxRelay } from '../../src/platform/outbox/bus.js';
import { JobQueue } from '../../src/platform/outbox/jobs.js';
import { Scheduler } from '../../src/platform/outbox/scheduler.js';
import { startApp, testDatabase } from '../helpers.js';

const url = inject('databaseUrl');
if (!url) throw new Error('this file runs on the PostgreSQL tier only');

const log = pino({ level: 'silent' });
let database: Database;
let holder: pg.Client;

/** Holds `lock` in an open transaction on another connection until `release()` is called. */
async function holdLock(lock: string): Promise<() => Promise<void>> {
  await holder.query('begin');
  await holder.query('select pg_advisory_xact_lock(hashtext($1))', [lock]);
  return async () => {
    await holder.query('commit');
  };
}

beforeAll(async () => {
  database = await testDatabase();
  holder = new pg.Client({ connectionString: url });
  await holder.connect();
});

afterAll(async () => {
  await holder.end();
});

describe('one active relay', () => {
  it('relays nothing while another process holds the relay, then relays', async () => {
    const jobs = new JobQueue(database, log);
    const bus = new EventBus(jobs);
    const relay = new OutboxRelay(database, bus.inProcessTransport(), log);
    const id = newId();
    await database.db.execute(
      sql`insert into outbox (id, type, aggregate_type, aggregate_id, payload) values (${id}, 'test.locked.v1', 'x', '1', '{}')`,
    );
    const release = await holdLock('bazaar.relay');
    try {
      expect(await relay.relayBatch()).toBe(0);
    } finally {
      await release();
    }
    let moved = 0;
    for (let i = 0; i < 50 && moved === 0; i++) moved = await relay.relayBatch();
    expect(moved).toBeGreaterThan(0);
  });
});

describe('scheduler', () => {
  it('skips a task another process is running', async () => {
    const name = `locked-${newId().slice(-8)}`;
    const scheduler = new Scheduler(database, new JobQueue(database, log));
    scheduler.every({ name, intervalMs: 60_000, job: 'test.never' });
    const release = await holdLock(`bazaar.scheduler:${name}`);
    try {
      expect(await scheduler.tick()).toEqual([]);
    } finally {
      await release();
    }
    expect(await scheduler.tick()).toEqual([name]);
  });
});

describe('an unreachable database', () => {
  it('answers 503 dependency_unavailable with Retry-After, and /ready names the database without details', async () => {
    const dead = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/nowhere', poolSize: 1 });
    const t = await startApp({}, { database: dead });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/store', headers: { 'x-tenant-id': 'demo' } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'dependency_unavailable' });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nowhere/);
      const ready = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ failing: ['database'], checks: { database: { status: 'down' } } });
      expect(ready.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nowhere/);
    } finally {
      await t.close();
      await dead.close();
    }
  });
});
