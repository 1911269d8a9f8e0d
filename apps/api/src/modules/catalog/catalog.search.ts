/**
 * The SQL of the shopper's catalog: the product list (filters, sorts, keyset pages), its facet
 * counts, search suggestions and the product page. Every statement reads listed products only
 * (`p.listed`, kept by the database's triggers) and names the tenant, so the planner can use the
 * partial `… WHERE listed` indexes of migration 0005:
 *
 *   newest    products_listed_newest_idx   (tenant_id, created_at desc, id desc)
 *   price     products_listed_price_idx    (tenant_id, price_min, id), read backwards for price_desc
 *   rating    products_listed_rating_idx   (tenant_id, rating_avg desc, id desc)
 *   category  products_listed_category_idx (tenant_id, category_id, created_at desc, id desc)
 *   vendor    products_listed_vendor_idx   (tenant_id, vendor_id, created_at desc, id desc)
 *   q         products_search_idx (GIN on search_vector) and products_title_trgm_idx (GIN trigrams)
 *
 * A listed product without an active variant has no price and nothing to sell: it is not shown.
 *
 * Facets without `q` are sums over `catalog_facet_counts` (listed products per category, vendor,
 * price bucket, stock and featured flag, kept by triggers), so browsing never counts the catalog
 * (a price range that cuts a bucket counts that bucket's part of the rows, through the price index).
 * With `q` they are aggregated over the matching rows, which the GIN index bounds.
 *
 * Under row-level security the planner uses an index for an operator only when it is LEAKPROOF
 * (otherwise it must not run before the policy's check), and PostgreSQL does not mark `@@` or
 * pg_trgm's `%>` so. Matching `q` therefore goes through the search functions of migration 0007
 * (`catalog_fulltext_ids`, `catalog_fuzzy_title_ids`), which find the current store's ids through
 * the GIN indexes; the statements here join `products` again under the policy. Suggestions match
 * word prefixes with `@@` directly, on candidates capped in number.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import { NO_CATEGORY, PRICE_BUCKET_BOUNDS, SEARCH_CONFIG } from './catalog.constants.js';

export type SortKey = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'rating';

/**
 * How `q` matches: `fulltext` (the search vector) or `fuzzy` (the search vector or a title that
 * looks like `q`: typo tolerance, used when full text finds almost nothing).
 */
export type SearchMode = 'fulltext' | 'fuzzy';

/** Where the text of a row is read from: the exact locale, then its language, then the original. */
export interface TextScope {
  tenantId: string;
  locale: string;
  language: string;
}

export interface ListFilter {
  /** Normalised search text, or null. */
  q: string | null;
  /** How `q` matches; ignored without `q`. */
  mode: SearchMode;
  /** The category and its descendants; null: any. An empty list matches nothing. */
  categoryIds: string[] | null;
  /** null: any. An empty list matches nothing. */
  vendorIds: string[] | null;
  /** Inclusive bounds on the shown price (`price_min`), minor units. */
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
  featured: boolean | null;
}

/** A row's place in a sort: the sort key (as SQL gave it) and the id. */
export interface KeysetPosition {
  key: string | number;
  id: string;
}

export interface PageRequest {
  sort: SortKey;
  /** Rows to return: the page size plus one, which only says whether another page exists. */
  take: number;
  /** The row the page continues from; null for the first page. */
  after: KeysetPosition | null;
  /** Read towards the start of the list (a `prev` link); rows come back in reverse order. */
  backwards: boolean;
}

export interface ListRow {
  id: string;
  slug: string;
  title: string;
  currency: string;
  price_min: number;
  price_max: number;
  compare_at_price: number | null;
  in_stock: boolean;
  featured: boolean;
  rating_avg: number;
  rating_count: number;
  created_at: string;
  vendor_id: string;
  vendor_slug: string;
  vendor_name: string;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  image_id: string | null;
  image_key: string | null;
  image_thumbnail_key: string | null;
  image_alt: string | null;
  image_width: number | null;
  image_height: number | null;
  /** The sort key of the row, as the next cursor carries it. */
  sort_key: string | number;
}

export interface FacetRow {
  kind: 'category' | 'vendor' | 'price' | 'total';
  id: string | null;
  slug: string | null;
  name: string | null;
  parent_id: string | null;
  bucket: number | null;
  count: number;
}

export interface SuggestRow {
  id: string;
  slug: string;
  title: string;
}

export interface DetailRow extends Omit<ListRow, 'sort_key' | 'compare_at_price'> {
  description: string;
  options: Array<{ name: string; values: string[] }>;
  rating_histogram: number[];
  variants: Array<{
    id: string;
    sku: string;
    options: Record<string, string>;
    price: number;
    compare_at_price: number | null;
    available: number;
    weight_grams: number | null;
  }>;
  images: Array<{ id: string; key: string; thumbnail_key: string; alt: string; width: number; height: number }>;
  breadcrumb: Array<{ id: string; slug: string; name: string }>;
}

// ----------------------------------------------------------------------------------- fragments

const TS_CONFIG = sql.raw(`'${SEARCH_CONFIG}'::regconfig`);
const NO_CATEGORY_ID = sql.raw(`'${NO_CATEGORY}'::uuid`);

/**
 * ts_rank_cd weights {D, C, B, A}: the title (A) counts ten times the description (B), so a title
 * match outranks a description that merely repeats the words (the default {0.1, 0.2, 0.4, 1} lets
 * three mentions in a description beat the title).
 */
const RANK_WEIGHTS = sql.raw(`'{0.1, 0.1, 0.1, 1.0}'::float4[]`);

/**
 * Typo tolerance: how much of `q` must appear, as trigrams, in a run of the title's words (pg_trgm's
 * `word_similarity`). 0.55 finds "blanket" for "blankte" or "blanet"; 0.5 would also take swapped
 * letters in short words ("plaet"), but matches "plain" and "planner" as well, and at a million
 * titles checks tens of thousands of them: a second or more.
 */
export const FUZZY_WORD_SIMILARITY = 0.55;

const tsquery = (q: string) => sql`websearch_to_tsquery(${TS_CONFIG}, ${q})`;

/**
 * The shopper-visible products of the store: `listed` is the predicate of the partial indexes;
 * `deleted_at is null` (implied by `listed`, which the planner cannot know) lets it use the slug index.
 */
const visible = (tenantId: string) =>
  sql`p.tenant_id = ${tenantId}::uuid and p.listed and p.deleted_at is null and p.price_min is not null`;

/** Text in the reader's locale, else the original. `column` is the untranslated column. */
const translated = (alias: string, key: string, column: string, s: TextScope) =>
  sql`coalesce(nullif(${sql.raw(alias)}.translations -> ${s.locale}::text ->> ${key}::text, ''), nullif(${sql.raw(alias)}.translations -> ${s.language}::text ->> ${key}::text, ''), ${sql.raw(`${alias}.${column}`)})`;

/**
 * The listed products matching `q`: ids from the search functions (full text; fuzzy adds titles
 * that look like `q`), which read the GIN indexes for the current store.
 */
function matchOf(f: ListFilter): SQL | undefined {
  if (f.q === null) return undefined;
  const fulltext = sql`select h.id from catalog_fulltext_ids(${f.q}) h`;
  if (f.mode === 'fulltext') return sql`p.id in (${fulltext})`;
  return sql`p.id in (${fulltext} union select h.id from catalog_fuzzy_title_ids(${f.q}, ${FUZZY_WORD_SIMILARITY}::real) h)`;
}

/** Relevance of a matching row; deterministic for a given `q`. */
function scoreOf(f: ListFilter & { q: string }): SQL {
  if (f.mode === 'fulltext') return sql`ts_rank_cd(${RANK_WEIGHTS}, p.search_vector, ${tsquery(f.q)})::float8`;
  // Full-text matches first, then by how well the title matches.
  return sql`((case when p.search_vector @@ ${tsquery(f.q)} then 1 else 0 end) + word_similarity(${f.q}, p.title))::float8`;
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** `column = any(ids)`; an empty list matches nothing. */
const anyOf = (column: string, ids: string[]) =>
  ids.length === 0 ? sql`false` : sql`${sql.raw(column)} = any(${uuidArray(ids)})`;

function priceMatch(column: SQL, f: Pick<ListFilter, 'minPrice' | 'maxPrice'>): SQL | undefined {
  if (f.minPrice !== null && f.maxPrice !== null) return sql`${column} between ${f.minPrice} and ${f.maxPrice}`;
  if (f.minPrice !== null) return sql`${column} >= ${f.minPrice}`;
  if (f.maxPrice !== null) return sql`${column} <= ${f.maxPrice}`;
  return undefined;
}

/** Filters on the flags every facet honours (they have no facet of their own). */
function flagFilters(prefix: string, f: ListFilter): SQL[] {
  const out: SQL[] = [];
  if (f.inStock !== null) out.push(sql`${sql.raw(prefix)}.in_stock = ${f.inStock}`);
  if (f.featured !== null) out.push(sql`${sql.raw(prefix)}.featured = ${f.featured}`);
  return out;
}

const and = (parts: Array<SQL | undefined>): SQL =>
  sql.join(
    parts.filter((p): p is SQL => p !== undefined),
    sql` and `,
  );

// ------------------------------------------------------------------------------------- scope

/**
 * The products a `category` filter covers (the category named by slug or id, and its descendants)
 * and the vendor a `vendor` filter names. Unknown names give empty lists: nothing matches.
 */
export async function resolveFilterScope(
  tx: Queryable,
  tenantId: string,
  refs: { category: { slug: string; id: string | null } | null; vendor: { slug: string; id: string | null } | null },
): Promise<{ categoryIds: string[] | null; vendorIds: string[] | null }> {
  const byRef = (alias: string, ref: { slug: string; id: string | null }) =>
    ref.id === null
      ? sql`${sql.raw(alias)}.slug = ${ref.slug}`
      : sql`(${sql.raw(alias)}.slug = ${ref.slug} or ${sql.raw(alias)}.id = ${ref.id}::uuid)`;
  const categoryIds = refs.category
    ? sql`(with recursive tree(id) as (
          (select c.id from categories c
           where c.tenant_id = ${tenantId}::uuid and c.deleted_at is null and ${byRef('c', refs.category)}
           ${refs.category.id === null ? sql`` : sql`order by (c.id = ${refs.category.id}::uuid) desc`} limit 1)
          union
          select c.id from categories c join tree on c.tenant_id = ${tenantId}::uuid and c.parent_id = tree.id
          where c.deleted_at is null
        ) select coalesce(json_agg(id), '[]'::json) from tree)`
    : sql`null::json`;
  const vendorIds = refs.vendor
    ? sql`(select coalesce(json_agg(v.id), '[]'::json) from vendors v
           where v.tenant_id = ${tenantId}::uuid and v.deleted_at is null and ${byRef('v', refs.vendor)})`
    : sql`null::json`;
  const [row] = rowsOf<{ category_ids: string[] | null; vendor_ids: string[] | null }>(
    await tx.execute(sql`select ${categoryIds} as category_ids, ${vendorIds} as vendor_ids`),
  );
  return { categoryIds: row?.category_ids ?? null, vendorIds: row?.vendor_ids ?? null };
}

// -------------------------------------------------------------------------------------- list

interface SortSpec {
  /** The expression rows are ordered by (then by id in the same direction). */
  order: SQL;
  /** The sort key as a cursor carries it (text for timestamps and decimals). */
  output: SQL;
  /** A cursor's key as a value comparable with `order`. */
  param: (key: string | number | SQL) => SQL;
  descending: boolean;
  /**
   * The sort's index is declared `desc nulls last` (newest, rating): the ORDER BY must say so for
   * the planner to read the index, although the columns are never null.
   */
  nullsLast: boolean;
}

/**
 * How a sort orders rows of `p`. `score` is the relevance expression; matches that were collected
 * first (see `listPageWithFacets`) pass their computed column.
 */
function sortSpec(sort: SortKey, f: ListFilter, score?: SQL): SortSpec {
  switch (sort) {
    case 'newest':
      return {
        order: sql`p.created_at`,
        output: sql`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        param: (k) => sql`${typeof k === 'object' ? k : String(k)}::timestamptz`,
        descending: true,
        nullsLast: true,
      };
    case 'price_asc':
    case 'price_desc':
      return {
        order: sql`p.price_min`,
        output: sql`p.price_min`,
        param: (k) => sql`${typeof k === 'object' ? k : Number(k)}::int`,
        descending: sort === 'price_desc',
        nullsLast: false,
      };
    case 'rating':
      return {
        order: sql`p.rating_avg`,
        output: sql`p.rating_avg::text`,
        param: (k) => sql`${typeof k === 'object' ? k : String(k)}::numeric`,
        descending: true,
        nullsLast: true,
      };
    case 'relevance': {
      if (f.q === null) return sortSpec('newest', f);
      const order = score ?? scoreOf({ ...f, q: f.q });
      return {
        order,
        output: order,
        param: (k) => sql`${typeof k === 'object' ? k : Number(k)}::float8`,
        descending: true,
        nullsLast: false,
      };
    }
  }
}

/** Every filter of the list (the page and the total apply them all). */
function listWhere(tenantId: string, f: ListFilter): SQL {
  return and([
    visible(tenantId),
    matchOf(f),
    f.categoryIds ? anyOf('p.category_id', f.categoryIds) : undefined,
    f.vendorIds ? anyOf('p.vendor_id', f.vendorIds) : undefined,
    priceMatch(sql`p.price_min`, f),
    ...flagFilters('p', f),
  ]);
}

/** ORDER BY direction and the keyset bound of a page. */
function pageOrder(spec: SortSpec, page: PageRequest) {
  const descending = spec.descending !== page.backwards;
  // Reading backwards reverses the nulls placement too, so the same index serves both directions.
  const dir = sql.raw(
    spec.nullsLast ? (descending ? 'desc nulls last' : 'asc nulls first') : descending ? 'desc' : 'asc',
  );
  const after = page.after
    ? descending
      ? sql`(${spec.order}, p.id) < (${spec.param(page.after.key)}, ${page.after.id}::uuid)`
      : sql`(${spec.order}, p.id) > (${spec.param(page.after.key)}, ${page.after.id}::uuid)`
    : undefined;
  return { dir, after };
}

/**
 * The rows of the `page` CTE (`id`, `sort_key`), in page order: each with its product, vendor,
 * category, list image (the primary image, else the first by position) and the compare-at price
 * of its cheapest variant. A fixed number of lateral lookups per row, no query per row.
 */
function pageRowsSql(s: TextScope, spec: SortSpec, dir: SQL): SQL {
  return sql`
    select p.id, p.slug, ${translated('p', 'title', 'title', s)} as title, p.currency,
           p.price_min, p.price_max, cmp.compare_at_price, p.in_stock, p.featured,
           p.rating_avg::float8 as rating_avg, p.rating_count,
           to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
           v.id as vendor_id, v.slug as vendor_slug, v.name as vendor_name,
           c.id as category_id, c.slug as category_slug, ${translated('c', 'name', 'name', s)} as category_name,
           img.id as image_id, img.storage_key as image_key, img.thumbnail_key as image_thumbnail_key,
           img.alt as image_alt, img.width as image_width, img.height as image_height,
           page.sort_key
    from page
    join products p on p.tenant_id = ${s.tenantId}::uuid and p.id = page.id
    join vendors v on v.tenant_id = p.tenant_id and v.id = p.vendor_id
    left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id and c.deleted_at is null
    left join lateral (
      select i.id, i.storage_key, i.thumbnail_key, i.alt, i.width, i.height
      from product_images i
      where i.tenant_id = p.tenant_id and i.product_id = p.id and i.deleted_at is null
      order by (i.id = p.primary_image_id) desc nulls last, i.position, i.id
      limit 1
    ) img on true
    left join lateral (
      select x.compare_at_price
      from variants x
      where x.tenant_id = p.tenant_id and x.product_id = p.id and x.active and x.deleted_at is null
      order by x.price, x.position, x.id
      limit 1
    ) cmp on true
    order by ${spec.param(sql`page.sort_key`)} ${dir}, page.id ${dir}`;
}

/** One page of the list by keyset (no OFFSET), in one statement. */
export async function listPage(tx: Queryable, s: TextScope, f: ListFilter, page: PageRequest): Promise<ListRow[]> {
  const spec = sortSpec(page.sort, f);
  const { dir, after } = pageOrder(spec, page);
  const result = await tx.execute(sql`
    with page as (
      select p.id, ${spec.output} as sort_key
      from products p
      where ${and([listWhere(s.tenantId, f), after])}
      order by ${spec.order} ${dir}, p.id ${dir}
      limit ${page.take}
    )
    ${pageRowsSql(s, spec, dir)}`);
  return rowsOf<ListRow>(result);
}

// ------------------------------------------------------------------------------------ facets

/**
 * How a price range is counted without `q`. Buckets wholly inside the range come from the summary
 * table; the parts of the (at most two) buckets the range cuts are counted from the rows, through
 * the price index, so the counts are exact whatever the bounds.
 */
export interface PricePlan {
  /** First and last bucket wholly inside the range; null when none is. */
  full: [number, number] | null;
  /** Inclusive price ranges counted from the rows. */
  slices: Array<[number, number]>;
}

const BUCKETS = PRICE_BUCKET_BOUNDS.length + 1;
const MAX_PRICE = 2_147_483_647;
const bucketLow = (i: number): number => (i === 0 ? 0 : (PRICE_BUCKET_BOUNDS[i - 1] as number));
/** The bucket's highest price (inclusive); Infinity for the last. */
const bucketHigh = (i: number): number =>
  i < PRICE_BUCKET_BOUNDS.length ? (PRICE_BUCKET_BOUNDS[i] as number) - 1 : Infinity;

export function pricePlan(minPrice: number | null, maxPrice: number | null): PricePlan {
  const min = minPrice ?? 0;
  const max = maxPrice ?? Infinity;
  if (min > max) return { full: null, slices: [] };
  let first = -1;
  let last = -1;
  for (let i = 0; i < BUCKETS; i++) {
    if (bucketLow(i) >= min && bucketHigh(i) <= max) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return { full: null, slices: [[min, Math.min(max, MAX_PRICE)]] };
  const slices: Array<[number, number]> = [];
  if (min < bucketLow(first)) slices.push([min, bucketLow(first) - 1]);
  if (max > bucketHigh(last)) slices.push([bucketHigh(last) + 1, Math.min(max, MAX_PRICE)]);
  return { full: [first, last], slices };
}

/**
 * The facet source without `q`: rows of (category, vendor, price bucket, count) from the summary
 * table, with `mp` (the price filter holds) and `edge` (a cut bucket's rows counted from products:
 * they count for the other facets, never twice in the price facet).
 */
function summarySource(tenantId: string, f: ListFilter): SQL {
  const hasPrice = f.minPrice !== null || f.maxPrice !== null;
  const plan = pricePlan(f.minPrice, f.maxPrice);
  const mp = !hasPrice
    ? sql`true`
    : plan.full
      ? sql`f.price_bucket between ${plan.full[0]} and ${plan.full[1]}`
      : sql`false`;
  const summary = sql`
      select f.category_id, f.vendor_id, f.price_bucket, f.count as n, ${mp} as mp, false as edge
      from catalog_facet_counts f
      where ${and([sql`f.tenant_id = ${tenantId}::uuid and f.count > 0 and f.price_bucket >= 0`, ...flagFilters('f', f)])}`;
  if (!hasPrice || plan.slices.length === 0) return summary;
  const slices = sql.join(
    plan.slices.map(([lo, hi]) => sql`p.price_min between ${lo} and ${hi}`),
    sql` or `,
  );
  return sql`${summary}
      union all
      select coalesce(p.category_id, ${NO_CATEGORY_ID}), p.vendor_id, catalog_price_bucket(p.price_min), count(*)::int,
             true, true
      from products p
      where ${and([visible(tenantId), sql`(${slices})`, ...flagFilters('p', f)])}
      group by 1, 2, 3`;
}

/** The facet source with `q`: the matching rows of `from` (`products`, or the collected `m`). */
function matchSource(from: SQL, where: SQL | undefined, f: ListFilter): SQL {
  const mp = priceMatch(sql`p.price_min`, f) ?? sql`true`;
  return sql`
      select coalesce(p.category_id, ${NO_CATEGORY_ID}) as category_id, p.vendor_id,
             catalog_price_bucket(p.price_min) as price_bucket, count(*)::int as n, ${mp} as mp, false as edge
      from ${from} p
      ${where ? sql`where ${where}` : sql``}
      group by 1, 2, 3, 5`;
}

/**
 * The facet CTEs over `src` (`agg`: the disjunctive sums; `up`: category counts rolled up to the
 * ancestors) and the select of the facet rows. Facets are disjunctive: each applies every filter
 * but its own, so a shopper sees what choosing another category, vendor or price range would give.
 * Category counts include the products of descendants. The `total` row is the list's total.
 */
function facetParts(s: TextScope, f: ListFilter): { ctes: SQL; select: SQL } {
  const t = sql`${s.tenantId}::uuid`;
  const mc = f.categoryIds ? anyOf('src.category_id', f.categoryIds) : sql`true`;
  const mv = f.vendorIds ? anyOf('src.vendor_id', f.vendorIds) : sql`true`;
  const ctes = sql`
    agg as (
      select grouping(category_id, vendor_id, price_bucket) as g, category_id, vendor_id, price_bucket,
             coalesce(sum(n) filter (where mv and mp), 0) as for_category,
             coalesce(sum(n) filter (where mc and mp), 0) as for_vendor,
             coalesce(sum(n) filter (where mc and mv and not edge), 0) as for_price,
             coalesce(sum(n) filter (where mc and mv and mp), 0) as total
      from (select src.*, ${mc} as mc, ${mv} as mv from src) flagged
      group by grouping sets ((category_id), (vendor_id), (price_bucket), ())
    ),
    up(id, parent_id, slug, name, n, depth) as (
      select c.id, c.parent_id, c.slug, ${translated('c', 'name', 'name', s)}, a.for_category, 1
      from agg a join categories c on c.tenant_id = ${t} and c.id = a.category_id and c.deleted_at is null
      where a.g = 3 and a.for_category > 0
      union all
      select c.id, c.parent_id, c.slug, ${translated('c', 'name', 'name', s)}, up.n, up.depth + 1
      from up join categories c on c.tenant_id = ${t} and c.id = up.parent_id and c.deleted_at is null
      where up.depth < 32
    )`;
  const select = sql`
    select 'category' as kind, id, slug, name, parent_id, null::int as bucket, sum(n)::int as count
    from up group by id, slug, name, parent_id
    union all
    select 'vendor', v.id, v.slug, v.name, null, null, a.for_vendor::int
    from agg a join vendors v on v.tenant_id = ${t} and v.id = a.vendor_id
    where a.g = 5 and a.for_vendor > 0
    union all
    select 'price', null, null, null, null, a.price_bucket::int, a.for_price::int
    from agg a where a.g = 6 and a.for_price > 0
    union all
    select 'total', null, null, null, null, null, a.total::int from agg a where a.g = 7`;
  return { ctes, select };
}

/**
 * Facet counts of the whole filtered list, in one statement: sums of the summary table without
 * `q`, an aggregate of the matching rows with it.
 */
export async function listFacets(tx: Queryable, s: TextScope, f: ListFilter): Promise<FacetRow[]> {
  const src =
    f.q === null
      ? summarySource(s.tenantId, f)
      : matchSource(sql`products`, and([visible(s.tenantId), matchOf(f), ...flagFilters('p', f)]), f);
  const { ctes, select } = facetParts(s, f);
  const result = await tx.execute(sql`with recursive src as (${src}), ${ctes} ${select}`);
  return rowsOf<FacetRow>(result);
}

/**
 * A search's page and its facet counts in one statement, reading the matching rows once: they are
 * collected (`m`, with the flags of the category, vendor and price filters), the facets aggregate
 * them all, and the page takes those passing every filter. For a list with `q` whose facets are not
 * cached yet: a search matching many products reads them once instead of twice.
 */
export async function listPageWithFacets(
  tx: Queryable,
  s: TextScope,
  f: ListFilter & { q: string },
  page: PageRequest,
): Promise<{ rows: ListRow[]; facets: FacetRow[] }> {
  const relevance = page.sort === 'relevance';
  const spec = sortSpec(page.sort, f, sql`p.score`);
  const { dir, after } = pageOrder(spec, page);
  const { ctes, select } = facetParts(s, f);
  const result = await tx.execute(sql`
    with recursive m as materialized (
      select p.id, p.category_id, p.vendor_id, p.price_min, p.created_at, p.rating_avg,
             ${relevance ? scoreOf(f) : sql`0::float8`} as score,
             ${f.categoryIds ? anyOf('p.category_id', f.categoryIds) : sql`true`} as mc,
             ${f.vendorIds ? anyOf('p.vendor_id', f.vendorIds) : sql`true`} as mv,
             ${priceMatch(sql`p.price_min`, f) ?? sql`true`} as mp
      from products p
      where ${and([visible(s.tenantId), matchOf(f), ...flagFilters('p', f)])}
    ),
    src as (${matchSource(sql`m`, undefined, f)}),
    ${ctes},
    facet_rows as (${select}),
    page as (
      select p.id, ${spec.output} as sort_key
      from m p
      where ${and([sql`p.mc and p.mv and p.mp`, after])}
      order by ${spec.order} ${dir}, p.id ${dir}
      limit ${page.take}
    ),
    page_rows as (${pageRowsSql(s, spec, dir)})
    select (select coalesce(json_agg(facet_rows), '[]'::json) from facet_rows) as facets,
           (select coalesce(json_agg(r order by ${spec.param(sql`r.sort_key`)} ${dir}, r.id ${dir}), '[]'::json)
            from page_rows r) as rows`);
  const [row] = rowsOf<{ facets: FacetRow[]; rows: ListRow[] }>(result);
  return { rows: row?.rows ?? [], facets: row?.facets ?? [] };
}

/**
 * Settings of a search's transaction: no JIT compilation. A search over many matches is costed high
 * enough for the server to compile it, which takes longer (100 ms and more) than the search itself.
 */
export async function useSearchSettings(tx: Queryable): Promise<void> {
  await tx.execute(sql`select set_config('jit', 'off', true)`);
}

// ----------------------------------------------------------------------------------- suggest

/** Search-as-you-type: titles are matched by their words' prefixes; how many candidates to rank. */
const SUGGEST_CANDIDATES = 500;

/**
 * `wool blan` → `'wool':A & 'blan':*A`: every word in the title, the last as a prefix. Words are
 * reduced to letters and digits, so nothing in `q` can act as tsquery syntax.
 */
export function prefixQueryText(q: string): string | null {
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `'${w}':*A` : `'${w}':A`)).join(' & ');
}

/**
 * Titles whose words start like `q`, best ranked first. The candidates are capped, so a one-letter
 * prefix matching half the catalog costs no more than a precise one.
 */
export async function suggestByPrefix(tx: Queryable, s: TextScope, prefixQuery: string, limit: number) {
  const tq = sql`to_tsquery(${TS_CONFIG}, ${prefixQuery})`;
  const result = await tx.execute(sql`
    select p.id, p.slug, ${translated('p', 'title', 'title', s)} as title
    from (
      select c.id, ts_rank_cd(${RANK_WEIGHTS}, c.search_vector, ${tq}) as rank, length(c.title) as len
      from (
        select p.id, p.search_vector, p.title from products p
        where ${visible(s.tenantId)} and p.search_vector @@ ${tq}
        limit ${SUGGEST_CANDIDATES}
      ) c
      order by rank desc, len, c.id
      limit ${limit}
    ) best
    join products p on p.tenant_id = ${s.tenantId}::uuid and p.id = best.id
    order by best.rank desc, best.len, best.id`);
  return rowsOf<SuggestRow>(result);
}

/** Titles that look like `q` (typos), most alike first; `except` are already suggested. */
export async function suggestBySimilarity(tx: Queryable, s: TextScope, q: string, limit: number, except: string[]) {
  const result = await tx.execute(sql`
    select p.id, p.slug, ${translated('p', 'title', 'title', s)} as title
    from products p
    where ${and([
      visible(s.tenantId),
      sql`p.id in (select h.id from catalog_fuzzy_title_ids(${q}, ${FUZZY_WORD_SIMILARITY}::real) h)`,
      except.length > 0 ? sql`p.id <> all(${uuidArray(except)})` : undefined,
    ])}
    order by word_similarity(${q}, p.title) desc, p.id
    limit ${limit}`);
  return rowsOf<SuggestRow>(result);
}

// ------------------------------------------------------------------------------------ detail

/**
 * The product page in one statement, whatever its number of variants and images: the product with
 * its vendor and category, the active variants, the images by position and the category's
 * ancestors (root first), each aggregated as JSON.
 */
export async function productDetail(
  tx: Queryable,
  s: TextScope,
  ref: { slug: string; id: string | null },
): Promise<DetailRow | undefined> {
  const t = sql`${s.tenantId}::uuid`;
  const byRef = ref.id === null ? sql`p.slug = ${ref.slug}` : sql`(p.id = ${ref.id}::uuid or p.slug = ${ref.slug})`;
  const result = await tx.execute(sql`
    select p.id, p.slug, ${translated('p', 'title', 'title', s)} as title,
           ${translated('p', 'description', 'description', s)} as description,
           p.currency, p.options, p.price_min, p.price_max, p.in_stock, p.featured,
           p.rating_avg::float8 as rating_avg, p.rating_count, p.rating_histogram,
           to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
           v.id as vendor_id, v.slug as vendor_slug, v.name as vendor_name,
           c.id as category_id, c.slug as category_slug, ${translated('c', 'name', 'name', s)} as category_name,
           img.id as image_id, img.storage_key as image_key, img.thumbnail_key as image_thumbnail_key,
           img.alt as image_alt, img.width as image_width, img.height as image_height,
           (select coalesce(json_agg(json_build_object(
                     'id', x.id, 'sku', x.sku, 'options', x.options, 'price', x.price,
                     'compare_at_price', x.compare_at_price, 'available', greatest(x.on_hand - x.reserved, 0),
                     'weight_grams', x.weight_grams) order by x.position, x.id), '[]'::json)
            from variants x
            where x.tenant_id = p.tenant_id and x.product_id = p.id and x.active and x.deleted_at is null
           ) as variants,
           (select coalesce(json_agg(json_build_object(
                     'id', i.id, 'key', i.storage_key, 'thumbnail_key', i.thumbnail_key, 'alt', i.alt,
                     'width', i.width, 'height', i.height) order by i.position, i.id), '[]'::json)
            from product_images i
            where i.tenant_id = p.tenant_id and i.product_id = p.id and i.deleted_at is null
           ) as images,
           (with recursive anc(id, parent_id, slug, name, depth) as (
              select a.id, a.parent_id, a.slug, ${translated('a', 'name', 'name', s)}, 1
              from categories a where a.tenant_id = ${t} and a.id = c.parent_id and a.deleted_at is null
              union all
              select a.id, a.parent_id, a.slug, ${translated('a', 'name', 'name', s)}, anc.depth + 1
              from anc join categories a on a.tenant_id = ${t} and a.id = anc.parent_id and a.deleted_at is null
              where anc.depth < 32
            )
            select coalesce(json_agg(json_build_object('id', anc.id, 'slug', anc.slug, 'name', anc.name)
                                     order by anc.depth desc), '[]'::json)
            from anc
           ) as breadcrumb
    from products p
    join vendors v on v.tenant_id = p.tenant_id and v.id = p.vendor_id
    left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id and c.deleted_at is null
    left join lateral (
      select i.id, i.storage_key, i.thumbnail_key, i.alt, i.width, i.height
      from product_images i
      where i.tenant_id = p.tenant_id and i.product_id = p.id and i.deleted_at is null
      order by (i.id = p.primary_image_id) desc nulls last, i.position, i.id
      limit 1
    ) img on true
    where ${visible(s.tenantId)} and ${byRef}
    ${ref.id === null ? sql`` : sql`order by (p.id = ${ref.id}::uuid) desc`}
    limit 1`);
  return rowsOf<DetailRow>(result)[0];
}
