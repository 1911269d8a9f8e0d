/**
 * The S3 object storage against s3rver, a local server that speaks the S3 protocol, started here on
 * 127.0.0.1 on a free port with a bucket of its own: put, get, delete, a missing key, the product
 * image layout, and `openStorage` choosing S3 when it is configured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeProductImage } from '../../src/modules/catalog/index.js';
import { newId } from '../../src/platform/ids.js';
import { type ObjectStorage, type S3Config, createS3Storage, openStorage } from '../../src/platform/storage/index.js';

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: Array<{ name: string }>;
}) => S3rverServer;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('S3 object storage (against s3rver)', () => {
  let server: S3rverServer;
  let directory: string;
  let config: S3Config;
  let storage: ObjectStorage;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bazaar-s3rver-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: 'bazaar-test' }],
    });
    const { port } = await server.run();
    config = {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'bazaar-test',
      region: 'us-east-1',
      // s3rver's fixed credentials.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    };
    storage = await createS3Storage(config);
  });

  afterAll(async () => {
    await server?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('puts, gets and deletes an object', async () => {
    const key = `${newId()}/exports/report.csv`;
    const body = Buffer.from('sku,price\nA-1,1999\n');
    await storage.put(key, body, 'text/csv');
    const got = await storage.get(key);
    expect(got).toBeDefined();
    expect(got!.contentType).toBe('text/csv');
    expect(got!.bytes).toBe(body.length);
    expect(await bytesOf(got!.body)).toEqual(body);

    // Overwriting replaces the content.
    await storage.put(key, Buffer.from('replaced'), 'text/csv');
    expect((await bytesOf((await storage.get(key))!.body)).toString()).toBe('replaced');

    await storage.delete(key);
    expect(await storage.get(key)).toBeUndefined();
  });

  it('answers undefined for a missing key and deletes one without error', async () => {
    const key = `${newId()}/products/${newId()}/${newId()}.webp`;
    expect(await storage.get(key)).toBeUndefined();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('refuses keys that are not storage keys before any request', async () => {
    await expect(storage.put('../escape', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
    await expect(storage.get('/absolute')).rejects.toThrow(/invalid storage key/);
  });

  it('stores product images in the shared layout', async () => {
    const tenantId = newId();
    const productId = newId();
    const imageId = newId();
    const input = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#208040' } })
      .png()
      .toBuffer();
    const stored = await storeProductImage(storage, { tenantId, productId, imageId, input });
    expect(stored).toMatchObject({
      storageKey: `${tenantId}/products/${productId}/${imageId}.webp`,
      thumbnailKey: `${tenantId}/products/${productId}/${imageId}-thumb.webp`,
      width: 900,
      height: 300,
      contentType: 'image/webp',
    });
    const thumb = await storage.get(stored.thumbnailKey);
    expect(thumb?.contentType).toBe('image/webp');
    expect(await sharp(await bytesOf(thumb!.body)).metadata()).toMatchObject({
      format: 'webp',
      width: 400,
      height: 133,
    });
    const full = await storage.get(stored.storageKey);
    expect(full?.bytes).toBe(stored.bytes);
    full?.body.resume();
  });

  it('is what openStorage returns when S3 is configured', async () => {
    const configured = await openStorage({ s3: config, dataDir: directory });
    expect(configured.kind).toBe('s3');
    const key = `${newId()}/probe.csv`;
    await configured.put(key, Buffer.from('ok'), 'text/csv');
    expect((await bytesOf((await storage.get(key))!.body)).toString()).toBe('ok');
    const local = await openStorage({ s3: undefined, dataDir: directory });
    expect(local.kind).toBe('local');
  });
});
