/**
 * Vendors' CSV import and export of products and variants, one row per variant:
 *
 *   product_slug,title,description,category,option1_name,option1_value,option2_name,option2_value,
 *   option3_name,option3_value,sku,price,compare_at_price,stock,weight_grams,active
 *
 * An import is a job. The upload is stored (`<tenant>/imports/<id>.csv`), an import row is written
 * and `catalog.import_requested.v1` published in the same transaction; its subscriber queues the
 * `catalog.import` job (one at a time per vendor, retried with backoff). The job streams the file
 * through the CSV parser in batches of rows: a batch is looked up with a few queries (SKUs,
 * products, their variants, categories), each row is checked against that state, and the good rows'
 * writes go in a few statements at the batch's end; good rows are applied even when others fail.
 * Rows upsert by SKU, so importing a file again changes nothing. The whole import is one transaction (the job's): a
 * crash leaves nothing half-done, and the retry starts from a clean state. A dry run is the same
 * import rolled back to a savepoint at the end, so its report is exactly what a real run would do.
 *
 * Edits follow the product API's moderation rule (ADR 0016): price, compare-at price, stock,
 * weight and active apply at once; content (title, description, category, options, a new variant)
 * sends an active product back to review; any edit returns a rejected product to draft; archived
 * products are read-only.
 */
import type { Readable } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { currentActorSql } from '../../platform/db/columns.js';
import type { Queryable } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest, Forbidden, NotFound, Unauthorized, ValidationFailed } from '../../platform/errors.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import type { DomainEvent } from '../../platform/outbox/events.js';
import type { JobInfo, JobQueue } from '../../platform/outbox/jobs.js';
import type { ObjectStorage } from '../../platform/storage/index.js';
import { assertCan, vendorIdOfUser } from '../identity/index.js';
import type { CatalogCache } from './catalog.cache.js';
import {
  type CatalogImport,
  type CatalogImportSummary,
  type ImportAction,
  type ImportRowResult,
  MAX_IMPORT_ROWS,
} from './catalog.csv.schemas.js';
import {
  type ProductOption,
  type ProductStatus,
  catalogImports,
  categories,
  products,
  variants,
  vendors,
} from './catalog.tables.js';

export const CSV_COLUMNS = [
  'product_slug',
  'title',
  'description',
  'category',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'sku',
  'price',
  'compare_at_price',
  'stock',
  'weight_grams',
  'active',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['product_slug', 'sku', 'price', 'stock'];

/** Largest upload accepted (413 above). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const IMPORT_JOB = 'catalog.import';

/** Events of imports, published in the transaction that makes the change. */
export const ImportEvents = {
  /** An upload was stored and its import row written: the import should run. */
  requested: 'catalog.import_requested.v1',
  /** An import finished (completed or failed); `changed` says whether the catalog changed. */
  finished: 'catalog.import_finished.v1',
} as const;

export interface ImportRequestedPayload {
  importId: string;
  /** The store's currency at upload time: new products are priced in it. */
  currency: string;
}

export interface ImportFinishedPayload {
  importId: string;
  vendorId: string;
  status: 'completed' | 'failed';
  dryRun: boolean;
  changed: boolean;
  /** The uploaded file, removed once the import has committed. */
  sourceKey: string;
}
const IMPORT_ATTEMPTS = 3;
const BATCH_ROWS = 500;
const EXPORT_BATCH = 500;

// Limits shared with the product API (catalog.products.schemas.ts).
const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const OPTION_TEXT_RE = /^\S(?:.*\S)?$/;
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 20_000;
const OPTION_NAME_MAX = 40;
const OPTION_VALUE_MAX = 60;
const OPTION_VALUES_MAX = 50;
const VARIANTS_MAX = 1000;
const PRICE_MAX = 2_147_483_647;
const STOCK_MAX = 1_000_000_000;
const WEIGHT_MAX = 10_000_000;

export interface CatalogCsvDeps {
  uow: UnitOfWork;
  jobs: JobQueue;
  events: EventBus;
  storage: ObjectStorage;
  catalogCache: CatalogCache;
}

type ImportRow = typeof catalogImports.$inferSelect;
type VendorRow = typeof vendors.$inferSelect;

/** A problem with the whole file (header, CSV syntax, size): no row is applied. */
class ImportFileError extends Error {}

/** Ends a dry run: the savepoint rolls back and the report it carries is kept. */
class DryRunDone extends Error {
  constructor(readonly outcome: Outcome) {
    super('dry run');
  }
}

interface Outcome {
  results: ImportRowResult[];
  changed: boolean;
}

// --------------------------------------------------------------------------------- row parsing

interface ParsedRow {
  row: number;
  slug: string;
  /** Empty: leave the product's value as it is. */
  title: string;
  description: string;
  category: string;
  /** `[name, value]` in column order; undefined when the file has no option columns. */
  options: Array<[string, string]> | undefined;
  sku: string;
  price: number;
  /** Undefined: the file has no such column, keep the variant's value. */
  compareAt: number | null | undefined;
  stock: number;
  weight: number | null | undefined;
  active: boolean | undefined;
}

interface RawRow {
  row: number;
  record: Partial<Record<Column, string>>;
  /** The row had more or fewer fields than the header. */
  badLength: boolean;
}

function wholeNumber(raw: string, max: number): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= max ? n : undefined;
}

const ACTIVE_VALUES: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

function parseRow(raw: RawRow, columns: ReadonlySet<Column>): ParsedRow | { error: string; sku?: string } {
  const f = (c: Column) => (raw.record[c] ?? '').trim();
  const sku = f('sku');
  const errors: string[] = [];
  const fail = () => ({ error: errors.join('; '), ...(sku ? { sku } : {}) });
  if (raw.badLength) {
    errors.push(`the row does not have the header's ${columns.size} fields`);
    return fail();
  }

  const slug = f('product_slug');
  if (!slug) errors.push('product_slug is required');
  else if (!SLUG_RE.test(slug)) errors.push('product_slug must be 1–100 lower-case letters, digits and dashes');
  if (!sku) errors.push('sku is required');
  else if (!SKU_RE.test(sku))
    errors.push('sku must be 1–64 letters, digits and . _ / - (starting with a letter or digit)');
  const title = f('title');
  if (title.length > TITLE_MAX) errors.push(`title is longer than ${TITLE_MAX} characters`);
  const description = f('description');
  if (description.length > DESCRIPTION_MAX) errors.push(`description is longer than ${DESCRIPTION_MAX} characters`);
  const category = f('category');
  if (category && !SLUG_RE.test(category)) errors.push(`category "${category.slice(0, 100)}" is not a category slug`);

  const price = wholeNumber(f('price'), PRICE_MAX);
  if (price === undefined) errors.push('price must be a whole number of minor units (1999 for 19.99)');
  const stock = wholeNumber(f('stock'), STOCK_MAX);
  if (stock === undefined) errors.push(`stock must be a whole number of units from 0 to ${STOCK_MAX}`);
  let compareAt: number | null | undefined;
  if (columns.has('compare_at_price')) {
    const v = f('compare_at_price');
    compareAt = v === '' ? null : wholeNumber(v, PRICE_MAX);
    if (compareAt === undefined) errors.push('compare_at_price must be empty or a whole number of minor units');
  }
  let weight: number | null | undefined;
  if (columns.has('weight_grams')) {
    const v = f('weight_grams');
    weight = v === '' ? null : wholeNumber(v, WEIGHT_MAX);
    if (weight === undefined) errors.push(`weight_grams must be empty or a whole number up to ${WEIGHT_MAX}`);
  }
  let active: boolean | undefined;
  const activeRaw = f('active').toLowerCase();
  if (activeRaw !== '') {
    active = ACTIVE_VALUES[activeRaw];
    if (active === undefined) errors.push('active must be true or false');
  }

  let options: Array<[string, string]> | undefined;
  if ((['option1_name', 'option2_name', 'option3_name'] as const).some((c) => columns.has(c))) {
    options = [];
    let gap = false;
    for (const n of [1, 2, 3] as const) {
      const name = f(`option${n}_name`);
      const value = f(`option${n}_value`);
      if (!name && !value) {
        gap = true;
        continue;
      }
      if (!name || !value) {
        errors.push(`option${n}_name and option${n}_value go together`);
        continue;
      }
      if (gap) errors.push(`option${n} is filled but an earlier option is empty`);
      if (name.length > OPTION_NAME_MAX || !OPTION_TEXT_RE.test(name)) {
        errors.push(`option${n}_name must be at most ${OPTION_NAME_MAX} characters`);
      }
      if (value.length > OPTION_VALUE_MAX || !OPTION_TEXT_RE.test(value)) {
        errors.push(`option${n}_value must be at most ${OPTION_VALUE_MAX} characters`);
      }
      if (options.some(([other]) => other.toLowerCase() === name.toLowerCase())) {
        errors.push(`the option "${name}" is named twice`);
      }
      options.push([name, value]);
    }
  }
  if (errors.length > 0 || price === undefined || stock === undefined) return fail();
  if (compareAt !== undefined && compareAt !== null && compareAt < price) {
    errors.push('compare_at_price must not be lower than price');
    return fail();
  }
  return { row: raw.row, slug, title, description, category, options, sku, price, compareAt, stock, weight, active };
}

// ------------------------------------------------------------------------------------ applying

/** Serialises with sorted keys, so two option maps compare regardless of key order. */
const optionsKey = (o: Record<string, string>) =>
  JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

interface ProductState {
  id: string;
  vendorId: string;
  slug: string;
  title: string;
  description: string;
  categoryId: string | null;
  options: ProductOption[];
  status: ProductStatus;
  /** SKU → options key of the product's live variants. */
  variants: Map<string, string>;
  nextPosition: number;
  /** Created by this batch: inserted when the batch is written. */
  isNew: boolean;
  /** Product columns changed by rows of this batch, written once at its end. */
  dirty: boolean;
  contentChanged: boolean;
}

interface ExistingVariant {
  id: string;
  productId: string;
  productSlug: string;
  productVendorId: string;
  productDeleted: boolean;
  options: Record<string, string>;
  price: number;
  compareAtPrice: number | null;
  onHand: number;
  reserved: number;
  weightGrams: number | null;
  active: boolean;
}

/** A variant's columns after a row (the ones an import sets). */
interface VariantUpdate {
  id: string;
  price: number;
  compareAtPrice: number | null;
  onHand: number;
  weightGrams: number | null;
  active: boolean;
  options: Record<string, string>;
}

/** The product API's rule (ADR 0016), for statuses an import may edit (archived is refused before). */
function statusAfterEdit(status: ProductStatus, content: boolean): ProductStatus {
  if (status === 'rejected') return 'draft';
  if (status === 'active' && content) return 'pending_review';
  return status;
}

interface ImportContext {
  tx: Queryable;
  tenantId: string;
  vendorId: string;
  currency: string;
  columns: ReadonlySet<Column>;
  /** SKU → the first data row it appeared on. */
  seenSkus: Map<string, number>;
}

/** What a batch's good rows write, collected while its rows are checked and written at its end. */
interface BatchWrites {
  newVariants: Array<typeof variants.$inferInsert>;
  variantUpdates: VariantUpdate[];
}

async function applyBatch(
  ic: ImportContext,
  batch: RawRow[],
): Promise<{ results: ImportRowResult[]; changed: boolean }> {
  const parsed = batch.map((raw) => ({ raw, parsed: parseRow(raw, ic.columns) }));
  const good = parsed.flatMap((p) => ('error' in p.parsed ? [] : [p.parsed]));
  const skus = [...new Set(good.map((r) => r.sku))];
  const slugs = [...new Set(good.map((r) => r.slug))];
  const categorySlugs = [...new Set(good.map((r) => r.category).filter(Boolean))];

  const existing = new Map<string, ExistingVariant>();
  if (skus.length > 0) {
    const rows = await ic.tx
      .select({
        id: variants.id,
        sku: variants.sku,
        productId: variants.productId,
        productSlug: products.slug,
        productVendorId: products.vendorId,
        productDeletedAt: products.deletedAt,
        options: variants.options,
        price: variants.price,
        compareAtPrice: variants.compareAtPrice,
        onHand: variants.onHand,
        reserved: variants.reserved,
        weightGrams: variants.weightGrams,
        active: variants.active,
      })
      .from(variants)
      .innerJoin(products, and(eq(products.tenantId, variants.tenantId), eq(products.id, variants.productId)))
      .where(and(inArray(variants.sku, skus), isNull(variants.deletedAt)));
    for (const r of rows) existing.set(r.sku, { ...r, productDeleted: r.productDeletedAt !== null });
  }

  const productsBySlug = new Map<string, ProductState>();
  if (slugs.length > 0) {
    const rows = await ic.tx
      .select({
        id: products.id,
        vendorId: products.vendorId,
        slug: products.slug,
        title: products.title,
        description: products.description,
        categoryId: products.categoryId,
        options: products.options,
        status: products.status,
      })
      .from(products)
      .where(and(inArray(products.slug, slugs), isNull(products.deletedAt)));
    for (const r of rows) {
      productsBySlug.set(r.slug, {
        ...r,
        variants: new Map(),
        nextPosition: 0,
        isNew: false,
        dirty: false,
        contentChanged: false,
      });
    }
    const mine = [...productsBySlug.values()].filter((p) => p.vendorId === ic.vendorId);
    if (mine.length > 0) {
      const byId = new Map(mine.map((p) => [p.id, p]));
      const vs = await ic.tx
        .select({
          productId: variants.productId,
          sku: variants.sku,
          options: variants.options,
          position: variants.position,
        })
        .from(variants)
        .where(and(inArray(variants.productId, [...byId.keys()]), isNull(variants.deletedAt)));
      for (const v of vs) {
        const p = byId.get(v.productId);
        if (!p) continue;
        p.variants.set(v.sku, optionsKey(v.options));
        p.nextPosition = Math.max(p.nextPosition, v.position + 1);
      }
    }
  }

  const categoryIds = new Map<string, string>();
  if (categorySlugs.length > 0) {
    const rows = await ic.tx
      .select({ id: categories.id, slug: categories.slug })
      .from(categories)
      .where(and(inArray(categories.slug, categorySlugs), isNull(categories.deletedAt)));
    for (const r of rows) categoryIds.set(r.slug, r.id);
  }

  const writes: BatchWrites = { newVariants: [], variantUpdates: [] };
  const results: ImportRowResult[] = [];
  let changed = false;
  for (const { raw, parsed: p } of parsed) {
    if ('error' in p) {
      if (p.sku && !ic.seenSkus.has(p.sku)) ic.seenSkus.set(p.sku, raw.row);
      results.push({ row: raw.row, ok: false, ...p });
      continue;
    }
    const outcome = checkRow(ic, p, existing, productsBySlug, categoryIds, writes);
    if ('error' in outcome) {
      results.push({ row: p.row, ok: false, error: outcome.error, sku: p.sku });
    } else {
      if (outcome.action !== 'unchanged') changed = true;
      results.push({ row: p.row, ok: true, sku: p.sku, productId: outcome.productId, action: outcome.action });
    }
  }
  await writeBatch(ic, [...productsBySlug.values()], writes);
  return { results, changed };
}

/**
 * Writes a checked batch: new products (before their variants), changed products, new variants and
 * changed variants, each kind in one statement (the database's triggers then keep the summaries).
 */
async function writeBatch(ic: ImportContext, touched: ProductState[], writes: BatchWrites): Promise<void> {
  const created = touched.filter((p) => p.isNew);
  if (created.length > 0) {
    await ic.tx.insert(products).values(
      created.map((p) => ({
        tenantId: ic.tenantId,
        id: p.id,
        vendorId: ic.vendorId,
        categoryId: p.categoryId,
        slug: p.slug,
        title: p.title,
        description: p.description,
        status: 'draft' as const,
        options: p.options,
        currency: ic.currency,
      })),
    );
  }
  for (const p of touched) {
    if (p.isNew || !p.dirty) continue;
    await ic.tx
      .update(products)
      .set({
        title: p.title,
        description: p.description,
        categoryId: p.categoryId,
        options: p.options,
        status: p.status,
        ...(p.contentChanged && p.status === 'pending_review' ? { submittedAt: sql`now()`, statusReason: null } : {}),
        version: sql`${products.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
      })
      .where(eq(products.id, p.id));
  }
  if (writes.newVariants.length > 0) await ic.tx.insert(variants).values(writes.newVariants);
  if (writes.variantUpdates.length > 0) {
    const rows = writes.variantUpdates.map(
      (u) =>
        sql`(${u.id}::uuid, ${u.price}::int, ${u.compareAtPrice}::int, ${u.onHand}::int, ${u.weightGrams}::int, ${u.active}::boolean, ${JSON.stringify(u.options)}::jsonb)`,
    );
    await ic.tx.execute(sql`
      update variants v
      set price = d.price, compare_at_price = d.compare_at_price, on_hand = d.on_hand,
          weight_grams = d.weight_grams, active = d.active, options = d.options,
          version = v.version + 1, updated_at = now(), updated_by = ${currentActorSql}
      from (values ${sql.join(rows, sql`, `)}) as d(id, price, compare_at_price, on_hand, weight_grams, active, options)
      where v.id = d.id`);
  }
}

/** Checks one row against the batch's state and records its writes; nothing is written for a failed row. */
function checkRow(
  ic: ImportContext,
  r: ParsedRow,
  existing: Map<string, ExistingVariant>,
  productsBySlug: Map<string, ProductState>,
  categoryIds: Map<string, string>,
  writes: BatchWrites,
): { error: string } | { productId: string; action: ImportAction } {
  const earlier = ic.seenSkus.get(r.sku);
  if (earlier !== undefined) return { error: `sku ${r.sku} is also on row ${earlier}` };
  ic.seenSkus.set(r.sku, r.row);

  // --- which product and variant the row names
  const variant = existing.get(r.sku);
  const product = productsBySlug.get(r.slug);
  if (variant) {
    if (variant.productVendorId !== ic.vendorId) return { error: `sku ${r.sku} belongs to another vendor` };
    if (variant.productDeleted) return { error: `sku ${r.sku} belongs to a deleted product` };
    if (variant.productSlug !== r.slug) return { error: `sku ${r.sku} belongs to product ${variant.productSlug}` };
  }
  if (product && product.vendorId !== ic.vendorId) {
    return { error: `product_slug ${r.slug} is used by another vendor` };
  }
  if (!product && !r.title) return { error: `title is required to create product ${r.slug}` };

  // --- product-level changes
  let categoryId: string | null = product?.categoryId ?? null;
  if (r.category) {
    const id = categoryIds.get(r.category);
    if (id === undefined) return { error: `unknown category ${r.category}` };
    categoryId = id;
  }
  const current: ProductOption[] = product?.options ?? [];
  const rowOptions = r.options ?? (variant ? Object.entries(variant.options) : []);
  const productNames = current.map((o) => o.name);
  const definesOptions = current.length === 0 && (product?.variants.size ?? 0) === 0;
  if (!definesOptions && rowOptions.map(([n]) => n).join('\u0000') !== productNames.join('\u0000')) {
    return {
      error:
        productNames.length === 0
          ? `product ${r.slug} has no options; leave the option columns empty`
          : `options must be ${productNames.join(', ')} like the product's other variants`,
    };
  }
  const nextOptions: ProductOption[] = definesOptions
    ? rowOptions.map(([name, value]) => ({ name, values: [value] }))
    : current.map((o, i) => {
        const value = rowOptions[i]?.[1] as string;
        return o.values.includes(value) ? o : { name: o.name, values: [...o.values, value] };
      });
  if (nextOptions.some((o) => o.values.length > OPTION_VALUES_MAX)) {
    return { error: `an option has at most ${OPTION_VALUES_MAX} values` };
  }
  const variantOptions = Object.fromEntries(rowOptions);
  const key = optionsKey(variantOptions);
  for (const [otherSku, otherKey] of product?.variants ?? []) {
    if (otherSku !== r.sku && otherKey === key)
      return { error: `variant ${otherSku} of ${r.slug} already has these options` };
  }
  const titleChanged = !!product && !!r.title && r.title !== product.title;
  const descriptionChanged = !!product && !!r.description && r.description !== product.description;
  const categoryChanged = !!product && categoryId !== product.categoryId;
  const optionsChanged = !!product && JSON.stringify(nextOptions) !== JSON.stringify(current);

  // --- variant-level changes
  let update: VariantUpdate | null = null;
  let optionsEdited = false;
  if (variant) {
    if (r.stock < variant.reserved) {
      return { error: `stock ${r.stock} is below the ${variant.reserved} units held by checkouts` };
    }
    const next: VariantUpdate = {
      id: variant.id,
      price: r.price,
      compareAtPrice: r.compareAt === undefined ? variant.compareAtPrice : r.compareAt,
      onHand: r.stock,
      weightGrams: r.weight === undefined ? variant.weightGrams : r.weight,
      active: r.active ?? variant.active,
      options: variantOptions,
    };
    optionsEdited = optionsKey(variant.options) !== key;
    const edited =
      optionsEdited ||
      next.price !== variant.price ||
      next.compareAtPrice !== variant.compareAtPrice ||
      next.onHand !== variant.onHand ||
      next.weightGrams !== variant.weightGrams ||
      next.active !== variant.active;
    if (edited) update = next;
  } else if (product && product.variants.size >= VARIANTS_MAX) {
    return { error: `a product has at most ${VARIANTS_MAX} variants` };
  }
  const contentChanged =
    titleChanged || descriptionChanged || categoryChanged || optionsChanged || !variant || optionsEdited;
  const anyChange = contentChanged || update !== null;
  if (product?.status === 'archived' && anyChange) {
    return { error: `product ${r.slug} is archived; unarchive it before changing it` };
  }

  // --- record the writes
  let target = product;
  if (!target) {
    target = {
      id: newId(),
      vendorId: ic.vendorId,
      slug: r.slug,
      title: r.title,
      description: r.description,
      categoryId,
      options: nextOptions,
      status: 'draft',
      variants: new Map(),
      nextPosition: 0,
      isNew: true,
      dirty: false,
      contentChanged: false,
    };
    productsBySlug.set(r.slug, target);
  } else if (anyChange) {
    const status = statusAfterEdit(target.status, contentChanged);
    if (titleChanged || descriptionChanged || categoryChanged || optionsChanged || status !== target.status) {
      target.dirty = true;
    }
    if (titleChanged) target.title = r.title;
    if (descriptionChanged) target.description = r.description;
    target.categoryId = categoryId;
    target.options = nextOptions;
    target.contentChanged ||= contentChanged;
    target.status = status;
  }
  target.variants.set(r.sku, key);

  if (variant) {
    if (update) writes.variantUpdates.push(update);
    return { productId: target.id, action: anyChange ? 'updated' : 'unchanged' };
  }
  writes.newVariants.push({
    tenantId: ic.tenantId,
    id: newId(),
    productId: target.id,
    sku: r.sku,
    options: variantOptions,
    price: r.price,
    compareAtPrice: r.compareAt ?? null,
    weightGrams: r.weight ?? null,
    onHand: r.stock,
    active: r.active ?? true,
    position: target.nextPosition,
  });
  target.nextPosition += 1;
  return { productId: target.id, action: 'created' };
}

// -------------------------------------------------------------------------------------- reading

/** Checks the header: the required columns, no unknown or repeated ones. */
function headerOf(header: string[]): Column[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new ImportFileError(`unknown columns: ${unknown.map((u) => u.slice(0, 40)).join(', ')}`);
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new ImportFileError(`repeated columns: ${[...new Set(repeated)].join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new ImportFileError(`missing columns: ${missing.join(', ')}`);
  return names as Column[];
}

/** Streams the file through the parser and applies it batch by batch. */
async function runFile(
  tx: Queryable,
  body: Readable,
  opts: { tenantId: string; vendorId: string; currency: string },
): Promise<Outcome> {
  let columns: ReadonlySet<Column> | undefined;
  let headerError: ImportFileError | undefined;
  const parser = body.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        try {
          const cols = headerOf(header);
          columns = new Set(cols);
          return cols;
        } catch (err) {
          headerError = err as ImportFileError;
          throw err;
        }
      },
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1_000_000,
    }),
  );
  const results: ImportRowResult[] = [];
  let changed = false;
  let ic: ImportContext | undefined;
  let batch: RawRow[] = [];
  let row = 0;
  let invalidSoFar = 0;
  const flush = async () => {
    if (!ic || batch.length === 0) return;
    const out = await applyBatch(ic, batch);
    results.push(...out.results);
    changed ||= out.changed;
    batch = [];
  };
  try {
    for await (const item of parser as AsyncIterable<{ record: Partial<Record<Column, string>>; info: Info }>) {
      row += 1;
      if (row > MAX_IMPORT_ROWS) throw new ImportFileError(`the file has more than ${MAX_IMPORT_ROWS} rows`);
      ic ??= { tx, ...opts, columns: columns ?? new Set(), seenSkus: new Map() };
      const invalid = item.info.invalid_field_length;
      batch.push({ row, record: item.record, badLength: invalid > invalidSoFar });
      invalidSoFar = invalid;
      if (batch.length >= BATCH_ROWS) await flush();
    }
  } catch (err) {
    body.destroy();
    if (headerError) throw headerError;
    if (err instanceof ImportFileError) throw err;
    if (err instanceof CsvError) {
      throw new ImportFileError(`the file is not valid CSV: ${err.message.slice(0, 300)}`);
    }
    throw err;
  }
  await flush();
  if (!columns) throw new ImportFileError('the file has no header row');
  return { results, changed };
}

// --------------------------------------------------------------------------------------- mapping

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Every column but the row results: what lists show. */
const { results: _results, ...summaryColumns } = getTableColumns(catalogImports);

function toSummary(r: Omit<ImportRow, 'results'>): CatalogImportSummary {
  return {
    id: r.id,
    status: r.status,
    dryRun: r.dryRun,
    totalRows: r.totalRows,
    okRows: r.okRows,
    errorRows: r.errorRows,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

const toImport = (r: ImportRow): CatalogImport => ({ ...toSummary(r), results: r.results });

// --------------------------------------------------------------------------------------- service

export class ImportNotFound extends NotFound {
  constructor() {
    super('import_not_found', 'No such import of your vendor.');
  }
}

export function createCatalogCsvService(deps: CatalogCsvDeps) {
  const { uow, jobs, events, storage, catalogCache } = deps;

  const storeOf = (ctx: { tenantId: string | null }): string => {
    if (!ctx.tenantId) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
    return ctx.tenantId;
  };

  /** The vendor the signed-in user acts for; `write` also needs it approved. */
  async function actingVendor(tx: TxContext, write: boolean): Promise<VendorRow> {
    const actor = tx.actor;
    if (!actor) throw new Unauthorized();
    const vendorId = actor.kind === 'user' ? await vendorIdOfUser(tx.tx, actor.id) : null;
    const [vendor] = vendorId
      ? await tx.tx
          .select()
          .from(vendors)
          .where(and(eq(vendors.id, vendorId), isNull(vendors.deletedAt)))
      : [];
    if (!vendor) throw new Forbidden('not_a_vendor', 'This needs an account that acts for a vendor.');
    if (write && vendor.status !== 'approved') {
      throw new Forbidden('vendor_not_approved', 'Your vendor is not approved to sell in this store.');
    }
    return vendor;
  }

  async function finishImport(
    tx: TxContext,
    imp: ImportRow,
    values: Partial<typeof catalogImports.$inferInsert>,
    results: ImportRowResult[],
    changed: boolean,
  ) {
    await tx.tx
      .update(catalogImports)
      .set({
        ...values,
        results: sql`${JSON.stringify(results)}::jsonb`,
        finishedAt: sql`now()`,
        version: sql`${catalogImports.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(catalogImports.id, imp.id));
    // Once this commits, the file goes and cached reads of the store are made stale.
    await events.publish<ImportFinishedPayload>(tx, {
      type: ImportEvents.finished,
      aggregateType: 'vendor',
      aggregateId: imp.vendorId,
      payload: {
        importId: imp.id,
        vendorId: imp.vendorId,
        status: values.status === 'failed' ? 'failed' : 'completed',
        dryRun: imp.dryRun,
        changed,
        sourceKey: imp.sourceKey,
      },
    });
  }

  async function runImport(ctx: TxContext, payload: ImportRequestedPayload, job: JobInfo): Promise<void> {
    const tenantId = storeOf(ctx);
    if (!isUuid(payload.importId)) return;
    const [imp] = await ctx.tx
      .select()
      .from(catalogImports)
      .where(eq(catalogImports.id, payload.importId))
      .for('update');
    // Finished already (a duplicate delivery): running it again would change nothing.
    if (!imp || imp.status === 'completed' || imp.status === 'failed') return;
    const startedAt = new Date();
    const fail = (error: string) =>
      finishImport(ctx, imp, { status: 'failed', error, startedAt, totalRows: 0, okRows: 0, errorRows: 0 }, [], false);

    const [vendor] = await ctx.tx.select({ status: vendors.status }).from(vendors).where(eq(vendors.id, imp.vendorId));
    if (vendor?.status !== 'approved') return fail('the vendor is not approved to sell in this store');
    const source = await storage.get(imp.sourceKey);
    if (!source) return fail('the uploaded file is no longer available; upload it again');

    let outcome: Outcome;
    try {
      outcome = await ctx.tx.transaction(async (sp) => {
        const result = await runFile(sp, source.body, { tenantId, vendorId: imp.vendorId, currency: payload.currency });
        if (imp.dryRun) throw new DryRunDone(result);
        return result;
      });
    } catch (err) {
      source.body.destroy();
      if (err instanceof DryRunDone) {
        outcome = { results: err.outcome.results, changed: false };
      } else if (err instanceof ImportFileError) {
        return fail(err.message);
      } else if (job.attempt < IMPORT_ATTEMPTS) {
        throw err;
      } else {
        return fail('the import could not be completed; upload the file again');
      }
    }
    const okRows = outcome.results.filter((r) => r.ok).length;
    await finishImport(
      ctx,
      imp,
      {
        status: 'completed',
        startedAt,
        totalRows: outcome.results.length,
        okRows,
        errorRows: outcome.results.length - okRows,
      },
      outcome.results,
      outcome.changed,
    );
  }

  jobs.register<ImportRequestedPayload>(IMPORT_JOB, {
    runAs: 'tenant',
    maxAttempts: IMPORT_ATTEMPTS,
    handler: runImport,
  });
  // Requests become jobs here (the app role may not write the job queue): imports of one vendor
  // run one at a time, in upload order.
  events.subscribe<ImportRequestedPayload>(
    ImportEvents.requested,
    'catalog.import.enqueue',
    async (ctx, event: DomainEvent<ImportRequestedPayload>) => {
      await jobs.enqueue(ctx.tx, {
        name: IMPORT_JOB,
        tenantId: event.tenantId,
        payload: event.payload,
        orderingKey: `${IMPORT_JOB}:${event.aggregateId}`,
      });
    },
    'system',
  );
  events.subscribe<ImportFinishedPayload>(ImportEvents.finished, 'catalog.import.cleanup', async (ctx, event) => {
    if (event.payload.changed && ctx.tenantId) await catalogCache.bump(ctx.tenantId);
    await storage.delete(event.payload.sourceKey);
  });

  return {
    /**
     * Stores the upload and queues its import (202). The vendor must be approved; the file must
     * not be empty. Imports of one vendor run one at a time, in the order they were uploaded.
     */
    async startImport(ctx: RequestContext, input: { csv: string; dryRun: boolean }): Promise<CatalogImport> {
      assertCan(ctx.actor, 'products:write:own');
      const tenantId = storeOf(ctx);
      const currency = ctx.tenant?.defaultCurrency;
      if (!currency) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
      if (input.csv.trim() === '') {
        throw new ValidationFailed([{ path: 'body', message: 'the CSV file is empty' }]);
      }
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx, true);
        const id = newId();
        const sourceKey = `${tenantId}/imports/${id}.csv`;
        await storage.put(sourceKey, Buffer.from(input.csv, 'utf8'), 'text/csv');
        const [row] = await tx.tx
          .insert(catalogImports)
          .values({
            tenantId,
            id,
            vendorId: vendor.id,
            userId: tx.actor?.kind === 'user' ? tx.actor.id : null,
            dryRun: input.dryRun,
            sourceKey,
          })
          .returning();
        if (!row) throw new Error('the import just written is missing');
        await events.publish<ImportRequestedPayload>(tx, {
          type: ImportEvents.requested,
          aggregateType: 'vendor',
          aggregateId: vendor.id,
          payload: { importId: id, currency },
        });
        return toImport(row);
      });
    },

    /** One of the vendor's imports, with its row results. */
    async getImport(ctx: RequestContext, id: string): Promise<CatalogImport> {
      assertCan(ctx.actor, 'products:write:own');
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx, false);
        const [row] = await tx.tx
          .select()
          .from(catalogImports)
          .where(
            and(eq(catalogImports.id, id), eq(catalogImports.vendorId, vendor.id), isNull(catalogImports.deletedAt)),
          );
        if (!row) throw new ImportNotFound();
        return toImport(row);
      });
    },

    /** The vendor's imports, newest first (ids are time-ordered), without row results. */
    async listImports(
      ctx: RequestContext,
      q: { limit: number; cursor: Cursor | null },
    ): Promise<CatalogImportSummary[]> {
      assertCan(ctx.actor, 'products:write:own');
      const after = q.cursor?.k[0];
      if (q.cursor && (q.cursor.k.length !== 1 || typeof after !== 'string' || !isUuid(after))) {
        throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued.');
      }
      const backwards = q.cursor?.d === 'p';
      return uow(ctx, async (tx) => {
        const vendor = await actingVendor(tx, false);
        const rows = await tx.tx
          .select(summaryColumns)
          .from(catalogImports)
          .where(
            and(
              eq(catalogImports.vendorId, vendor.id),
              isNull(catalogImports.deletedAt),
              typeof after === 'string'
                ? backwards
                  ? gt(catalogImports.id, after)
                  : lt(catalogImports.id, after)
                : undefined,
            ),
          )
          .orderBy(backwards ? asc(catalogImports.id) : desc(catalogImports.id))
          .limit(q.limit + 1);
        return rows.map(toSummary);
      });
    },

    /** The vendor an export is for (checked before the response starts streaming). */
    async exportVendor(ctx: RequestContext): Promise<string> {
      assertCan(ctx.actor, 'products:write:own');
      return uow(ctx, async (tx) => (await actingVendor(tx, false)).id);
    },

    /**
     * The vendor's variants as CSV records (arrays in `CSV_COLUMNS` order), read in keyset batches,
     * each in its own short transaction: memory stays flat and no connection is held between them.
     */
    async *exportRecords(ctx: RequestContext, vendorId: string): AsyncGenerator<string[]> {
      let after: { productId: string; position: number; id: string } | undefined;
      for (;;) {
        const rows = await uow(ctx, (tx) =>
          tx.tx
            .select({
              productId: products.id,
              slug: products.slug,
              title: products.title,
              description: products.description,
              category: categories.slug,
              productOptions: products.options,
              id: variants.id,
              sku: variants.sku,
              options: variants.options,
              price: variants.price,
              compareAtPrice: variants.compareAtPrice,
              onHand: variants.onHand,
              weightGrams: variants.weightGrams,
              active: variants.active,
              position: variants.position,
            })
            .from(variants)
            .innerJoin(products, and(eq(products.tenantId, variants.tenantId), eq(products.id, variants.productId)))
            .leftJoin(
              categories,
              and(
                eq(categories.tenantId, products.tenantId),
                eq(categories.id, products.categoryId),
                isNull(categories.deletedAt),
              ),
            )
            .where(
              and(
                eq(products.vendorId, vendorId),
                isNull(products.deletedAt),
                isNull(variants.deletedAt),
                after
                  ? sql`(${products.id}, ${variants.position}, ${variants.id}) > (${after.productId}::uuid, ${after.position}::int, ${after.id}::uuid)`
                  : undefined,
              ),
            )
            .orderBy(products.id, variants.position, variants.id)
            .limit(EXPORT_BATCH),
        );
        for (const r of rows) {
          const opts = r.productOptions.slice(0, 3).map((o) => [o.name, r.options[o.name] ?? ''] as const);
          const cell = (i: number, j: 0 | 1) => opts[i]?.[j] ?? '';
          yield [
            r.slug,
            r.title,
            r.description,
            r.category ?? '',
            cell(0, 0),
            cell(0, 1),
            cell(1, 0),
            cell(1, 1),
            cell(2, 0),
            cell(2, 1),
            r.sku,
            String(r.price),
            r.compareAtPrice === null ? '' : String(r.compareAtPrice),
            String(r.onHand),
            r.weightGrams === null ? '' : String(r.weightGrams),
            r.active ? 'true' : 'false',
          ];
        }
        const last = rows[rows.length - 1];
        if (!last || rows.length < EXPORT_BATCH) return;
        after = { productId: last.productId, position: last.position, id: last.id };
      }
    },
  };
}

export type CatalogCsvService = ReturnType<typeof createCatalogCsvService>;
