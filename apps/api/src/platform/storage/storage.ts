/**
 * Object storage: files under `BAZAAR_DATA_DIR/objects` by default, an S3-compatible bucket when
 * `S3_*` is configured. Keys are slash-separated paths chosen by the caller
 * (`<tenant>/products/<id>/<image>.webp`); they never come from a client.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  contentType: string;
  bytes: number;
}

export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.length > 512) throw new Error(`invalid storage key: ${key}`);
}

const CONTENT_TYPES: Record<string, string> = {
  webp: 'image/webp',
  avif: 'image/avif',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  csv: 'text/csv',
};

/** Files under `root`; the content type follows the key's extension. */
export function createLocalStorage(root: string): ObjectStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertKey(key);
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new Error(`invalid storage key: ${key}`);
    return p;
  };
  return {
    kind: 'local',
    async put(key, body) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      // Written aside and renamed: a reader never sees half a file.
      const tmp = `${p}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, p);
    },
    async get(key) {
      const p = pathOf(key);
      try {
        const s = await stat(p);
        const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
        return {
          body: createReadStream(p),
          contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
          bytes: s.size,
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
