'use client';
import { useId, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { StatusBadge } from '../../console/ConsoleShell';
import { CheckboxField } from '../../console/fields';
import { auditDiff, diffSummary, displayValue } from './diff';
import type { DiffKind, DiffRow } from './diff';
import styles from '../settings/settings.module.css';

const TONE: Record<DiffKind, 'warning' | 'success' | 'danger' | 'neutral'> = {
  changed: 'warning',
  added: 'success',
  removed: 'danger',
  unchanged: 'neutral',
};

function Value({ present, value }: { present: boolean; value: unknown }) {
  const t = useTranslations('settings');
  if (!present) return <span className={styles.absent}>{t('audit.absent')}</span>;
  return <>{displayValue(value)}</>;
}

/**
 * Before and after side by side, one row per dotted path; changed, added and removed rows are tinted
 * and labelled (the label, not the colour, carries the meaning). "Only changes" hides the rest.
 */
export function DiffView({ before, after }: { before: unknown; after: unknown }) {
  const t = useTranslations('settings');
  const id = useId();
  const rows = useMemo(() => auditDiff(before, after), [before, after]);
  const summary = diffSummary(rows);
  const [onlyChanges, setOnlyChanges] = useState(summary.unchanged > 0 && rows.length > 12);
  const shown = onlyChanges ? rows.filter((r) => r.kind !== 'unchanged') : rows;

  if (rows.length === 0) return <p className="muted">{t('audit.noValues')}</p>;
  return (
    <div>
      <p className="muted">
        {(['changed', 'added', 'removed'] as const)
          .filter((k) => summary[k] > 0)
          .map((k) => t(`audit.count.${k}`, { count: summary[k] }))
          .join(', ') || t('audit.noChange')}
      </p>
      {summary.unchanged > 0 && (
        <CheckboxField
          id={`${id}-only`}
          label={t('audit.onlyChanges', { count: summary.unchanged })}
          checked={onlyChanges}
          onChange={setOnlyChanges}
        />
      )}
      <div className={styles.scroll}>
        <table className={styles.diff}>
          <caption className="visually-hidden">{t('audit.diffCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
              <th scope="col">{t('audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row: DiffRow) => (
              <tr key={row.path} className={styles[row.kind]}>
                <th scope="row" className={styles.code}>
                  {row.path || t('audit.wholeValue')}
                </th>
                <td className={`${styles.value} ${styles.before}`}>
                  <Value present={row.hasBefore} value={row.before} />
                </td>
                <td className={`${styles.value} ${styles.after}`}>
                  <Value present={row.hasAfter} value={row.after} />
                </td>
                <td>
                  <StatusBadge tone={TONE[row.kind]}>{t(`audit.kind.${row.kind}`)}</StatusBadge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
