'use client';
/**
 * An order's status and its progress (placed, confirmed, shipments, delivery, cancellation) in a
 * polite live region, so changes arriving over the stream are announced.
 */
import { useTranslations } from 'next-intl';
import { useStore } from '../layout/StoreContext';
import type { OrderView } from './types';
import styles from './OrderStatus.module.css';

const KNOWN_STATUSES = new Set([
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
]);

/** The status a shopper sees: refunds (a payment status) read as the order's. */
export function displayStatus(status: string, paymentStatus?: string): string {
  if (paymentStatus === 'refunded' || paymentStatus === 'partially_refunded') return paymentStatus;
  return status;
}

export function OrderStatusBadge({ status }: { status: string }) {
  const t = useTranslations('checkout');
  return (
    <span className={`${styles.badge} ${styles[status] ?? ''}`}>
      {KNOWN_STATUSES.has(status) ? t(`order.statuses.${status}`) : status}
    </span>
  );
}

interface Step {
  key: string;
  at: string;
  label: string;
}

/** The milestones the order itself records, oldest first. */
export function timelineOf(order: OrderView, t: (key: string, values?: Record<string, string>) => string): Step[] {
  const steps: Step[] = [{ key: 'placed', at: order.placedAt, label: t('timeline.placed') }];
  if (order.confirmedAt) steps.push({ key: 'confirmed', at: order.confirmedAt, label: t('timeline.confirmed') });
  for (const sub of order.subOrders) {
    for (const shipment of sub.shipments) {
      steps.push({
        key: `shipped-${shipment.id}`,
        at: shipment.shippedAt,
        label: t('timeline.shipped', { vendor: sub.vendor.name }),
      });
      if (shipment.deliveredAt) {
        steps.push({
          key: `delivered-${shipment.id}`,
          at: shipment.deliveredAt,
          label: t('timeline.delivered', { vendor: sub.vendor.name }),
        });
      }
    }
  }
  if (order.cancelledAt) steps.push({ key: 'cancelled', at: order.cancelledAt, label: t('timeline.cancelled') });
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}

export function OrderStatus({
  order,
  status,
  paymentStatus,
  connection,
}: {
  order: OrderView;
  /** The live status (from the stream) when newer than the order's. */
  status?: string;
  paymentStatus?: string;
  connection?: 'connecting' | 'open' | 'reconnecting' | 'closed';
}) {
  const t = useTranslations('checkout');
  const { locale } = useStore();
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const current = displayStatus(status ?? order.status, paymentStatus ?? order.paymentStatus);
  const steps = timelineOf(order, t);
  return (
    <section className={styles.status} aria-labelledby="order-progress">
      <h2 id="order-progress" className={styles.heading}>
        {t('timeline.heading')}
      </h2>
      <div aria-live="polite" aria-atomic="false">
        <p className={styles.current}>
          {t('order.status')}: <OrderStatusBadge status={current} />
        </p>
        <ol className={styles.timeline}>
          {steps.map((step) => (
            <li key={step.key}>
              <span className={styles.dot} aria-hidden="true" />
              <span>{step.label}</span>{' '}
              <time dateTime={step.at} className="muted">
                {dateFormat.format(new Date(step.at))}
              </time>
            </li>
          ))}
        </ol>
      </div>
      {connection === 'reconnecting' && <p className="hint">{t('timeline.reconnecting')}</p>}
      {connection === 'open' && <p className="hint">{t('timeline.live')}</p>}
    </section>
  );
}
