/**
 * Request and response schemas of product reviews: the public list with its rating summary, the
 * author's own writes and the moderation list of store staff.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

export const REVIEW_TITLE_MAX = 200;
export const REVIEW_BODY_MAX = 5000;

/** The list envelope of API.md around `item`, inline (no shared `$id`), plus `extra` fields. */
function listOf<T extends TSchema, E extends Record<string, TSchema>>(item: T, description: string, extra: E) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return Type.Object({ ...inline.properties, ...extra }, { description });
}

export const Rating = Type.Integer({ minimum: 1, maximum: 5, description: 'Stars, 1–5.' });

export const ReviewAuthor = Type.Object({
  name: Type.String({
    maxLength: 60,
    description: 'First name and the initial of the last name; `Customer` when the account was erased.',
  }),
});

export const Review = Type.Object({
  id: Uuid,
  productId: Uuid,
  rating: Rating,
  title: Type.String({ maxLength: REVIEW_TITLE_MAX }),
  body: Type.String({ maxLength: REVIEW_BODY_MAX }),
  author: ReviewAuthor,
  verifiedPurchase: Type.Boolean({ description: 'The author bought this product in this store.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
});
export type Review = Static<typeof Review>;

export const RatingSummary = Type.Object(
  {
    average: Type.Number({ minimum: 0, maximum: 5, description: 'Mean stars, two decimals; 0 without reviews.' }),
    count: Count,
    histogram: Type.Object(
      { 1: Count, 2: Count, 3: Count, 4: Count, 5: Count },
      { description: 'Visible reviews per number of stars.' },
    ),
  },
  { description: 'Of the visible reviews (hidden ones do not count).' },
);
export type RatingSummary = Static<typeof RatingSummary>;

export const ReviewList = listOf(Review, 'Visible reviews of a product, with its rating summary.', {
  summary: RatingSummary,
});
export type ReviewList = Static<typeof ReviewList>;

export const ReviewSort = Type.Union(
  [Type.Literal('newest'), Type.Literal('rating_desc'), Type.Literal('rating_asc')],
  {
    default: 'newest',
  },
);
export type ReviewSort = Static<typeof ReviewSort>;

// Closed: the query is part of the cache key, so unknown parameters are refused, not cached apart.
export const ReviewListQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
    sort: Type.Optional(ReviewSort),
  },
  { additionalProperties: false },
);
export type ReviewListQuery = Static<typeof ReviewListQuery>;

export const ProductParams = Type.Object({ id: Uuid });
export const ReviewParams = Type.Object({ id: Uuid, reviewId: Uuid });
export const IdParams = Type.Object({ id: Uuid });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });

const Title = Type.String({ maxLength: REVIEW_TITLE_MAX, description: 'Optional headline.' });
const Body = Type.String({ minLength: 1, maxLength: REVIEW_BODY_MAX, description: 'What the customer says.' });

export const CreateReviewBody = Type.Object(
  { rating: Rating, title: Type.Optional(Title), body: Body },
  { additionalProperties: false },
);
export type CreateReviewBody = Static<typeof CreateReviewBody>;

export const UpdateReviewBody = Type.Object(
  { rating: Type.Optional(Rating), title: Type.Optional(Title), body: Type.Optional(Body) },
  { additionalProperties: false, minProperties: 1, description: 'Replaces what is given.' },
);
export type UpdateReviewBody = Static<typeof UpdateReviewBody>;

// ------------------------------------------------------------------------------------- moderation

export const AdminReview = Type.Object({
  id: Uuid,
  productId: Uuid,
  productTitle: Type.String({ maxLength: 500 }),
  userId: Type.Union([Uuid, Type.Null()], { description: 'The author; null once their account is erased.' }),
  rating: Rating,
  title: Type.String({ maxLength: REVIEW_TITLE_MAX }),
  body: Type.String({ maxLength: REVIEW_BODY_MAX }),
  author: ReviewAuthor,
  verifiedPurchase: Type.Boolean(),
  hidden: Type.Boolean(),
  hiddenAt: Type.Union([Timestamp, Type.Null()]),
  hiddenReason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
});
export type AdminReview = Static<typeof AdminReview>;

export const AdminReviewList = listOf(AdminReview, 'Reviews, newest first, hidden ones included.', {});

export const AdminReviewListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  productId: Type.Optional(Uuid),
  hidden: Type.Optional(Type.Boolean({ description: 'Only hidden (true) or only visible (false) reviews.' })),
});
export type AdminReviewListQuery = Static<typeof AdminReviewListQuery>;

export const HideReviewBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the store’s records.' }) },
  { additionalProperties: false },
);
export type HideReviewBody = Static<typeof HideReviewBody>;
