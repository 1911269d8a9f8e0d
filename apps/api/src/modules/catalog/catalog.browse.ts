/**
 * The shopper's catalog: the product list (search, filters, sorts, facets), search suggestions and
 * the product page. Every read goes through the catalog cache, keyed by the normalised request and
 * the locale, so equal questions share one answer until a catalog write bumps the store's version.
 */
import type { FastifyRequest } from 'fastify';
import type { RequestContext, TxContext } from '../../platform/context.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest, NotFound } from '../../platform/errors.js';
import { type Cursor, decodeCursor, toPage } from '../../platform/http/pagination.js';
import { isUuid } from '../../platform/ids.js';
import type { CachedBody, CatalogCache } from './catalog.cache.js';
import { toFacets, toProductDetail, toProductSummary, toSuggestions } from './catalog.browse.mapper.js';
import type { ProductList, ProductListQuery } from './catalog.browse.schemas.js';
import {
  type FacetRow,
  type KeysetPosition,
  type ListFilter,
  type ListRow,
  type SearchMode,
  type SortKey,
  type TextScope,
  listFacets,
  listPage,
  listPageWithFacets,
  prefixQueryText,
  pricePlan,
  productDetail,
  resolveFilterScope,
  suggestByPrefix,
  suggestBySimilarity,
  useSearchSettings,
} from './catalog.search.js';

export interface BrowseDeps {
  uow: UnitOfWork;
  catalogCache: CatalogCache;
}

/** Full text finding fewer matches than this (with every filter) falls back to fuzzy titles. */
export const FUZZY_FALLBACK_BELOW = 3;
const SUGGESTIONS = 8;
/** Fuzzy title matching needs a few letters: trigrams of one or two say little. */
const FUZZY_MIN_LENGTH = 3;

/** A list request with its defaults filled: what the cache key and the links are made of. */
export interface NormalisedListQuery {
  q: string | null;
  category: string | null;
  vendor: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
  featured: boolean | null;
  sort: SortKey;
  limit: number;
  cursor: string | null;
}

/** Search text as the cache and the database see it: control characters as spaces, trimmed, lower case. */
export const normaliseSearchText = (q: string | undefined): string | null => {
  const n = (q ?? '')
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return n === '' ? null : n;
};

export function normaliseListQuery(query: ProductListQuery): NormalisedListQuery {
  const q = normaliseSearchText(query.q);
  const sort =
    query.sort === undefined || (query.sort === 'relevance' && q === null) ? (q ? 'relevance' : 'newest') : query.sort;
  return {
    q,
    category: query.category?.trim() || null,
    vendor: query.vendor?.trim() || null,
    minPrice: query.minPrice ?? null,
    maxPrice: query.maxPrice ?? null,
    inStock: query.inStock ?? null,
    featured: query.featured ?? null,
    sort,
    limit: query.limit ?? 20,
    cursor: query.cursor ?? null,
  };
}

/** The request's parameters in a fixed order (defaults included): the cache key and the links. */
function queryString(n: NormalisedListQuery, withCursor: boolean): string {
  const params = new URLSearchParams();
  const entries: Array<[string, string | number | boolean | null]> = [
    ['category', n.category],
    ['cursor', withCursor ? n.cursor : null],
    ['featured', n.featured],
    ['inStock', n.inStock],
    ['limit', n.limit],
    ['maxPrice', n.maxPrice],
    ['minPrice', n.minPrice],
    ['q', n.q],
    ['sort', n.sort],
    ['vendor', n.vendor],
  ];
  for (const [k, v] of entries) if (v !== null) params.set(k, String(v));
  return params.toString();
}

// ---------------------------------------------------------------------------------- cursors

/** The cursor's first two entries: which sort it belongs to and how `q` matched. */
const SORT_TAGS: Record<SortKey, string> = {
  newest: 'n',
  price_asc: 'pa',
  price_desc: 'pd',
  rating: 'r',
  relevance: 's',
};
const MODE_TAGS: Record<SearchMode, string> = { fulltext: 'f', fuzzy: 'z' };
const NO_Q = '-';

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const RATING_RE = /^\d{1,2}(\.\d{1,4})?$/;

function keyIsValid(sort: SortKey, key: unknown): key is string | number {
  switch (sort) {
    case 'newest':
      return typeof key === 'string' && TIMESTAMP_RE.test(key) && !Number.isNaN(Date.parse(key));
    case 'price_asc':
    case 'price_desc':
      return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= 2_147_483_647;
    case 'rating':
      return typeof key === 'string' && RATING_RE.test(key);
    case 'relevance':
      return typeof key === 'number' && Number.isFinite(key);
  }
}

/** The position a cursor continues from, and how its list matched `q`; 400 if it is not ours. */
function readCursor(
  cursor: Cursor | null,
  n: NormalisedListQuery,
): { after: KeysetPosition | null; mode: SearchMode | null } {
  if (!cursor) return { after: null, mode: null };
  const [sortTag, modeTag, key, id] = cursor.k;
  const mode = modeTag === MODE_TAGS.fulltext ? 'fulltext' : modeTag === MODE_TAGS.fuzzy ? 'fuzzy' : null;
  const valid =
    cursor.k.length === 4 &&
    sortTag === SORT_TAGS[n.sort] &&
    (n.q === null ? modeTag === NO_Q : mode !== null) &&
    keyIsValid(n.sort, key) &&
    typeof id === 'string' &&
    isUuid(id);
  if (!valid) throw new BadRequest('invalid_cursor', 'The cursor is not one this API issued for this list.');
  return { after: { key, id: id.toLowerCase() }, mode };
}

// ---------------------------------------------------------------------------------- service

const textScope = (ctx: RequestContext, tenantId: string): TextScope => ({
  tenantId,
  locale: ctx.locale,
  language: (ctx.locale.split('-')[0] ?? ctx.locale).toLowerCase(),
});

const refOf = (value: string) => ({ slug: value, id: isUuid(value) ? value.toLowerCase() : null });

function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
  return ctx.tenantId;
}

/** Fuzzy matching ignores web-search syntax, so it only stands in for plain words. */
const fuzzyEligible = (q: string) =>
  q.length >= FUZZY_MIN_LENGTH && !/["]|(^|\s)-\S|(^|\s)or(\s|$)/.test(q) && /[\p{L}\p{N}]/u.test(q);

export function createBrowseService(deps: BrowseDeps) {
  const { uow, catalogCache } = deps;

  /** The list's filter in one transaction: category and vendor names resolved to ids. */
  async function filterIn(tx: TxContext, tenantId: string, n: NormalisedListQuery): Promise<ListFilter> {
    const refs = { category: n.category ? refOf(n.category) : null, vendor: n.vendor ? refOf(n.vendor) : null };
    const { categoryIds, vendorIds } =
      refs.category || refs.vendor
        ? await resolveFilterScope(tx.tx, tenantId, refs)
        : { categoryIds: null, vendorIds: null };
    return {
      q: n.q,
      mode: 'fulltext',
      categoryIds,
      vendorIds,
      minPrice: n.minPrice,
      maxPrice: n.maxPrice,
      inStock: n.inStock,
      featured: n.featured,
    };
  }

  /**
   * The facet counts and total of a filtered list, cached on their own: they depend on the filters
   * (and how `q` matches), not on the sort or the page, so every page and sort of a list shares them.
   * `load` runs in the caller's transaction when they are not cached.
   */
  async function facetsOf(
    tx: TxContext,
    tenantId: string,
    n: NormalisedListQuery,
    filter: ListFilter,
    load: () => Promise<FacetRow[]>,
  ) {
    const filters = queryString({ ...n, sort: 'newest', limit: 20 }, false);
    const key = `facets?${filters}|${n.q === null ? NO_Q : MODE_TAGS[filter.mode]}|${tx.locale}`;
    const cached = await catalogCache.read(tenantId, key, async () => toFacets(await load()));
    return JSON.parse(cached.body) as ReturnType<typeof toFacets>;
  }

  async function loadList(ctx: RequestContext, tenantId: string, n: NormalisedListQuery): Promise<ProductList> {
    const cursor = decodeCursor(n.cursor ?? undefined);
    const { after, mode: cursorMode } = readCursor(cursor, n);
    const page = { sort: n.sort, take: n.limit + 1, after, backwards: cursor?.d === 'p' };
    const { filter, facets, rows } = await uow(ctx, async (tx) => {
      const scope = textScope(tx, tenantId);
      const filter = await filterIn(tx, tenantId, n);
      // A search whose facets are not cached reads its matches once for both (see listPageWithFacets).
      let rows: ListRow[] | null = null;
      const facetsIn = (mode: SearchMode) => {
        filter.mode = mode;
        rows = null;
        return facetsOf(tx, tenantId, n, filter, async () => {
          if (filter.q === null) return listFacets(tx.tx, scope, filter);
          const both = await listPageWithFacets(tx.tx, scope, { ...filter, q: filter.q }, page);
          rows = both.rows;
          return both.facets;
        });
      };
      // Searches and price ranges that cut buckets read many rows: no JIT compilation for them.
      if (n.q !== null || pricePlan(n.minPrice, n.maxPrice).slices.length > 0) await useSearchSettings(tx.tx);
      let facets = await facetsIn(cursorMode ?? 'fulltext');
      // Typo tolerance is decided on the first page; the cursor keeps the choice for the others.
      if (n.q !== null && cursor === null && facets.total < FUZZY_FALLBACK_BELOW && fuzzyEligible(n.q)) {
        facets = await facetsIn('fuzzy');
      }
      return { filter, facets, rows: rows ?? (await listPage(tx.tx, scope, filter, page)) };
    });
    const modeTag = n.q === null ? NO_Q : MODE_TAGS[filter.mode];
    // toPage reads only the request's URL: the canonical one, so equal requests share links.
    const canonical = { url: `/api/v1/products?${queryString(n, true)}` } as FastifyRequest;
    const pageBody = toPage(canonical, rows, {
      limit: n.limit,
      cursor,
      keyOf: (r: ListRow) => [SORT_TAGS[n.sort], modeTag, r.sort_key, r.id],
      map: toProductSummary,
      total: facets.total,
    });
    return {
      ...pageBody,
      meta: { ...pageBody.meta, ...(n.q === null ? {} : { searchMode: filter.mode }) },
      facets: facets.facets,
    };
  }

  return {
    /** A page of listed products with the facet counts of the whole filtered list. */
    list(ctx: RequestContext, query: ProductListQuery): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const n = normaliseListQuery(query);
      return catalogCache.read(tenantId, `products?${queryString(n, true)}|${ctx.locale}`, () =>
        loadList(ctx, tenantId, n),
      );
    },

    /** A listed product by id or slug, with its variants, images and rating; 404 otherwise. */
    detail(ctx: RequestContext, idOrSlug: string): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const ref = idOrSlug.trim();
      return catalogCache.read(tenantId, `product/${encodeURIComponent(ref)}|${ctx.locale}`, () =>
        uow(ctx, async (tx) => {
          const row = await productDetail(tx.tx, textScope(ctx, tenantId), refOf(ref));
          if (!row) throw new NotFound('product_not_found', 'The product does not exist.');
          return toProductDetail(row);
        }),
      );
    },

    /** Up to 8 titles for a search box: word prefixes first, then titles that look alike. */
    suggest(ctx: RequestContext, rawQ: string): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const q = normaliseSearchText(rawQ);
      return catalogCache.read(tenantId, `suggest?q=${encodeURIComponent(q ?? '')}|${ctx.locale}`, async () => {
        if (q === null) return toSuggestions([]);
        return uow(ctx, async (tx) => {
          const scope = textScope(ctx, tenantId);
          const prefix = prefixQueryText(q);
          const rows = prefix ? await suggestByPrefix(tx.tx, scope, prefix, SUGGESTIONS) : [];
          if (rows.length < SUGGESTIONS && q.length >= FUZZY_MIN_LENGTH) {
            const seen = rows.map((r) => r.id);
            rows.push(...(await suggestBySimilarity(tx.tx, scope, q, SUGGESTIONS - rows.length, seen)));
          }
          return toSuggestions(rows);
        });
      });
    },
  };
}

export type BrowseService = ReturnType<typeof createBrowseService>;
