/**
 * Product reviews: customers write one review per product, shoppers read the visible ones with the
 * product's rating summary, store staff hide and unhide them.
 *
 * The summary (`products.rating_avg`, `rating_count`, `rating_histogram`) is recomputed from the
 * visible reviews in the same transaction as every change. The product row is locked first and the
 * summary computed by a later statement, so under concurrent reviews of one product each
 * transaction's recount sees every review committed before it: no write is lost.
 */
import { type SQL, and, eq, inArray, isNull, isNotNull, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor, RequestContext, TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { softDelete, updateVersioned } from '../../platform/db/versioning.js';
import { BadRequest, Conflict, Forbidden, NotFound, Unauthorized, VersionConflict } from '../../platform/errors.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import { assertCan, userNamesOf } from '../identity/index.js';
import type { CachedBody, CatalogCache } from './catalog.cache.js';
import type {
  AdminReview,
  AdminReviewListQuery,
  CreateReviewBody,
  RatingSummary,
  Review,
  ReviewSort,
  UpdateReviewBody,
} from './catalog.reviews.schemas.js';
import { products, reviews } from './catalog.tables.js';

/** Whether `userId` bought `productId` in this store (asked in the review's transaction). */
export type PurchaseVerifier = (tx: Queryable, userId: string, productId: string) => Promise<boolean>;

export interface ReviewServiceDeps {
  uow: UnitOfWork;
  /** Decrypts authors' names (through identity). */
  pii: PiiCipher;
  catalogCache: CatalogCache;
}

/** One row of a list: the item and its keyset position. */
export interface Keyed<T> {
  key: Array<string | number>;
  item: T;
}

export interface ReviewPage {
  rows: Array<Keyed<Review>>;
  summary: RatingSummary;
}

export class ProductNotFound extends NotFound {
  constructor() {
    super('product_not_found', 'No such product in this store.');
  }
}

export class ReviewNotFound extends NotFound {
  constructor() {
    super('review_not_found', 'No such review of this product.');
  }
}

export class ReviewExists extends Conflict {
  constructor() {
    super('review_exists', 'You have already reviewed this product; change your review instead.');
  }
}

// ---------------------------------------------------------------------------------------- keyset

/** `created_at` as text with microseconds: a JavaScript Date would lose rows of the same millisecond. */
const positionSql = sql<string>`to_char(${reviews.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const POSITION_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface KeyPart {
  expr: SQL;
  descending: boolean;
  kind: 'rating' | 'position' | 'uuid';
}

const invalidCursor = () => new BadRequest('invalid_cursor', 'The cursor is not one this API issued.');

function keyValue(part: KeyPart, raw: string | number | undefined): SQL {
  switch (part.kind) {
    case 'rating':
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > 5) throw invalidCursor();
      return sql`${raw}::int`;
    case 'position':
      if (typeof raw !== 'string' || !POSITION_RE.test(raw)) throw invalidCursor();
      return sql`${raw}::timestamptz`;
    case 'uuid':
      if (typeof raw !== 'string' || !isUuid(raw)) throw invalidCursor();
      return sql`${raw}::uuid`;
  }
}

/**
 * The WHERE and ORDER BY of a keyset page over `parts` (a lexicographic key). A `p` cursor reads
 * the other way; `toPage` puts such a page back in the list's order.
 */
function keysetOf(parts: KeyPart[], cursor: Cursor | null): { where: SQL | undefined; orderBy: SQL[] } {
  const backwards = cursor?.d === 'p';
  const orderBy = parts.map((p) => (p.descending !== backwards ? sql`${p.expr} desc` : sql`${p.expr} asc`));
  if (!cursor) return { where: undefined, orderBy };
  if (cursor.k.length !== parts.length) throw invalidCursor();
  const values = parts.map((p, i) => keyValue(p, cursor.k[i]));
  const disjuncts = parts.map((p, i) =>
    and(
      ...parts.slice(0, i).map((q, j) => sql`${q.expr} = ${values[j]}`),
      p.descending !== backwards ? sql`${p.expr} < ${values[i]}` : sql`${p.expr} > ${values[i]}`,
    ),
  );
  return { where: or(...disjuncts), orderBy };
}

const SORT_KEYS: Record<ReviewSort, KeyPart[]> = {
  newest: [
    { expr: sql`${reviews.createdAt}`, descending: true, kind: 'position' },
    { expr: sql`${reviews.id}`, descending: true, kind: 'uuid' },
  ],
  rating_desc: [
    { expr: sql`${reviews.rating}`, descending: true, kind: 'rating' },
    { expr: sql`${reviews.createdAt}`, descending: true, kind: 'position' },
    { expr: sql`${reviews.id}`, descending: true, kind: 'uuid' },
  ],
  rating_asc: [
    { expr: sql`${reviews.rating}`, descending: false, kind: 'rating' },
    { expr: sql`${reviews.createdAt}`, descending: true, kind: 'position' },
    { expr: sql`${reviews.id}`, descending: true, kind: 'uuid' },
  ],
};

// --------------------------------------------------------------------------------------- mapping

type ReviewRow = typeof reviews.$inferSelect;

/** "Asha Verma" → "Asha V."; no name (or an erased account) → "Customer". */
export function publicAuthorName(full: string | undefined): string {
  const parts = (full ?? '').trim().split(/\s+/).filter(Boolean);
  const first = parts[0];
  if (first === undefined) return 'Customer';
  const shortFirst = [...first].slice(0, 40).join('');
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const initial = last === undefined ? undefined : [...last][0];
  return initial === undefined ? shortFirst : `${shortFirst} ${initial.toLocaleUpperCase()}.`;
}

const authorOf = (r: ReviewRow, names: Map<string, string>) => ({
  name: publicAuthorName(r.userId === null ? undefined : names.get(r.userId)),
});

function toReview(r: ReviewRow, names: Map<string, string>): Review {
  return {
    id: r.id,
    productId: r.productId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    author: authorOf(r, names),
    verifiedPurchase: r.verifiedPurchase,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function toAdminReview(r: ReviewRow, productTitle: string, names: Map<string, string>): AdminReview {
  return {
    id: r.id,
    productId: r.productId,
    productTitle,
    userId: r.userId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    author: authorOf(r, names),
    verifiedPurchase: r.verifiedPurchase,
    hidden: r.hiddenAt !== null,
    hiddenAt: r.hiddenAt ? r.hiddenAt.toISOString() : null,
    hiddenReason: r.hiddenReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function summaryOf(p: { ratingAvg: number; ratingCount: number; ratingHistogram: number[] }): RatingSummary {
  const h = (i: number) => p.ratingHistogram[i] ?? 0;
  return {
    average: Number(p.ratingAvg),
    count: p.ratingCount,
    histogram: { 1: h(0), 2: h(1), 3: h(2), 4: h(3), 5: h(4) },
  };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

const visible = and(isNull(reviews.deletedAt), isNull(reviews.hiddenAt));

// ------------------------------------------------------------------------------ rating summaries

/**
 * Locks the products (in id order, so two transactions never wait on each other in a cycle) and
 * recomputes their rating summaries from their visible reviews. The recount is a statement after
 * the lock: it sees every review committed by a transaction that held the lock before.
 */
export async function recomputeRatings(tx: Queryable, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return;
  await tx
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.id, ids))
    .orderBy(products.id)
    .for('no key update');
  await tx.execute(sql`
    update products p
    set rating_avg = s.average, rating_count = s.count, rating_histogram = s.histogram
    from (
      select pr.id as product_id,
             coalesce(round(avg(r.rating)::numeric, 2), 0) as average,
             count(r.id)::int as count,
             array[
               count(r.id) filter (where r.rating = 1), count(r.id) filter (where r.rating = 2),
               count(r.id) filter (where r.rating = 3), count(r.id) filter (where r.rating = 4),
               count(r.id) filter (where r.rating = 5)
             ]::int[] as histogram
      from products pr
      left join reviews r
        on r.tenant_id = pr.tenant_id and r.product_id = pr.id and r.deleted_at is null and r.hidden_at is null
      where pr.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      group by pr.id
    ) s
    where p.id = s.product_id and p.tenant_id = ${sql`nullif(current_setting('app.tenant_id', true), '')::uuid`}
      and (p.rating_avg, p.rating_count, p.rating_histogram) is distinct from (s.average, s.count, s.histogram)`);
}

// --------------------------------------------------------------------------------------- service

export function createReviewService(deps: ReviewServiceDeps) {
  const { uow, pii, catalogCache } = deps;
  let verifyPurchase: PurchaseVerifier = async () => false;

  const storeOf = (ctx: { tenantId: string | null }): string => {
    if (!ctx.tenantId) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
    return ctx.tenantId;
  };

  /** The signed-in customer writing: a user holding `reviews:write` (API keys write no reviews). */
  const author = (ctx: RequestContext): Actor => {
    assertCan(ctx.actor, 'reviews:write');
    if (ctx.actor.kind !== 'user') throw new Unauthorized('user_required', 'Reviews are written by signed-in users.');
    return ctx.actor;
  };

  const namesOf = (tx: TxContext, rows: Array<{ userId: string | null }>) =>
    userNamesOf(
      tx.tx,
      pii,
      storeOf(tx),
      rows.map((r) => r.userId).filter((id): id is string => id !== null),
    );

  /** Locks the product row for this transaction's review change; 404 when absent (or not listed). */
  async function lockProduct(tx: TxContext, productId: string, opts: { listed: boolean }) {
    const [product] = await tx.tx
      .select({ id: products.id, title: products.title })
      .from(products)
      .where(
        and(
          eq(products.id, productId),
          isNull(products.deletedAt),
          opts.listed ? eq(products.listed, true) : undefined,
        ),
      )
      .for('no key update');
    if (!product) throw new ProductNotFound();
    return product;
  }

  async function findReview(tx: TxContext, productId: string, reviewId: string): Promise<ReviewRow> {
    const [row] = await tx.tx
      .select()
      .from(reviews)
      .where(and(eq(reviews.id, reviewId), eq(reviews.productId, productId), isNull(reviews.deletedAt)));
    if (!row) throw new ReviewNotFound();
    return row;
  }

  /** Runs a write and makes the store's cached reads stale once it has committed. */
  async function write<T>(ctx: RequestContext, fn: (tx: TxContext) => Promise<T>): Promise<T> {
    const tenantId = storeOf(ctx);
    const result = await uow(ctx, fn);
    await catalogCache.bump(tenantId);
    return result;
  }

  async function moderate(ctx: RequestContext, reviewId: string, hide: boolean, reason?: string): Promise<AdminReview> {
    assertCan(ctx.actor, 'catalog:manage');
    return write(ctx, async (tx) => {
      const [found] = await tx.tx
        .select({ productId: reviews.productId })
        .from(reviews)
        .where(and(eq(reviews.id, reviewId), isNull(reviews.deletedAt)));
      if (!found) throw new NotFound('review_not_found', 'No such review in this store.');
      const product = await lockProduct(tx, found.productId, { listed: false });
      const current = await findReview(tx, found.productId, reviewId);
      let row = current;
      if ((current.hiddenAt !== null) !== hide) {
        const [updated] = await tx.tx
          .update(reviews)
          .set({
            hiddenAt: hide ? sql`now()` : null,
            hiddenBy: hide && tx.actor?.kind === 'user' ? tx.actor.id : null,
            hiddenReason: hide ? (reason ?? null) : null,
            version: sql`${reviews.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(eq(reviews.id, reviewId))
          .returning();
        row = updated ?? current;
        await recomputeRatings(tx.tx, [current.productId]);
        await recordAudit(tx, {
          action: hide ? 'review.hidden' : 'review.unhidden',
          entityType: 'review',
          entityId: reviewId,
          before: { hidden: current.hiddenAt !== null, reason: current.hiddenReason },
          after: { hidden: hide, reason: hide ? (reason ?? null) : null, productId: current.productId },
        });
      }
      return toAdminReview(row, product.title, await namesOf(tx, [row]));
    });
  }

  return {
    /**
     * Who counts as having bought a product. Until orders exist nobody has: the orders module
     * installs its own check at start-up.
     */
    setPurchaseVerifier(fn: PurchaseVerifier): void {
      verifyPurchase = fn;
    },

    /** A public read through the store's catalog cache (`load` runs on a miss). */
    cached(ctx: RequestContext, key: string, load: () => Promise<unknown>): Promise<CachedBody> {
      return catalogCache.read(storeOf(ctx), key, load);
    },

    /** Visible reviews of a listed product (404 otherwise) and its rating summary: three queries. */
    async listVisible(
      ctx: RequestContext,
      productId: string,
      q: { limit: number; cursor: Cursor | null; sort: ReviewSort },
    ): Promise<ReviewPage> {
      const parts = SORT_KEYS[q.sort];
      const page = keysetOf(parts, q.cursor);
      return uow(ctx, async (tx) => {
        const [product] = await tx.tx
          .select({
            ratingAvg: products.ratingAvg,
            ratingCount: products.ratingCount,
            ratingHistogram: products.ratingHistogram,
          })
          .from(products)
          .where(and(eq(products.id, productId), eq(products.listed, true)));
        if (!product) throw new ProductNotFound();
        const rows = await tx.tx
          .select({ review: reviews, position: positionSql })
          .from(reviews)
          .where(and(eq(reviews.productId, productId), visible, page.where))
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        const names = await namesOf(
          tx,
          rows.map((r) => r.review),
        );
        return {
          rows: rows.map(({ review, position }) => ({
            key: q.sort === 'newest' ? [position, review.id] : [review.rating, position, review.id],
            item: toReview(review, names),
          })),
          summary: summaryOf(product),
        };
      });
    },

    /** One visible review of a listed product. */
    async getVisible(ctx: RequestContext, productId: string, reviewId: string): Promise<Review> {
      return uow(ctx, async (tx) => {
        const [row] = await tx.tx
          .select({ review: reviews })
          .from(reviews)
          .innerJoin(products, and(eq(products.tenantId, reviews.tenantId), eq(products.id, reviews.productId)))
          .where(and(eq(reviews.id, reviewId), eq(reviews.productId, productId), visible, eq(products.listed, true)));
        if (!row) throw new ReviewNotFound();
        return toReview(row.review, await namesOf(tx, [row.review]));
      });
    },

    /** The caller's review of a listed product; a second one is 409 `review_exists`. */
    async create(ctx: RequestContext, productId: string, body: CreateReviewBody): Promise<Review> {
      const actor = author(ctx);
      try {
        return await write(ctx, async (tx) => {
          // The lock also serialises two submissions of one customer: the second sees the first.
          await lockProduct(tx, productId, { listed: true });
          const [existing] = await tx.tx
            .select({ id: reviews.id })
            .from(reviews)
            .where(and(eq(reviews.productId, productId), eq(reviews.userId, actor.id), isNull(reviews.deletedAt)));
          if (existing) throw new ReviewExists();
          const verifiedPurchase = await verifyPurchase(tx.tx, actor.id, productId);
          const [row] = await tx.tx
            .insert(reviews)
            .values({
              tenantId: storeOf(tx),
              id: newId(),
              productId,
              userId: actor.id,
              rating: body.rating,
              title: (body.title ?? '').trim(),
              body: body.body.trim(),
              verifiedPurchase,
            })
            .returning();
          if (!row) throw new Error('the review just written is missing');
          await recomputeRatings(tx.tx, [productId]);
          return toReview(row, await namesOf(tx, [row]));
        });
      } catch (err) {
        // Two submissions that passed the check at once: the unique index keeps one.
        if (isUniqueViolation(err)) throw new ReviewExists();
        throw err;
      }
    },

    /** Changes the caller's own review (If-Match); the summary follows a new rating. */
    async update(
      ctx: RequestContext,
      productId: string,
      reviewId: string,
      version: number,
      body: UpdateReviewBody,
    ): Promise<Review> {
      const actor = author(ctx);
      return write(ctx, async (tx) => {
        await lockProduct(tx, productId, { listed: false });
        const current = await findReview(tx, productId, reviewId);
        if (current.userId !== actor.id)
          throw new Forbidden('not_review_author', 'Only its author may change a review.');
        if (current.version !== version) throw new VersionConflict(current.version);
        const values: Partial<typeof reviews.$inferInsert> = {};
        if (body.rating !== undefined && body.rating !== current.rating) values.rating = body.rating;
        if (body.title !== undefined && body.title.trim() !== current.title) values.title = body.title.trim();
        if (body.body !== undefined && body.body.trim() !== current.body) values.body = body.body.trim();
        if (Object.keys(values).length === 0) return toReview(current, await namesOf(tx, [current]));
        const row = await updateVersioned(tx.tx, reviews, reviewId, version, values, () => new ReviewNotFound());
        if (values.rating !== undefined) await recomputeRatings(tx.tx, [productId]);
        return toReview(row, await namesOf(tx, [row]));
      });
    },

    /** Deletes the caller's own review (If-Match); it stops counting at once. */
    async remove(ctx: RequestContext, productId: string, reviewId: string, version: number): Promise<void> {
      const actor = author(ctx);
      await write(ctx, async (tx) => {
        await lockProduct(tx, productId, { listed: false });
        const current = await findReview(tx, productId, reviewId);
        if (current.userId !== actor.id)
          throw new Forbidden('not_review_author', 'Only its author may delete a review.');
        await softDelete(tx.tx, reviews, reviewId, version, () => new ReviewNotFound());
        await recomputeRatings(tx.tx, [productId]);
      });
    },

    /** Every live review, hidden ones included, newest first. */
    async listForModeration(
      ctx: RequestContext,
      q: { limit: number; cursor: Cursor | null } & Pick<AdminReviewListQuery, 'productId' | 'hidden'>,
    ): Promise<Array<Keyed<AdminReview>>> {
      assertCan(ctx.actor, 'catalog:manage');
      const page = keysetOf(SORT_KEYS.newest, q.cursor);
      return uow(ctx, async (tx) => {
        const rows = await tx.tx
          .select({ review: reviews, productTitle: products.title, position: positionSql })
          .from(reviews)
          .innerJoin(products, and(eq(products.tenantId, reviews.tenantId), eq(products.id, reviews.productId)))
          .where(
            and(
              isNull(reviews.deletedAt),
              q.productId ? eq(reviews.productId, q.productId) : undefined,
              q.hidden === undefined ? undefined : q.hidden ? isNotNull(reviews.hiddenAt) : isNull(reviews.hiddenAt),
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        const names = await namesOf(
          tx,
          rows.map((r) => r.review),
        );
        return rows.map(({ review, productTitle, position }) => ({
          key: [position, review.id],
          item: toAdminReview(review, productTitle, names),
        }));
      });
    },

    /** Hides a review from shoppers and from the summary; audited. Hiding a hidden one changes nothing. */
    hide(ctx: RequestContext, reviewId: string, reason: string): Promise<AdminReview> {
      return moderate(ctx, reviewId, true, reason);
    },

    /** Shows a hidden review again; audited. */
    unhide(ctx: RequestContext, reviewId: string): Promise<AdminReview> {
      return moderate(ctx, reviewId, false);
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
