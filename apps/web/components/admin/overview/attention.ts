/**
 * `GET /api/v1/admin/attention`: what waits for the store's staff, each figure null when the account
 * may not see it (vendor applications, products to review, failed payments, low stock).
 */
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';

export type Attention = paths['/api/v1/admin/attention']['get']['responses'][200]['content']['application/json'];
export type LowStockItem = NonNullable<Attention['lowStock']>['items'][number];

/** Reads the panel's figures (the API's default low-stock threshold unless one is given). */
export const fetchAttention = (lowStockThreshold?: number) =>
  browserApi.GET('/api/v1/admin/attention', {
    params: { query: lowStockThreshold === undefined ? {} : { lowStockThreshold } },
  });
