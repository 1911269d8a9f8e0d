/**
 * The outbox, the job queue and the scheduler on the real database. A "process" here is a fresh set
 * of queue, bus, relay and scheduler objects over the same database, as a restarted or second
 * replica would have.
 */
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/platform/db/client.js';
import { createUnitOfWork } from '../../src/platform/db/unit-of-work.js';
import { systemContext, type RequestContext } from '../../src/platform/context.js';
import { newId } from '../../src/platform/ids.js';
import { EventBus, OutboxRelay } from '../../src/platform/outbox/bus.js';
import type { DomainEvent } from '../../src/platform/outbox/events.js';
import { JobQueue } from '../../src/platform/outbox/jobs.js';
import { Scheduler } from '../../src/platform/outbox/scheduler.js';
import { testDatabase } from '../helpers.js';

const log = pino({ level: 'silent' });
let database: Database;
let tenantId: string;

function processOf(db: Database) {
  const jobs = new JobQueue(db, log);
  const bus = new EventBus(jobs);
  const relay = new OutboxRelay(db, bus.inProcessTransport(), log);
  return { jobs, bus, relay, scheduler: new Scheduler(db, jobs) };
}

/** Relays and runs until nothing is left that is ready. */
async function drain(p: ReturnType<typeof processOf>) {
  for (let i = 0; i < 50; i++) {
    const moved = await p.relay.relayBatch();
    const ran = await p.jobs.runReady();
    if (moved === 0 && ran === 0) return;
  }
}

/**
 * Drains until `done()` holds. Other processes may be relaying the same database at the same time
 * (one relay is active at once), so a single pass can find nothing to do yet.
 */
async function drainUntil(p: ReturnType<typeof processOf>, done: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) {
      const jobs = rowsOf(
        await database.db.execute(
          sql`select name, status, attempts, last_error, ordering_key from jobs where name like 'event:test.%' order by seq`,
        ),
      );
      throw new Error(`timed out waiting for the background work; jobs: ${JSON.stringify(jobs).slice(0, 2000)}`);
    }
    await drain(p);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ctx = (): RequestContext => systemContext({ id: tenantId }, `req-${newId()}`);

beforeAll(async () => {
  database = await testDatabase();
  tenantId = newId();
  await database.db.execute(
    sql`insert into tenants (id, slug, name, default_currency, default_locale, locales) values (${tenantId}, ${`outbox-${tenantId.slice(-12)}`}, 'Outbox', 'USD', 'en', '{en}')`,
  );
});

describe('outbox', () => {
  it('delivers a committed event once to each handler, also across a relay restart and a redelivery', async () => {
    const type = `test.thing_${newId().slice(-8)}.v1`;
    const seen: Record<string, string[]> = { a: [], b: [] };
    const subscribe = (p: ReturnType<typeof processOf>) => {
      p.bus.subscribe(type, `${type}:a`, async (_c, e) => void seen.a?.push(e.id));
      p.bus.subscribe(type, `${type}:b`, async (_c, e) => void seen.b?.push(e.id));
    };
    const first = processOf(database);
    subscribe(first);
    // As the runtime does at start-up: a subscription counts from when it is recorded.
    await first.bus.syncSubscriptions(database.db);
    const uow = createUnitOfWork(database);
    const ids = await uow(ctx(), async (tx) => [
      await first.bus.publish(tx, { type, aggregateType: 'thing', aggregateId: '1', payload: { n: 1 } }),
      await first.bus.publish(tx, { type, aggregateType: 'thing', aggregateId: '2', payload: { n: 2 } }),
    ]);
    // The events are relayed (by this process or another), then the first process "crashes"
    // before running any handler.
    const published = async () =>
      rowsOf(
        await database.db.execute(
          sql`select 1 from outbox where id in (${ids[0]}, ${ids[1]}) and published_at is not null`,
        ),
      ).length === 2;
    while (!(await published())) {
      await first.relay.relayBatch();
      await new Promise((r) => setTimeout(r, 20));
    }

    const second = processOf(database);
    subscribe(second);
    await drainUntil(second, () => seen.a?.length === 2 && seen.b?.length === 2);
    expect(seen.a?.sort()).toEqual([...ids].sort());
    expect(seen.b?.sort()).toEqual([...ids].sort());

    // The transport delivers one event again (at-least-once): the handlers change nothing.
    const [row] = rowsOf<DomainEvent>(
      await database.db.execute(
        sql`select id, type, tenant_id as "tenantId", aggregate_type as "aggregateType", aggregate_id as "aggregateId", payload, metadata from outbox where id = ${ids[0]}`,
      ),
    );
    await database.db.transaction((tx) => second.bus.inProcessTransport().deliver(tx, [row as DomainEvent]));
    const redelivered = async () =>
      rowsOf(await database.db.execute(sql`select 1 from jobs where name like ${`event:${type}:%`}`));
    await drainUntil(second, async () => (await redelivered()).length === 0);
    expect(seen.a).toHaveLength(2);
    expect(seen.b).toHaveLength(2);
  });

  it('fans an event out to every subscribed handler, also one the relaying process does not run', async () => {
    const type = `test.rolling_${newId().slice(-8)}.v1`;
    const newer = processOf(database);
    const seen: string[] = [];
    newer.bus.subscribe(type, `${type}:new-handler`, async (_c, e) => void seen.push(e.id));
    await newer.bus.syncSubscriptions(database.db);
    // An older process, without that handler, publishes and relays.
    const older = processOf(database);
    const id = await createUnitOfWork(database)(ctx(), (tx) =>
      older.bus.publish(tx, { type, aggregateType: 'thing', aggregateId: '1', payload: {} }),
    );
    await drainUntil(
      older,
      async () =>
        rowsOf(await database.db.execute(sql`select 1 from outbox where id = ${id} and published_at is not null`))
          .length === 1,
    );
    expect(seen).toEqual([]);
    await drainUntil(newer, () => seen.length === 1);
    expect(seen).toEqual([id]);
  });

  it('relays nothing from a transaction that rolled back', async () => {
    const type = `test.rolled_${newId().slice(-8)}.v1`;
    const p = processOf(database);
    const seen: string[] = [];
    p.bus.subscribe(type, `${type}:h`, async (_c, e) => void seen.push(e.id));
    await p.bus.syncSubscriptions(database.db);
    const uow = createUnitOfWork(database);
    await expect(
      uow(ctx(), async (tx) => {
        await p.bus.publish(tx, { type, aggregateType: 'thing', aggregateId: 'x', payload: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await drain(p);
    expect(seen).toEqual([]);
    expect(rowsOf(await database.db.execute(sql`select 1 from outbox where type = ${type}`))).toEqual([]);
  });

  it('runs tenant handlers as the app role inside the event tenant, and commits their writes with the event record', async () => {
    const type = `test.scoped_${newId().slice(-8)}.v1`;
    const p = processOf(database);
    const observed: Array<{ user: string; tenant: string }> = [];
    p.bus.subscribe(type, `${type}:h`, async (c) => {
      const [r] = rowsOf<{ user: string; tenant: string }>(
        await c.tx.execute(sql`select current_user as user, current_setting('app.tenant_id', true) as tenant`),
      );
      if (r) observed.push(r);
    });
    await p.bus.syncSubscriptions(database.db);
    await createUnitOfWork(database)(ctx(), (tx) =>
      p.bus.publish(tx, { type, aggregateType: 't', aggregateId: '1', payload: {} }),
    );
    await drainUntil(p, () => observed.length === 1);
    expect(observed).toEqual([{ user: 'bazaar_app', tenant: tenantId }]);
  });

  it('keeps events of one aggregate in order per handler, holding later ones while an earlier one is retried', async () => {
    const type = `test.ordered_${newId().slice(-8)}.v1`;
    const p = processOf(database);
    const calls: number[] = [];
    let failOnce = true;
    p.bus.subscribe<{ n: number }>(type, `${type}:h`, async (_c, e) => {
      calls.push(e.payload.n);
      if (e.payload.n === 1 && failOnce) {
        failOnce = false;
        throw new Error('first delivery fails');
      }
    });
    await p.bus.syncSubscriptions(database.db);
    const uow = createUnitOfWork(database);
    for (const n of [1, 2, 3]) {
      await uow(ctx(), (tx) => p.bus.publish(tx, { type, aggregateType: 'order', aggregateId: 'A', payload: { n } }));
    }
    await drainUntil(p, () => calls.length >= 1);
    // All three are relayed; event 1 failed and waits for its backoff; 2 and 3 must not overtake it.
    await drainUntil(
      p,
      async () =>
        rowsOf(await database.db.execute(sql`select 1 from jobs where name = ${`event:${type}:h`}`)).length === 3,
    );
    await drain(p);
    expect(calls).toEqual([1]);
    await database.db.execute(sql`update jobs set run_at = now() where name = ${`event:${type}:h`}`);
    await drainUntil(p, () => calls.length === 4);
    expect(calls).toEqual([1, 1, 2, 3]);
  });
});

describe('job queue', () => {
  it('retries with backoff, then moves the job to the dead list, from where it can be retried', async () => {
    const name = `test.always_fails_${newId().slice(-8)}`;
    const p = processOf(database);
    let runs = 0;
    let succeed = false;
    p.jobs.register(name, {
      runAs: 'system',
      maxAttempts: 3,
      handler: async () => {
        runs += 1;
        if (!succeed) throw new Error(`failure ${runs}`);
      },
    });
    const id = await p.jobs.enqueue(database.db, { name });
    for (let i = 0; i < 3; i++) {
      await p.jobs.runReady();
      const [job] = rowsOf<{ status: string; run_at: Date | string; attempts: number }>(
        await database.db.execute(sql`select status, run_at, attempts from jobs where id = ${id}`),
      );
      expect(job?.attempts).toBe(i + 1);
      if (i < 2) {
        expect(job?.status).toBe('pending');
        expect(new Date(job?.run_at ?? 0).getTime()).toBeGreaterThan(Date.now());
        await database.db.execute(sql`update jobs set run_at = now() where id = ${id}`);
      } else {
        expect(job?.status).toBe('dead');
      }
    }
    expect(runs).toBe(3);
    const dead = await p.jobs.listDead();
    expect(dead.find((d) => d.id === id)).toMatchObject({ name, attempts: 3, lastError: 'failure 3' });
    succeed = true;
    expect(await p.jobs.retryDead(id)).toBe(true);
    await p.jobs.runReady();
    expect(rowsOf(await database.db.execute(sql`select 1 from jobs where id = ${id}`))).toEqual([]);
  });

  it('leaves alone jobs it has no handler for (an older worker during a rolling deploy)', async () => {
    const p = processOf(database);
    p.jobs.register(`test.known_${newId().slice(-8)}`, { runAs: 'system', handler: async () => undefined });
    const id = await p.jobs.enqueue(database.db, { name: `test.newer_${newId().slice(-8)}` });
    await p.jobs.runReady(100);
    expect(rowsOf(await database.db.execute(sql`select status, attempts from jobs where id = ${id}`))).toEqual([
      { status: 'pending', attempts: 0 },
    ]);
  });

  it('lets another runner take over a job whose runner died mid-flight', async () => {
    const name = `test.takeover_${newId().slice(-8)}`;
    const p = processOf(database);
    let ran = 0;
    p.jobs.register(name, { runAs: 'system', handler: async () => void (ran += 1) });
    const id = await p.jobs.enqueue(database.db, { name });
    // A runner claimed it and vanished: the lease is still held, so nobody else may run it yet.
    await database.db.execute(
      sql`update jobs set status = 'running', attempts = 1, locked_until = now() + interval '1 minute' where id = ${id}`,
    );
    await p.jobs.runReady();
    expect(ran).toBe(0);
    await database.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`);
    await p.jobs.runReady();
    expect(ran).toBe(1);
  });

  it('rolls back the job handler writes and keeps the job when the handler fails', async () => {
    const name = `test.rollback_${newId().slice(-8)}`;
    const marker = `marker-${newId()}`;
    const p = processOf(database);
    p.jobs.register(name, {
      runAs: 'system',
      handler: async (c) => {
        await c.tx.execute(
          sql`insert into scheduled_tasks (name, interval_ms, next_run_at) values (${marker}, 1, now())`,
        );
        throw new Error('after the write');
      },
    });
    const id = await p.jobs.enqueue(database.db, { name });
    await p.jobs.runReady();
    expect(rowsOf(await database.db.execute(sql`select 1 from scheduled_tasks where name = ${marker}`))).toEqual([]);
    expect(rowsOf(await database.db.execute(sql`select status from jobs where id = ${id}`))).toEqual([
      { status: 'pending' },
    ]);
  });
});

describe('scheduler', () => {
  it('runs a task once per interval however many processes tick', async () => {
    const job = `test.tick_${newId().slice(-8)}`;
    const name = `every-${newId().slice(-8)}`;
    const processes = [processOf(database), processOf(database), processOf(database)];
    for (const p of processes) p.scheduler.every({ name, intervalMs: 60_000, job });
    const ran = await Promise.all(processes.map((p) => p.scheduler.tick()));
    expect(ran.flat().filter((n) => n === name)).toHaveLength(1);
    expect(rowsOf(await database.db.execute(sql`select 1 from jobs where name = ${job}`))).toHaveLength(1);
    // Within the interval, nobody runs it again.
    const again = await Promise.all(processes.map((p) => p.scheduler.tick()));
    expect(again.flat()).not.toContain(name);
    // Once due, exactly one does.
    await database.db.execute(sql`update scheduled_tasks set next_run_at = now() where name = ${name}`);
    const due = await Promise.all(processes.map((p) => p.scheduler.tick()));
    expect(due.flat().filter((n) => n === name)).toHaveLength(1);
  });
});
