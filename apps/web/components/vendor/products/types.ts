/** The API's shapes of a vendor's products, as the generated SDK types them. */
import type { components, paths } from '@bazaar/sdk';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** A row of `GET /api/v1/vendor/products`. */
export type ProductRow = Json<paths['/api/v1/vendor/products']['get']['responses'][200]>['data'][number];

/** One of the vendor's products with its options, variants, stock and images. */
export type Product = Json<paths['/api/v1/vendor/products/{id}']['get']['responses'][200]>;
export type ProductVariant = Product['variants'][number];
export type ProductImage = Product['images'][number];
export type ProductStatus = Product['status'];

export type CreateProductBody = Json<paths['/api/v1/vendor/products']['post']['requestBody']>;
export type UpdateProductBody = Json<NonNullable<paths['/api/v1/vendor/products/{id}']['patch']['requestBody']>>;

export type CategoryNode = components['schemas']['CategoryNode'];

export const STATUSES = [
  'draft',
  'pending_review',
  'active',
  'rejected',
  'archived',
] as const satisfies readonly ProductStatus[];

/** The orders the products list can be read in (`sort`); the first is the API's default. */
export type ProductSort = NonNullable<
  NonNullable<paths['/api/v1/vendor/products']['get']['parameters']['query']>['sort']
>;
export const SORTS = [
  '-createdAt',
  'createdAt',
  'title',
  '-title',
  '-updatedAt',
  'updatedAt',
] as const satisfies readonly ProductSort[];

/** The colour of a status's badge. */
export const STATUS_TONE = {
  draft: 'neutral',
  pending_review: 'warning',
  active: 'success',
  rejected: 'danger',
  archived: 'neutral',
} as const satisfies Record<ProductStatus, 'neutral' | 'success' | 'warning' | 'danger' | 'info'>;
