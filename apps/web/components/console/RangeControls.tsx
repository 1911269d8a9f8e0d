'use client';
import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { Field, SelectField } from './fields';
import styles from './console.module.css';

export type Interval = 'day' | 'week' | 'month';

export interface Range {
  from: string;
  to: string;
  interval: Interval;
}

/** The last `days` days up to today (UTC), by day. */
export function lastDays(days: number, today = new Date()): Range {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to, interval: 'day' };
}

/** From and to dates and the interval of a sales chart. */
export function RangeControls({ value, onChange }: { value: Range; onChange: (range: Range) => void }) {
  const t = useTranslations('console');
  const id = useId();
  return (
    <div className={styles.toolbar} role="group" aria-label={t('range.label')}>
      <Field
        id={`${id}-from`}
        label={t('range.from')}
        type="date"
        value={value.from}
        max={value.to}
        onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
      />
      <Field
        id={`${id}-to`}
        label={t('range.to')}
        type="date"
        value={value.to}
        min={value.from}
        onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
      />
      <SelectField
        id={`${id}-interval`}
        label={t('range.interval')}
        value={value.interval}
        onChange={(e) => onChange({ ...value, interval: e.target.value as Interval })}
      >
        <option value="day">{t('range.day')}</option>
        <option value="week">{t('range.week')}</option>
        <option value="month">{t('range.month')}</option>
      </SelectField>
    </div>
  );
}
