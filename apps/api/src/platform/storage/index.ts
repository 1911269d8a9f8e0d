import { join } from 'node:path';
import type { Config } from '../../config.js';
import { createLocalStorage, type ObjectStorage } from './storage.js';

export { assertKey, createLocalStorage, type ObjectStorage, type StoredObject } from './storage.js';

/** The configured object storage: S3-compatible when `S3_*` is set, else files in the data dir. */
export async function openStorage(config: Pick<Config, 's3' | 'dataDir'>): Promise<ObjectStorage> {
  // S3: added with the S3 implementation (storage.s3.ts).
  return createLocalStorage(join(config.dataDir, 'objects'));
}
