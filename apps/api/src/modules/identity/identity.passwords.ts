/**
 * Passwords: the policy (12–128 characters, not the email or its name part, not a common password)
 * and argon2id hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane). Hashing runs on libuv's
 * thread pool (`@node-rs/argon2` is asynchronous native code), never on the event loop.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../../platform/errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// `Algorithm` is an ambient const enum, which isolated modules cannot read as a value: 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The common-password list shipped with zxcvbn-ts (about 49,000 entries), lower-cased. */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Reasons `password` is refused (empty when it is acceptable), as field errors on `path`. */
export function passwordProblems(password: string, opts: { email?: string; path?: string } = {}): FieldError[] {
  const path = opts.path ?? 'body.password';
  const problems: FieldError[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    problems.push({
      path,
      message: `must have at least ${PASSWORD_MIN} characters`,
      code: 'password_too_short',
      limit: PASSWORD_MIN,
    });
  }
  if (length > PASSWORD_MAX) {
    problems.push({
      path,
      message: `must have at most ${PASSWORD_MAX} characters`,
      code: 'password_too_long',
      limit: PASSWORD_MAX,
    });
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!?.]+$/, ''))) {
    problems.push({ path, message: 'is too common; choose something harder to guess', code: 'password_common' });
  }
  const email = opts.email?.trim().toLowerCase();
  if (email) {
    const name = email.split('@')[0] ?? '';
    if (lower === email || (name.length >= 4 && lower.includes(name))) {
      problems.push({ path, message: 'must not contain your email address', code: 'password_contains_email' });
    }
  }
  return problems;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** False for a wrong password and for a hash this code cannot read; never throws on bad input. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when `stored` was made with weaker parameters than today's: rehash after a good login. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < ARGON2.memoryCost || Number(m[2]) < ARGON2.timeCost;
}
