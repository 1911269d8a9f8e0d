import { describe, expect, it } from 'vitest';
import type { NotificationHub } from '../../platform/db/notifications.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { createOrderStreams, sseEvent, type StreamSink } from './orders.stream.js';

/** A hub that never delivers: these tests are about the streams' own bookkeeping. */
function quietHub(): NotificationHub & { subscriptions: number; stopped: number } {
  const hub = {
    subscriptions: 0,
    stopped: 0,
    async subscribe() {
      hub.subscriptions++;
      return async () => {
        hub.stopped++;
      };
    },
    async close() {},
  };
  return hub;
}

const noUow: UnitOfWork = () => Promise.reject(new Error('no database in this test'));

function sink(): StreamSink & { chunks: string[]; ended: boolean } {
  const s = {
    chunks: [] as string[],
    ended: false,
    write(chunk: string) {
      s.chunks.push(chunk);
      return true;
    },
    end() {
      s.ended = true;
    },
  };
  return s;
}

describe('order streams', () => {
  it('formats server-sent events', () => {
    expect(sseEvent('status', { a: 1 }, 'e1')).toBe('id: e1\nevent: status\ndata: {"a":1}\n\n');
    expect(sseEvent('status', { a: 1 })).toBe('event: status\ndata: {"a":1}\n\n');
  });

  it('listens once, sends heartbeats to open streams, and ends them on close', async () => {
    const hub = quietHub();
    const streams = createOrderStreams({ uow: noUow, hub, heartbeatMs: 20 });
    const a = sink();
    const b = sink();
    const stopA = await streams.follow('t1', 'o1', a);
    await streams.follow('t1', 'o2', b);
    expect(hub.subscriptions).toBe(1);
    expect(streams.size()).toBe(2);
    await new Promise((r) => setTimeout(r, 70));
    expect(a.chunks.filter((c) => c === ': heartbeat\n\n').length).toBeGreaterThanOrEqual(2);
    stopA();
    expect(streams.size()).toBe(1);
    const before = a.chunks.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(a.chunks.length).toBe(before);
    await streams.close();
    expect(b.ended).toBe(true);
    expect(a.ended).toBe(false);
    expect(hub.stopped).toBe(1);
    expect(streams.size()).toBe(0);
  });
});
