'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useSessionGuard } from '../account/useSessionGuard';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { Figure, Figures, Loading } from '../console/feedback';
import { formatDateTime, formatPrice } from '../console/format';
import { consoleProblemText, problemOf } from '../console/problems';
import { lastDays, RangeControls } from '../console/RangeControls';
import type { Range } from '../console/RangeControls';
import { SalesChart } from '../console/SalesChart';
import consoleStyles from '../console/console.module.css';
import { FulfillmentBadge } from './badges';
import type { Balance, SalesReport, SubOrder, VendorProfile } from './types';
import { withFreshToken } from './freshToken';
import { fetchVendorSales } from './vendorSales';
import styles from './vendor.module.css';

/** Sub-orders still (partly) to ship, counted from one page of each (the list has no total). */
const OPEN_PAGE = 100;
const LATEST = 5;

interface OpenOrders {
  count: number;
  /** More than `count` (a full page came back with a next one). */
  more: boolean;
  latest: SubOrder[];
}

/** The list's total when the API counts it (the orders list does not, yet). */
const totalOf = (meta: { limit: number; total?: number }): number | undefined => meta.total;

type Load<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string };

/** The approved vendor's dashboard: balance, orders to ship, sales over a chosen range. */
export function VendorDashboard({ profile }: { profile: VendorProfile }) {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const locale = useLocale();
  const expired = useSessionGuard();
  const [balance, setBalance] = useState<Load<Balance>>({ kind: 'loading' });
  const [open, setOpen] = useState<Load<OpenOrders>>({ kind: 'loading' });
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const [sales, setSales] = useState<Load<SalesReport>>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    const failed = (error: unknown, response: Response | undefined) =>
      consoleProblemText(tc, problemOf(error, response));
    withFreshToken(() => browserApi.GET('/api/v1/vendor/balance'))
      .then(({ data, error, response }) => {
        if (!live || expired(response)) return;
        setBalance(data ? { kind: 'ready', data } : { kind: 'error', message: failed(error, response) });
      })
      .catch(() => live && setBalance({ kind: 'error', message: tc('errors.network_error') }));
    const page = (fulfillmentStatus: 'unfulfilled' | 'partially_shipped') =>
      withFreshToken(() =>
        browserApi.GET('/api/v1/vendor/orders', { params: { query: { fulfillmentStatus, limit: OPEN_PAGE } } }),
      );
    Promise.all([page('unfulfilled'), page('partially_shipped')])
      .then(([a, b]) => {
        if (!live || expired(a.response) || expired(b.response)) return;
        if (!a.data || !b.data) {
          const bad = a.data ? b : a;
          setOpen({ kind: 'error', message: failed(bad.error, bad.response) });
          return;
        }
        const pages = [a.data, b.data];
        const latest = pages
          .flatMap((p) => p.data)
          .sort((x, y) => y.placedAt.localeCompare(x.placedAt))
          .slice(0, LATEST);
        setOpen({
          kind: 'ready',
          data: {
            count: pages.reduce((n, p) => n + (totalOf(p.meta) ?? p.data.length), 0),
            more: pages.some((p) => totalOf(p.meta) === undefined && Boolean(p.links.next)),
            latest,
          },
        });
      })
      .catch(() => live && setOpen({ kind: 'error', message: tc('errors.network_error') }));
    return () => {
      live = false;
    };
  }, [expired, tc]);

  useEffect(() => {
    let live = true;
    setSales({ kind: 'loading' });
    withFreshToken(() => fetchVendorSales(range))
      .then(({ data, error, response }) => {
        if (!live || expired(response)) return;
        setSales(
          data
            ? { kind: 'ready', data }
            : { kind: 'error', message: consoleProblemText(tc, problemOf(error, response)) },
        );
      })
      .catch(() => live && setSales({ kind: 'error', message: tc('errors.network_error') }));
    return () => {
      live = false;
    };
  }, [range, expired, tc]);

  const money = (amount: number, currency: string) => formatPrice({ amount, currency }, locale);

  return (
    <>
      <PageHeader
        title={profile.name}
        description={t('dashboard.description')}
        actions={
          <>
            <Link href="/vendor/orders?fulfillmentStatus=unfulfilled" className="btn">
              {t('dashboard.shipOrders')}
            </Link>
            <Link href={`/v/${profile.slug}`} className="btn btn-secondary">
              {t('dashboard.viewShop')}
            </Link>
          </>
        }
      />

      <section aria-labelledby="dashboard-money">
        <h2 id="dashboard-money" className="visually-hidden">
          {t('dashboard.moneyTitle')}
        </h2>
        {balance.kind === 'error' || open.kind === 'error' ? (
          <Loading error={balance.kind === 'error' ? balance.message : open.kind === 'error' ? open.message : null} />
        ) : (
          <Figures>
            <Figure
              label={t('balance.balance')}
              value={balance.kind === 'ready' ? formatPrice(balance.data.balance, locale) : '…'}
            />
            <Figure
              label={t('balance.pending')}
              value={balance.kind === 'ready' ? formatPrice(balance.data.pending, locale) : '…'}
            />
            <Figure
              label={t('balance.paidOut')}
              value={balance.kind === 'ready' ? formatPrice(balance.data.paidOut, locale) : '…'}
            />
            <Figure
              label={t('dashboard.openOrders')}
              value={
                open.kind === 'ready'
                  ? open.data.more
                    ? t('dashboard.atLeast', { count: open.data.count })
                    : String(open.data.count)
                  : '…'
              }
            />
          </Figures>
        )}
      </section>

      <section aria-labelledby="sales-title">
        <h2 id="sales-title" className={`${consoleStyles.h2} ${styles.sectionTitle}`}>
          {t('dashboard.salesTitle')}
        </h2>
        <RangeControls value={range} onChange={setRange} />
        {sales.kind !== 'ready' ? (
          <Loading error={sales.kind === 'error' ? sales.message : null} />
        ) : (
          <>
            <Figures>
              <Figure label={t('dashboard.revenue')} value={formatPrice(sales.data.totals.revenue, locale)} />
              <Figure label={t('dashboard.orders')} value={String(sales.data.totals.orders)} />
              <Figure
                label={t('dashboard.averageOrderValue')}
                value={formatPrice(sales.data.totals.averageOrderValue, locale)}
              />
              <Figure label={t('dashboard.refunds')} value={formatPrice(sales.data.totals.refunds, locale)} />
            </Figures>
            <SalesChart
              title={t('dashboard.revenueChart')}
              locale={locale}
              points={sales.data.series.map((p) => ({ period: p.period, value: p.revenue.amount }))}
              format={(v) => money(v, sales.data.currency)}
            />
            <SalesChart
              title={t('dashboard.ordersChart')}
              locale={locale}
              kind="bar"
              points={sales.data.series.map((p) => ({ period: p.period, value: p.orders }))}
              format={(v) => new Intl.NumberFormat(locale).format(v)}
            />
          </>
        )}
      </section>

      <Panel
        title={t('dashboard.latestTitle')}
        id="latest-orders"
        actions={<Link href="/vendor/orders?fulfillmentStatus=unfulfilled">{t('dashboard.allOpen')}</Link>}
      >
        {open.kind !== 'ready' ? (
          <Loading error={open.kind === 'error' ? open.message : null} />
        ) : open.data.latest.length === 0 ? (
          <p className="muted">{t('dashboard.noOpen')}</p>
        ) : (
          <div className={consoleStyles.tableWrap}>
            <table className={consoleStyles.table}>
              <caption className="visually-hidden">{t('dashboard.latestTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('orders.number')}</th>
                  <th scope="col">{t('orders.placedAt')}</th>
                  <th scope="col">{t('orders.items')}</th>
                  <th scope="col">{t('orders.status')}</th>
                  <th scope="col" className={consoleStyles.numeric}>
                    {t('orders.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {open.data.latest.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link href={`/vendor/orders/${o.id}`}>{o.number}</Link>
                    </td>
                    <td>{formatDateTime(o.placedAt, locale)}</td>
                    <td>{o.lines.reduce((n, l) => n + l.quantity, 0)}</td>
                    <td>
                      <FulfillmentBadge status={o.fulfillmentStatus} />
                    </td>
                    <td className={consoleStyles.numeric}>{formatPrice(o.totals.total, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
