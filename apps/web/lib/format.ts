/** Money as the API sends it: an integer amount in the currency's minor unit. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f;
}

/** Number of minor-unit digits of a currency (2 for USD/EUR/INR, 0 for JPY), from `Intl`. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats minor units in the store's locale: `formatPrice({ amount: 2800, currency: 'EUR' }, 'de')` → `28,00 €`. */
export function formatPrice(money: Money, locale: string): string {
  return formatter(locale, money.currency).format(money.amount / 10 ** minorDigits(money.currency));
}

/** The amount as a decimal string for machines (schema.org `price`): `2800 USD` → `28.00`. */
export function decimalPrice(money: Money): string {
  const digits = minorDigits(money.currency);
  return (money.amount / 10 ** digits).toFixed(digits);
}
