/** The records the moderation screens show, as the API answers them, and their statuses' tones. */
import type { paths } from '@bazaar/sdk';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type AdminVendor = Ok<paths['/api/v1/admin/vendors/{id}']['get']>;
export type VendorStatus = AdminVendor['status'];
export const VENDOR_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'suspended',
] as const satisfies readonly VendorStatus[];

/** The orders the vendors list can be read in (`sort`); the first is the API's default. */
export type VendorSort = NonNullable<NonNullable<paths['/api/v1/admin/vendors']['get']['parameters']['query']>['sort']>;
export const VENDOR_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const satisfies readonly VendorSort[];

export type AdminProduct = Ok<paths['/api/v1/admin/products/{id}']['get']>;
export type AdminProductRow = Ok<paths['/api/v1/admin/products']['get']>['data'][number];
export type ProductStatus = AdminProduct['status'];
export const PRODUCT_STATUSES = [
  'pending_review',
  'active',
  'draft',
  'rejected',
  'archived',
] as const satisfies readonly ProductStatus[];

/** The orders `GET /api/v1/admin/products` takes (`-` reverses). */
export const PRODUCT_SORTS = ['-createdAt', 'createdAt', 'title', '-title', '-updatedAt', 'updatedAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export type AdminReview = Ok<paths['/api/v1/admin/reviews']['get']>['data'][number];

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export const vendorTone = (s: VendorStatus): Tone =>
  s === 'approved' ? 'success' : s === 'pending' ? 'warning' : 'danger';

export const productTone = (s: ProductStatus): Tone =>
  s === 'active' ? 'success' : s === 'pending_review' ? 'warning' : s === 'rejected' ? 'danger' : 'neutral';
