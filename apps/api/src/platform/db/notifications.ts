/**
 * Database notifications (`NOTIFY` / `pg_notify`) fanned out inside one process. Every replica
 * that serves live streams listens on the shared database, so a change committed through any of
 * them reaches the streams open on all of them. One LISTEN per channel per process, opened with the
 * first subscriber and closed with the last; payloads are JSON.
 */
import type { Logger } from 'pino';
import type { Database } from './client.js';

export type NotificationHandler<P> = (payload: P) => void;

export interface NotificationHub {
  /** Calls `fn` with each parsed payload on `channel` until the returned function is called. */
  subscribe<P>(channel: string, fn: NotificationHandler<P>): Promise<() => Promise<void>>;
  /** Stops every subscription (the app is closing). */
  close(): Promise<void>;
}

interface Channel {
  handlers: Set<NotificationHandler<unknown>>;
  /** Resolves to the database subscription's stop function once LISTEN has run. */
  listening: Promise<() => Promise<void>>;
}

export function createNotificationHub(database: Database, log?: Logger): NotificationHub {
  const channels = new Map<string, Channel>();
  let closed = false;

  const dispatch = (channel: string, raw: string) => {
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      log?.warn({ channel }, 'ignored a notification that is not JSON');
      return;
    }
    for (const fn of channels.get(channel)?.handlers ?? []) {
      try {
        fn(payload);
      } catch (err) {
        log?.warn({ err, channel }, 'a notification handler failed');
      }
    }
  };

  async function stop(channel: string, entry: Channel): Promise<void> {
    if (channels.get(channel) !== entry) return;
    channels.delete(channel);
    const unlisten = await entry.listening.catch(() => undefined);
    await unlisten?.();
  }

  return {
    async subscribe<P>(channel: string, fn: NotificationHandler<P>) {
      if (closed) throw new Error('the notification hub is closed');
      const handler = fn as NotificationHandler<unknown>;
      let entry = channels.get(channel);
      if (!entry) {
        const listening = database.listen
          ? database.listen(channel, (raw) => dispatch(channel, raw))
          : Promise.resolve(async () => undefined);
        if (!database.listen)
          log?.warn(
            { channel },
            'this database cannot deliver notifications; live streams only send their first event',
          );
        entry = { handlers: new Set(), listening };
        channels.set(channel, entry);
      }
      entry.handlers.add(handler);
      const current = entry;
      try {
        await current.listening;
      } catch (err) {
        current.handlers.delete(handler);
        await stop(channel, current);
        throw err;
      }
      return async () => {
        current.handlers.delete(handler);
        if (current.handlers.size === 0) await stop(channel, current);
      };
    },
    async close() {
      closed = true;
      const all = [...channels.entries()];
      await Promise.all(all.map(([channel, entry]) => stop(channel, entry)));
    },
  };
}
