/**
 * The demo catalog (`BAZAAR_DEMO`): vendors, categories, products with variants and a generated
 * image each, and reviews, in the demo stores. Runs on the seed's transaction as the table owner,
 * inside each store's tenant setting (row-level security is forced for the owner too), after the
 * stores and accounts exist. A store whose first demo vendor exists is left alone, so the seed is
 * idempotent and a store's catalog is created whole or not at all.
 *
 * Images are drawn as SVG (a gradient, a motif, the product's name) and rendered by sharp, several
 * at a time while the rows are written. They reach object storage before the transaction commits;
 * a seed that fails afterwards leaves unreferenced objects behind, which is harmless.
 */
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import { newId } from '../../platform/ids.js';
import type { ObjectStorage } from '../../platform/storage/index.js';
import { assignVendor, ensureDemoCustomers, userIdByEmail } from '../identity/index.js';
import { tenants } from '../tenancy/index.js';
import { storeProductImage } from './catalog.images.js';
import {
  type Motif,
  type SeedArt,
  type SeedProduct,
  type SeedStoreCatalog,
  demoCatalogs,
} from './catalog.seed-data.js';
import { categories, productImages, products, reviews, variants, vendors } from './catalog.tables.js';

export interface CatalogSeedDeps {
  pii: PiiCipher;
  storage: ObjectStorage;
  /**
   * Edge of the square product images in pixels (default 640: each image is encoded twice, as
   * WebP and as a thumbnail, and the first start of a new embedded database has a budget).
   */
  imageSize?: number;
  /** Images rendered at the same time (default 4: sharp works on libuv's thread pool). */
  imageConcurrency?: number;
}

/**
 * Seeds every demo store that exists and has no demo catalog yet. Returns what it created:
 * `catalog:<store>` per store, and the emails of the reviewer accounts it made.
 */
export async function seedCatalog(tx: Queryable, deps: CatalogSeedDeps): Promise<string[]> {
  const created: string[] = [];
  const limit = concurrencyLimit(deps.imageConcurrency ?? 4);
  // Every store's rows first, while the images render; then each store's image rows.
  const pending: Array<() => Promise<void>> = [];
  for (const catalog of demoCatalogs) {
    const [store] = await tx
      .select({ id: tenants.id, currency: tenants.defaultCurrency })
      .from(tenants)
      .where(eq(tenants.slug, catalog.store));
    if (!store) continue;
    await enterStore(tx, store.id);
    const first = catalog.vendors[0];
    if (!first) continue;
    const [existing] = await tx
      .select({ id: vendors.id })
      .from(vendors)
      .where(and(eq(vendors.tenantId, store.id), eq(vendors.slug, first.slug)))
      .limit(1);
    if (existing) continue;
    const seeded = await seedStore(tx, { tenantId: store.id, currency: store.currency }, catalog, deps, limit);
    created.push(...seeded.created);
    pending.push(seeded.storeImages);
  }
  for (const storeImages of pending) await storeImages();
  // On failure the transaction rolls back as a whole, setting included.
  await enterStore(tx, '');
  return created;
}

async function enterStore(tx: Queryable, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

async function seedStore(
  tx: Queryable,
  store: { tenantId: string; currency: string },
  catalog: SeedStoreCatalog,
  deps: CatalogSeedDeps,
  limit: Limit,
): Promise<{ created: string[]; storeImages: () => Promise<void> }> {
  const { tenantId } = store;
  const now = Date.now();
  const size = deps.imageSize ?? 640;

  // Ids first, so the images can be rendered while the rows are written.
  const productIds = new Map(catalog.products.map((p) => [p.slug, newId()] as const));
  const imageIds = new Map(catalog.products.map((p) => [p.slug, newId()] as const));
  const vendorNames = new Map(catalog.vendors.map((v) => [v.slug, v.name] as const));
  const images = catalog.products.map((p) =>
    limit(async () => {
      const productId = need(productIds, p.slug);
      const imageId = need(imageIds, p.slug);
      const input = await renderProductImage(p, need(vendorNames, p.vendor), size);
      const stored = await storeProductImage(deps.storage, { tenantId, productId, imageId, input });
      return { p, productId, imageId, stored };
    }),
  );
  // Rendering failures surface when awaited below; until then they must not count as unhandled.
  for (const image of images) image.catch(() => undefined);

  const vendorIds = new Map<string, string>();
  for (const v of catalog.vendors) {
    const userId = v.userEmail ? await userIdByEmail(tx, deps.pii, tenantId, v.userEmail) : null;
    const id = newId();
    vendorIds.set(v.slug, id);
    await tx.insert(vendors).values({
      tenantId,
      id,
      slug: v.slug,
      name: v.name,
      description: v.description,
      status: 'approved',
      applicantUserId: userId,
      reviewedAt: new Date(now),
      approvedAt: new Date(now),
    });
    if (userId) await assignVendor(tx, userId, id);
  }

  const categoryIds = new Map<string, string>();
  const siblings = new Map<string, number>();
  for (const c of catalog.categories) {
    const id = newId();
    categoryIds.set(c.slug, id);
    const parentKey = c.parent ?? '';
    const position = siblings.get(parentKey) ?? 0;
    siblings.set(parentKey, position + 1);
    await tx.insert(categories).values({
      tenantId,
      id,
      parentId: c.parent ? need(categoryIds, c.parent) : null,
      slug: c.slug,
      name: c.name,
      description: c.description,
      position,
      translations: c.translations,
    });
  }

  // The first product is the newest: the storefront's default order follows the list.
  const skus = new Set<string>();
  const productRows = catalog.products.map((p, i) => {
    const status = p.status ?? 'active';
    const createdAt = new Date(now - i * 37 * 60_000);
    return {
      tenantId,
      id: need(productIds, p.slug),
      vendorId: need(vendorIds, p.vendor),
      categoryId: need(categoryIds, p.category),
      slug: p.slug,
      title: p.title,
      description: p.description,
      status,
      featured: p.featured ?? false,
      options: (p.options ?? []).map((o) => ({ name: o.name, values: [...o.values] })),
      translations: p.translations ?? {},
      currency: store.currency,
      primaryImageId: need(imageIds, p.slug),
      submittedAt: status === 'draft' ? null : createdAt,
      publishedAt: status === 'active' ? createdAt : null,
      createdAt,
      updatedAt: createdAt,
    };
  });
  await tx.insert(products).values(productRows);

  const vendorSku = new Map(catalog.vendors.map((v) => [v.slug, v.sku] as const));
  const variantRows = catalog.products.flatMap((p, i) =>
    p.variants.map((v, position) => {
      const names = (p.options ?? []).map((o) => o.name);
      let sku = [need(vendorSku, p.vendor), String(i + 1).padStart(3, '0'), ...v.values.map(skuCode)].join('-');
      if (skus.has(sku)) sku = `${sku}-${position + 1}`;
      skus.add(sku);
      return {
        tenantId,
        id: newId(),
        productId: need(productIds, p.slug),
        sku,
        options: Object.fromEntries(names.map((name, k) => [name, v.values[k] ?? ''])),
        price: v.price,
        compareAtPrice: v.compareAt ?? null,
        weightGrams: p.weightGrams ?? null,
        onHand: v.stock,
        lowStockThreshold: 2,
        position,
      };
    }),
  );
  await tx.insert(variants).values(variantRows);

  const created = [`catalog:${catalog.store}`];
  if (catalog.reviews.length > 0) {
    const accounts = await ensureDemoCustomers(tx, deps.pii, tenantId, catalog.reviewers);
    created.push(...accounts.created);
    await tx.insert(reviews).values(
      catalog.reviews.map((r, i) => {
        const at = new Date(now - (catalog.reviews.length - i) * 3 * 3_600_000);
        return {
          tenantId,
          id: newId(),
          productId: need(productIds, r.product),
          userId: accounts.ids[r.reviewer] ?? null,
          rating: r.rating,
          title: r.title,
          body: r.body,
          createdAt: at,
          updatedAt: at,
        };
      }),
    );
    await refreshRatings(tx, tenantId);
  }

  const storeImages = async () => {
    const rendered = await Promise.all(images);
    await enterStore(tx, tenantId);
    await tx.insert(productImages).values(
      rendered.map(({ p, productId, imageId, stored }) => ({
        tenantId,
        id: imageId,
        productId,
        storageKey: stored.storageKey,
        thumbnailKey: stored.thumbnailKey,
        contentType: stored.contentType,
        width: stored.width,
        height: stored.height,
        bytes: stored.bytes,
        alt: p.title,
        position: 0,
      })),
    );
  };
  return { created, storeImages };
}

/** Recomputes every product's rating summary in the store from its visible reviews, in one statement. */
async function refreshRatings(tx: Queryable, tenantId: string): Promise<void> {
  await tx.execute(sql`
    update products p
       set rating_count = s.n, rating_avg = s.average, rating_histogram = s.histogram
      from (select product_id,
                   count(*)::int as n,
                   round(avg(rating), 2) as average,
                   array[count(*) filter (where rating = 1), count(*) filter (where rating = 2),
                         count(*) filter (where rating = 3), count(*) filter (where rating = 4),
                         count(*) filter (where rating = 5)]::int[] as histogram
              from reviews
             where tenant_id = ${tenantId} and deleted_at is null and hidden_at is null
             group by product_id) s
     where p.tenant_id = ${tenantId} and p.id = s.product_id`);
}

/** `Speckled White` → `SPECKLEDWH`: letters and digits of an option value, for SKUs. */
function skuCode(value: string): string {
  const code = value
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .slice(0, 10);
  return code || 'X';
}

function need<V>(map: Map<string, V>, key: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo catalog: unknown reference ${JSON.stringify(key)}`);
  return v;
}

type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `n` tasks at a time, in the order they were given. */
function concurrencyLimit(n: number): Limit {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** Splits a title into at most `lines` lines of about `width` characters. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1] ?? ''}…`;
  return kept;
}

/** Each motif drawn in an 800 × 800 box, centred on (400, 330), in the art's ink colour. */
function motifSvg(motif: Motif, c: string): string {
  const soft = `fill="${c}" fill-opacity="0.85"`;
  const line = `fill="none" stroke="${c}" stroke-width="26" stroke-linecap="round"`;
  switch (motif) {
    case 'mug':
      return `<rect x="270" y="200" width="230" height="260" rx="34" ${soft}/>
        <path d="M500 265 q95 0 95 75 t-95 75" ${line}/>
        <path d="M330 170 q-20 -40 0 -80 M385 170 q-20 -40 0 -80 M440 170 q-20 -40 0 -80" fill="none" stroke="${c}" stroke-width="12" stroke-linecap="round" stroke-opacity="0.5"/>`;
    case 'bowl':
      return `<path d="M190 270 h420 a210 190 0 0 1 -420 0 z" ${soft}/>
        <ellipse cx="400" cy="270" rx="210" ry="36" fill="#ffffff" fill-opacity="0.45"/>`;
    case 'board':
      return `<rect x="170" y="250" width="400" height="190" rx="90" ${soft}/>
        <rect x="555" y="315" width="110" height="60" rx="30" ${soft}/>
        <circle cx="630" cy="345" r="14" fill="#ffffff" fill-opacity="0.7"/>`;
    case 'textile':
      return `<rect x="250" y="150" width="300" height="340" rx="12" ${soft}/>
        ${[210, 260, 310, 360, 410]
          .map((y) => `<rect x="250" y="${y}" width="300" height="14" fill="#ffffff" fill-opacity="0.55"/>`)
          .join('')}
        <path d="M400 150 v-30" ${line}/>`;
    case 'notebook':
      return `<rect x="260" y="140" width="280" height="370" rx="16" ${soft}/>
        <rect x="260" y="140" width="46" height="370" rx="12" fill="#000000" fill-opacity="0.18"/>
        <rect x="490" y="140" width="16" height="370" fill="#ffffff" fill-opacity="0.5"/>
        <rect x="340" y="220" width="140" height="60" rx="8" fill="#ffffff" fill-opacity="0.6"/>`;
    case 'pen':
      return `<g transform="rotate(-35 400 330)">
        <rect x="370" y="120" width="60" height="330" rx="28" ${soft}/>
        <path d="M370 450 h60 l-30 90 z" ${soft}/>
        <rect x="424" y="150" width="14" height="120" rx="7" fill="#ffffff" fill-opacity="0.6"/></g>`;
    case 'book':
      return `<rect x="230" y="400" width="360" height="70" rx="10" ${soft}/>
        <rect x="250" y="320" width="330" height="70" rx="10" fill="${c}" fill-opacity="0.65"/>
        <rect x="220" y="240" width="350" height="70" rx="10" fill="${c}" fill-opacity="0.45"/>
        <rect x="260" y="165" width="300" height="66" rx="10" fill="${c}" fill-opacity="0.3"/>`;
    case 'toy':
      return `<path d="M190 450 a210 210 0 0 1 420 0 h-60 a150 150 0 0 0 -300 0 z" ${soft}/>
        <path d="M265 450 a135 135 0 0 1 270 0 h-55 a80 80 0 0 0 -160 0 z" fill="${c}" fill-opacity="0.55"/>
        <circle cx="400" cy="450" r="44" fill="#ffffff" fill-opacity="0.6"/>`;
    case 'backpack':
      return `<path d="M355 150 a45 45 0 0 1 90 0" ${line}/>
        <rect x="260" y="160" width="280" height="330" rx="70" ${soft}/>
        <rect x="310" y="330" width="180" height="120" rx="30" fill="#ffffff" fill-opacity="0.45"/>`;
    case 'garment':
      return `<path d="M310 150 l-130 70 45 95 55 -25 v210 h240 v-210 l55 25 45 -95 -130 -70 q-90 70 -180 0 z" ${soft}/>`;
    case 'bottle':
      return `<rect x="345" y="120" width="110" height="50" rx="14" fill="${c}" fill-opacity="0.6"/>
        <rect x="320" y="165" width="160" height="330" rx="60" ${soft}/>
        <rect x="345" y="230" width="22" height="200" rx="11" fill="#ffffff" fill-opacity="0.5"/>`;
    case 'lamp':
      return `<path d="M230 360 h340 a170 110 0 0 1 -340 0 z" ${soft}/>
        <path d="M400 180 q60 90 0 160 q-60 -70 0 -160 z" fill="#ffb703" fill-opacity="0.9"/>`;
    case 'jar':
      return `<rect x="300" y="150" width="200" height="60" rx="16" fill="${c}" fill-opacity="0.6"/>
        <rect x="260" y="200" width="280" height="290" rx="70" ${soft}/>
        <rect x="300" y="290" width="200" height="90" rx="14" fill="#ffffff" fill-opacity="0.55"/>`;
    case 'frame':
      return `<rect x="210" y="150" width="380" height="330" rx="10" ${soft}/>
        <rect x="245" y="185" width="310" height="260" fill="#ffffff" fill-opacity="0.75"/>
        <path d="M245 445 l100 -120 70 80 50 -50 90 90 z" fill="${c}" fill-opacity="0.6"/>
        <circle cx="490" cy="250" r="30" fill="${c}" fill-opacity="0.5"/>`;
  }
}

function productSvg(title: string, vendor: string, art: SeedArt): string {
  const lines = wrap(title, 24, 2);
  const first = lines.length === 1 ? 640 : 615;
  const text = lines
    .map(
      (l, i) =>
        `<text x="400" y="${first + i * 56}" font-family="sans-serif" font-size="46" font-weight="bold" text-anchor="middle" fill="${art.ink}">${escapeXml(l)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${art.from}"/><stop offset="1" stop-color="${art.to}"/>
  </linearGradient></defs>
  <rect width="800" height="800" fill="url(#bg)"/>
  <circle cx="400" cy="330" r="250" fill="#ffffff" fill-opacity="0.22"/>
  ${motifSvg(art.motif, art.ink)}
  ${text}
  <text x="400" y="745" font-family="sans-serif" font-size="26" letter-spacing="3" text-anchor="middle" fill="${art.ink}" fill-opacity="0.7">${escapeXml(vendor.toUpperCase())}</text>
</svg>`;
}

/** The product's picture as a lossless PNG of `size` × `size` pixels (re-encoded when stored). */
export async function renderProductImage(product: SeedProduct, vendorName: string, size: number): Promise<Buffer> {
  const svg = Buffer.from(productSvg(product.title, vendorName, product.art));
  return sharp(svg, { density: (72 * size) / 800 })
    .resize(size, size)
    .png({ compressionLevel: 1 })
    .toBuffer();
}
