import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../errors.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

const req = (url: string) => ({ url }) as FastifyRequest;
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
const opts = { keyOf: (r: { id: number }) => [r.id], map: (r: { id: number }) => r.id };

describe('cursors', () => {
  it('round-trip and refuse anything this API did not issue', () => {
    const c = { k: ['01900000-0000-7000-8000-000000000001', 5], d: 'n' as const };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    for (const bad of [
      'not-base64-json',
      Buffer.from('{"k":1,"d":"n"}').toString('base64url'),
      Buffer.from('{"k":[{}],"d":"n"}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(BadRequest);
    }
  });
});

describe('toPage', () => {
  it('links forward only when there is more, and back once past the first page', () => {
    const first = toPage(req('/x?limit=2'), rows(1, 3), { ...opts, limit: 2, cursor: null });
    expect(first.data).toEqual([1, 2]);
    expect(first.links.prev).toBeNull();
    expect(first.links.next).toMatch(/^\/x\?limit=2&cursor=|^\/x\?cursor=/);
    const next = decodeCursor(new URL(first.links.next ?? '', 'http://x').searchParams.get('cursor') ?? undefined);
    expect(next).toEqual({ k: [2], d: 'n' });

    const last = toPage(req('/x'), rows(3, 1), { ...opts, limit: 2, cursor: { k: [2], d: 'n' } });
    expect(last.data).toEqual([3]);
    expect(last.links.next).toBeNull();
    expect(decodeCursor(new URL(last.links.prev ?? '', 'http://x').searchParams.get('cursor') ?? undefined)).toEqual({
      k: [3],
      d: 'p',
    });
  });

  it('restores ascending order for a backwards page', () => {
    // Rows fetched newest-first before the cursor, one extra meaning there is an earlier page.
    const page = toPage(req('/x'), [{ id: 4 }, { id: 3 }, { id: 2 }], {
      ...opts,
      limit: 2,
      cursor: { k: [5], d: 'p' },
    });
    expect(page.data).toEqual([3, 4]);
    expect(page.links.prev).not.toBeNull();
    expect(page.links.next).not.toBeNull();
  });
});
