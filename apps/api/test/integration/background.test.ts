/**
 * The background machinery of a real runtime (relay, job runner, scheduler) running its own
 * scheduled platform jobs to completion on this tier's database, as the API process does.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/ids.js';
import { useApp } from '../helpers.js';

describe('background work in a running app', () => {
  const t = useApp();

  it('runs the idempotency purge on schedule and stays responsive', async () => {
    const db = t.runtime.database.db;
    const expired = newId();
    await db.execute(sql`
      insert into idempotency_keys (id, caller, route, key, fingerprint, status, locked_until, expires_at)
      values (${expired}, 'ip:127.0.0.1', 'POST /x', ${`k-${expired}`}, 'f', 'done', now(), now() - interval '1 minute')`);
    await db.execute(sql`update scheduled_tasks set next_run_at = now() where name = 'idempotency-purge'`);
    t.runtime.background.start();
    try {
      const deadline = Date.now() + 20_000;
      let remaining = 1;
      // The runner's own timer ticks the scheduler (every 5 s); nothing here drives it by hand.
      while (remaining > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        remaining = rowsOf(await db.execute(sql`select 1 from idempotency_keys where id = ${expired}`)).length;
      }
      const jobs = rowsOf(
        await db.execute(
          sql`select name, status, attempts, last_error from jobs where name = 'platform.idempotency.purge'`,
        ),
      );
      expect({ remaining, jobs }).toEqual({ remaining: 0, jobs: [] });
      const ready = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
    } finally {
      await t.runtime.background.stop();
    }
  });
});
