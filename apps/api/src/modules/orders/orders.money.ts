/**
 * Money as people read it: minor units formatted in the order's locale and currency. Pure.
 */

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * `1999, 'USD', 'en'` → `$19.99`; `1999, 'EUR', 'de'` → `19,99 €`. `latin1Only` falls back to the
 * currency code where the symbol would fall outside Latin-1 (the PDF's standard fonts cannot draw
 * `₹`).
 */
export function formatMoney(
  amount: number,
  currency: string,
  locale: string,
  opts: { latin1Only?: boolean } = {},
): string {
  const value = amount / 10 ** minorDigits(currency);
  const format = (display: 'symbol' | 'code') =>
    new Intl.NumberFormat(safeLocale(locale), { style: 'currency', currency, currencyDisplay: display }).format(value);
  let text: string;
  try {
    text = format('symbol');
    // eslint-disable-next-line no-control-regex
    if (opts.latin1Only && /[^\u0000-\u00ff]/.test(text.replace(/[\u202f\u2009\u00a0]/g, ' '))) text = format('code');
  } catch {
    text = `${value.toFixed(minorDigits(currency))} ${currency}`;
  }
  return opts.latin1Only ? text.replace(/[\u202f\u2009]/g, ' ') : text;
}

/** `round(value × numerator / denominator)`, halves away from zero, in integers (no float drift). */
export function proportionHalfUp(value: number, numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  const product = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = product / d;
  const r = product % d;
  return Number(2n * (r < 0n ? -r : r) >= d ? q + (product < 0n ? -1n : 1n) : q);
}
