import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiiKeyError, createPiiCipher, loadPiiCipher } from './pii.js';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('PII cipher', () => {
  it('round-trips text, never stores the plaintext, and uses a fresh IV each time', () => {
    const pii = createPiiCipher([key('k1')]);
    const a = pii.encrypt('shopper@example.test', 'users.email:t1');
    const b = pii.encrypt('shopper@example.test', 'users.email:t1');
    expect(a).not.toContain('shopper');
    expect(a).not.toBe(b);
    expect(pii.decrypt(a, 'users.email:t1')).toBe('shopper@example.test');
    expect(pii.decrypt(pii.encrypt('Zoë ✓ 東京', 'x'), 'x')).toBe('Zoë ✓ 東京');
    expect(pii.keyIdOf(a)).toBe('k1');
  });

  it('refuses a value moved to another context, or tampered with', () => {
    const pii = createPiiCipher([key('k1')]);
    const token = pii.encrypt('+49 30 1234567', 'users.phone:tenant-a');
    expect(() => pii.decrypt(token, 'users.phone:tenant-b')).toThrow();
    const [v, id, iv, body, tag] = token.split('.') as [string, string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      pii.decrypt([v, id, iv, flipped.toString('base64url'), tag].join('.'), 'users.phone:tenant-a'),
    ).toThrow();
    expect(() => pii.decrypt('plain text', 'x')).toThrow(PiiKeyError);
  });

  it('rotates: new writes use the newest key, every listed key still decrypts', () => {
    const oldKey = key('2025');
    const before = createPiiCipher([oldKey]);
    const stored = before.encrypt('old@example.test', 'c');
    const after = createPiiCipher([key('2026'), oldKey]);
    expect(after.decrypt(stored, 'c')).toBe('old@example.test');
    expect(after.keyIdOf(after.encrypt('new@example.test', 'c'))).toBe('2026');
    expect(() => createPiiCipher([key('2026')]).decrypt(stored, 'c')).toThrow(/no key "2025"/);
  });

  it('gives stable blind indexes per key and purpose, findable across a rotation', () => {
    const oldKey = key('a');
    const before = createPiiCipher([oldKey]);
    const after = createPiiCipher([key('b'), oldKey]);
    const stored = before.blindIndex('shopper@example.test', 'email');
    expect(before.blindIndex('shopper@example.test', 'email')).toBe(stored);
    expect(before.blindIndex('shopper@example.test', 'phone')).not.toBe(stored);
    expect(after.blindIndex('shopper@example.test', 'email')).not.toBe(stored);
    expect(after.blindIndexCandidates('shopper@example.test', 'email')).toContain(stored);
    expect(stored).not.toContain('shopper');
  });

  it('refuses malformed key lists with a message naming the variable', () => {
    for (const bad of [
      [],
      ['nokey'],
      ['k1:short'],
      [key('k1'), key('k1')],
      [`bad id!:${randomBytes(32).toString('base64')}`],
    ]) {
      expect(() => createPiiCipher(bad)).toThrow(/ENCRYPTION_KEYS/);
    }
  });

  it('generates one key into the data dir on the embedded default and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bazaar-pii-'));
    try {
      const first = await loadPiiCipher({ configured: [], dataDir: dir });
      const token = first.encrypt('x', 'c');
      const second = await loadPiiCipher({ configured: [], dataDir: dir });
      expect(second.decrypt(token, 'c')).toBe('x');
      expect((await readFile(join(dir, 'encryption-key'), 'utf8')).startsWith('local1:')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
