'use client';
import { useId, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { StatusBadge } from '../console/ConsoleShell';
import { Figure, Figures } from '../console/feedback';
import { CheckboxField } from '../console/fields';
import { formatDateTime } from '../console/format';
import consoleStyles from '../console/console.module.css';
import type { CatalogImport, ImportRow, ImportSummary } from './types';
import styles from './vendor.module.css';

/** Rows shown at once: a file may have 100,000; the rest are a page away. */
const PAGE = 100;

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';
const STATUS_TONES: Record<ImportSummary['status'], Tone> = {
  queued: 'neutral',
  running: 'info',
  completed: 'success',
  failed: 'danger',
};

/** Where an import stands: queued, running, completed or failed (and whether it was a check only). */
export function ImportStatusBadge({ imp }: { imp: Pick<ImportSummary, 'status' | 'dryRun' | 'errorRows'> }) {
  const t = useTranslations('vendor');
  const tone = imp.status === 'completed' && imp.errorRows > 0 ? 'warning' : STATUS_TONES[imp.status];
  return <StatusBadge tone={tone}>{t(`imports.status.${imp.status}`)}</StatusBadge>;
}

/** An import's figures and its result per row (row number, outcome, SKU, message), a page at a time. */
export function ImportResults({ imp, rowsHeading = 'h2' }: { imp: CatalogImport; rowsHeading?: 'h2' | 'h3' | 'h4' }) {
  const t = useTranslations('vendor');
  const locale = useLocale();
  const id = useId();
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [page, setPage] = useState(0);
  const Heading = rowsHeading;

  const rows = onlyErrors ? imp.results.filter((r) => !r.ok) : imp.results;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * PAGE, current * PAGE + PAGE);

  const outcome = (r: ImportRow) =>
    r.ok ? (
      <StatusBadge tone="success">{t(`imports.action.${r.action ?? 'ok'}`)}</StatusBadge>
    ) : (
      <StatusBadge tone="danger">{t('imports.rowError')}</StatusBadge>
    );

  return (
    <div>
      <p
        role="status"
        className={imp.status === 'failed' || imp.errorRows > 0 ? 'alert alert-error' : 'alert alert-success'}
      >
        {imp.status === 'failed'
          ? t('imports.summary.failed', { error: imp.error ?? '' })
          : imp.dryRun
            ? t('imports.summary.checked', { total: imp.totalRows, ok: imp.okRows, errors: imp.errorRows })
            : t('imports.summary.imported', { total: imp.totalRows, ok: imp.okRows, errors: imp.errorRows })}
      </p>
      <Figures>
        <Figure label={t('imports.totalRows')} value={String(imp.totalRows)} />
        <Figure label={t('imports.okRows')} value={String(imp.okRows)} />
        <Figure label={t('imports.errorRows')} value={String(imp.errorRows)} />
        <Figure label={t('imports.finishedAt')} value={formatDateTime(imp.finishedAt, locale)} />
      </Figures>
      {imp.results.length > 0 && (
        <>
          <div className={styles.rowsBar}>
            <Heading className={consoleStyles.h2} id={`${id}-rows`} style={{ margin: 0 }}>
              {t('imports.rowsTitle')}
            </Heading>
            <CheckboxField
              id={`${id}-only-errors`}
              label={t('imports.onlyErrors')}
              checked={onlyErrors}
              onChange={(v) => {
                setOnlyErrors(v);
                setPage(0);
              }}
            />
          </div>
          <div className={consoleStyles.tableWrap}>
            <table className={consoleStyles.table} aria-labelledby={`${id}-rows`}>
              <thead>
                <tr>
                  <th scope="col" className={consoleStyles.numeric}>
                    {t('imports.row')}
                  </th>
                  <th scope="col">{t('imports.outcome')}</th>
                  <th scope="col">{t('order.sku')}</th>
                  <th scope="col">{t('imports.message')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.row}>
                    <th scope="row" className={consoleStyles.numeric}>
                      {r.row}
                    </th>
                    <td>{outcome(r)}</td>
                    <td className={styles.code}>{r.sku ?? '—'}</td>
                    <td className={r.ok ? undefined : styles.rowError}>
                      {r.error ??
                        (r.productId && !imp.dryRun ? (
                          <Link href={`/vendor/products/${r.productId}`}>
                            {t('imports.openProduct', { sku: r.sku ?? '' })}
                          </Link>
                        ) : (
                          '—'
                        ))}
                    </td>
                  </tr>
                ))}
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      {t('imports.noErrorRows')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <div className={consoleStyles.pager}>
              <p className="muted">
                {t('imports.page', {
                  from: current * PAGE + 1,
                  to: Math.min(rows.length, (current + 1) * PAGE),
                  total: rows.length,
                })}
              </p>
              <div className={consoleStyles.actions}>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={current === 0}
                  onClick={() => setPage(current - 1)}
                >
                  {t('imports.previousRows')}
                </button>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={current >= pages - 1}
                  onClick={() => setPage(current + 1)}
                >
                  {t('imports.nextRows')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}
