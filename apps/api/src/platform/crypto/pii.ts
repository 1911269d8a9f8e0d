/**
 * Personal data at rest: AES-256-GCM under a key id, and keyed blind indexes for lookups (an email
 * is found by its HMAC, never by its plaintext). `ENCRYPTION_KEYS` lists `id:base64key` entries,
 * newest first: new writes use the newest, every listed key decrypts, so keys rotate without
 * downtime (re-encrypting old rows is a separate, resumable job). On the embedded default a key is
 * generated once into the data dir.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const VERSION = 'v1';
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

interface PiiKey {
  id: string;
  key: Buffer;
  /** Derived per purpose, so the index key never doubles as the encryption key. */
  indexKey(purpose: string): Buffer;
}

export interface PiiCipher {
  /** The key id new writes use. */
  readonly currentKeyId: string;
  /**
   * Encrypts `plaintext`. `context` (e.g. `users.email:<tenant id>`) is authenticated but not
   * stored: a ciphertext copied to another column or store no longer decrypts.
   */
  encrypt(plaintext: string, context: string): string;
  decrypt(token: string, context: string): string;
  /** The key id a stored value was written with (to find rows that need re-encrypting). */
  keyIdOf(token: string): string;
  /** The blind index new writes store, under the newest key. */
  blindIndex(normalised: string, purpose: string): string;
  /** Every index the value may be stored under (one per key, newest first): look up with `= any(…)`. */
  blindIndexCandidates(normalised: string, purpose: string): string[];
}

export class PiiKeyError extends Error {}

function parseKeys(entries: string[]): PiiKey[] {
  if (entries.length === 0) throw new PiiKeyError('ENCRYPTION_KEYS: at least one id:base64 key is needed');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const sep = entry.indexOf(':');
    const id = entry.slice(0, sep);
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    if (sep < 1 || !KEY_ID_RE.test(id) || key.length !== 32) {
      throw new PiiKeyError(`ENCRYPTION_KEYS: "${id || entry.slice(0, 8)}…" must be id:base64 of exactly 32 bytes`);
    }
    if (seen.has(id)) throw new PiiKeyError(`ENCRYPTION_KEYS: key id "${id}" appears twice`);
    seen.add(id);
    const derived = new Map<string, Buffer>();
    return {
      id,
      key,
      indexKey(purpose) {
        let k = derived.get(purpose);
        if (!k) {
          k = Buffer.from(hkdfSync('sha256', key, 'bazaar-blind-index', purpose, 32));
          derived.set(purpose, k);
        }
        return k;
      },
    };
  });
}

export function createPiiCipher(entries: string[]): PiiCipher {
  const keys = parseKeys(entries);
  const byId = new Map(keys.map((k) => [k.id, k]));
  const newest = keys[0] as PiiKey;
  const index = (k: PiiKey, value: string, purpose: string) =>
    createHmac('sha256', k.indexKey(purpose)).update(value, 'utf8').digest('base64url');

  const parts = (token: string) => {
    const p = token.split('.');
    if (p.length !== 5 || p[0] !== VERSION) throw new PiiKeyError('not an encrypted value');
    return p as [string, string, string, string, string];
  };

  return {
    currentKeyId: newest.id,
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', newest.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, newest.id, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join(
        '.',
      );
    },
    decrypt(token, context) {
      const [, keyId, iv, body, tag] = parts(token);
      const k = byId.get(keyId);
      if (!k) throw new PiiKeyError(`no key "${keyId}" in ENCRYPTION_KEYS`);
      const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyIdOf: (token) => parts(token)[1],
    blindIndex: (value, purpose) => index(newest, value, purpose),
    blindIndexCandidates: (value, purpose) => keys.map((k) => index(k, value, purpose)),
  };
}

/** `ENCRYPTION_KEYS` when set; else a key generated once into the data dir (embedded default). */
export async function loadPiiCipher(opts: { configured: string[]; dataDir: string }): Promise<PiiCipher> {
  if (opts.configured.length > 0) return createPiiCipher(opts.configured);
  const file = join(opts.dataDir, 'encryption-key');
  let entry: string;
  try {
    entry = (await readFile(file, 'utf8')).trim();
  } catch {
    entry = `local1:${randomBytes(32).toString('base64')}`;
    await mkdir(opts.dataDir, { recursive: true });
    await writeFile(file, entry, { mode: 0o600 });
  }
  return createPiiCipher([entry]);
}
