'use client';
import { useTranslations } from 'next-intl';
import { StatusBadge } from '../console/ConsoleShell';
import type { FulfillmentStatus, Shipment } from './types';

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

const FULFILLMENT_TONES: Record<FulfillmentStatus, Tone> = {
  unfulfilled: 'warning',
  partially_shipped: 'info',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'neutral',
};

/** A sub-order's fulfilment as a coloured label ("To ship", "Shipped", …). */
export function FulfillmentBadge({ status }: { status: FulfillmentStatus }) {
  const t = useTranslations('vendor');
  return <StatusBadge tone={FULFILLMENT_TONES[status]}>{t(`fulfillment.${status}`)}</StatusBadge>;
}

const SHIPMENT_TONES: Record<Shipment['status'], Tone> = { shipped: 'info', in_transit: 'info', delivered: 'success' };

/** A parcel's state as a coloured label. */
export function ShipmentBadge({ status }: { status: Shipment['status'] }) {
  const t = useTranslations('vendor');
  return <StatusBadge tone={SHIPMENT_TONES[status]}>{t(`shipmentStatus.${status}`)}</StatusBadge>;
}
