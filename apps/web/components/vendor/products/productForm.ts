/**
 * The product editor's form state and its rules, without React: a draft made from a product (or
 * empty), the variants generated from the options, validation with the API's own limits, and the
 * create and update bodies. Field paths are the API's (`variants.0.price`), so the browser's
 * messages and the API's field errors land on the same fields.
 */
import { moneyInput, parseMoney } from '../../console/format';
import type { CreateProductBody, Product, UpdateProductBody } from './types';

export interface OptionDraft {
  /** Stable while the name is edited: variants refer to their values by it. */
  key: string;
  name: string;
  values: string[];
}

export interface VariantDraft {
  key: string;
  /** Set for a variant the API already has. */
  id?: string;
  /** A value for each option that has values, by the option's `key`. */
  combo: Record<string, string>;
  sku: string;
  price: string;
  compareAtPrice: string;
  stock: string;
  /**
   * The stock as loaded, for a variant the API has: an update sends `stock` only when the vendor
   * changed it (sales change the units on hand meanwhile, so the loaded number is stale).
   */
  loadedStock?: string;
  weight: string;
  active: boolean;
}

export interface ProductDraft {
  title: string;
  description: string;
  categoryId: string;
  slug: string;
  options: OptionDraft[];
  variants: VariantDraft[];
}

/** A validation problem: a message key of `vendorProducts.validation` (or the console's) and its values. */
export interface Issue {
  key:
    | 'required'
    | 'invalidAmount'
    | 'invalidNumber'
    | 'tooLong'
    | 'tooLarge'
    | 'invalidSku'
    | 'duplicateSku'
    | 'compareBelowPrice'
    | 'invalidSlug'
    | 'duplicateOption'
    | 'noValues'
    | 'tooManyVariants';
  values?: Record<string, number>;
}

export const LIMITS = {
  title: 200,
  description: 20_000,
  slug: 100,
  optionName: 40,
  optionValue: 60,
  options: 3,
  values: 50,
  variants: 100,
  sku: 64,
  stock: 1_000_000_000,
  weight: 10_000_000,
  amount: 2_147_483_647,
} as const;

const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
const WHOLE = /^\d+$/;

let seq = 0;
/** A key for a new option or variant row, unique in this page. */
export const newKey = (prefix: string): string => `${prefix}${(seq += 1)}`;

export const blankVariant = (combo: Record<string, string> = {}): VariantDraft => ({
  key: newKey('v'),
  combo,
  sku: '',
  price: '',
  compareAtPrice: '',
  stock: '0',
  weight: '',
  active: true,
});

/** The draft of a new product: no options, one variant. */
export const emptyDraft = (): ProductDraft => ({
  title: '',
  description: '',
  categoryId: '',
  slug: '',
  options: [],
  variants: [blankVariant()],
});

/** The draft of a product as the API answered it (variants in their order). */
export function draftOf(product: Product): ProductDraft {
  const options = product.options.map((o) => ({ key: newKey('o'), name: o.name, values: [...o.values] }));
  const variants = [...product.variants]
    .sort((a, b) => a.position - b.position)
    .map((v): VariantDraft => {
      const combo: Record<string, string> = {};
      for (const o of options) {
        const value = v.options[o.name];
        if (value !== undefined) combo[o.key] = value;
      }
      return {
        key: newKey('v'),
        id: v.id,
        combo,
        sku: v.sku,
        price: moneyInput(v.price.amount, v.price.currency),
        compareAtPrice: v.compareAtPrice ? moneyInput(v.compareAtPrice.amount, v.compareAtPrice.currency) : '',
        stock: String(v.stock),
        loadedStock: String(v.stock),
        weight: v.weight === null ? '' : String(v.weight),
        active: v.active,
      };
    });
  return {
    title: product.title,
    description: product.description,
    categoryId: product.categoryId ?? '',
    slug: product.slug,
    options,
    variants: variants.length > 0 ? variants : [blankVariant()],
  };
}

/** How many variants `options` make (options without values do not count). */
export const comboCount = (options: readonly OptionDraft[]): number =>
  options.reduce((n, o) => (o.values.length > 0 ? n * o.values.length : n), 1);

/** Every combination of the options' values, the first option outermost. */
export function combos(options: readonly OptionDraft[]): Record<string, string>[] {
  return options
    .filter((o) => o.values.length > 0)
    .reduce<Record<string, string>[]>(
      (acc, o) => acc.flatMap((c) => o.values.map((v) => ({ ...c, [o.key]: v }))),
      [{}],
    );
}

const sameCombo = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/** No option both name with different values (an added or removed option is ignored). */
const compatible = (a: Record<string, string>, b: Record<string, string>) =>
  Object.entries(b).every(([k, v]) => !(k in a) || a[k] === v);

/**
 * The variants for `options`, matched to the current ones: a combination keeps the variant that has
 * exactly its values, else one that does not contradict it (so adding an option keeps the existing
 * variants' SKUs and prices on its first value), else gets a new blank row. Variants whose values
 * are gone are dropped (the API deactivates variants left out of an update).
 */
export function syncVariants(options: readonly OptionDraft[], variants: readonly VariantDraft[]): VariantDraft[] {
  const wanted = combos(options);
  const used = new Set<VariantDraft>();
  const take = (match: (v: VariantDraft) => boolean) => {
    const found = variants.find((v) => !used.has(v) && match(v));
    if (found) used.add(found);
    return found;
  };
  const exact = wanted.map((c) => take((v) => sameCombo(v.combo, c)));
  return wanted.map((c, i) => {
    const v = exact[i] ?? take((x) => compatible(x.combo, c));
    return v ? { ...v, combo: c } : blankVariant(c);
  });
}

/** A variant's name from its option values: `Sage / M`, or '' for a product without options. */
export const variantLabel = (options: readonly OptionDraft[], v: VariantDraft): string =>
  options
    .map((o) => v.combo[o.key])
    .filter((x): x is string => Boolean(x))
    .join(' / ');

/** `"Sage, Sand"` → the new, trimmed, distinct values to add to `existing`. */
export function splitValues(text: string, existing: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const value = part.trim().replace(/\s+/g, ' ');
    if (value && !existing.includes(value) && !out.includes(value)) out.push(value);
  }
  return out;
}

function checkAmount(text: string, currency: string, required: boolean): Issue | null {
  if (text.trim() === '') return required ? { key: 'required' } : null;
  const amount = parseMoney(text, currency);
  if (amount === null || amount < 0) return { key: 'invalidAmount' };
  if (amount > LIMITS.amount) return { key: 'tooLarge' };
  return null;
}

function checkWhole(text: string, max: number, required: boolean): Issue | null {
  const clean = text.trim();
  if (clean === '') return required ? { key: 'required' } : null;
  if (!WHOLE.test(clean)) return { key: 'invalidNumber' };
  if (Number(clean) > max) return { key: 'tooLarge', values: { max } };
  return null;
}

/** The draft's problems by field path (`title`, `options.0.name`, `variants.1.sku`); empty when it can be saved. */
export function validateDraft(draft: ProductDraft, currency: string): Record<string, Issue> {
  const issues: Record<string, Issue> = {};
  const add = (path: string, issue: Issue | null) => {
    if (issue && !issues[path]) issues[path] = issue;
  };
  const title = draft.title.trim();
  add('title', !title ? { key: 'required' } : title.length > LIMITS.title ? tooLong(LIMITS.title) : null);
  add('description', draft.description.length > LIMITS.description ? tooLong(LIMITS.description) : null);
  add('categoryId', draft.categoryId ? null : { key: 'required' });
  const slug = draft.slug.trim();
  add('slug', slug && !SLUG.test(slug) ? { key: 'invalidSlug' } : null);

  const names = draft.options.map((o) => o.name.trim().toLowerCase());
  draft.options.forEach((o, i) => {
    const name = o.name.trim();
    if (!name) add(`options.${i}.name`, { key: 'required' });
    else if (name.length > LIMITS.optionName) add(`options.${i}.name`, tooLong(LIMITS.optionName));
    else if (names.indexOf(name.toLowerCase()) !== i) add(`options.${i}.name`, { key: 'duplicateOption' });
    if (o.values.length === 0) add(`options.${i}.values`, { key: 'noValues' });
  });
  if (draft.variants.length > LIMITS.variants) {
    add('variants', { key: 'tooManyVariants', values: { max: LIMITS.variants } });
  }

  const skus = draft.variants.map((v) => v.sku.trim());
  draft.variants.forEach((v, i) => {
    const sku = skus[i] ?? '';
    if (!sku) add(`variants.${i}.sku`, { key: 'required' });
    else if (sku.length > LIMITS.sku) add(`variants.${i}.sku`, tooLong(LIMITS.sku));
    else if (!SKU.test(sku)) add(`variants.${i}.sku`, { key: 'invalidSku' });
    else if (skus.indexOf(sku) !== i || skus.lastIndexOf(sku) !== i) add(`variants.${i}.sku`, { key: 'duplicateSku' });
    add(`variants.${i}.price`, checkAmount(v.price, currency, true));
    add(`variants.${i}.compareAtPrice`, checkAmount(v.compareAtPrice, currency, false));
    const price = parseMoney(v.price, currency);
    const compareAt = v.compareAtPrice.trim() ? parseMoney(v.compareAtPrice, currency) : null;
    if (price !== null && compareAt !== null && compareAt < price) {
      add(`variants.${i}.compareAtPrice`, { key: 'compareBelowPrice' });
    }
    add(`variants.${i}.stock`, checkWhole(v.stock, LIMITS.stock, true));
    add(`variants.${i}.weight`, checkWhole(v.weight, LIMITS.weight, false));
  });
  return issues;
}

const tooLong = (max: number): Issue => ({ key: 'tooLong', values: { max } });

const money = (text: string, currency: string) => ({ amount: parseMoney(text, currency) ?? 0, currency });

const namedOptions = (options: readonly OptionDraft[]) =>
  options.map((o) => ({ name: o.name.trim(), values: [...o.values] }));

/** The variant's option values by option name. */
function namedCombo(options: readonly OptionDraft[], v: VariantDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) {
    const value = v.combo[o.key];
    if (value !== undefined) out[o.name.trim()] = value;
  }
  return out;
}

/** The body of `POST /vendor/products` for a valid draft (new variants are all active). */
export function createBody(draft: ProductDraft, currency: string): CreateProductBody {
  const slug = draft.slug.trim();
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    categoryId: draft.categoryId,
    ...(slug ? { slug } : {}),
    ...(draft.options.length > 0 ? { options: namedOptions(draft.options) } : {}),
    variants: draft.variants.map((v) => ({
      sku: v.sku.trim(),
      price: money(v.price, currency),
      ...(v.compareAtPrice.trim() ? { compareAtPrice: money(v.compareAtPrice, currency) } : {}),
      stock: Number(v.stock.trim()),
      ...(v.weight.trim() ? { weight: Number(v.weight.trim()) } : {}),
      ...(draft.options.length > 0 ? { options: namedCombo(draft.options, v) } : {}),
    })),
  };
}

/** Whether a variant's stock is the vendor's to send: a new variant's always, else only when they changed it. */
export const stockEdited = (v: VariantDraft): boolean =>
  v.loadedStock === undefined || v.stock.trim() !== v.loadedStock;

/**
 * The body of `PATCH /vendor/products/{id}` for a valid draft: the whole product, since the API
 * changes only what differs (and only content changes send it back to review). `variants` is the
 * full list; an empty compare-at price or weight clears it. An empty slug keeps the current one.
 * A variant's `stock` is sent only when the vendor changed it: the API keeps the units on hand
 * otherwise, so the sales made while the page was open are not undone.
 */
export function updateBody(draft: ProductDraft, currency: string): UpdateProductBody {
  const slug = draft.slug.trim();
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    categoryId: draft.categoryId,
    ...(slug ? { slug } : {}),
    options: namedOptions(draft.options),
    variants: draft.variants.map((v) => ({
      ...(v.id ? { id: v.id } : {}),
      sku: v.sku.trim(),
      price: money(v.price, currency),
      compareAtPrice: v.compareAtPrice.trim() ? money(v.compareAtPrice, currency) : null,
      ...(stockEdited(v) ? { stock: Number(v.stock.trim()) } : {}),
      weight: v.weight.trim() ? Number(v.weight.trim()) : null,
      options: namedCombo(draft.options, v),
      active: v.active,
    })),
  };
}

/**
 * What the draft says, without the row keys: two drafts with the same snapshot are the same product.
 * Without `stock`, what only the product's editors change (sales change stock without a new version).
 */
export function snapshot(draft: ProductDraft, { stock = true }: { stock?: boolean } = {}): string {
  return JSON.stringify({
    title: draft.title,
    description: draft.description,
    categoryId: draft.categoryId,
    slug: draft.slug,
    options: namedOptions(draft.options),
    variants: draft.variants.map((v) => [
      v.id ?? null,
      v.sku,
      v.price,
      v.compareAtPrice,
      stock ? v.stock : null,
      v.weight,
      v.active,
      namedCombo(draft.options, v),
    ]),
  });
}

/**
 * `draft` after the product was loaded again as `fresh` (with the same content): each variant's
 * loaded stock becomes the fresh one, and so does its stock unless the vendor changed it.
 */
export function withStockOf(draft: ProductDraft, fresh: ProductDraft): ProductDraft {
  const byId = new Map(fresh.variants.flatMap((v) => (v.id ? [[v.id, v] as const] : [])));
  return {
    ...draft,
    variants: draft.variants.map((v) => {
      const latest = v.id ? byId.get(v.id) : undefined;
      if (!latest) return v;
      return { ...v, stock: stockEdited(v) ? v.stock : latest.stock, loadedStock: latest.loadedStock };
    }),
  };
}

/** The field a path of the API points at: `variants.0.price.amount` → `variants.0.price` when that is a field. */
export function fieldOfPath(path: string, fields: ReadonlySet<string>): string | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const candidate = parts.slice(0, n).join('.');
    if (fields.has(candidate)) return candidate;
  }
  return null;
}

/** The paths of the fields a draft shows, in the order of the page. */
export function fieldPaths(draft: ProductDraft): string[] {
  return [
    'title',
    'description',
    'categoryId',
    'slug',
    ...draft.options.flatMap((_, i) => [`options.${i}.name`, `options.${i}.values`]),
    ...draft.variants.flatMap((_, i) =>
      ['sku', 'price', 'compareAtPrice', 'stock', 'weight'].map((f) => `variants.${i}.${f}`),
    ),
  ];
}
