/** View types of the catalog pages and components (the API's shapes, named once). */
import type { paths } from '@bazaar/sdk';

type Json<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

type ListBody = Json<paths['/api/v1/products']['get']>;
export type ProductSummary = ListBody['data'][number];
export type Facets = ListBody['facets'];
export type ProductDetail = Json<paths['/api/v1/products/{idOrSlug}']['get']>;
export type Variant = ProductDetail['variants'][number];
export type ProductOption = ProductDetail['options'][number];
export type ProductImage = ProductDetail['images'][number];
type ReviewBody = Json<paths['/api/v1/products/{id}/reviews']['get']>;
export type Review = ReviewBody['data'][number];
export type RatingSummary = ReviewBody['summary'];
export type CategoryTreeNode = Json<paths['/api/v1/categories']['get']>['data'][number];
export type CategoryPage = Json<paths['/api/v1/categories/{slug}']['get']>;
export type VendorProfile = Json<paths['/api/v1/vendors/{slug}']['get']>;

export type Sort = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'rating';

/** A listing's state as it appears in the URL (prices in major units, as a shopper types them). */
export interface ListingQuery {
  q?: string;
  category?: string;
  vendor?: string;
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
  featured?: boolean;
  sort?: Sort;
  cursor?: string;
}

/**
 * One page of a listing. `next`/`prev` are cursors (`prev` is '' for the first page, null when there is no
 * previous page); `total` is null when the API does not count.
 */
export interface ProductList {
  items: ProductSummary[];
  total: number | null;
  next: string | null;
  prev: string | null;
  facets: Facets;
  fuzzy: boolean;
}

export interface ReviewPage {
  reviews: Review[];
  total: number | null;
  next: string | null;
  prev: string | null;
  summary: RatingSummary;
}
