/**
 * Object storage in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2 …), chosen when `S3_*` is
 * configured. The AWS SDK is loaded only then, so the embedded default never pays for it. Path-style
 * addressing (`<endpoint>/<bucket>/<key>`) works with every implementation.
 */
import type { Readable } from 'node:stream';
import { type ObjectStorage, assertKey } from './storage.js';

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** An absent key: S3 says `NoSuchKey` (GET) or a bare 404 (HEAD and some implementations). */
function isMissing(err: unknown): boolean {
  const e = err as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return (
    e.name === 'NoSuchKey' || e.Code === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404
  );
}

export async function createS3Storage(config: S3Config): Promise<ObjectStorage> {
  const { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: true,
    // Checksums only where S3 requires them: several S3-compatible servers refuse or mis-store the
    // checksum headers and trailers newer SDKs send by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const Bucket = config.bucket;
  return {
    kind: 's3',
    async put(key, body, contentType) {
      assertKey(key);
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }),
      );
    },
    async get(key) {
      assertKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!res.Body) return undefined;
        return {
          // In Node the SDK's body is the HTTP response stream.
          body: res.Body as Readable,
          contentType: res.ContentType ?? 'application/octet-stream',
          bytes: res.ContentLength ?? 0,
        };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async delete(key) {
      assertKey(key);
      // Deleting an absent key succeeds in S3.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
