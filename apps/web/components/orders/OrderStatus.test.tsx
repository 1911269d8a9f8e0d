import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithStore } from '../../test/render';
import { OrderStatus, displayStatus } from './OrderStatus';
import { parseStatusEvent } from './useOrderStream';
import type { OrderView } from './types';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const order = {
  id: 'o1',
  number: 'DEMO-000123',
  status: 'shipped',
  paymentStatus: 'paid',
  currency: 'USD',
  placedAt: '2025-03-01T10:00:00.000Z',
  confirmedAt: '2025-03-01T10:00:05.000Z',
  cancelledAt: null,
  cancelReason: null,
  totals: {
    subtotal: usd(5600),
    discount: usd(0),
    shipping: usd(500),
    tax: usd(0),
    total: usd(6100),
    refunded: usd(0),
  },
  taxIncluded: false,
  couponCodes: [],
  shippingAddress: null,
  billingAddress: null,
  payment: null,
  subOrders: [
    {
      id: 's1',
      number: 'DEMO-000123-1',
      vendor: { id: 'v1', slug: 'clay-co', name: 'Clay & Co' },
      fulfillmentStatus: 'shipped',
      totals: {
        subtotal: usd(5600),
        discount: usd(0),
        shipping: usd(500),
        tax: usd(0),
        total: usd(6100),
        refunded: usd(0),
      },
      shippingMethod: 'Standard',
      lines: [],
      shipments: [
        {
          id: 'sh1',
          carrier: 'dhl',
          trackingNumber: 'TRACK1',
          status: 'shipped',
          items: [],
          shippedAt: '2025-03-02T09:00:00.000Z',
          deliveredAt: null,
        },
      ],
    },
  ],
  allowedActions: { cancel: false },
  version: 3,
} as unknown as OrderView; // only the fields the component reads are realistic here

describe('OrderStatus', () => {
  it('shows the translated status and the timeline in a polite live region', () => {
    renderWithStore(<OrderStatus order={order} connection="open" />);
    expect(screen.getByText('Shipped', { selector: 'span' })).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items[0]).toContain('Order placed');
    expect(items[1]).toContain('Order confirmed');
    expect(items[2]).toContain('Shipped by Clay & Co');
    expect(screen.getByRole('list').closest('[aria-live="polite"]')).not.toBeNull();
    expect(screen.getByText('Updates appear here automatically.')).toBeTruthy();
  });

  it('prefers the live status from the stream and reads German', () => {
    renderWithStore(<OrderStatus order={order} status="delivered" paymentStatus="paid" />, { locale: 'de' });
    expect(screen.getByText('Zugestellt')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Bestellverlauf' })).toBeTruthy();
  });

  it('shows refunds as the status', () => {
    expect(displayStatus('delivered', 'refunded')).toBe('refunded');
    expect(displayStatus('delivered', 'paid')).toBe('delivered');
    renderWithStore(<OrderStatus order={order} status="delivered" paymentStatus="partially_refunded" />);
    expect(screen.getByText('Partially refunded')).toBeTruthy();
  });
});

describe('parseStatusEvent', () => {
  it('reads the API event and rejects anything else', () => {
    const data = JSON.stringify({
      orderId: 'o1',
      status: 'confirmed',
      paymentStatus: 'paid',
      subOrders: [{ id: 's1', vendorId: 'v1', fulfillmentStatus: 'unfulfilled' }],
      change: 'status_changed',
      at: '2025-03-01T10:00:05.000Z',
    });
    expect(parseStatusEvent(data)).toMatchObject({ orderId: 'o1', status: 'confirmed', change: 'status_changed' });
    expect(parseStatusEvent('not json')).toBeNull();
    expect(parseStatusEvent('{"hello":1}')).toBeNull();
  });
});
