/**
 * A durable job queue in PostgreSQL: retries with exponential backoff, a dead-job list, one-at-a-time
 * ordering for jobs that share an ordering key, and leases so a crashed runner's jobs are picked up
 * again. Any number of processes may run it against one database (`FOR UPDATE SKIP LOCKED`).
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import { enterTenantScope } from '../db/unit-of-work.js';
import { systemContext, type TxContext } from '../context.js';
import { newId } from '../ids.js';
import { jobs } from './outbox.tables.js';

export interface JobDefinition<P = unknown> {
  /**
   * `tenant`: the handler runs as the app role inside the job's tenant (row-level security applies).
   * `system`: the handler runs as the connection's own role, for work that spans tenants.
   */
  runAs: 'tenant' | 'system';
  maxAttempts?: number;
  handler: (ctx: TxContext, payload: P, job: JobInfo) => Promise<void>;
}

export interface JobInfo {
  id: string;
  name: string;
  attempt: number;
}

export interface NewJob {
  name: string;
  tenantId?: string | null;
  payload?: unknown;
  orderingKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

interface JobRow {
  id: string;
  name: string;
  tenant_id: string | null;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface DeadJob {
  id: string;
  name: string;
  tenantId: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/** Delay before attempt `n + 1`: 1 s, 2 s, 4 s … capped at one hour, with ±20 % jitter. */
export function backoffMs(attempts: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const LEASE_MS = 60_000;

export class JobQueue {
  readonly #definitions = new Map<string, JobDefinition<never>>();

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  /** The job names this process can run. */
  registeredNames(): string[] {
    return [...this.#definitions.keys()];
  }

  register<P>(name: string, def: JobDefinition<P>): void {
    if (this.#definitions.has(name)) throw new Error(`job ${name} is already registered`);
    this.#definitions.set(name, def);
  }

  /** Adds a job; pass the caller's transaction so it is enqueued only if that commits. */
  async enqueue(q: Queryable, job: NewJob): Promise<string> {
    const id = newId();
    await q.insert(jobs).values({
      id,
      name: job.name,
      tenantId: job.tenantId ?? null,
      payload: job.payload ?? {},
      orderingKey: job.orderingKey ?? null,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? this.#definitions.get(job.name)?.maxAttempts ?? 8,
    });
    return id;
  }

  /** Claims and runs up to `limit` ready jobs; returns how many it ran (successfully or not). */
  async runReady(limit = 10): Promise<number> {
    const claimed = await this.#claim(limit);
    for (const row of claimed) await this.#run(row);
    return claimed.length;
  }

  async #claim(limit: number): Promise<JobRow[]> {
    // Only jobs this process can run: during a rolling deploy an older worker leaves a newer job
    // type alone instead of failing it.
    const names = [...this.#definitions.keys()];
    if (names.length === 0) return [];
    const result = await this.database.db.execute(sql`
      update jobs set status = 'running', attempts = attempts + 1,
        locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval, updated_at = now()
      where id in (
        select j.id from jobs j
        where j.name in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )})
          and ((j.status = 'pending' and j.run_at <= now())
           or (j.status = 'running' and j.locked_until < now()))
          and not exists (
          select 1 from jobs e
          where j.ordering_key is not null and e.ordering_key = j.ordering_key
            and e.seq < j.seq and e.status in ('pending', 'running')
        )
        order by j.seq
        limit ${limit}
        for update skip locked
      )
      returning id, name, tenant_id, payload, attempts, max_attempts`);
    return rowsOf<JobRow>(result).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async #run(row: JobRow): Promise<void> {
    const def = this.#definitions.get(row.name);
    try {
      if (!def) throw new Error(`no handler is registered for job ${row.name}`);
      await this.database.db.transaction(async (tx) => {
        // Finishing the job commits with the handler's own writes: done exactly when they are.
        const owned = rowsOf(
          await tx.execute(
            sql`delete from jobs where id = ${row.id} and status = 'running' and attempts = ${row.attempts} returning id`,
          ),
        );
        if (owned.length === 0) return; // the lease expired and another runner took the job
        const ctx = {
          ...systemContext(row.tenant_id ? { id: row.tenant_id } : null, `job:${row.id}`),
          tx,
          afterCommit: [],
        };
        if (def.runAs === 'tenant') await enterTenantScope(tx, row.tenant_id, null);
        await def.handler(ctx, row.payload as never, { id: row.id, name: row.name, attempt: row.attempts });
      });
    } catch (err) {
      const dead = row.attempts >= row.max_attempts;
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ err, jobId: row.id, job: row.name, attempt: row.attempts, dead }, 'job failed');
      await this.database.db.execute(sql`
        update jobs set status = ${dead ? 'dead' : 'pending'}, locked_until = null, updated_at = now(),
          last_error = ${message.slice(0, 2000)},
          run_at = now() + ${`${backoffMs(row.attempts)} milliseconds`}::interval
        where id = ${row.id} and attempts = ${row.attempts}`);
    }
  }

  /** The dead-job list: jobs that failed `maxAttempts` times, newest first. */
  async listDead(limit = 100): Promise<DeadJob[]> {
    const result = await this.database.db.execute(sql`
      select id, name, tenant_id, attempts, last_error, updated_at from jobs
      where status = 'dead' order by updated_at desc limit ${limit}`);
    return rowsOf<{
      id: string;
      name: string;
      tenant_id: string | null;
      attempts: number;
      last_error: string | null;
      updated_at: Date | string;
    }>(result).map((r) => ({
      id: r.id,
      name: r.name,
      tenantId: r.tenant_id,
      attempts: r.attempts,
      lastError: r.last_error,
      updatedAt: new Date(r.updated_at),
    }));
  }

  /** Puts a dead job back in the queue with a fresh set of attempts. */
  async retryDead(id: string): Promise<boolean> {
    const result = await this.database.db.execute(sql`
      update jobs set status = 'pending', attempts = 0, run_at = now(), last_error = null, updated_at = now()
      where id = ${id} and status = 'dead' returning id`);
    return rowsOf(result).length > 0;
  }
}
