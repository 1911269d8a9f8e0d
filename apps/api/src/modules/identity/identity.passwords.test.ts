import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordProblems, verifyPassword } from './identity.passwords.js';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('tangerine-orbit-velvet-42', { email: 'shopper@example.test' })).toEqual([]);
  });

  it('refuses short, overlong, common and email-based passwords, saying why', () => {
    const messages = (p: string, email?: string) => passwordProblems(p, email ? { email } : {}).map((e) => e.message);
    expect(messages('Zq8#Lpw-x')).toEqual([expect.stringMatching(/at least 12/)]);
    expect(messages('x'.repeat(129))).toEqual([expect.stringMatching(/at most 128/)]);
    for (const common of [
      'password1234',
      'Password1234',
      'passwordpassword',
      '123456789012',
      'qwerty123456',
      'qwertyuiop2026!',
    ]) {
      expect(messages(common).join(' ')).toMatch(/too common/);
    }
    expect(messages('shopper@example.test', 'shopper@example.test').join(' ')).toMatch(/email/);
    expect(messages('my-margaretha-2026', 'margaretha@example.test').join(' ')).toMatch(/email/);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblems('ñandú-çedilla')).toEqual([]);
    expect(passwordProblems('日本語のパスワード十一')).toHaveLength(1);
  });
});

describe('password hashing', () => {
  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const stored = await hashPassword('tangerine-orbit-velvet-42');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'tangerine-orbit-velvet-42')).toBe(true);
    expect(await verifyPassword(stored, 'tangerine-orbit-velvet-43')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA')).toBe(true);
  });
});
