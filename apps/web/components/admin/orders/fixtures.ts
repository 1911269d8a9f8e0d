/** Orders and accounts for the admin orders' component tests. */
import type { Me } from '../../console/ConsoleProvider';
import type { AdminOrderDetail, SubOrder } from './types';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const totals = (subtotal: number, shipping: number, tax: number, refunded = 0) => ({
  subtotal: usd(subtotal),
  discount: usd(0),
  shipping: usd(shipping),
  tax: usd(tax),
  total: usd(subtotal + shipping + tax),
  refunded: usd(refunded),
});

export const SUB_A = '01a24a11-a8e4-7459-9ff6-a01219eb20e1';
export const SUB_B = '01a24a11-a8e4-7459-9ff6-a01219eb20e2';
export const LINE_A = '01a24a11-a8e5-7786-aabd-a7a9e5f2e0d4';
export const LINE_B = '01a24a11-a8e5-7786-aabd-a7a9e5f2e0d5';

const subOrder = (id: string, number: string, vendor: string, lineId: string, refunded = 0): SubOrder => ({
  id,
  number,
  vendor: { id: `${id.slice(0, -1)}9`, slug: vendor.toLowerCase().replace(/ /g, '-'), name: vendor },
  fulfillmentStatus: 'unfulfilled',
  totals: totals(3000, 500, 300, refunded),
  shippingMethod: 'Standard',
  commission: { rateBps: 1000, amount: usd(300) },
  lines: [
    {
      id: lineId,
      productId: '01a24a11-9ad5-74fa-8845-9fbbadc4dd27',
      variantId: '01a24a11-9b37-729b-a7f6-5527a30624c8',
      sku: `SKU-${number}`,
      title: `Mug from ${vendor}`,
      options: { Colour: 'Blue' },
      unitPrice: usd(1500),
      quantity: 2,
      discount: usd(0),
      tax: usd(300),
      total: usd(3300),
      shippedQuantity: 0,
      refundedQuantity: 0,
    },
  ],
  shipments: [],
});

/** A paid order of $38.00 from one vendor, or $76.00 from two (`twoVendors`). */
export function paidOrder({ twoVendors = false, refunded = 0 } = {}): AdminOrderDetail {
  const subs = [subOrder(SUB_A, 'DEMO-000042-1', 'Demo Crafts', LINE_A, refunded)];
  if (twoVendors) subs.push(subOrder(SUB_B, 'DEMO-000042-2', 'Second Shelf', LINE_B));
  const total = 3800 * subs.length;
  return {
    id: '01a24a11-a8e1-729b-8745-a274dd3aad25',
    number: 'DEMO-000042',
    status: 'confirmed',
    paymentStatus: refunded ? 'partially_refunded' : 'paid',
    currency: 'USD',
    email: 'shopper@example.test',
    placedAt: '2026-12-01T10:00:00.000Z',
    confirmedAt: '2026-12-01T10:00:05.000Z',
    cancelledAt: null,
    cancelReason: null,
    totals: { ...totals(3000 * subs.length, 500 * subs.length, 300 * subs.length, refunded) },
    taxIncluded: false,
    couponCodes: [],
    shippingAddress: {
      name: 'Sophie Shopper',
      line1: '500 Market Street',
      line2: null,
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
      phone: null,
    },
    billingAddress: null,
    payment: {
      id: '01a24a11-a8e6-779c-be7c-02e3f2bf403e',
      method: 'card',
      provider: 'test',
      status: refunded ? 'partially_refunded' : 'paid',
      amount: usd(total),
    },
    subOrders: subs,
    allowedActions: { cancel: true, transitions: ['processing', 'cancelled'] },
    version: 3,
    timeline: [
      {
        id: '01a24a11-a8e7-7079-9db3-c78f13a6fe2f',
        type: 'order_placed',
        subOrderId: null,
        fromStatus: null,
        toStatus: 'pending',
        message: 'Order placed.',
        data: {},
        actorId: null,
        at: '2026-12-01T10:00:00.000Z',
      },
    ],
    refunds: [],
  };
}

const me = (roles: Me['roles'], permissions: Me['permissions']): Me => ({
  id: '01a24a11-9ac9-72d6-b1b6-2da07d49e139',
  email: `${roles[0]}@example.test`,
  emailVerified: true,
  name: roles[0] ?? null,
  phone: null,
  locale: 'en',
  roles,
  permissions,
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
});

export const OWNER = me(
  ['owner'],
  ['orders:read:any', 'orders:manage', 'orders:refund', 'products:approve', 'vendors:approve', 'payouts:manage'],
);

/** Staff without refunds (as in the demo store). */
export const STAFF = me(['staff'], ['orders:read:any', 'orders:manage', 'products:approve', 'vendors:approve']);
