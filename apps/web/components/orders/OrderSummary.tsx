'use client';
/**
 * An order at a glance: number, date, status, items by vendor (with shipments), totals, addresses
 * and payment. Renders what it is given; the confirmation page and the account's order page both
 * use it (`headingLevel` lets it sit under either page's headings).
 */
import { useTranslations } from 'next-intl';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { TotalsList } from '../cart/TotalsList';
import { OrderStatusBadge, displayStatus } from './OrderStatus';
import { AddressBlock } from './AddressBlock';
import type { OrderView } from './types';
import styles from './OrderSummary.module.css';

export function OrderSummary({
  order,
  status,
  headingLevel = 2,
}: {
  order: OrderView;
  /** A newer status than the order's (from the live stream). */
  status?: { status: string; paymentStatus: string } | undefined;
  headingLevel?: 2 | 3;
}) {
  const t = useTranslations('checkout');
  const { locale } = useStore();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const current = displayStatus(status?.status ?? order.status, status?.paymentStatus ?? order.paymentStatus);
  const paymentStatus = status?.paymentStatus ?? order.payment?.status ?? order.paymentStatus;

  return (
    <div className={styles.summary}>
      <dl className={styles.facts}>
        <div>
          <dt>{t('order.number')}</dt>
          <dd className={styles.number}>{order.number}</dd>
        </div>
        <div>
          <dt>{t('order.placedAt')}</dt>
          <dd>
            <time dateTime={order.placedAt}>
              {new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(order.placedAt))}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t('order.status')}</dt>
          <dd>
            <OrderStatusBadge status={current} />
          </dd>
        </div>
        {order.email && (
          <div>
            <dt>{t('order.email')}</dt>
            <dd>{order.email}</dd>
          </div>
        )}
      </dl>
      {order.cancelReason && <p className="muted">{t('order.cancelReason', { reason: order.cancelReason })}</p>}

      <section aria-labelledby={`order-items-${order.id}`} className={styles.section}>
        <H id={`order-items-${order.id}`} className={styles.heading}>
          {t('order.items')}
        </H>
        {order.subOrders.map((sub) => (
          <div key={sub.id} className={styles.vendor}>
            <Sub className={styles.vendorName}>{t('order.soldBy', { vendor: sub.vendor.name })}</Sub>
            <p className="muted">
              {t('order.fulfillment', { status: t(`order.fulfillmentStatuses.${sub.fulfillmentStatus}`) })}
              {sub.shippingMethod && <> · {t('order.shippingMethod', { method: sub.shippingMethod })}</>}
            </p>
            <ul className={styles.lines}>
              {sub.lines.map((line) => {
                const options = Object.values(line.options);
                return (
                  <li key={line.id}>
                    <span>
                      <span className={styles.title}>{line.title}</span>
                      {options.length > 0 && <span className="muted"> · {options.join(' / ')}</span>}
                      <br />
                      <span className="muted">
                        {t('order.quantityTimesPrice', {
                          quantity: line.quantity,
                          price: formatPrice(line.unitPrice, locale),
                        })}
                      </span>
                    </span>
                    <span className="price">{formatPrice(line.total, locale)}</span>
                  </li>
                );
              })}
            </ul>
            {sub.shipments.length > 0 && (
              <ul className={styles.shipments}>
                {sub.shipments.map((s) => (
                  <li key={s.id}>{t('order.shipment', { carrier: s.carrier, tracking: s.trackingNumber })}</li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>

      <section aria-labelledby={`order-totals-${order.id}`} className={styles.section}>
        <H id={`order-totals-${order.id}`} className={styles.heading}>
          {t('order.totals')}
        </H>
        <TotalsList totals={order.totals} taxIncluded={order.taxIncluded} locale={locale} />
        {order.totals.refunded.amount > 0 && (
          <p className={styles.refunded}>
            <span>{t('order.refunded')}</span>
            <span>−{formatPrice(order.totals.refunded, locale)}</span>
          </p>
        )}
        {order.couponCodes.length > 0 && (
          <p className="muted">{t('order.coupons', { codes: order.couponCodes.join(', ') })}</p>
        )}
      </section>

      <div className={styles.columns}>
        {order.shippingAddress && (
          <section aria-labelledby={`order-ship-${order.id}`}>
            <H id={`order-ship-${order.id}`} className={styles.heading}>
              {t('order.shippingAddress')}
            </H>
            <AddressBlock address={order.shippingAddress} className={styles.address} />
          </section>
        )}
        {order.payment && (
          <section aria-labelledby={`order-pay-${order.id}`}>
            <H id={`order-pay-${order.id}`} className={styles.heading}>
              {t('order.payment')}
            </H>
            <dl className={styles.facts}>
              <div>
                <dt>{t('order.paymentMethod')}</dt>
                <dd>{t(`order.methods.${order.payment.method}`)}</dd>
              </div>
              <div>
                <dt>{t('order.paymentStatus')}</dt>
                <dd>{t(`order.paymentStatuses.${paymentStatus}`)}</dd>
              </div>
            </dl>
          </section>
        )}
      </div>
    </div>
  );
}
