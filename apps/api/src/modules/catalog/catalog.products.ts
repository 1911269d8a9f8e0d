/**
 * Products as their vendors and the store's moderators manage them: creation with variants, edits,
 * submission for review, approval and rejection, featuring, archiving, soft deletion and images.
 *
 * The moderation rule (ADR 0016): a product moves draft → pending_review → active | rejected, and
 * any state but archived → archived → draft. Content edits (title, description, category, slug,
 * options, translations, images, a variant's SKU or options, a new variant) send an active product
 * back to pending_review, so it leaves the storefront until approved again; price, compare-at
 * price, stock, weight and active edits apply at once. Any edit returns a rejected product to draft;
 * an archived product is read-only until unarchived.
 *
 * What shoppers see (`products.listed`), the price range and stock summary and the facet counts are
 * kept by database triggers; nothing here computes them. Every write bumps the store's catalog cache
 * version once its transaction has committed.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, getTableColumns, ilike, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { currentActorSql } from '../../platform/db/columns.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import {
  BadRequest,
  BusinessRuleViolation,
  Conflict,
  Forbidden,
  NotFound,
  Unauthorized,
  VersionConflict,
} from '../../platform/errors.js';
import {
  type Cursor,
  type SortKeyed,
  type SortOrder,
  sortKeyText,
  sortedKeysetOf,
} from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import type { ObjectStorage } from '../../platform/storage/index.js';
import { assertCan, can, vendorIdOfUser } from '../identity/index.js';
import type { CatalogCache } from './catalog.cache.js';
import { deleteProductImage, storeProductImage } from './catalog.images.js';
import {
  type ImageRow,
  type ProductRow,
  type VariantRow,
  type VendorRef,
  toManagedProduct,
  toManagedProductSummary,
  toManagedVariant,
  toProductImage,
} from './catalog.products.mapper.js';
import type {
  AdminProductListQuery,
  CreateProductBody,
  ManagedProduct,
  ManagedProductSummary,
  ManagedVariant,
  Money,
  ProductImage,
  ProductSort,
  UpdateImageBody,
  UpdateProductBody,
  UpdateVariantBody,
  VariantUpsert,
  VendorProductListQuery,
} from './catalog.products.schemas.js';
import {
  type ProductOption,
  type ProductStatus,
  type Translations,
  categories,
  productImages,
  products,
  variants,
  vendors,
} from './catalog.tables.js';

export interface ProductServiceDeps {
  uow: UnitOfWork;
  events: EventBus;
  /** Where product images are kept. */
  storage: ObjectStorage;
  /** Bumped after every committed write, so public reads reload. */
  catalogCache: CatalogCache;
}

/** Events of a product's moderation, published in the transaction that makes the change. */
export const ProductEvents = {
  submitted: 'catalog.product_submitted.v1',
  approved: 'catalog.product_approved.v1',
  rejected: 'catalog.product_rejected.v1',
  featured: 'catalog.product_featured.v1',
} as const;

export interface ProductEventPayload {
  productId: string;
  vendorId: string;
  status: ProductStatus;
  previousStatus: ProductStatus;
  featured: boolean;
  /** The moderator's reason, on rejection. */
  reason: string | null;
  version: number;
}

/** One row of a product list and its keyset position (`[tag, key, id]`). */
export type Keyed<T> = SortKeyed<T>;

export interface ListInput {
  limit: number;
  cursor: Cursor | null;
}

/** At most this many images per product. */
export const MAX_IMAGES_PER_PRODUCT = 20;

// ------------------------------------------------------------------------------------------- errors

export class ProductNotFound extends NotFound {
  constructor() {
    super('product_not_found', 'No product with this id exists here.');
  }
}

class VariantNotFound extends NotFound {
  constructor() {
    super('variant_not_found', 'The product has no variant with this id.');
  }
}

class ImageNotFound extends NotFound {
  constructor() {
    super('image_not_found', 'The product has no image with this id.');
  }
}

class ProductArchived extends Conflict {
  constructor() {
    super('product_archived', 'An archived product cannot be changed; unarchive it first.');
  }
}

class InvalidTransition extends Conflict {
  constructor(from: ProductStatus, action: string) {
    super('invalid_transition', `A product in status "${from}" cannot be ${action}.`, { status: from });
  }
}

const invalid = (code: string, path: string, message: string) =>
  new BusinessRuleViolation(code, message, { errors: [{ path, message }] });

/** A unique index refusing a row becomes the conflict the client can act on, even after a race. */
function uniqueViolationOf(err: unknown): Error | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code !== '23505') continue;
    if (constraint === 'variants_sku_idx') return new Conflict('sku_taken', 'A variant with this SKU already exists.');
    if (constraint === 'products_slug_idx')
      return new Conflict('slug_taken', 'A product with this slug already exists.');
    return undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------- state machine

type Edit = 'content' | 'other';

/**
 * The status after an edit (pure). Content edits send an active product back to review; any edit
 * returns a rejected product to draft; archived products cannot be edited.
 */
export function statusAfterEdit(status: ProductStatus, edit: Edit): ProductStatus {
  switch (status) {
    case 'archived':
      throw new ProductArchived();
    case 'rejected':
      return 'draft';
    case 'active':
      return edit === 'content' ? 'pending_review' : 'active';
    default:
      return status;
  }
}

const ACTIONS = {
  submit: { from: ['draft', 'rejected'], to: 'pending_review', verb: 'submitted for review' },
  approve: { from: ['pending_review'], to: 'active', verb: 'approved' },
  reject: { from: ['pending_review'], to: 'rejected', verb: 'rejected' },
  archive: { from: ['draft', 'pending_review', 'active', 'rejected'], to: 'archived', verb: 'archived' },
  unarchive: { from: ['archived'], to: 'draft', verb: 'unarchived' },
} as const satisfies Record<string, { from: readonly ProductStatus[]; to: ProductStatus; verb: string }>;

type Action = keyof typeof ACTIONS;

/** The status an action leads to from `from`, or 409 `invalid_transition` (pure). */
export function transition(from: ProductStatus, action: Action): ProductStatus {
  const rule = ACTIONS[action];
  if (!(rule.from as readonly ProductStatus[]).includes(from)) throw new InvalidTransition(from, rule.verb);
  return rule.to;
}

// ------------------------------------------------------------------------------------------ helpers

const { searchVector: _searchVector, ...productColumns } = getTableColumns(products);
type ProductSet = PgUpdateSetSource<typeof products>;
const vendorRefColumns = { id: vendors.id, slug: vendors.slug, name: vendors.name, status: vendors.status };

/** Serialises with sorted keys, so two values can be compared regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function tenantIdOf(ctx: RequestContext): string {
  if (!ctx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
  return ctx.tenantId;
}

function storeCurrency(ctx: RequestContext): string {
  const currency = ctx.tenant?.defaultCurrency;
  if (!currency) throw new BadRequest('tenant_required', 'This request must name a store.');
  return currency;
}

function amountOf(m: Money, currency: string, path: string): number {
  if (m.currency !== currency) {
    throw invalid('currency_mismatch', path, `Prices must be in ${currency}, the store's currency.`);
  }
  return m.amount;
}

function assertCompareAt(price: number, compareAt: number | null, path: string): void {
  if (compareAt !== null && compareAt < price) {
    throw invalid('compare_at_price_below_price', path, 'The compare-at price must not be lower than the price.');
  }
}

/** `Summer Dress — Blue` → `summer-dress-blue`. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' || isUuid(slug) ? 'product' : slug;
}

function checkOptions(options: ProductOption[]): ProductOption[] {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const key = o.name.toLowerCase();
    if (seen.has(key))
      throw invalid('invalid_options', `body.options.${i}.name`, `The option "${o.name}" is named twice.`);
    seen.add(key);
  });
  return options.map((o) => ({ name: o.name, values: [...o.values] }));
}

interface VariantDraft {
  sku: string;
  price: number;
  compareAtPrice: number | null;
  onHand: number;
  weightGrams: number | null;
  options: Record<string, string>;
  active: boolean;
  position: number;
}

/**
 * Active variants must name exactly one listed value for each of the product's options, and no two
 * may name the same combination; a product without options has a single active variant.
 */
function assertVariantsFit(options: ProductOption[], drafts: Array<{ path: string; v: VariantDraft }>): void {
  const active = drafts.filter((d) => d.v.active);
  if (options.length === 0 && active.length > 1) {
    throw invalid(
      'options_required',
      'body.options',
      'Several variants need options (such as Size or Colour) to tell them apart.',
    );
  }
  const combos = new Set<string>();
  for (const { path, v } of active) {
    const names = Object.keys(v.options);
    const fits =
      names.length === options.length &&
      options.every((o) => Object.hasOwn(v.options, o.name) && o.values.includes(v.options[o.name] as string));
    if (!fits) {
      const expected = options.length === 0 ? 'no options' : options.map((o) => o.name).join(', ');
      throw invalid(
        'variant_options_mismatch',
        `${path}.options`,
        `A variant must have one listed value for each of the product's options (${expected}).`,
      );
    }
    const combo = canonical(v.options);
    if (combos.has(combo)) {
      throw invalid('duplicate_variant_options', `${path}.options`, 'Two variants have the same options.');
    }
    combos.add(combo);
  }
}

function assertUniqueSkus(skus: string[]): void {
  const seen = new Set<string>();
  skus.forEach((sku, i) => {
    if (seen.has(sku)) throw invalid('duplicate_sku', `body.variants.${i}.sku`, `The SKU "${sku}" is used twice.`);
    seen.add(sku);
  });
}

// -------------------------------------------------------------------------------------- list order

const byCreated = sql`${products.createdAt}`;
const byUpdated = sql`${products.updatedAt}`;
const byTitle = sql`lower(${products.title})`;

/** The orders `sort` names. */
const LIST_ORDERS: Record<ProductSort, SortOrder> = {
  '-createdAt': { tag: 'c-', expr: byCreated, kind: 'time', descending: true },
  createdAt: { tag: 'c+', expr: byCreated, kind: 'time', descending: false },
  '-updatedAt': { tag: 'u-', expr: byUpdated, kind: 'time', descending: true },
  updatedAt: { tag: 'u+', expr: byUpdated, kind: 'time', descending: false },
  title: { tag: 't+', expr: byTitle, kind: 'text', descending: false },
  '-title': { tag: 't-', expr: byTitle, kind: 'text', descending: true },
};

/** The moderation queue without a `sort`: first come, first served. */
const REVIEW_QUEUE: SortOrder = {
  tag: 'q',
  expr: sql`coalesce(${products.submittedAt}, ${products.createdAt})`,
  kind: 'time',
  descending: false,
};

/** The order of a list: `sort` when given; else the review queue for pending products, newest first otherwise. */
function listOrderOf(sort: ProductSort | undefined, status: ProductStatus | undefined): SortOrder {
  if (sort) return LIST_ORDERS[sort];
  return status === 'pending_review' ? REVIEW_QUEUE : LIST_ORDERS['-createdAt'];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ------------------------------------------------------------------------------------------ service

export function createProductService({ uow, events, storage, catalogCache }: ProductServiceDeps) {
  /**
   * Runs a write in one unit of work, turns unique-index refusals into 409s and bumps the catalog
   * cache once the transaction has committed.
   */
  async function write<T>(ctx: RequestContext, fn: (tx: TxContext) => Promise<T>): Promise<T> {
    const tenantId = tenantIdOf(ctx);
    let result: T;
    try {
      result = await uow(ctx, fn);
    } catch (err) {
      throw uniqueViolationOf(err) ?? err;
    }
    if ('tx' in ctx && (ctx as TxContext).tx) {
      // Inside a caller's transaction: bump once that one commits.
      (ctx as TxContext).afterCommit.push(() => void catalogCache.bump(tenantId).catch(() => undefined));
    } else {
      await catalogCache.bump(tenantId);
    }
    return result;
  }

  /** The vendor the signed-in user acts for (any status), or 403 `not_a_vendor`. */
  async function actingVendor(tx: TxContext): Promise<VendorRef> {
    const actor = tx.actor;
    if (!actor) throw new Unauthorized();
    const vendorId = actor.kind === 'user' ? await vendorIdOfUser(tx.tx, actor.id) : null;
    const [vendor] = vendorId
      ? await tx.tx
          .select(vendorRefColumns)
          .from(vendors)
          .where(and(eq(vendors.id, vendorId), isNull(vendors.deletedAt)))
      : [];
    if (!vendor) throw new Forbidden('not_a_vendor', 'This account does not act for a vendor of this store.');
    return vendor;
  }

  /** The acting vendor, which must be approved to change anything (403 `vendor_not_approved`). */
  async function approvedVendor(tx: TxContext): Promise<VendorRef> {
    const vendor = await actingVendor(tx);
    if (vendor.status !== 'approved') {
      throw new Forbidden('vendor_not_approved', 'Only approved vendors can change products.');
    }
    return vendor;
  }

  /** A live product, optionally of one vendor only (another vendor's product is absent: 404). */
  async function findProduct(
    tx: TxContext,
    id: string,
    opts: { vendorId?: string; lock?: boolean } = {},
  ): Promise<ProductRow> {
    const query = tx.tx
      .select(productColumns)
      .from(products)
      .where(
        and(
          eq(products.id, id),
          isNull(products.deletedAt),
          opts.vendorId ? eq(products.vendorId, opts.vendorId) : undefined,
        ),
      );
    const [row] = opts.lock ? await query.for('update') : await query;
    if (!row) throw new ProductNotFound();
    return row;
  }

  const variantsOf = (tx: TxContext, productId: string): Promise<VariantRow[]> =>
    tx.tx
      .select()
      .from(variants)
      .where(and(eq(variants.productId, productId), isNull(variants.deletedAt)))
      .orderBy(asc(variants.position), asc(variants.id));

  const imagesOf = (tx: TxContext, productId: string): Promise<ImageRow[]> =>
    tx.tx
      .select()
      .from(productImages)
      .where(and(eq(productImages.productId, productId), isNull(productImages.deletedAt)))
      .orderBy(asc(productImages.position), asc(productImages.createdAt), asc(productImages.id));

  async function vendorOf(tx: TxContext, vendorId: string): Promise<VendorRef> {
    const [vendor] = await tx.tx.select(vendorRefColumns).from(vendors).where(eq(vendors.id, vendorId));
    if (!vendor) throw new ProductNotFound();
    return vendor;
  }

  async function view(tx: TxContext, row: ProductRow, vendor?: VendorRef): Promise<ManagedProduct> {
    const v = vendor ?? (await vendorOf(tx, row.vendorId));
    const vs = await variantsOf(tx, row.id);
    const images = await imagesOf(tx, row.id);
    return toManagedProduct(row, v, vs, images);
  }

  async function assertCategory(tx: TxContext, categoryId: string, path: string, code = 'unknown_category') {
    const [cat] = await tx.tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, categoryId), isNull(categories.deletedAt)));
    if (!cat) throw invalid(code, path, 'No category with this id exists in the store.');
  }

  /** SKUs already used by a variant other than the one each would belong to: 409 `sku_taken`. */
  async function assertSkusFree(tx: TxContext, wanted: Array<{ sku: string; variantId: string | null }>) {
    if (wanted.length === 0) return;
    const rows = await tx.tx
      .select({ id: variants.id, sku: variants.sku })
      .from(variants)
      .where(
        and(
          inArray(
            variants.sku,
            wanted.map((w) => w.sku),
          ),
          isNull(variants.deletedAt),
        ),
      );
    const taken = rows.filter((r) => !wanted.some((w) => w.sku === r.sku && w.variantId === r.id)).map((r) => r.sku);
    if (taken.length > 0) {
      throw new Conflict('sku_taken', `These SKUs are already used in the store: ${taken.join(', ')}.`, {
        skus: taken,
      });
    }
  }

  async function slugTaken(tx: TxContext, slug: string, exceptId?: string): Promise<boolean> {
    const [row] = await tx.tx
      .select({ id: products.id })
      .from(products)
      .where(
        and(eq(products.slug, slug), isNull(products.deletedAt), exceptId ? ne(products.id, exceptId) : undefined),
      );
    return row !== undefined;
  }

  /** An explicit slug must be free (409 `slug_taken`); one made from the title gets a suffix on a clash. */
  async function chooseSlug(tx: TxContext, explicit: string | undefined, title: string, exceptId?: string) {
    if (explicit !== undefined) {
      if (isUuid(explicit)) throw invalid('invalid_slug', 'body.slug', 'A slug cannot have the form of an id.');
      if (await slugTaken(tx, explicit, exceptId)) {
        throw new Conflict('slug_taken', `The slug "${explicit}" is already used by another product.`);
      }
      return explicit;
    }
    const base = slugify(title);
    if (!(await slugTaken(tx, base, exceptId))) return base;
    for (let i = 0; i < 5; i++) {
      const candidate = `${base.slice(0, 90).replace(/-+$/, '')}-${randomBytes(3).toString('hex')}`;
      if (!(await slugTaken(tx, candidate, exceptId))) return candidate;
    }
    throw new Conflict('slug_taken', 'No free slug could be made from the title; give one.');
  }

  async function activeVariantCount(tx: TxContext, productId: string): Promise<number> {
    const [row] = await tx.tx
      .select({ n: count() })
      .from(variants)
      .where(and(eq(variants.productId, productId), eq(variants.active, true), isNull(variants.deletedAt)));
    return Number(row?.n ?? 0);
  }

  /** Writes the product's new status (and what goes with it) and bumps its version. */
  async function saveProduct(
    tx: TxContext,
    row: ProductRow,
    status: ProductStatus,
    values: ProductSet = {},
  ): Promise<ProductRow> {
    const statusValues: ProductSet =
      status === row.status
        ? {}
        : status === 'pending_review'
          ? { status, submittedAt: sql`now()`, statusReason: null }
          : { status };
    const [updated] = await tx.tx
      .update(products)
      .set({
        ...values,
        ...statusValues,
        version: sql`${products.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
      })
      .where(eq(products.id, row.id))
      .returning(productColumns);
    if (!updated) throw new ProductNotFound();
    return updated;
  }

  /** Loads the vendor's product for an edit: locked, at the expected version, not archived. */
  async function productForEdit(tx: TxContext, id: string, expectedVersion?: number) {
    const vendor = await approvedVendor(tx);
    const row = await findProduct(tx, id, { vendorId: vendor.id, lock: true });
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw new VersionConflict(row.version);
    if (row.status === 'archived') throw new ProductArchived();
    return { vendor, row };
  }

  async function publishChange(
    tx: TxContext,
    type: string,
    before: ProductRow,
    after: ProductRow,
    reason: string | null = null,
  ): Promise<void> {
    await events.publish<ProductEventPayload>(tx, {
      type,
      aggregateType: 'product',
      aggregateId: after.id,
      payload: {
        productId: after.id,
        vendorId: after.vendorId,
        status: after.status,
        previousStatus: before.status,
        featured: after.featured,
        reason,
        version: after.version,
      },
    });
  }

  /**
   * Writes the images' positions as their order (0..n-1; the first is the primary one), plus `change`
   * to one of them. Each row whose representation changes gets a new version, once.
   */
  async function saveImageOrder(
    tx: TxContext,
    ordered: ImageRow[],
    change?: { id: string; alt: string },
  ): Promise<ImageRow[]> {
    const out: ImageRow[] = [];
    for (const [i, img] of ordered.entries()) {
      const alt = change?.id === img.id ? change.alt : img.alt;
      if (img.position === i && alt === img.alt) {
        out.push(img);
        continue;
      }
      const [updated] = await tx.tx
        .update(productImages)
        .set({
          position: i,
          alt,
          version: sql`${productImages.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: currentActorSql,
        })
        .where(eq(productImages.id, img.id))
        .returning();
      out.push(updated ?? img);
    }
    return out;
  }

  /** Lists products with their vendor, active-variant count and primary image: one query each. */
  async function listProducts(
    tx: TxContext,
    filters: {
      vendorId?: string | undefined;
      status?: ProductStatus | undefined;
      q?: string | undefined;
      deleted?: boolean | undefined;
      sort?: ProductSort | undefined;
    },
    page: ListInput,
  ): Promise<Array<Keyed<ManagedProductSummary>>> {
    const order = listOrderOf(filters.sort, filters.status);
    const keyset = sortedKeysetOf(order, products.id, page.cursor);
    const q = filters.q;
    const rows = await tx.tx
      .select({ product: productColumns, vendor: vendorRefColumns, position: sortKeyText(order) })
      .from(products)
      .innerJoin(vendors, and(eq(vendors.tenantId, products.tenantId), eq(vendors.id, products.vendorId)))
      .where(
        and(
          filters.deleted ? isNotNull(products.deletedAt) : isNull(products.deletedAt),
          filters.vendorId ? eq(products.vendorId, filters.vendorId) : undefined,
          filters.status ? eq(products.status, filters.status) : undefined,
          q
            ? or(
                ilike(products.title, `%${escapeLike(q)}%`),
                eq(products.slug, q),
                sql`exists (select 1 from ${variants} where ${variants.productId} = ${products.id} and ${variants.sku} = ${q} and ${variants.deletedAt} is null)`,
              )
            : undefined,
          keyset.where,
        ),
      )
      .orderBy(...keyset.orderBy)
      .limit(page.limit + 1);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.product.id);
    const counts = await tx.tx
      .select({ productId: variants.productId, n: count() })
      .from(variants)
      .where(and(inArray(variants.productId, ids), eq(variants.active, true), isNull(variants.deletedAt)))
      .groupBy(variants.productId);
    const imageIds = rows.map((r) => r.product.primaryImageId).filter((id): id is string => id !== null);
    const images =
      imageIds.length === 0
        ? []
        : await tx.tx
            .select({
              id: productImages.id,
              storageKey: productImages.storageKey,
              thumbnailKey: productImages.thumbnailKey,
              alt: productImages.alt,
            })
            .from(productImages)
            .where(and(inArray(productImages.id, imageIds), isNull(productImages.deletedAt)));
    return rows.map((r) => ({
      key: [order.tag, r.position, r.product.id],
      item: toManagedProductSummary(
        r.product,
        r.vendor,
        Number(counts.find((c) => c.productId === r.product.id)?.n ?? 0),
        images.find((i) => i.id === r.product.primaryImageId),
      ),
    }));
  }

  /** Store staff who may see every product: moderators or catalog managers. */
  function assertModerator(ctx: RequestContext): void {
    if (!ctx.actor) throw new Unauthorized();
    if (!can(ctx.actor, 'products:approve') && !can(ctx.actor, 'catalog:manage')) {
      throw new Forbidden('forbidden', 'This needs the "products:approve" or "catalog:manage" permission.');
    }
  }

  /**
   * The variant changes of a product edit: upserts matched by id, else SKU, else created; every
   * variant left out is deactivated. Validates money, options and SKUs before anything is written.
   */
  async function planVariants(
    tx: TxContext,
    row: ProductRow,
    current: VariantRow[],
    upserts: VariantUpsert[],
    options: ProductOption[],
    currency: string,
  ) {
    assertUniqueSkus(upserts.map((u) => u.sku));
    const matched = new Set<string>();
    const plan = upserts.map((u, i) => {
      const path = `body.variants.${i}`;
      const target = u.id ? current.find((v) => v.id === u.id) : current.find((v) => v.sku === u.sku);
      if (u.id && !target) throw invalid('unknown_variant', `${path}.id`, 'The product has no variant with this id.');
      if (target) {
        if (matched.has(target.id)) throw invalid('duplicate_variant', path, 'Two entries describe the same variant.');
        matched.add(target.id);
      }
      const price = amountOf(u.price, currency, `${path}.price`);
      const compareAtPrice = u.compareAtPrice ? amountOf(u.compareAtPrice, currency, `${path}.compareAtPrice`) : null;
      assertCompareAt(price, compareAtPrice, `${path}.compareAtPrice`);
      // Stock left out keeps an existing variant's on-hand units (sales change them without a new
      // product version, so a stale absolute value must not be written back); a new one starts at 0.
      const setStock = u.stock !== undefined || !target;
      const draft: VariantDraft = {
        sku: u.sku,
        price,
        compareAtPrice,
        onHand: u.stock ?? target?.onHand ?? 0,
        weightGrams: u.weight ?? null,
        options: u.options ?? {},
        active: u.active ?? true,
        position: i,
      };
      if (target && setStock && draft.onHand < target.reserved) {
        throw invalid(
          'stock_below_reserved',
          `${path}.stock`,
          `${target.reserved} units are held by checkouts; stock cannot go below that.`,
        );
      }
      return { path, target, draft, setStock };
    });
    assertVariantsFit(
      options,
      plan.map((p) => ({ path: p.path, v: p.draft })),
    );
    await assertSkusFree(
      tx,
      plan
        .filter((p) => !p.target || p.target.sku !== p.draft.sku)
        .map((p) => ({ sku: p.draft.sku, variantId: p.target?.id ?? null })),
    );
    const content = plan.some(
      (p) => !p.target || p.target.sku !== p.draft.sku || !same(p.target.options, p.draft.options),
    );
    const changed = plan.filter(
      (p) =>
        !p.target ||
        p.target.sku !== p.draft.sku ||
        !same(p.target.options, p.draft.options) ||
        p.target.price !== p.draft.price ||
        p.target.compareAtPrice !== p.draft.compareAtPrice ||
        (p.setStock && p.target.onHand !== p.draft.onHand) ||
        p.target.weightGrams !== p.draft.weightGrams ||
        p.target.active !== p.draft.active ||
        p.target.position !== p.draft.position,
    );
    const deactivate = current.filter((v) => v.active && !matched.has(v.id)).map((v) => v.id);
    const activeAfter = plan.filter((p) => p.draft.active).length;
    return { content, changed, deactivate, activeAfter, productId: row.id };
  }

  async function applyVariants(tx: TxContext, plan: Awaited<ReturnType<typeof planVariants>>): Promise<void> {
    if (plan.deactivate.length > 0) {
      await tx.tx
        .update(variants)
        .set({
          active: false,
          version: sql`${variants.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: currentActorSql,
        })
        .where(inArray(variants.id, plan.deactivate));
    }
    for (const { target, draft, setStock } of plan.changed) {
      if (target) {
        // Without a new stock the row's on-hand is left alone: a sale since the plan was made stays.
        const { onHand, ...rest } = draft;
        const [updated] = await tx.tx
          .update(variants)
          .set({
            ...(setStock ? draft : rest),
            version: sql`${variants.version} + 1`,
            updatedAt: sql`now()`,
            updatedBy: currentActorSql,
          })
          // A checkout may have reserved units since the plan was made.
          .where(and(eq(variants.id, target.id), setStock ? sql`${variants.reserved} <= ${onHand}` : undefined))
          .returning({ id: variants.id });
        if (!updated) {
          throw new BusinessRuleViolation('stock_below_reserved', 'Stock cannot go below the units held by checkouts.');
        }
      } else {
        await tx.tx
          .insert(variants)
          .values({ tenantId: tenantIdOf(tx), id: newId(), productId: plan.productId, ...draft });
      }
    }
  }

  return {
    // ------------------------------------------------------------------------------ vendor: reads

    /** The acting vendor's products, newest first unless `sort` says otherwise. */
    async listOwn(
      ctx: RequestContext,
      q: ListInput & Omit<VendorProductListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<ManagedProductSummary>>> {
      assertCan(ctx.actor, 'products:write:own');
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx);
        return listProducts(tx, { vendorId: vendor.id, status: q.status, q: q.q, sort: q.sort }, q);
      });
    },

    async getOwn(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx);
        return view(tx, await findProduct(tx, id, { vendorId: vendor.id }), vendor);
      });
    },

    // ----------------------------------------------------------------------------- vendor: writes

    /** Creates a draft with its variants. */
    async create(ctx: RequestContext, body: CreateProductBody): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      const currency = storeCurrency(ctx);
      return write(ctx, async (tx) => {
        const vendor = await approvedVendor(tx);
        const options = checkOptions(body.options ?? []);
        assertUniqueSkus(body.variants.map((v) => v.sku));
        const drafts = body.variants.map((v, i): { path: string; v: VariantDraft } => {
          const path = `body.variants.${i}`;
          const price = amountOf(v.price, currency, `${path}.price`);
          const compareAtPrice = v.compareAtPrice
            ? amountOf(v.compareAtPrice, currency, `${path}.compareAtPrice`)
            : null;
          assertCompareAt(price, compareAtPrice, `${path}.compareAtPrice`);
          return {
            path,
            v: {
              sku: v.sku,
              price,
              compareAtPrice,
              onHand: v.stock,
              weightGrams: v.weight ?? null,
              options: v.options ?? {},
              active: true,
              position: i,
            },
          };
        });
        assertVariantsFit(options, drafts);
        await assertCategory(tx, body.categoryId, 'body.categoryId');
        await assertSkusFree(
          tx,
          drafts.map((d) => ({ sku: d.v.sku, variantId: null })),
        );
        const id = newId();
        const tenantId = tenantIdOf(tx);
        let slug = await chooseSlug(tx, body.slug, body.title);
        // A concurrent create may take the same slug first: an explicit one is then a conflict, one
        // made from the title gets a suffix (the index waits for the other writer, so this is exact).
        for (let attempt = 0; ; attempt++) {
          const inserted = await tx.tx
            .insert(products)
            .values({
              tenantId,
              id,
              vendorId: vendor.id,
              categoryId: body.categoryId,
              slug,
              title: body.title,
              description: body.description,
              status: 'draft',
              options,
              translations: (body.translations ?? {}) as Translations,
              currency,
            })
            .onConflictDoNothing({ target: [products.tenantId, products.slug], where: isNull(products.deletedAt) })
            .returning({ id: products.id });
          if (inserted.length > 0) break;
          if (body.slug !== undefined || attempt >= 3) {
            throw new Conflict('slug_taken', `The slug "${slug}" is already used by another product.`);
          }
          slug = await chooseSlug(
            tx,
            undefined,
            `${slugify(body.title).slice(0, 90)}-${randomBytes(3).toString('hex')}`,
          );
        }
        await tx.tx.insert(variants).values(drafts.map((d) => ({ tenantId, id: newId(), productId: id, ...d.v })));
        // Re-read: the variants' triggers have filled in the price range.
        return view(tx, await findProduct(tx, id), vendor);
      });
    },

    /**
     * Changes content and/or variants (see the file comment for what sends a product back to
     * review). Nothing changed → the product as it is, version unchanged.
     */
    async update(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      body: UpdateProductBody,
    ): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      const currency = storeCurrency(ctx);
      return write(ctx, async (tx) => {
        const { vendor, row } = await productForEdit(tx, id, expectedVersion);
        const values: ProductSet = {};
        if (body.title !== undefined && body.title !== row.title) values.title = body.title;
        if (body.description !== undefined && body.description !== row.description) {
          values.description = body.description;
        }
        if (body.categoryId !== undefined && body.categoryId !== row.categoryId) {
          await assertCategory(tx, body.categoryId, 'body.categoryId');
          values.categoryId = body.categoryId;
        }
        if (body.slug !== undefined && body.slug !== row.slug) {
          values.slug = await chooseSlug(tx, body.slug, row.title, row.id);
        }
        if (body.translations !== undefined && !same(body.translations, row.translations)) {
          values.translations = body.translations;
        }
        const options = body.options === undefined ? row.options : checkOptions(body.options);
        if (body.options !== undefined && !same(options, row.options)) values.options = options;

        const current = await variantsOf(tx, row.id);
        let content = Object.keys(values).length > 0;
        let variantChanges = false;
        if (body.variants) {
          const plan = await planVariants(tx, row, current, body.variants, options, currency);
          content ||= plan.content;
          variantChanges = plan.changed.length > 0 || plan.deactivate.length > 0;
          if (plan.activeAfter === 0 && row.status !== 'draft' && row.status !== 'rejected') {
            throw invalid(
              'no_active_variant',
              'body.variants',
              'A product under review or for sale needs an active variant.',
            );
          }
          await applyVariants(tx, plan);
        } else if (values.options) {
          assertVariantsFit(
            options,
            current.map((v) => ({ path: `variants.${v.sku}`, v })),
          );
        }
        if (!content && !variantChanges) return view(tx, row, vendor);
        const status = statusAfterEdit(row.status, content ? 'content' : 'other');
        return view(tx, await saveProduct(tx, row, status, values), vendor);
      });
    },

    /** Price, compare-at price, stock, weight and active of one variant: applied without review. */
    async updateVariant(
      ctx: RequestContext,
      productId: string,
      variantId: string,
      expectedVersion: number,
      body: UpdateVariantBody,
    ): Promise<ManagedVariant> {
      assertCan(ctx.actor, 'products:write:own');
      const currency = storeCurrency(ctx);
      return write(ctx, async (tx) => {
        const { row } = await productForEdit(tx, productId);
        const all = await variantsOf(tx, row.id);
        const variant = all.find((v) => v.id === variantId);
        if (!variant) throw new VariantNotFound();
        if (variant.version !== expectedVersion) throw new VersionConflict(variant.version);
        const price = body.price ? amountOf(body.price, currency, 'body.price') : variant.price;
        const compareAtPrice =
          body.compareAtPrice === undefined
            ? variant.compareAtPrice
            : body.compareAtPrice === null
              ? null
              : amountOf(body.compareAtPrice, currency, 'body.compareAtPrice');
        assertCompareAt(price, compareAtPrice, body.compareAtPrice ? 'body.compareAtPrice' : 'body.price');
        const next = {
          price,
          compareAtPrice,
          onHand: body.stock ?? variant.onHand,
          weightGrams: body.weight === undefined ? variant.weightGrams : body.weight,
          active: body.active ?? variant.active,
        };
        if (next.active && !variant.active) {
          assertVariantsFit(row.options, [
            ...all.filter((v) => v.active).map((v) => ({ path: `variants.${v.sku}`, v })),
            { path: 'body', v: { ...variant, active: true } },
          ]);
        }
        if (!next.active && variant.active && row.status !== 'draft' && row.status !== 'rejected') {
          if (all.filter((v) => v.active).length === 1) {
            throw invalid(
              'no_active_variant',
              'body.active',
              'A product under review or for sale needs an active variant.',
            );
          }
        }
        const changed =
          next.price !== variant.price ||
          next.compareAtPrice !== variant.compareAtPrice ||
          next.onHand !== variant.onHand ||
          next.weightGrams !== variant.weightGrams ||
          next.active !== variant.active;
        if (!changed) return toManagedVariant(variant, row.currency);
        const [updated] = await tx.tx
          .update(variants)
          .set({ ...next, version: sql`${variants.version} + 1`, updatedAt: sql`now()`, updatedBy: currentActorSql })
          .where(and(eq(variants.id, variant.id), sql`${variants.reserved} <= ${next.onHand}`))
          .returning();
        if (!updated) {
          throw invalid('stock_below_reserved', 'body.stock', 'Stock cannot go below the units held by checkouts.');
        }
        await saveProduct(tx, row, statusAfterEdit(row.status, 'other'));
        return toManagedVariant(updated, row.currency);
      });
    },

    /** draft | rejected → pending_review; needs an active variant and a category (422 otherwise). */
    async submit(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      return write(ctx, async (tx) => {
        const vendor = await approvedVendor(tx);
        const row = await findProduct(tx, id, { vendorId: vendor.id, lock: true });
        const status = transition(row.status, 'submit');
        if ((await activeVariantCount(tx, row.id)) === 0) {
          throw new BusinessRuleViolation('no_active_variant', 'A product needs an active variant to be reviewed.');
        }
        if (!row.categoryId) {
          throw new BusinessRuleViolation('category_required', 'A product needs a category to be reviewed.');
        }
        await assertCategory(tx, row.categoryId, 'categoryId', 'category_required');
        const saved = await saveProduct(tx, row, status);
        await publishChange(tx, ProductEvents.submitted, row, saved);
        return view(tx, saved, vendor);
      });
    },

    /** Takes the product off sale and out of review; it is read-only until unarchived. */
    async archive(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      return write(ctx, async (tx) => {
        const vendor = await approvedVendor(tx);
        const row = await findProduct(tx, id, { vendorId: vendor.id, lock: true });
        return view(tx, await saveProduct(tx, row, transition(row.status, 'archive')), vendor);
      });
    },

    /** archived → draft: editable again, to be submitted anew. */
    async unarchive(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:write:own');
      return write(ctx, async (tx) => {
        const vendor = await approvedVendor(tx);
        const row = await findProduct(tx, id, { vendorId: vendor.id, lock: true });
        return view(tx, await saveProduct(tx, row, transition(row.status, 'unarchive')), vendor);
      });
    },

    /** Soft delete of the product with its variants (their SKUs become free) and images. */
    async remove(ctx: RequestContext, id: string, expectedVersion: number): Promise<void> {
      assertCan(ctx.actor, 'products:write:own');
      await write(ctx, async (tx) => {
        const vendor = await approvedVendor(tx);
        const row = await findProduct(tx, id, { vendorId: vendor.id, lock: true });
        if (row.version !== expectedVersion) throw new VersionConflict(row.version);
        const gone = { deletedAt: sql`now()`, updatedAt: sql`now()`, updatedBy: currentActorSql };
        await tx.tx
          .update(variants)
          .set(gone)
          .where(and(eq(variants.productId, row.id), isNull(variants.deletedAt)));
        await tx.tx
          .update(productImages)
          .set(gone)
          .where(and(eq(productImages.productId, row.id), isNull(productImages.deletedAt)));
        await saveProduct(tx, row, row.status, { deletedAt: sql`now()` });
      });
    },

    // ------------------------------------------------------------------------------------ images

    /**
     * Checks, re-encodes and stores an image, then records it as the product's last (the first one
     * becomes primary). A content edit. The objects are removed again if the record cannot be made.
     */
    async addImage(
      ctx: RequestContext,
      productId: string,
      input: { file: Buffer; alt?: string },
    ): Promise<ProductImage> {
      assertCan(ctx.actor, 'products:write:own');
      const tenantId = tenantIdOf(ctx);
      const assertRoom = async (tx: TxContext) => {
        const [row] = await tx.tx
          .select({ n: count() })
          .from(productImages)
          .where(and(eq(productImages.productId, productId), isNull(productImages.deletedAt)));
        const n = Number(row?.n ?? 0);
        if (n >= MAX_IMAGES_PER_PRODUCT) {
          throw new BusinessRuleViolation('too_many_images', `A product has at most ${MAX_IMAGES_PER_PRODUCT} images.`);
        }
        return n;
      };
      // Ownership and state first: an image is not processed for a product that cannot take it.
      await uow(ctx, async (tx) => {
        await productForEdit(tx, productId);
        await assertRoom(tx);
      });
      const imageId = newId();
      const stored = await storeProductImage(storage, { tenantId, productId, imageId, input: input.file });
      try {
        return await write(ctx, async (tx) => {
          const { row } = await productForEdit(tx, productId);
          const position = await assertRoom(tx);
          const [image] = await tx.tx
            .insert(productImages)
            .values({ tenantId, id: imageId, productId, ...stored, alt: input.alt ?? '', position })
            .returning();
          if (!image) throw new ImageNotFound();
          const primaryImageId = position === 0 ? imageId : row.primaryImageId;
          await saveProduct(tx, row, statusAfterEdit(row.status, 'content'), { primaryImageId });
          return toProductImage(image, primaryImageId);
        });
      } catch (err) {
        await deleteProductImage(storage, stored).catch(() => undefined);
        throw err;
      }
    },

    async getImage(ctx: RequestContext, productId: string, imageId: string): Promise<ProductImage> {
      assertCan(ctx.actor, 'products:write:own');
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx);
        const row = await findProduct(tx, productId, { vendorId: vendor.id });
        const image = (await imagesOf(tx, row.id)).find((i) => i.id === imageId);
        if (!image) throw new ImageNotFound();
        return toProductImage(image, row.primaryImageId);
      });
    },

    /** Moves an image (position 0 makes it primary) and/or changes its text. A content edit. */
    async updateImage(
      ctx: RequestContext,
      productId: string,
      imageId: string,
      expectedVersion: number,
      body: UpdateImageBody,
    ): Promise<ProductImage> {
      assertCan(ctx.actor, 'products:write:own');
      return write(ctx, async (tx) => {
        const { row } = await productForEdit(tx, productId);
        const images = await imagesOf(tx, row.id);
        const image = images.find((i) => i.id === imageId);
        if (!image) throw new ImageNotFound();
        if (image.version !== expectedVersion) throw new VersionConflict(image.version);
        const others = images.filter((i) => i.id !== imageId);
        const at = body.position === undefined ? images.indexOf(image) : Math.min(body.position, images.length - 1);
        const alt = body.alt ?? image.alt;
        if (alt === image.alt && at === images.indexOf(image)) return toProductImage(image, row.primaryImageId);
        const ordered = await saveImageOrder(tx, [...others.slice(0, at), image, ...others.slice(at)], {
          id: image.id,
          alt,
        });
        const primaryImageId = ordered[0]?.id ?? null;
        await saveProduct(tx, row, statusAfterEdit(row.status, 'content'), { primaryImageId });
        return toProductImage(ordered.find((i) => i.id === imageId) ?? image, primaryImageId);
      });
    },

    /** Removes an image (and its stored files); the next one becomes primary. A content edit. */
    async removeImage(ctx: RequestContext, productId: string, imageId: string, expectedVersion: number): Promise<void> {
      assertCan(ctx.actor, 'products:write:own');
      const removed = await write(ctx, async (tx) => {
        const { row } = await productForEdit(tx, productId);
        const images = await imagesOf(tx, row.id);
        const image = images.find((i) => i.id === imageId);
        if (!image) throw new ImageNotFound();
        if (image.version !== expectedVersion) throw new VersionConflict(image.version);
        await tx.tx
          .update(productImages)
          .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, updatedBy: currentActorSql })
          .where(eq(productImages.id, image.id));
        const ordered = await saveImageOrder(
          tx,
          images.filter((i) => i.id !== imageId),
        );
        await saveProduct(tx, row, statusAfterEdit(row.status, 'content'), { primaryImageId: ordered[0]?.id ?? null });
        return image;
      });
      // Nothing refers to the files any more; one left behind by a storage failure costs only space.
      await deleteProductImage(storage, removed).catch(() => undefined);
    },

    // -------------------------------------------------------------------------------- moderation

    /**
     * Every product of the store (or its deleted ones) in the order `sort` names; without it,
     * `pending_review` lists oldest submission first and every other list newest first.
     */
    async listAll(
      ctx: RequestContext,
      q: ListInput & Omit<AdminProductListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<ManagedProductSummary>>> {
      assertModerator(ctx);
      return uow(ctx, (tx) =>
        listProducts(tx, { vendorId: q.vendor, status: q.status, q: q.q, deleted: q.deleted, sort: q.sort }, q),
      );
    },

    async getAny(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertModerator(ctx);
      return uow(ctx, async (tx) => view(tx, await findProduct(tx, id)));
    },

    /** pending_review → active (published the first time). Audited, with an event. */
    async approve(ctx: RequestContext, id: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:approve');
      return write(ctx, async (tx) => {
        const row = await findProduct(tx, id, { lock: true });
        const status = transition(row.status, 'approve');
        if ((await activeVariantCount(tx, row.id)) === 0) {
          throw new BusinessRuleViolation('no_active_variant', 'A product needs an active variant to be approved.');
        }
        const saved = await saveProduct(tx, row, status, {
          statusReason: null,
          publishedAt: sql`coalesce(${products.publishedAt}, now())`,
        });
        await recordAudit(tx, {
          action: 'product.approved',
          entityType: 'product',
          entityId: row.id,
          before: { status: row.status, statusReason: row.statusReason },
          after: { status: saved.status, statusReason: saved.statusReason },
        });
        await publishChange(tx, ProductEvents.approved, row, saved);
        return view(tx, saved);
      });
    },

    /** pending_review → rejected with a reason the vendor sees. Audited, with an event. */
    async reject(ctx: RequestContext, id: string, reason: string): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'products:approve');
      return write(ctx, async (tx) => {
        const row = await findProduct(tx, id, { lock: true });
        const saved = await saveProduct(tx, row, transition(row.status, 'reject'), { statusReason: reason });
        await recordAudit(tx, {
          action: 'product.rejected',
          entityType: 'product',
          entityId: row.id,
          before: { status: row.status, statusReason: row.statusReason },
          after: { status: saved.status, statusReason: saved.statusReason },
        });
        await publishChange(tx, ProductEvents.rejected, row, saved, reason);
        return view(tx, saved);
      });
    },

    /** Features or unfeatures a product (any status). Audited, with an event. */
    async setFeatured(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      featured: boolean,
    ): Promise<ManagedProduct> {
      assertCan(ctx.actor, 'catalog:manage');
      return write(ctx, async (tx) => {
        const row = await findProduct(tx, id, { lock: true });
        if (row.version !== expectedVersion) throw new VersionConflict(row.version);
        if (row.featured === featured) return view(tx, row);
        const saved = await saveProduct(tx, row, row.status, { featured });
        await recordAudit(tx, {
          action: 'product.featured',
          entityType: 'product',
          entityId: row.id,
          before: { featured: row.featured, status: row.status },
          after: { featured: saved.featured, status: saved.status },
        });
        await publishChange(tx, ProductEvents.featured, row, saved);
        return view(tx, saved);
      });
    },
  };
}

export type ProductService = ReturnType<typeof createProductService>;
