'use client';
/**
 * One order for the store's staff (`/admin/orders/[id]`): its items by vendor (sub-orders) with
 * shipments, totals, addresses, payment, refunds and the timeline of what happened; the moves its
 * status may make (`orders:manage`) and refunds (`orders:refund`).
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useSessionGuard } from '../../account/useSessionGuard';
import { AddressBlock } from '../../orders/AddressBlock';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { Loading, ProblemAlert } from '../../console/feedback';
import { formatBps, formatDateTime, formatPrice } from '../../console/format';
import { consoleProblemText, problemOf } from '../../console/problems';
import consoleStyles from '../../console/console.module.css';
import { OrderTransitions } from './OrderTransitions';
import { RefundControl } from './RefundControl';
import { FULFILMENT_TONE, ORDER_STATUSES, ORDER_TONE, PAYMENT_TONE, REFUND_TONE } from './types';
import type { AdminOrderDetail, RefundRecord, SubOrder, TimelineEvent } from './types';
import styles from './orders.module.css';

/** Timeline entries with a sentence of their own; the others show the API's message. */
const KNOWN_EVENTS = new Set([
  'order_placed',
  'status_changed',
  'payment_authorized',
  'payment_captured',
  'payment_failed',
  'payment_voided',
  'payment_refunded',
  'payment_deferred',
  'payment_action_required',
  'payment_settlement_failed',
  'reservation_expired',
  'refund_succeeded',
  'refund_failed',
  'shipment_created',
  'shipment_in_transit',
  'shipment_delivered',
  'sub_order_delivered',
  'carrier_update',
]);

export function OrderDetail({ id }: { id: string }) {
  const t = useTranslations('admin.order');
  const tc = useTranslations('console');
  const expired = useSessionGuard();
  const [order, setOrder] = useState<AdminOrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/admin/orders/{id}', { params: { path: { id } } })
      .then(({ data, error: err, response }) => {
        if (!live || expired(response)) return;
        if (data) {
          setOrder(data);
          setError(null);
        } else if (response.status === 404 || response.status === 400) setNotFound(true);
        else setError(consoleProblemText(tc, problemOf(err, response)));
      })
      .catch(() => live && setError(tc('errors.network_error')));
    return () => {
      live = false;
    };
  }, [id, tick, expired, tc]);

  if (notFound) {
    return (
      <>
        <PageHeader title={t('notFoundTitle')} />
        <p role="alert" className="alert alert-error">
          {t('notFound')}
        </p>
        <p>
          <Link href="/admin/orders">{t('back')}</Link>
        </p>
      </>
    );
  }
  if (!order) return <Loading error={error} />;
  return (
    <OrderView
      order={order}
      notice={notice}
      problem={problem ?? error}
      onNotice={setNotice}
      onProblem={setProblem}
      reload={reload}
    />
  );
}

function OrderView({
  order,
  notice,
  problem,
  onNotice,
  onProblem,
  reload,
}: {
  order: AdminOrderDetail;
  notice: string | null;
  problem: string | null;
  onNotice: (text: string | null) => void;
  onProblem: (text: string | null) => void;
  reload: () => void;
}) {
  const t = useTranslations('admin.order');
  const ts = useTranslations('admin.status');
  const locale = useLocale();
  const money = (m: { amount: number; currency: string }) => formatPrice(m, locale);
  const subNumber = new Map(order.subOrders.map((s) => [s.id, s.number]));

  return (
    <>
      <p>
        <Link href="/admin/orders">{t('back')}</Link>
      </p>
      <PageHeader
        title={t('title', { number: order.number })}
        description={t('placed', { date: formatDateTime(order.placedAt, locale) })}
        actions={
          <>
            <OrderTransitions
              order={order}
              onProblem={onProblem}
              onChanged={(to) => {
                onNotice(t('moved', { status: ts(`order.${to}`) }));
                reload();
              }}
            />
            <RefundControl
              order={order}
              onRefunded={(made: RefundRecord[]) => {
                const total = made.reduce((n, r) => n + r.amount.amount, 0);
                onNotice(t('refunded', { amount: money({ amount: total, currency: order.currency }) }));
                onProblem(null);
                reload();
              }}
            />
          </>
        }
      />
      <div className={styles.badges}>
        <span>
          {t('status')}: <StatusBadge tone={ORDER_TONE[order.status]}>{ts(`order.${order.status}`)}</StatusBadge>
        </span>
        <span>
          {t('payment')}:{' '}
          <StatusBadge tone={PAYMENT_TONE[order.paymentStatus]}>{ts(`payment.${order.paymentStatus}`)}</StatusBadge>
        </span>
      </div>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      <ProblemAlert message={problem} />

      <div className={styles.columns}>
        <Panel title={t('summary')} id="order-summary">
          <dl className={`${consoleStyles.dl} ${styles.facts}`}>
            <dt>{t('customer')}</dt>
            <dd>{order.email ?? <span className="muted">{t('erased')}</span>}</dd>
            <dt>{t('placedAt')}</dt>
            <dd>{formatDateTime(order.placedAt, locale)}</dd>
            {order.confirmedAt && (
              <>
                <dt>{t('confirmedAt')}</dt>
                <dd>{formatDateTime(order.confirmedAt, locale)}</dd>
              </>
            )}
            {order.cancelledAt && (
              <>
                <dt>{t('cancelledAt')}</dt>
                <dd>{formatDateTime(order.cancelledAt, locale)}</dd>
              </>
            )}
            {order.cancelReason && (
              <>
                <dt>{t('cancelReason')}</dt>
                <dd>{order.cancelReason}</dd>
              </>
            )}
            {order.couponCodes.length > 0 && (
              <>
                <dt>{t('coupons')}</dt>
                <dd>{order.couponCodes.join(', ')}</dd>
              </>
            )}
            <dt>{t('paymentMethod')}</dt>
            <dd>
              {order.payment ? (
                <>
                  {ts(`method.${order.payment.method}`)} · {order.payment.provider} ·{' '}
                  <StatusBadge tone={PAYMENT_TONE[order.payment.status]}>
                    {ts(`payment.${order.payment.status}`)}
                  </StatusBadge>{' '}
                  {money(order.payment.amount)}
                </>
              ) : (
                <span className="muted">{t('noPayment')}</span>
              )}
            </dd>
          </dl>
        </Panel>
        <Panel title={t('totals')} id="order-totals">
          <dl className={`${consoleStyles.dl} ${styles.facts}`}>
            <dt>{t('subtotal')}</dt>
            <dd>{money(order.totals.subtotal)}</dd>
            {order.totals.discount.amount > 0 && (
              <>
                <dt>{t('discount')}</dt>
                <dd>−{money(order.totals.discount)}</dd>
              </>
            )}
            <dt>{t('shipping')}</dt>
            <dd>{money(order.totals.shipping)}</dd>
            <dt>{order.taxIncluded ? t('taxIncluded') : t('tax')}</dt>
            <dd>{money(order.totals.tax)}</dd>
            <dt>
              <strong>{t('total')}</strong>
            </dt>
            <dd>
              <strong>{money(order.totals.total)}</strong>
            </dd>
            <dt>{t('refundedTotal')}</dt>
            <dd>{money(order.totals.refunded)}</dd>
          </dl>
        </Panel>
        <Panel title={t('addresses')} id="order-addresses">
          <h3 className={styles.h3}>{t('shippingAddress')}</h3>
          {order.shippingAddress ? <AddressBlock address={order.shippingAddress} /> : <p className="muted">—</p>}
          <h3 className={styles.h3}>{t('billingAddress')}</h3>
          {order.billingAddress ? (
            <AddressBlock address={order.billingAddress} />
          ) : (
            <p className="muted">{t('sameAsShipping')}</p>
          )}
        </Panel>
      </div>

      {order.subOrders.map((sub) => (
        <SubOrderPanel key={sub.id} sub={sub} />
      ))}

      <Panel title={t('refunds')} id="order-refunds">
        {order.refunds.length === 0 ? (
          <p className="muted">{t('noRefunds')}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.lines}>
              <caption className="visually-hidden">{t('refunds')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('refundColumns.date')}</th>
                  <th scope="col">{t('refundColumns.subOrder')}</th>
                  <th scope="col" className={styles.numeric}>
                    {t('refundColumns.amount')}
                  </th>
                  <th scope="col">{t('refundColumns.reason')}</th>
                  <th scope="col">{t('refundColumns.restock')}</th>
                  <th scope="col">{t('refundColumns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {order.refunds.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.createdAt, locale)}</td>
                    <td>{subNumber.get(r.subOrderId) ?? '—'}</td>
                    <td className={styles.numeric}>{money(r.amount)}</td>
                    <td>{r.reason}</td>
                    <td>
                      {r.restock
                        ? t('restocked', { count: r.items.reduce((n, i) => n + i.quantity, 0) })
                        : t('notRestocked')}
                    </td>
                    <td>
                      <StatusBadge tone={REFUND_TONE[r.status]}>{ts(`refund.${r.status}`)}</StatusBadge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title={t('timeline')} id="order-timeline">
        <Timeline events={order.timeline} subNumber={subNumber} />
      </Panel>
    </>
  );
}

function SubOrderPanel({ sub }: { sub: SubOrder }) {
  const t = useTranslations('admin.order');
  const ts = useTranslations('admin.status');
  const locale = useLocale();
  const money = (m: { amount: number; currency: string }) => formatPrice(m, locale);
  const titleOf = new Map(sub.lines.map((l) => [l.id, l.title]));
  return (
    <Panel
      id={`sub-${sub.id}`}
      title={t('subOrderTitle', { number: sub.number, vendor: sub.vendor.name })}
      actions={
        <StatusBadge tone={FULFILMENT_TONE[sub.fulfillmentStatus]}>
          {ts(`fulfilment.${sub.fulfillmentStatus}`)}
        </StatusBadge>
      }
    >
      <div className={styles.tableWrap}>
        <table className={styles.lines}>
          <caption className="visually-hidden">{t('itemsOf', { number: sub.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lineColumns.item')}</th>
              <th scope="col">{t('lineColumns.sku')}</th>
              <th scope="col" className={styles.numeric}>
                {t('lineColumns.unitPrice')}
              </th>
              <th scope="col" className={styles.numeric}>
                {t('lineColumns.quantity')}
              </th>
              <th scope="col" className={styles.numeric}>
                {t('lineColumns.shipped')}
              </th>
              <th scope="col" className={styles.numeric}>
                {t('lineColumns.returned')}
              </th>
              <th scope="col" className={styles.numeric}>
                {t('lineColumns.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sub.lines.map((line) => {
              const options = Object.entries(line.options);
              return (
                <tr key={line.id}>
                  <td>
                    {line.title}
                    {options.length > 0 && (
                      <>
                        <br />
                        <span className="muted">{options.map(([k, v]) => `${k}: ${v}`).join(', ')}</span>
                      </>
                    )}
                  </td>
                  <td>{line.sku}</td>
                  <td className={styles.numeric}>{money(line.unitPrice)}</td>
                  <td className={styles.numeric}>{line.quantity}</td>
                  <td className={styles.numeric}>{line.shippedQuantity}</td>
                  <td className={styles.numeric}>{line.refundedQuantity}</td>
                  <td className={styles.numeric}>{money(line.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <dl className={`${consoleStyles.dl} ${styles.facts}`} style={{ marginTop: '0.75rem' }}>
        <dt>{t('shippingMethod')}</dt>
        <dd>{sub.shippingMethod ?? '—'}</dd>
        <dt>{t('shipping')}</dt>
        <dd>{money(sub.totals.shipping)}</dd>
        <dt>{t('total')}</dt>
        <dd>{money(sub.totals.total)}</dd>
        {sub.totals.refunded.amount > 0 && (
          <>
            <dt>{t('refundedTotal')}</dt>
            <dd>{money(sub.totals.refunded)}</dd>
          </>
        )}
        {sub.commission && (
          <>
            <dt>{t('commission')}</dt>
            <dd>
              {money(sub.commission.amount)} ({formatBps(sub.commission.rateBps, locale)})
            </dd>
          </>
        )}
      </dl>
      <h3 className={styles.h3}>{t('shipments')}</h3>
      {sub.shipments.length === 0 ? (
        <p className="muted">{t('noShipments')}</p>
      ) : (
        <ul>
          {sub.shipments.map((s) => (
            <li key={s.id}>
              {t('shipment', {
                carrier: s.carrier,
                tracking: s.trackingNumber,
                date: formatDateTime(s.shippedAt, locale),
              })}{' '}
              <StatusBadge tone={s.status === 'delivered' ? 'success' : 'info'}>
                {ts(`shipment.${s.status}`)}
              </StatusBadge>
              {s.deliveredAt && <> · {t('deliveredAt', { date: formatDateTime(s.deliveredAt, locale) })}</>}
              {s.items.length > 0 && (
                <span className="muted">
                  {' '}
                  · {s.items.map((i) => `${titleOf.get(i.lineId) ?? '?'} × ${i.quantity}`).join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** Whether the API's message only repeats the entry's title ("Payment captured." under "Payment captured"). */
const same = (message: string, title: string) =>
  message.trim().replace(/\.$/, '').toLowerCase() === title.trim().toLowerCase();

function Timeline({ events, subNumber }: { events: TimelineEvent[]; subNumber: Map<string, string> }) {
  const t = useTranslations('admin.order');
  const te = useTranslations('admin.events');
  const ts = useTranslations('admin.status');
  const locale = useLocale();
  const statusName = (s: string) => ((ORDER_STATUSES as readonly string[]).includes(s) ? ts(`order.${s}`) : s);
  if (events.length === 0) return <p className="muted">{t('noEvents')}</p>;
  // Newest last, as a story of the order.
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className={styles.timeline}>
      {sorted.map((e) => {
        const title = KNOWN_EVENTS.has(e.type) ? te(e.type) : e.type.replace(/_/g, ' ');
        const sub = e.subOrderId ? subNumber.get(e.subOrderId) : undefined;
        return (
          <li key={e.id}>
            <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
            <span className={styles.eventTitle}>{title}</span>
            {e.fromStatus && e.toStatus && (
              <span> · {t('fromTo', { from: statusName(e.fromStatus), to: statusName(e.toStatus) })}</span>
            )}
            {sub && <span className="muted"> · {sub}</span>}
            {e.message && !same(e.message, title) && <div className="muted">{e.message}</div>}
          </li>
        );
      })}
    </ol>
  );
}
