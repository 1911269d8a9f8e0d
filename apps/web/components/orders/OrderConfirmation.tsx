'use client';
/**
 * The order confirmation: loads the order (a guest with the order token from checkout, a customer
 * with the session), shows it and follows its status live. Each change on the stream reloads the
 * order, so items, shipments and totals stay as the API has them.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { recallOrderToken, rememberOrderToken } from '../checkout/orderAccess';
import { OrderStatus } from './OrderStatus';
import { OrderSummary } from './OrderSummary';
import { useOrderStream } from './useOrderStream';
import type { OrderView } from './types';

type Load = { state: 'loading' } | { state: 'ready'; order: OrderView } | { state: 'missing' } | { state: 'error' };

export function OrderConfirmation({ orderId, token }: { orderId: string; token?: string | undefined }) {
  const t = useTranslations('checkout');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  // The guest's token: from the address, or kept by the checkout before the bank's page (the server
  // render has neither, and shows only the loading state, so reading storage here cannot mismatch).
  const [orderToken] = useState<string | undefined>(
    () => token ?? (typeof window === 'undefined' ? undefined : (recallOrderToken(orderId) ?? undefined)),
  );

  useEffect(() => {
    if (token) rememberOrderToken(orderId, token);
  }, [orderId, token]);

  const fetchOrder = useCallback(async () => {
    try {
      const { data, response } = await browserApi.GET('/api/v1/orders/{id}', {
        params: { path: { id: orderId }, header: orderToken ? { 'x-order-token': orderToken } : {} },
      });
      if (data) setLoad({ state: 'ready', order: data });
      else if (response.status === 404 || response.status === 401 || response.status === 400)
        setLoad({ state: 'missing' });
      else setLoad((l) => (l.state === 'ready' ? l : { state: 'error' }));
    } catch {
      setLoad((l) => (l.state === 'ready' ? l : { state: 'error' }));
    }
  }, [orderId, orderToken]);

  useEffect(() => {
    void fetchOrder();
  }, [fetchOrder]);

  const order = load.state === 'ready' ? load.order : null;
  const stream = useOrderStream(order ? order.id : null, order?.streamToken);

  // A change on the stream: read the order again for the details behind it.
  const lastChange = stream.changes.at(-1)?.at;
  useEffect(() => {
    if (lastChange) void fetchOrder();
  }, [lastChange, fetchOrder]);

  // The stream token expired (a refused reconnect): a fresh read of the order brings a new one.
  useEffect(() => {
    if (stream.connection !== 'closed') return;
    const timer = setTimeout(() => void fetchOrder(), 5000);
    return () => clearTimeout(timer);
  }, [stream.connection, fetchOrder]);

  if (load.state === 'loading') {
    return (
      <div aria-busy="true">
        <p role="status" className="muted">
          {t('confirmation.loading')}
        </p>
        <div className="skeleton" style={{ height: '20rem' }} aria-hidden="true" />
      </div>
    );
  }
  if (load.state === 'missing') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('confirmation.notFound')}</p>
        <Link href="/">{t('confirmation.continueShopping')}</Link>
      </div>
    );
  }
  if (load.state === 'error' || !order) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('confirmation.loadError')}</p>
        <button type="button" className="btn" onClick={() => void fetchOrder()}>
          {t('confirmation.retry')}
        </button>
      </div>
    );
  }

  const live = stream.latest ? { status: stream.latest.status, paymentStatus: stream.latest.paymentStatus } : undefined;
  const paymentStatus = live?.paymentStatus ?? order.paymentStatus;
  const status = live?.status ?? order.status;
  const failed = status === 'cancelled' && (paymentStatus === 'failed' || paymentStatus === 'voided');

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '1.5rem' }}>
      {failed ? (
        <div className="alert alert-error" role="alert">
          <p>{t('confirmation.paymentFailed')}</p>
          <Link href="/cart">{t('confirmation.backToCart')}</Link>
        </div>
      ) : (
        <p>{status === 'pending' ? t('confirmation.paymentPending') : t('confirmation.lead')}</p>
      )}
      <OrderStatus
        order={order}
        status={live?.status}
        paymentStatus={live?.paymentStatus}
        connection={stream.connection}
      />
      <OrderSummary order={order} status={live} />
      <p>
        <Link href="/" className="btn btn-secondary">
          {t('confirmation.continueShopping')}
        </Link>
      </p>
    </div>
  );
}
