/**
 * Product images: what an upload may be, how it is stored and where it is served.
 *
 * The type of an upload is read from its content (never from its name or declared type); only
 * JPEG, PNG, WebP, AVIF and GIF are accepted. Every image is re-encoded to WebP, at most 2000 px on
 * its longer side, oriented by its EXIF data and stripped of all metadata (location, camera, author),
 * plus a 400 px WebP thumbnail. Both live in object storage at
 * `<tenantId>/products/<productId>/<imageId>.webp` and `…/<imageId>-thumb.webp`, and are served by
 * `GET /api/v1/media/<key>` (`mediaUrl`). The seed writes the same layout through `storeProductImage`.
 */
import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';
import type { ObjectStorage } from '../../platform/storage/index.js';

/** The largest file accepted for upload. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Decoding stops above this many pixels: a small file must not expand into gigabytes of memory. */
const MAX_INPUT_PIXELS = 50_000_000;
const MAX_SIDE = 2000;
const THUMB_SIDE = 400;
const WEBP = 'image/webp';

const ACCEPTED = ['jpeg', 'png', 'webp', 'gif', 'avif'] as const;

export class UnsupportedImage extends AppError {
  constructor(detail = 'The file is not an image in a supported format: JPEG, PNG, WebP, AVIF or GIF.') {
    super(415, 'unsupported_image', 'Unsupported media type', detail);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(detail = `The file is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`) {
    super(413, 'payload_too_large', 'Payload too large', detail);
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The keys product images are stored under: the only ones the media route serves. */
export const PRODUCT_IMAGE_KEY = new RegExp(`^${UUID}/products/${UUID}/${UUID}(?:-thumb)?\\.webp$`);

/** Where a stored object is served: `/api/v1/media/<key>`. */
export const mediaUrl = (key: string): string => `/api/v1/media/${key}`;

export const productImageKeys = (tenantId: string, productId: string, imageId: string) => {
  const base = `${tenantId}/products/${productId}/${imageId}`;
  return { storageKey: `${base}.webp`, thumbnailKey: `${base}-thumb.webp` };
};

export interface StoredImage {
  storageKey: string;
  thumbnailKey: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
}

/** The accepted format of `input` judged by its content, or `UnsupportedImage`. */
async function formatOf(input: Buffer): Promise<(typeof ACCEPTED)[number]> {
  const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
    .metadata()
    .catch(() => {
      throw new UnsupportedImage();
    });
  // AVIF is HEIF with AV1 compression; HEIC (HEVC) is not accepted.
  const format = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heic') : meta.format;
  if (!(ACCEPTED as readonly string[]).includes(format)) {
    throw new UnsupportedImage(
      `Images in ${format.toUpperCase()} format are not accepted: use JPEG, PNG, WebP, AVIF or GIF.`,
    );
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new UnsupportedImage(`The image has more than ${MAX_INPUT_PIXELS / 1_000_000} million pixels.`);
  }
  return format as (typeof ACCEPTED)[number];
}

/** The web copy and the thumbnail of an accepted image, both WebP without metadata. */
export async function encodeProductImage(input: Buffer): Promise<{
  image: { data: Buffer; width: number; height: number };
  thumbnail: { data: Buffer; width: number; height: number };
}> {
  await formatOf(input);
  // `rotate()` applies the EXIF orientation before the metadata is dropped (sharp keeps none by default).
  const source = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  // Effort 2 of 6: about a third less encoding time than the default for files ~5 % larger.
  try {
    const [image, thumbnail] = await Promise.all([
      source()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82, effort: 2 })
        .toBuffer({ resolveWithObject: true }),
      source()
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75, effort: 2 })
        .toBuffer({ resolveWithObject: true }),
    ]);
    return {
      image: { data: image.data, width: image.info.width, height: image.info.height },
      thumbnail: { data: thumbnail.data, width: thumbnail.info.width, height: thumbnail.info.height },
    };
  } catch {
    // The header was readable but the pixels are not (a truncated or corrupt file).
    throw new UnsupportedImage('The image could not be decoded; the file may be damaged.');
  }
}

/**
 * Checks, re-encodes and stores one product image and its thumbnail. Throws `UnsupportedImage` for
 * anything that is not an accepted image. The caller records the result in `product_images`.
 */
export async function storeProductImage(
  storage: ObjectStorage,
  args: { tenantId: string; productId: string; imageId: string; input: Buffer },
): Promise<StoredImage> {
  if (args.input.length > MAX_IMAGE_BYTES) throw new PayloadTooLarge();
  const { image, thumbnail } = await encodeProductImage(args.input);
  const keys = productImageKeys(args.tenantId, args.productId, args.imageId);
  await storage.put(keys.thumbnailKey, thumbnail.data, WEBP);
  await storage.put(keys.storageKey, image.data, WEBP);
  return { ...keys, width: image.width, height: image.height, bytes: image.data.length, contentType: WEBP };
}

/** Removes an image's objects; a missing object is no error. */
export async function deleteProductImage(
  storage: ObjectStorage,
  keys: { storageKey: string; thumbnailKey: string },
): Promise<void> {
  await storage.delete(keys.storageKey);
  await storage.delete(keys.thumbnailKey);
}
