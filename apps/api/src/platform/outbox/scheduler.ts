/**
 * Recurring tasks that run once per interval however many processes run the scheduler: each due
 * task is claimed under a PostgreSQL advisory lock and turned into a job, so retries and the
 * dead-job list apply to it like any other job.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import type { JobQueue } from './jobs.js';

export interface ScheduledTask {
  name: string;
  intervalMs: number;
  /** The job enqueued each time the task is due. */
  job: string;
  payload?: unknown;
}

export class Scheduler {
  readonly #tasks = new Map<string, ScheduledTask>();

  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
  ) {}

  every(task: ScheduledTask): void {
    this.#tasks.set(task.name, task);
  }

  /** Enqueues every due task once; returns the names it enqueued. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of this.#tasks.values()) {
      const claimed = await this.database.db.transaction(async (tx) => {
        const [lock] = rowsOf<{ locked: boolean }>(
          await tx.execute(
            sql`select pg_try_advisory_xact_lock(hashtext(${`bazaar.scheduler:${task.name}`})) as locked`,
          ),
        );
        if (!lock?.locked) return false;
        await tx.execute(sql`
          insert into scheduled_tasks (name, interval_ms, next_run_at) values (${task.name}, ${task.intervalMs}, now())
          on conflict (name) do update set interval_ms = excluded.interval_ms`);
        const due = rowsOf(
          await tx.execute(sql`
            update scheduled_tasks set last_run_at = now(),
              next_run_at = now() + ${`${task.intervalMs} milliseconds`}::interval
            where name = ${task.name} and next_run_at <= now() returning name`),
        );
        if (due.length === 0) return false;
        await this.queue.enqueue(tx, {
          name: task.job,
          payload: task.payload ?? {},
          orderingKey: `schedule:${task.name}`,
        });
        return true;
      });
      if (claimed) ran.push(task.name);
    }
    return ran;
  }
}
