/** Numbers the console types and shows: money in major units, dates, basis points. */
import { minorDigits } from '../../lib/format';

export { formatPrice, minorDigits } from '../../lib/format';

/** `"12.5"` in USD → 1250 minor units; null for text that is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = clean.replace('-', '').split('.');
  if (fraction.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return clean.startsWith('-') ? -minor : minor;
}

/** 1250 minor units in USD → `"12.50"`, for an input's value. */
export function moneyInput(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/** A timestamp in the page's locale, date and time (UTC shown as the browser's zone). */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * A date in the page's locale: a timestamp on the browser's calendar (like `formatDateTime`), a
 * calendar day of the API (`YYYY-MM-DD`) as that day.
 */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(day ? { timeZone: 'UTC' } : {}) }).format(
    new Date(iso),
  );
}

/** Basis points as a percentage: 1250 → `12.5 %` (locale-aware). */
export function formatBps(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
}

/** `YYYY-MM-DD` of a date, UTC. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
