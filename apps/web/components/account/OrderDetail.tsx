'use client';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { components } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { formatDate } from './orderFormat';
import { ConfirmDialog } from './ConfirmDialog';
import { AddressBlock } from '../orders/AddressBlock';
import { useAccountAction } from './useAccountRequest';
import { ProblemAlert, SubmitButton } from './feedback';
import styles from './account.module.css';

type Order = components['schemas']['Order'];

/** What the order's event stream sends as `event: status`. */
interface StatusEvent {
  orderId: string;
  status: Order['status'];
  paymentStatus: Order['paymentStatus'];
}

/** Follows the order's live status (server-sent events, cookie-authenticated) while the page is open. */
function useLiveStatus(order: Order | null, onStatus: (e: StatusEvent) => void): void {
  const handler = useRef(onStatus);
  handler.current = onStatus;
  const id = order?.id;
  const final = order?.status === 'delivered' || order?.status === 'cancelled';
  useEffect(() => {
    if (!id || final || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(`/api/v1/orders/${id}/events`);
    source.addEventListener('status', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as StatusEvent;
        if (data.orderId === id) handler.current(data);
      } catch {
        // A malformed event is skipped; the next one carries the full status again.
      }
    });
    return () => source.close();
  }, [id, final]);
}

export function OrderDetail({ id }: { id: string }) {
  const t = useTranslations('account');
  const store = useStore();
  const expired = useSessionGuard();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const { error: cancelError, setError: setCancelError, pending: cancelling, run } = useAccountAction();
  const [notice, setNotice] = useState('');

  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/orders/{id}', { params: { path: { id } } })
      .then(({ data, error: err, response }) => {
        if (!live || expired(response)) return;
        if (data) setOrder(data);
        else if (response.status === 404 || response.status === 400) setNotFound(true);
        else setError(problemText(t, problemOf(err, response)));
      })
      .catch(() => live && setError(t('errors.network_error')));
    return () => {
      live = false;
    };
  }, [id, expired, t]);

  useLiveStatus(order, (e) => {
    setOrder((o) => {
      if (!o || (o.status === e.status && o.paymentStatus === e.paymentStatus)) return o;
      if (o.status !== e.status) setNotice(t('order.statusChanged', { status: t(`status.${e.status}`) }));
      const stillCancellable = o.allowedActions.cancel && (e.status === 'pending' || e.status === 'confirmed');
      return {
        ...o,
        status: e.status,
        paymentStatus: e.paymentStatus,
        allowedActions: { ...o.allowedActions, cancel: stillCancellable },
      };
    });
  });

  async function cancel(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const {
        data,
        error: err,
        response,
      } = await browserApi.POST('/api/v1/orders/{id}/cancel', {
        params: { path: { id } },
        body: reason.trim() ? { reason: reason.trim() } : {},
      });
      if (expired(response)) return;
      if (data) {
        setOrder(data);
        setConfirming(false);
        setNotice(t('order.cancelled'));
      } else {
        setCancelError(problemText(t, problemOf(err, response)));
      }
    });
  }

  if (notFound) {
    return (
      <div className="empty">
        <h1>{t('order.notFound')}</h1>
        <Link href="/account/orders">{t('order.back')}</Link>
      </div>
    );
  }
  if (!order) {
    return (
      <div aria-busy="true">
        <h1>{t('order.loadingTitle')}</h1>
        {error ? (
          <ProblemAlert message={error} />
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {t('loading')}
            </p>
            <div className={`skeleton ${styles.skeletonBlock}`} />
          </>
        )}
      </div>
    );
  }

  const money = (m: { amount: number; currency: string }) => formatPrice(m, store.locale);
  const { totals } = order;
  return (
    <div className={styles.stack}>
      <p>
        <Link href="/account/orders">{t('order.back')}</Link>
      </p>
      <h1>{t('order.title', { number: order.number })}</h1>
      <p role="status" className={notice ? 'alert alert-success' : undefined}>
        {notice}
      </p>
      <dl className={styles.dl}>
        <div>
          <dt>{t('order.placedAt')}</dt>
          <dd>
            <time dateTime={order.placedAt}>{formatDate(order.placedAt, store.locale, true)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('order.status')}</dt>
          <dd>
            <span className={styles.status} data-status={order.status}>
              {t(`status.${order.status}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('order.payment')}</dt>
          <dd>
            {t(`paymentStatus.${order.paymentStatus}`)}
            {order.payment ? ` · ${t(`paymentMethod.${order.payment.method}`)}` : ''}
          </dd>
        </div>
        {order.cancelledAt && (
          <div>
            <dt>{t('order.cancelledAt')}</dt>
            <dd>
              <time dateTime={order.cancelledAt}>{formatDate(order.cancelledAt, store.locale, true)}</time>
            </dd>
          </div>
        )}
      </dl>
      <div className={styles.actions}>
        <a className="btn btn-secondary" href={`/api/v1/orders/${order.id}/invoice`} download>
          {t('order.invoice')}
        </a>
        {order.allowedActions.cancel && order.status !== 'cancelled' && (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(true)}>
            {t('order.cancel')}
          </button>
        )}
      </div>

      {order.subOrders.map((sub) => (
        <section key={sub.id} aria-labelledby={`sub-${sub.id}`} className={styles.card}>
          <h2 id={`sub-${sub.id}`} className={styles.h2}>
            {t('order.soldBy', { vendor: sub.vendor.name })}
          </h2>
          <p className="muted">
            {t(`fulfillment.${sub.fulfillmentStatus}`)}
            {sub.shippingMethod ? ` · ${sub.shippingMethod}` : ''}
          </p>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('order.itemsCaption', { vendor: sub.vendor.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('order.item')}</th>
                <th scope="col">{t('order.quantity')}</th>
                <th scope="col">{t('order.lineTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {sub.lines.map((line) => (
                <tr key={line.id}>
                  <td>
                    {line.title}
                    {Object.keys(line.options).length > 0 && (
                      <span className={`muted ${styles.options}`}>
                        {Object.entries(line.options)
                          .map(([k, v]) => `${k}: ${v}`)
                          .join(', ')}
                      </span>
                    )}
                  </td>
                  <td>{line.quantity}</td>
                  <td className="price">{money(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sub.shipments.length > 0 && (
            <ul className={styles.plainList}>
              {sub.shipments.map((s) => (
                <li key={s.id}>
                  {t('order.shipment', { carrier: s.carrier, tracking: s.trackingNumber })} —{' '}
                  {t(`shipment.${s.status}`)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}

      <section aria-labelledby="order-totals" className={styles.card}>
        <h2 id="order-totals" className={styles.h2}>
          {t('order.totals')}
        </h2>
        <dl className={styles.totals}>
          <div>
            <dt>{t('order.subtotal')}</dt>
            <dd>{money(totals.subtotal)}</dd>
          </div>
          {totals.discount.amount > 0 && (
            <div>
              <dt>{t('order.discount')}</dt>
              <dd>−{money(totals.discount)}</dd>
            </div>
          )}
          <div>
            <dt>{t('order.shipping')}</dt>
            <dd>{money(totals.shipping)}</dd>
          </div>
          <div>
            <dt>{order.taxIncluded ? t('order.taxIncluded') : t('order.tax')}</dt>
            <dd>{money(totals.tax)}</dd>
          </div>
          <div className={styles.grandTotal}>
            <dt>{t('order.total')}</dt>
            <dd>{money(totals.total)}</dd>
          </div>
          {totals.refunded.amount > 0 && (
            <div>
              <dt>{t('order.refunded')}</dt>
              <dd>{money(totals.refunded)}</dd>
            </div>
          )}
        </dl>
      </section>

      {(order.shippingAddress || order.billingAddress) && (
        <div className={styles.twoCol}>
          {order.shippingAddress && (
            <section aria-labelledby="order-ship" className={styles.card}>
              <h2 id="order-ship" className={styles.h2}>
                {t('order.shippingAddress')}
              </h2>
              <AddressBlock address={order.shippingAddress} className={styles.address} withPhone={false} />
            </section>
          )}
          {order.billingAddress && (
            <section aria-labelledby="order-bill" className={styles.card}>
              <h2 id="order-bill" className={styles.h2}>
                {t('order.billingAddress')}
              </h2>
              <AddressBlock address={order.billingAddress} className={styles.address} withPhone={false} />
            </section>
          )}
        </div>
      )}

      <ConfirmDialog
        open={confirming}
        title={t('order.cancelTitle', { number: order.number })}
        onClose={() => setConfirming(false)}
      >
        <form onSubmit={(e) => void cancel(e)} className={styles.form}>
          <p>{t('order.cancelText')}</p>
          <ProblemAlert message={cancelError} />
          <div className="field">
            <label htmlFor="cancel-reason">{t('order.cancelReason')}</label>
            <textarea
              id="cancel-reason"
              className="input"
              maxLength={500}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className={styles.actions}>
            <SubmitButton pending={cancelling} className={`btn ${styles.danger}`}>
              {t('order.cancelConfirm')}
            </SubmitButton>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
              {t('order.keep')}
            </button>
          </div>
        </form>
      </ConfirmDialog>
    </div>
  );
}
