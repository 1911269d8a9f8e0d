'use client';
/**
 * The admin dashboard's first page (`/admin`): sales over a chosen range as figures and charts with
 * the top vendors (`analytics:read` only), and what needs attention (each line only for the staff
 * who may act on it).
 */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { useSessionGuard } from '../../account/useSessionGuard';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader, Panel } from '../../console/ConsoleShell';
import { Figure, Figures, Loading } from '../../console/feedback';
import { formatPrice } from '../../console/format';
import { consoleProblemText, problemOf } from '../../console/problems';
import { RangeControls, lastDays } from '../../console/RangeControls';
import type { Range } from '../../console/RangeControls';
import type { Answer } from '../../console/useAction';
import { SalesChart } from '../../console/SalesChart';
import consoleStyles from '../../console/console.module.css';
import { localDay } from '../orders/types';
import { fetchAttention } from './attention';
import type { Attention } from './attention';
import styles from './overview.module.css';

type SalesReport = paths['/api/v1/admin/analytics/sales']['get']['responses'][200]['content']['application/json'];

export function AdminOverview() {
  const t = useTranslations('admin.overview');
  const canSales = useCan('analytics:read');
  const [range, setRange] = useState<Range>(() => lastDays(30));
  return (
    <>
      <PageHeader title={t('title')} description={canSales ? t('description') : t('descriptionNoSales')} />
      <AttentionPanel />
      {canSales && (
        <section aria-labelledby="sales-title">
          <h2 id="sales-title" className={styles.sectionTitle}>
            {t('sales')}
          </h2>
          <RangeControls value={range} onChange={setRange} />
          <SalesOverview range={range} />
        </section>
      )}
    </>
  );
}

/** Loads once per `key` (what `load` reads, as text) and keeps the last answer while reloading. */
function useLoad<T>(load: () => Promise<Answer<T>>, key: string) {
  const tc = useTranslations('console');
  const expired = useSessionGuard();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then(({ data: value, error: err, response }) => {
        if (!live || expired(response)) return;
        if (value) {
          setData(value);
          setError(null);
        } else setError(consoleProblemText(tc, problemOf(err, response)));
      })
      .catch(() => live && setError(tc('errors.network_error')))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // `load` is new on every render; `key` changes exactly when what it reads does.
  }, [key, expired, tc]);
  return { data, error, loading };
}

function SalesOverview({ range }: { range: Range }) {
  const t = useTranslations('admin.overview');
  const mayReadOrders = useCan('orders:read:any');
  const locale = useLocale();
  const { data, error, loading } = useLoad<SalesReport>(
    () =>
      browserApi.GET('/api/v1/admin/analytics/sales', {
        params: { query: { from: range.from, to: range.to, interval: range.interval } },
      }),
    `${range.from}|${range.to}|${range.interval}`,
  );
  if (!data) return <Loading error={error} />;
  const currency = data.currency;
  const money = (amount: number) => formatPrice({ amount, currency }, locale);
  const count = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <div aria-busy={loading || undefined}>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <Figures>
        <Figure label={t('revenue')} value={money(data.totals.revenue.amount)} />
        <Figure label={t('orders')} value={count.format(data.totals.orders)} />
        <Figure label={t('averageOrderValue')} value={money(data.totals.averageOrderValue.amount)} />
        <Figure label={t('conversionRate')} value={percent.format(data.totals.conversionRate)} />
        <Figure label={t('refunds')} value={money(data.totals.refunds.amount)} />
      </Figures>
      <SalesChart
        title={t('revenueChart')}
        locale={locale}
        points={data.series.map((p) => ({ period: p.period, value: p.revenue.amount }))}
        format={money}
      />
      <SalesChart
        title={t('ordersChart')}
        kind="bar"
        locale={locale}
        points={data.series.map((p) => ({ period: p.period, value: p.orders }))}
        format={(v) => count.format(v)}
      />
      <SalesChart
        title={t('conversionChart')}
        locale={locale}
        points={data.series.map((p) => ({ period: p.period, value: p.conversionRate }))}
        format={(v) => percent.format(v)}
      />
      <Panel title={t('topVendors')} id="top-vendors">
        {data.vendors.length === 0 ? (
          <p className="muted">{t('noVendorSales')}</p>
        ) : (
          <div className={consoleStyles.tableWrap}>
            <table className={consoleStyles.table}>
              <caption className="visually-hidden">{t('topVendors')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('vendor')}</th>
                  <th scope="col" className={consoleStyles.numeric}>
                    {t('orders')}
                  </th>
                  <th scope="col" className={consoleStyles.numeric}>
                    {t('revenue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.vendors.map((v) => (
                  <tr key={v.vendorId}>
                    <td>
                      {mayReadOrders ? (
                        <Link href={`/admin/orders?vendorId=${encodeURIComponent(v.vendorId)}`}>
                          {v.name ?? t('unnamedVendor')}
                        </Link>
                      ) : (
                        (v.name ?? t('unnamedVendor'))
                      )}
                    </td>
                    <td className={consoleStyles.numeric}>{count.format(v.orders)}</td>
                    <td className={consoleStyles.numeric}>{formatPrice(v.revenue, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}

function AttentionPanel() {
  const t = useTranslations('admin.attention');
  const { data, error } = useLoad<Attention>(() => fetchAttention(), 'attention');
  if (!data) {
    return (
      <Panel title={t('title')} id="attention">
        <Loading error={error} />
      </Panel>
    );
  }
  const lines: { key: string; count: number; href: string; label: string }[] = [];
  if (data.vendorsPendingReview !== null) {
    lines.push({
      key: 'vendors',
      count: data.vendorsPendingReview,
      href: '/admin/vendors?status=pending',
      label: t('vendors', { count: data.vendorsPendingReview }),
    });
  }
  if (data.productsPendingReview !== null) {
    lines.push({
      key: 'products',
      count: data.productsPendingReview,
      href: '/admin/products?status=pending_review',
      label: t('products', { count: data.productsPendingReview }),
    });
  }
  if (data.failedPayments !== null) {
    lines.push({
      key: 'payments',
      count: data.failedPayments,
      // The count covers the last 30 days: so does the list it opens.
      href: `/admin/orders?paymentStatus=failed&from=${localDay(-30)}`,
      label: t('failedPayments', { count: data.failedPayments }),
    });
  }
  const low = data.lowStock;
  if (lines.length === 0 && !low) return null;
  const calm = lines.every((l) => l.count === 0) && (!low || low.count === 0);
  return (
    <Panel title={t('title')} id="attention">
      {calm && <p className="muted">{t('calm')}</p>}
      <ul className={styles.attention}>
        {lines.map((l) => (
          <li key={l.key} className={l.count > 0 ? styles.hot : undefined}>
            <Link href={l.href}>{l.label}</Link>
          </li>
        ))}
        {low && (
          <li className={low.count > 0 ? styles.hot : undefined}>
            {t('lowStock', { count: low.count, threshold: low.threshold })}
          </li>
        )}
      </ul>
      {low && low.count > low.items.length && (
        <p className="muted">{t('lowStockListed', { shown: low.items.length })}</p>
      )}
      {low && low.items.length > 0 && (
        <div className={consoleStyles.tableWrap}>
          <table className={consoleStyles.table}>
            <caption className="visually-hidden">{t('lowStockCaption', { threshold: low.threshold })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('product')}</th>
                <th scope="col">{t('sku')}</th>
                <th scope="col">{t('vendor')}</th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('stock')}
                </th>
              </tr>
            </thead>
            <tbody>
              {low.items.map((i) => (
                <tr key={i.variantId}>
                  <td>{i.productTitle}</td>
                  <td>{i.sku}</td>
                  <td>{i.vendor.name}</td>
                  <td className={consoleStyles.numeric}>{i.stock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
