import { join } from 'node:path';
import type { Config } from '../../config.js';
import { createS3Storage } from './storage.s3.js';
import { createLocalStorage, type ObjectStorage } from './storage.js';

export { assertKey, createLocalStorage, type ObjectStorage, type StoredObject } from './storage.js';
export { createS3Storage, type S3Config } from './storage.s3.js';

/** The configured object storage: S3-compatible when `S3_*` is set, else files in the data dir. */
export async function openStorage(config: Pick<Config, 's3' | 'dataDir'>): Promise<ObjectStorage> {
  if (config.s3) return createS3Storage(config.s3);
  return createLocalStorage(join(config.dataDir, 'objects'));
}
