'use client';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import styles from './console.module.css';

export interface ChartPoint {
  /** `YYYY-MM-DD`, the first day of the period. */
  period: string;
  value: number;
}

/**
 * One series over time as a line (or bars), with the same figures in a visually hidden table for
 * screen readers. `format` turns a value into text (money, count, percent).
 */
export function SalesChart({
  title,
  points,
  format,
  locale,
  kind = 'line',
}: {
  title: string;
  points: readonly ChartPoint[];
  format: (value: number) => string;
  locale: string;
  kind?: 'line' | 'bar';
}) {
  const t = useTranslations('console');
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const label = (period: string) => day.format(new Date(`${period}T00:00:00Z`));
  const data = points.map((p) => ({ ...p, label: label(p.period) }));
  const axis = { fontSize: 12, fill: '#4b5563' };
  return (
    <figure className={styles.panel} style={{ margin: '0 0 1.25rem' }}>
      <figcaption className={styles.h2}>{title}</figcaption>
      <div className={styles.chart} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {kind === 'bar' ? (
            <BarChart data={data} margin={{ top: 12, right: 12, bottom: 0, left: 12 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={16} />
              <YAxis tick={axis} tickFormatter={(v: number) => format(v)} width={80} />
              <Tooltip formatter={(v) => format(Number(v))} />
              <Bar dataKey="value" fill="#1d4ed8" isAnimationActive={false} />
            </BarChart>
          ) : (
            <LineChart data={data} margin={{ top: 12, right: 12, bottom: 0, left: 12 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={16} />
              <YAxis tick={axis} tickFormatter={(v: number) => format(v)} width={80} />
              <Tooltip formatter={(v) => format(Number(v))} />
              <Line
                type="monotone"
                dataKey="value"
                stroke="#1d4ed8"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.period')}</th>
            <th scope="col">{title}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.label}</th>
              <td>{format(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
