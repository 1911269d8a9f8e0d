import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { ShipmentForm } from './ShipmentForm';
import { canShip, initialShipment, shipmentBody, shipmentErrors } from './shipmentForm';
import type { SubOrder } from './types';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const line = (id: string, title: string, sku: string, quantity: number, shippedQuantity = 0) => ({
  id,
  productId: '01a24964-0000-7000-8000-0000000000aa',
  variantId: '01a24964-0000-7000-8000-0000000000bb',
  sku,
  title,
  options: {},
  unitPrice: usd(1000),
  quantity,
  discount: usd(0),
  tax: usd(0),
  total: usd(1000 * quantity),
  shippedQuantity,
  refundedQuantity: 0,
});
const MUG = '01a24964-0000-7000-8000-000000000011';
const BOWL = '01a24964-0000-7000-8000-000000000012';
const DONE = '01a24964-0000-7000-8000-000000000013';

const order: SubOrder = {
  id: '01a24964-0000-7000-8000-000000000010',
  number: 'DEMO-000001-1',
  orderId: '01a24964-0000-7000-8000-000000000001',
  orderNumber: 'DEMO-000001',
  orderStatus: 'confirmed',
  placedAt: '2026-12-01T10:00:00.000Z',
  currency: 'USD',
  fulfillmentStatus: 'partially_shipped',
  totals: {
    subtotal: usd(6000),
    discount: usd(0),
    shipping: usd(500),
    tax: usd(0),
    total: usd(6500),
    refunded: usd(0),
  },
  commission: { rateBps: 1000, amount: usd(600) },
  shippingMethod: 'Standard',
  shippingAddress: null,
  lines: [line(MUG, 'Mug', 'MUG-1', 2), line(BOWL, 'Bowl', 'BOWL-1', 3, 1), line(DONE, 'Plate', 'PLATE-1', 1, 1)],
  shipments: [],
  version: 3,
};

const shipment = {
  id: '01a24964-0000-7000-8000-000000000020',
  carrier: 'dhl',
  trackingNumber: 'JD014',
  status: 'shipped' as const,
  items: [{ lineId: MUG, quantity: 2 }],
  shippedAt: '2026-12-02T10:00:00.000Z',
  deliveredAt: null,
};

function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }),
  );
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe('shipment form rules', () => {
  it('starts with everything left to ship and sends lines with units', () => {
    const v = initialShipment(order);
    expect(v.quantities).toEqual({ [MUG]: '2', [BOWL]: '2' });
    expect(
      shipmentBody(order, { ...v, carrier: ' dhl ', trackingNumber: 'JD014', quantities: { [MUG]: '0', [BOWL]: '2' } }),
    ).toEqual({
      carrier: 'dhl',
      trackingNumber: 'JD014',
      items: [{ lineId: BOWL, quantity: 2 }],
    });
  });

  it('needs a carrier, a tracking number and whole units within what is left', () => {
    const v = initialShipment(order);
    expect(shipmentErrors(order, v)).toEqual({ carrier: 'required', trackingNumber: 'required', quantities: {} });
    const filled = { ...v, carrier: 'dhl', trackingNumber: 'JD014' };
    expect(shipmentErrors(order, { ...filled, quantities: { [MUG]: '3', [BOWL]: '1.5' } }).quantities).toEqual({
      [MUG]: 'quantity',
      [BOWL]: 'quantity',
    });
    expect(shipmentErrors(order, { ...filled, quantities: { [MUG]: '0', [BOWL]: '0' } })).toEqual({
      quantities: {},
      items: 'nothingSelected',
    });
  });

  it('ships only confirmed or processing orders with units left', () => {
    expect(canShip(order)).toBe(true);
    expect(canShip({ ...order, orderStatus: 'cancelled' })).toBe(false);
    expect(canShip({ ...order, lines: [line(DONE, 'Plate', 'PLATE-1', 1, 1)] })).toBe(false);
  });
});

describe('ShipmentForm', () => {
  it('checks the fields before sending', async () => {
    const requests = stubFetch();
    renderWithStore(<ShipmentForm order={order} onShipped={vi.fn()} />);
    const user = userEvent.setup();
    const mug = screen.getByLabelText('Units of Mug (MUG-1) in this parcel');
    await user.clear(mug);
    await user.type(mug, '5');
    await user.click(screen.getByRole('button', { name: 'Ship items' }));

    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(screen.getByLabelText('Carrier').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Tracking number').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('This field is required.')).toHaveLength(2);
    expect(mug.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 0 to 2.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Carrier'));
    expect(requests).toHaveLength(0);
  });

  it('says a used tracking number on its field, then ships the parcel', async () => {
    const requests = stubFetch(
      Response.json(
        {
          type: '/problems/tracking_number_taken',
          title: 'Conflict',
          status: 409,
          code: 'tracking_number_taken',
          instance: '/x',
          requestId: 'r',
        },
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      ),
      Response.json(shipment, { status: 201 }),
    );
    const onShipped = vi.fn();
    renderWithStore(<ShipmentForm order={order} onShipped={onShipped} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Carrier'), 'dhl');
    await user.type(screen.getByLabelText('Tracking number'), 'JD013');
    const bowl = screen.getByLabelText('Units of Bowl (BOWL-1) in this parcel');
    await user.clear(bowl);
    await user.type(bowl, '0');
    await user.click(screen.getByRole('button', { name: 'Ship items' }));

    await waitFor(() =>
      expect(screen.getByText('A parcel with this carrier and tracking number already exists.')).toBeTruthy(),
    );
    expect(screen.getByLabelText('Tracking number').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Tracking number'));

    await user.clear(screen.getByLabelText('Tracking number'));
    await user.type(screen.getByLabelText('Tracking number'), 'JD014');
    await user.click(screen.getByRole('button', { name: 'Ship items' }));
    await waitFor(() => expect(onShipped).toHaveBeenCalledWith(shipment));

    expect(new URL(requests[1]!.url).pathname).toBe(`/api/v1/vendor/orders/${order.id}/shipments`);
    expect(await requests[1]?.json()).toEqual({
      carrier: 'dhl',
      trackingNumber: 'JD014',
      items: [{ lineId: MUG, quantity: 2 }],
    });
  });

  it("shows the API's message for a quantity on its line", async () => {
    stubFetch(
      Response.json(
        {
          type: '/problems/validation_failed',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          instance: '/x',
          requestId: 'r',
          errors: [{ path: 'body.items.1.quantity', message: 'must be >= 1' }],
        },
        { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    renderWithStore(<ShipmentForm order={order} onShipped={vi.fn()} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Carrier'), 'ups');
    await user.type(screen.getByLabelText('Tracking number'), '1Z');
    await user.click(screen.getByRole('button', { name: 'Ship items' }));
    await waitFor(() => expect(screen.getByText('must be >= 1')).toBeTruthy());
    expect(screen.getByLabelText('Units of Bowl (BOWL-1) in this parcel').getAttribute('aria-invalid')).toBe('true');
  });
});
