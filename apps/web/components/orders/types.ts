import type { components } from '@bazaar/sdk';

/** An order as the API answers it (`GET /api/v1/orders/{id}`, the checkout's `order`). */
export type OrderView = components['schemas']['Order'];
