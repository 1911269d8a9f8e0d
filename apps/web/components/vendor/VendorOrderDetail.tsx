'use client';
import { useCallback, useEffect, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useSessionGuard } from '../account/useSessionGuard';
import { ConfirmAction } from '../console/ConfirmAction';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { Loading } from '../console/feedback';
import { formatBps, formatDateTime, formatPrice } from '../console/format';
import { consoleProblemText, problemOf } from '../console/problems';
import consoleStyles from '../console/console.module.css';
import { FulfillmentBadge, ShipmentBadge } from './badges';
import { withFreshToken } from './freshToken';
import { RequireVendor } from './RequireVendor';
import { ShipmentForm } from './ShipmentForm';
import { canShip, unshippedOf } from './shipmentForm';
import type { Shipment, SubOrder } from './types';
import styles from './vendor.module.css';

/** `/vendor/orders/[id]`: one sub-order, its parcels, and shipping what is left. */
export function VendorOrderDetail({ id }: { id: string }) {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('order.loadingTitle')}>
      <OrderScreen id={id} />
    </RequireVendor>
  );
}

function OrderScreen({ id }: { id: string }) {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const locale = useLocale();
  const expired = useSessionGuard();
  const [order, setOrder] = useState<SubOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const {
        data,
        error: err,
        response,
      } = await withFreshToken(() => browserApi.GET('/api/v1/vendor/orders/{id}', { params: { path: { id } } }));
      if (expired(response)) return;
      if (data) {
        setOrder(data);
        setError(null);
      } else setError(consoleProblemText(tc, problemOf(err, response)));
    } catch {
      setError(tc('errors.network_error'));
    }
  }, [id, expired, tc]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!order) {
    return (
      <>
        <PageHeader title={t('order.loadingTitle')} />
        <Loading error={error} />
        <p>
          <Link href="/vendor/orders">{t('order.back')}</Link>
        </p>
      </>
    );
  }

  const money = (m: { amount: number; currency: string }) => formatPrice(m, locale);
  const titleOf = (lineId: string) => order.lines.find((l) => l.id === lineId);

  const delivered = async (shipment: Shipment): Promise<string | null> => {
    try {
      const {
        data,
        error: err,
        response,
      } = await browserApi.POST('/api/v1/vendor/orders/{id}/shipments/{shipmentId}/delivered', {
        params: { path: { id: order.id, shipmentId: shipment.id } },
      });
      if (expired(response)) return null;
      if (!data) return consoleProblemText(tc, problemOf(err, response));
      setOrder(data);
      setNotice(t('order.deliveredNotice', { tracking: shipment.trackingNumber }));
      return null;
    } catch {
      return tc('errors.network_error');
    }
  };

  const address = order.shippingAddress;
  return (
    <>
      <PageHeader
        title={t('order.title', { number: order.number })}
        description={t('order.subtitle', {
          order: order.orderNumber,
          date: formatDateTime(order.placedAt, locale),
        })}
        actions={<FulfillmentBadge status={order.fulfillmentStatus} />}
      />
      <p>
        <Link href="/vendor/orders">{t('order.back')}</Link>
      </p>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice ?? ''}
      </p>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}

      <Panel title={t('order.itemsTitle')} id="order-items">
        <div className={consoleStyles.tableWrap}>
          <table className={consoleStyles.table}>
            <caption className="visually-hidden">{t('order.itemsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('order.product')}</th>
                <th scope="col">{t('order.sku')}</th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('order.unitPrice')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('order.quantity')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('order.shipped')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('order.refundedQty')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('order.lineTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.id}>
                  <td>
                    {line.title}
                    {Object.keys(line.options).length > 0 && (
                      <span className={styles.lineOptions}>
                        {Object.entries(line.options)
                          .map(([k, v]) => `${k}: ${v}`)
                          .join(', ')}
                      </span>
                    )}
                  </td>
                  <td className={styles.code}>{line.sku}</td>
                  <td className={consoleStyles.numeric}>{money(line.unitPrice)}</td>
                  <td className={consoleStyles.numeric}>{line.quantity}</td>
                  <td className={consoleStyles.numeric}>{line.shippedQuantity}</td>
                  <td className={consoleStyles.numeric}>{line.refundedQuantity}</td>
                  <td className={consoleStyles.numeric}>{money(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <div className={styles.twoCols}>
        <Panel title={t('order.shipTo')} id="order-address">
          {address ? (
            <address className={styles.address}>
              {[
                address.name,
                address.line1,
                address.line2,
                [address.postalCode, address.city, address.region].filter(Boolean).join(' '),
                address.country,
                address.phone,
              ]
                .filter(Boolean)
                .join('\n')}
            </address>
          ) : (
            <p className="muted">{t('order.noAddress')}</p>
          )}
          {order.shippingMethod && (
            <p>
              <strong>{t('order.shippingMethod')}</strong> {order.shippingMethod}
            </p>
          )}
        </Panel>
        <Panel title={t('order.totalsTitle')} id="order-totals">
          <dl className={consoleStyles.dl}>
            <dt>{t('order.subtotal')}</dt>
            <dd>{money(order.totals.subtotal)}</dd>
            {order.totals.discount.amount > 0 && (
              <>
                <dt>{t('order.discount')}</dt>
                <dd>−{money(order.totals.discount)}</dd>
              </>
            )}
            <dt>{t('order.shipping')}</dt>
            <dd>{money(order.totals.shipping)}</dd>
            <dt>{t('order.tax')}</dt>
            <dd>{money(order.totals.tax)}</dd>
            <dt>
              <strong>{t('order.total')}</strong>
            </dt>
            <dd>
              <strong>{money(order.totals.total)}</strong>
            </dd>
            {order.totals.refunded.amount > 0 && (
              <>
                <dt>{t('order.refunded')}</dt>
                <dd>−{money(order.totals.refunded)}</dd>
              </>
            )}
            <dt>{t('order.commission', { rate: formatBps(order.commission.rateBps, locale) })}</dt>
            <dd>−{money(order.commission.amount)}</dd>
          </dl>
        </Panel>
      </div>

      <Panel title={t('order.shipmentsTitle')} id="order-shipments">
        {order.shipments.length === 0 ? (
          <p className="muted">{t('order.noShipments')}</p>
        ) : (
          <ul className={styles.shipments}>
            {order.shipments.map((s) => (
              <li key={s.id} className={styles.shipment}>
                <div className={styles.shipmentHead}>
                  <p style={{ margin: 0 }}>
                    <strong>{s.carrier}</strong> · <span className={styles.code}>{s.trackingNumber}</span>{' '}
                    <ShipmentBadge status={s.status} />
                  </p>
                  {s.status !== 'delivered' && (
                    <ConfirmAction
                      label={
                        <>
                          {t('order.markDelivered')}
                          <span className="visually-hidden"> ({s.trackingNumber})</span>
                        </>
                      }
                      title={t('order.markDeliveredTitle')}
                      body={t('order.markDeliveredBody', { carrier: s.carrier, tracking: s.trackingNumber })}
                      confirmLabel={t('order.markDeliveredConfirm')}
                      onConfirm={() => delivered(s)}
                    />
                  )}
                </div>
                <p className="muted" style={{ margin: '0.25rem 0' }}>
                  {t('order.shippedAt', { date: formatDateTime(s.shippedAt, locale) })}
                  {s.deliveredAt && <> · {t('order.deliveredAt', { date: formatDateTime(s.deliveredAt, locale) })}</>}
                </p>
                <ul>
                  {s.items.map((item) => {
                    const line = titleOf(item.lineId);
                    return (
                      <li key={item.lineId}>
                        {t('order.parcelItem', {
                          quantity: item.quantity,
                          title: line?.title ?? item.lineId,
                          sku: line?.sku ?? '',
                        })}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </Panel>

      {canShip(order) && (
        <Panel title={t('ship.title')} id="ship-items">
          <p className="muted">{t('ship.intro', { count: order.lines.reduce((n, l) => n + unshippedOf(l), 0) })}</p>
          <ShipmentForm
            key={order.version}
            order={order}
            onShipped={(s) => {
              setNotice(t('ship.done', { carrier: s.carrier, tracking: s.trackingNumber }));
              void load();
            }}
          />
        </Panel>
      )}
    </>
  );
}
