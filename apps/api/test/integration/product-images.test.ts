/**
 * Product images through the API: real PNG and JPEG files (made with sharp) uploaded as multipart,
 * checked by content, re-encoded to WebP without metadata, stored with a thumbnail and served from
 * `/api/v1/media/…`; refused uploads (not an image, too large, someone else's product, no right to
 * upload); ordering, primary image, removal, and images as content edits.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { createCategory, createProduct, createVendor, createVendorUser } from '../catalog-factories.js';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createUser, login, randomIp, rawRows } from '../identity-helpers.js';

interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body, written by hand as a browser would send it. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----bazaar${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface ImageBody {
  id: string;
  url: string;
  thumbnailUrl: string;
  alt: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
  position: number;
  primary: boolean;
  version: number;
}

interface ProductBody {
  id: string;
  status: string;
  listed: boolean;
  primaryImageId: string | null;
  images: ImageBody[];
  version: number;
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 20 } } })
    .png()
    .toBuffer();

async function setup(runtime: Runtime, app: FastifyInstance) {
  const store = await buildTenant(runtime);
  const category = await createCategory(runtime, store.id);
  const vendor = await createVendor(runtime, store.id);
  const user = await createVendorUser(runtime, store.id, vendor.id);
  const token = (await login(app, user, { tenant: store.slug })).accessToken;
  const product = await createProduct(runtime, store.id, {
    vendorId: vendor.id,
    categoryId: category.id,
    status: 'draft',
  });
  return { store, category, vendor, token, product };
}

function upload(
  app: FastifyInstance,
  c: { tenant: string; token?: string; productId: string },
  parts: Part[],
  headers: Record<string, string> = {},
) {
  const body = multipart(parts);
  return app.inject({
    method: 'POST',
    url: `/api/v1/vendor/products/${c.productId}/images`,
    remoteAddress: randomIp(),
    headers: {
      'x-tenant-id': c.tenant,
      ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
      'content-type': body.contentType,
      ...headers,
    },
    payload: body.payload,
  });
}

function vendorCall(
  app: FastifyInstance,
  method: 'GET' | 'PATCH' | 'DELETE',
  url: string,
  c: { tenant: string; token: string; body?: Record<string, unknown>; ifMatch?: number },
) {
  return app.inject({
    method,
    url,
    remoteAddress: randomIp(),
    headers: {
      'x-tenant-id': c.tenant,
      authorization: `Bearer ${c.token}`,
      ...(c.ifMatch === undefined ? {} : { 'if-match': `"${c.ifMatch}"` }),
    },
    ...(c.body ? { payload: c.body } : {}),
  });
}

/** Image rows of one store (as the table's owner sees them, so filtered here). */
const imagesIn = async (runtime: Runtime, tenantId: string) =>
  (await rawRows(runtime, tenantId, 'product_images')).filter((r) => r.tenant_id === tenantId);

const fetchMedia = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url, remoteAddress: randomIp() });

describe('POST /api/v1/vendor/products/:id/images', () => {
  const t = useApp();

  it('stores a PNG as WebP (at most 2000 px) with a 400 px thumbnail, both served from /api/v1/media', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const res = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      { name: 'file', data: await png(2400, 1200), filename: 'jug.png', contentType: 'image/png' },
      { name: 'alt', data: 'A red jug' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json<ImageBody>();
    expect(res.headers.location).toBe(`/api/v1/vendor/products/${product.id}/images/${image.id}`);
    expect(image).toMatchObject({
      alt: 'A red jug',
      width: 2000,
      height: 1000,
      contentType: 'image/webp',
      position: 0,
      primary: true,
      version: 1,
      url: `/api/v1/media/${store.id}/products/${product.id}/${image.id}.webp`,
      thumbnailUrl: `/api/v1/media/${store.id}/products/${product.id}/${image.id}-thumb.webp`,
    });

    const thumb = await fetchMedia(t.app, image.thumbnailUrl);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(thumbMeta).toMatchObject({ format: 'webp', width: 400, height: 200 });
    const full = await fetchMedia(t.app, image.url);
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload.length).toBe(image.bytes);
    expect(await sharp(full.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 2000, height: 1000 });

    // The product shows it as its primary image.
    const p = (
      await vendorCall(t.app, 'GET', `/api/v1/vendor/products/${product.id}`, { tenant: store.slug, token })
    ).json<ProductBody>();
    expect(p.primaryImageId).toBe(image.id);
    expect(p.images.map((i) => i.id)).toEqual([image.id]);
    const list = await vendorCall(t.app, 'GET', '/api/v1/vendor/products', { tenant: store.slug, token });
    expect(list.json<{ data: Array<{ image: { thumbnailUrl: string } | null }> }>().data[0]?.image?.thumbnailUrl).toBe(
      image.thumbnailUrl,
    );
  });

  it('re-encodes a JPEG without its metadata', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3060a0' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Jane Photographer', Artist: 'Jane' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      { name: 'file', data: jpeg, filename: 'photo.jpg', contentType: 'image/jpeg' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json<ImageBody>();
    expect(image).toMatchObject({ width: 640, height: 480, alt: '' });
    const stored = await fetchMedia(t.app, image.url);
    const meta = await sharp(stored.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(stored.rawPayload.includes(Buffer.from('Jane Photographer'))).toBe(false);
  });

  it('refuses a file that is not an image, whatever its name and declared type', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const res = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      {
        name: 'file',
        data: 'Just some text pretending to be a picture.\n',
        filename: 'cat.png',
        contentType: 'image/png',
      },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'unsupported_image' });
    // An SVG is an image, but not one accepted.
    const svg = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      {
        name: 'file',
        data: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        filename: 'x.png',
        contentType: 'image/png',
      },
    ]);
    expect(svg.statusCode).toBe(415);
    // No file at all, or the file under another name.
    const none = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      { name: 'alt', data: 'x' },
    ]);
    expect(none.statusCode).toBe(400);
    const misnamed = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      { name: 'picture', data: await png(10, 10), filename: 'a.png', contentType: 'image/png' },
    ]);
    expect(misnamed.statusCode).toBe(400);
    expect(await imagesIn(t.runtime, store.id)).toEqual([]);
  });

  it('refuses a file over 10 MB with 413', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const res = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
      { name: 'file', data: randomBytes(10 * 1024 * 1024 + 1), filename: 'huge.png', contentType: 'image/png' },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it("answers 404 for another vendor's product and 403/401 to those who may not upload", async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const other = await createVendor(t.runtime, store.id);
    const theirs = await createProduct(t.runtime, store.id, { vendorId: other.id });
    const file = { name: 'file', data: await png(50, 50), filename: 'a.png', contentType: 'image/png' };
    const notMine = await upload(t.app, { tenant: store.slug, token, productId: theirs.id }, [file]);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json()).toMatchObject({ code: 'product_not_found' });

    const customer = await createUser(t.runtime, store.id, { roles: ['customer'] });
    const customerToken = (await login(t.app, customer, { tenant: store.slug })).accessToken;
    expect(
      (await upload(t.app, { tenant: store.slug, token: customerToken, productId: product.id }, [file])).statusCode,
    ).toBe(403);
    expect((await upload(t.app, { tenant: store.slug, productId: product.id }, [file])).statusCode).toBe(401);
    expect(await imagesIn(t.runtime, store.id)).toEqual([]);
  });

  it('answers malformed multipart bodies with a 4xx problem, never a 5xx', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const part = (name: string, content: string, filename?: string) =>
      `--x\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${content}\r\n`;
    const cases: Array<[string, string, string]> = [
      ['multipart/form-data', 'no boundary', 'malformed_multipart'],
      ['multipart/form-data; boundary=x', 'garbage', 'malformed_multipart'],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nab`,
        'malformed_multipart',
      ],
      [
        'multipart/form-data; boundary=x',
        `${part('file', 'a', 'a.png')}${part('file', 'b', 'b.png')}--x--\r\n`,
        'too_many_files',
      ],
      ['multipart/form-data; boundary=x', `${part('alt', 'a'.repeat(5000))}--x--\r\n`, 'field_too_long'],
      ['multipart/form-data; boundary=x', `${part('__proto__', 'x')}--x--\r\n`, 'malformed_multipart'],
      ['multipart/form-data; boundary=x', `${part('file', 'not a file part')}--x--\r\n`, 'unexpected_field'],
      ['multipart/form-data; boundary=x', '--x--', 'validation_failed'],
      ['application/json', '{"file":"sha256:abc"}', 'file_required'],
    ];
    for (const [type, payload, code] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/vendor/products/${product.id}/images`,
        remoteAddress: randomIp(),
        headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${token}`, 'content-type': type },
        payload,
      });
      expect(res.statusCode, `${type} ${payload.slice(0, 40)}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ code });
    }
  });

  it('replays an upload retried with the same Idempotency-Key', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const parts = [{ name: 'file', data: await png(60, 60), filename: 'a.png', contentType: 'image/png' }];
    const key = { 'idempotency-key': `upload-${randomBytes(4).toString('hex')}` };
    const first = await upload(t.app, { tenant: store.slug, token, productId: product.id }, parts, key);
    const retry = await upload(t.app, { tenant: store.slug, token, productId: product.id }, parts, key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json<ImageBody>().id).toBe(first.json<ImageBody>().id);
    // Another file under the same key is a misuse of the key.
    const different = await upload(
      t.app,
      { tenant: store.slug, token, productId: product.id },
      [{ name: 'file', data: await png(61, 61), filename: 'a.png', contentType: 'image/png' }],
      key,
    );
    expect(different.statusCode).toBe(422);
    expect(different.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });
});

describe('managing images', () => {
  const t = useApp();

  it('orders images (the first is primary), changes alt text with If-Match, removes them', async () => {
    const { store, token, product } = await setup(t.runtime, t.app);
    const ids: string[] = [];
    for (const size of [100, 120, 140]) {
      const res = await upload(t.app, { tenant: store.slug, token, productId: product.id }, [
        { name: 'file', data: await png(size, size), filename: 'a.png', contentType: 'image/png' },
      ]);
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json<ImageBody>().id);
    }
    const base = `/api/v1/vendor/products/${product.id}/images`;
    const third = (
      await vendorCall(t.app, 'GET', `${base}/${ids[2]}`, { tenant: store.slug, token })
    ).json<ImageBody>();
    expect(third).toMatchObject({ position: 2, primary: false, version: 1 });

    const noIfMatch = await vendorCall(t.app, 'PATCH', `${base}/${ids[2]}`, {
      tenant: store.slug,
      token,
      body: { position: 0 },
    });
    expect(noIfMatch.statusCode).toBe(428);
    const moved = await vendorCall(t.app, 'PATCH', `${base}/${ids[2]}`, {
      tenant: store.slug,
      token,
      ifMatch: 1,
      body: { position: 0, alt: 'Best side' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<ImageBody>()).toMatchObject({ position: 0, primary: true, alt: 'Best side', version: 2 });
    const stale = await vendorCall(t.app, 'PATCH', `${base}/${ids[2]}`, {
      tenant: store.slug,
      token,
      ifMatch: 1,
      body: { alt: 'Lost' },
    });
    expect(stale.statusCode).toBe(412);

    let p = (
      await vendorCall(t.app, 'GET', `/api/v1/vendor/products/${product.id}`, { tenant: store.slug, token })
    ).json<ProductBody>();
    expect(p.images.map((i) => [i.id, i.position])).toEqual([
      [ids[2], 0],
      [ids[0], 1],
      [ids[1], 2],
    ]);
    expect(p.primaryImageId).toBe(ids[2]);

    const removed = await vendorCall(t.app, 'DELETE', `${base}/${ids[2]}`, { tenant: store.slug, token, ifMatch: 2 });
    expect(removed.statusCode).toBe(204);
    expect((await fetchMedia(t.app, moved.json<ImageBody>().url)).statusCode).toBe(404);
    expect((await fetchMedia(t.app, moved.json<ImageBody>().thumbnailUrl)).statusCode).toBe(404);
    p = (
      await vendorCall(t.app, 'GET', `/api/v1/vendor/products/${product.id}`, { tenant: store.slug, token })
    ).json<ProductBody>();
    expect(p.images.map((i) => [i.id, i.position])).toEqual([
      [ids[0], 0],
      [ids[1], 1],
    ]);
    expect(p.primaryImageId).toBe(ids[0]);
    expect((await vendorCall(t.app, 'GET', `${base}/${ids[2]}`, { tenant: store.slug, token })).statusCode).toBe(404);
  });

  it('counts as a content edit: an active product goes back to review', async () => {
    const { store, category, vendor, token } = await setup(t.runtime, t.app);
    const listed = await createProduct(t.runtime, store.id, { vendorId: vendor.id, categoryId: category.id });
    const res = await upload(t.app, { tenant: store.slug, token, productId: listed.id }, [
      { name: 'file', data: await png(80, 80), filename: 'a.png', contentType: 'image/png' },
    ]);
    expect(res.statusCode).toBe(201);
    const row = (await rawRows(t.runtime, store.id, 'products')).find((r) => r.id === listed.id);
    expect(row).toMatchObject({ status: 'pending_review', listed: false });
  });

  it('serves only keys of the image layout, and 404 for absent ones', async () => {
    const { store, product } = await setup(t.runtime, t.app);
    for (const url of [
      `/api/v1/media/${store.id}/products/${product.id}/${product.id}.webp`,
      '/api/v1/media/../../etc/passwd',
      '/api/v1/media/%2e%2e/secret',
      `/api/v1/media/${store.id}/imports/${product.id}.csv`,
    ]) {
      const res = await fetchMedia(t.app, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
