'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { components } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { formatDate } from './orderFormat';
import { LoadingOrProblem, ProblemAlert } from './feedback';
import styles from './account.module.css';

type Order = components['schemas']['Order'];

const PAGE = 10;

export function OrdersList() {
  const t = useTranslations('account');
  const store = useStore();
  const expired = useSessionGuard();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [announce, setAnnounce] = useState('');
  const firstNew = useRef<HTMLAnchorElement | null>(null);
  const focusIndex = useRef<number | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const {
          data,
          error: err,
          response,
        } = await browserApi.GET('/api/v1/orders', {
          params: { query: { limit: PAGE, ...(after ? { cursor: after } : {}) } },
        });
        if (expired(response)) return;
        if (!data) {
          setError(problemText(t, problemOf(err, response)));
          return;
        }
        setOrders((prev) => {
          const list = after && prev ? [...prev, ...data.data] : data.data;
          if (after && prev) focusIndex.current = prev.length;
          return list;
        });
        setCursor(data.meta.cursor ?? null);
        if (after) setAnnounce(t('orders.loadedMore', { count: data.data.length }));
      } catch {
        setError(t('errors.network_error'));
      } finally {
        setLoading(false);
      }
    },
    [expired, t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    // After "Load more", move focus to the first new order so keyboard users continue from there.
    if (focusIndex.current !== null && firstNew.current) {
      firstNew.current.focus();
      focusIndex.current = null;
    }
  }, [orders]);

  if (orders === null) return <LoadingOrProblem error={error} blocks={2} />;
  if (orders.length === 0) {
    return (
      <div className="empty">
        <p>{t('orders.empty')}</p>
        <Link href="/" className="btn">
          {t('orders.startShopping')}
        </Link>
      </div>
    );
  }
  return (
    <div className={styles.stack}>
      <ul className={styles.orderList}>
        {orders.map((o, i) => (
          <li key={o.id} className={styles.orderRow}>
            <Link
              href={`/account/orders/${o.id}`}
              className={styles.orderLink}
              ref={i === focusIndex.current ? firstNew : undefined}
            >
              {t('orders.number', { number: o.number })}
            </Link>
            <span className="muted">
              <span className="visually-hidden">{t('orders.placed')} </span>
              <time dateTime={o.placedAt}>{formatDate(o.placedAt, store.locale)}</time>
            </span>
            <span className={styles.status} data-status={o.status}>
              {t(`status.${o.status}`)}
            </span>
            <span className="price">
              <span className="visually-hidden">{t('orders.total')} </span>
              {formatPrice(o.totals.total, store.locale)}
            </span>
          </li>
        ))}
      </ul>
      <ProblemAlert message={error} />
      <p role="status" className="visually-hidden">
        {announce}
      </p>
      {cursor && (
        <div>
          <button type="button" className="btn btn-secondary" onClick={() => void load(cursor)} disabled={loading}>
            {loading ? t('loading') : t('orders.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
