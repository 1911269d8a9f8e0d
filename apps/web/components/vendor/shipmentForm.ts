/** The "ship items" form: which units go in the parcel, its checks, and the body of `POST …/shipments`. */
import type { ShipmentBody, SubOrder, SubOrderLine } from './types';

export interface ShipmentValues {
  carrier: string;
  trackingNumber: string;
  /** Units per line id, as typed. */
  quantities: Record<string, string>;
}

/** Message keys in `vendor.ship.errors.*`. */
export type ShipmentError = 'required' | 'tooLong' | 'quantity' | 'nothingSelected';

export interface ShipmentErrors {
  carrier?: ShipmentError;
  trackingNumber?: ShipmentError;
  /** Per line id. */
  quantities: Record<string, ShipmentError>;
  /** Every quantity is 0. */
  items?: ShipmentError;
}

/** Units of a line not yet in a parcel. */
export const unshippedOf = (line: SubOrderLine): number => Math.max(0, line.quantity - line.shippedQuantity);

/** Lines with units left to ship. */
export const shippableLines = (order: SubOrder): SubOrderLine[] => order.lines.filter((l) => unshippedOf(l) > 0);

/** Whether a parcel may be sent now: the order is confirmed or processing and units are left. */
export const canShip = (order: SubOrder): boolean =>
  (order.orderStatus === 'confirmed' || order.orderStatus === 'processing') &&
  (order.fulfillmentStatus === 'unfulfilled' || order.fulfillmentStatus === 'partially_shipped') &&
  shippableLines(order).length > 0;

/** Starts with everything that is left. */
export function initialShipment(order: SubOrder): ShipmentValues {
  return {
    carrier: '',
    trackingNumber: '',
    quantities: Object.fromEntries(shippableLines(order).map((l) => [l.id, String(unshippedOf(l))])),
  };
}

export const hasShipmentErrors = (e: ShipmentErrors): boolean =>
  Boolean(e.carrier || e.trackingNumber || e.items || Object.keys(e.quantities).length > 0);

export function shipmentErrors(order: SubOrder, v: ShipmentValues): ShipmentErrors {
  const errors: ShipmentErrors = { quantities: {} };
  const carrier = v.carrier.trim();
  if (!carrier) errors.carrier = 'required';
  else if (carrier.length > 100) errors.carrier = 'tooLong';
  const tracking = v.trackingNumber.trim();
  if (!tracking) errors.trackingNumber = 'required';
  else if (tracking.length > 100) errors.trackingNumber = 'tooLong';
  let units = 0;
  for (const line of shippableLines(order)) {
    const text = (v.quantities[line.id] ?? '').trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > unshippedOf(line)) errors.quantities[line.id] = 'quantity';
    else units += n;
  }
  if (Object.keys(errors.quantities).length === 0 && units === 0) errors.items = 'nothingSelected';
  return errors;
}

/** The parcel: the carrier, the tracking number and each line with at least one unit in it. */
export function shipmentBody(order: SubOrder, v: ShipmentValues): ShipmentBody {
  return {
    carrier: v.carrier.trim(),
    trackingNumber: v.trackingNumber.trim(),
    items: shippableLines(order)
      .map((l) => ({ lineId: l.id, quantity: Number((v.quantities[l.id] ?? '0').trim()) }))
      .filter((i) => i.quantity > 0),
  };
}
