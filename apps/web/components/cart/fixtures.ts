/** Cart bodies shaped as the API answers them (`GET /api/v1/carts/{id}`), for component tests. */
import type { CartView } from './CartProvider';

const usd = (amount: number) => ({ amount, currency: 'USD' });

export const CART_ID = '0b6f2f7e-9a55-4c1e-9a57-1f3a2d4c5e60';
export const VARIANT_ID = '5e1c7d2a-3b4f-4a6e-8c9d-0e1f2a3b4c5d';
export const ITEM_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const VENDOR = { id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', slug: 'clay-co', name: 'Clay & Co' };

export function cartBody(quantity: number, extra: Partial<CartView> = {}): CartView {
  const items =
    quantity > 0
      ? [
          {
            id: ITEM_ID,
            variantId: VARIANT_ID,
            productId: '7c6b5a49-3827-4615-9a4b-3c2d1e0f9a8b',
            productSlug: 'hand-thrown-stoneware-mug',
            title: 'Hand-thrown stoneware mug',
            sku: 'MUG-BLUE',
            options: { Colour: 'Blue' },
            image: null,
            vendor: VENDOR,
            unitPrice: usd(2800),
            quantity,
            available: 40,
            purchasable: true,
            lineTotal: usd(2800 * quantity),
            discount: usd(0),
            tax: usd(0),
          },
        ]
      : [];
  return {
    id: CART_ID,
    userId: null,
    status: 'active',
    currency: 'USD',
    country: null,
    region: null,
    items,
    coupons: [],
    promotions: [],
    totals: {
      subtotal: usd(2800 * quantity),
      discount: usd(0),
      shipping: usd(quantity ? 500 : 0),
      tax: usd(0),
      total: usd(2800 * quantity + (quantity ? 500 : 0)),
    },
    taxIncluded: false,
    shipping: [],
    itemCount: quantity,
    orderId: null,
    version: 1 + quantity,
    updatedAt: '2025-01-01T10:00:00.000Z',
    expiresAt: '2025-01-08T10:00:00.000Z',
    ...extra,
  };
}

/** A JSON response as the API sends it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return json(
    {
      type: 'about:blank',
      title: 'Unprocessable request',
      status,
      detail,
      code,
      instance: '/api/v1/x',
      requestId: 'r1',
      ...extra,
    },
    status,
  );
}
