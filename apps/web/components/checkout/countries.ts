/** Countries the checkout offers, and the store's own as the default. */

export const COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'DE',
  'AT',
  'CH',
  'FR',
  'NL',
  'BE',
  'LU',
  'IT',
  'ES',
  'PT',
  'DK',
  'SE',
  'NO',
  'FI',
  'PL',
  'CZ',
  'IN',
  'AU',
  'NZ',
  'JP',
  'SG',
] as const;

const BY_CURRENCY: Record<string, string> = {
  USD: 'US',
  EUR: 'DE',
  INR: 'IN',
  GBP: 'GB',
  CAD: 'CA',
  AUD: 'AU',
  JPY: 'JP',
  CHF: 'CH',
};

/** The store's country: the region of its locale (`en-IN` → `IN`), else its currency's (`EUR` → `DE`). */
export function storeCountry(store: { locale: string; currency: string }): string {
  const region = store.locale.split('-')[1]?.toUpperCase();
  if (region && /^[A-Z]{2}$/.test(region)) return region;
  return BY_CURRENCY[store.currency] ?? 'US';
}

/** Country names in the UI language, sorted by name. */
export function countryOptions(uiLocale: string, extra?: string | null): Array<{ code: string; name: string }> {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([uiLocale], { type: 'region' });
  } catch {
    names = null;
  }
  const codes = new Set<string>(COUNTRIES);
  if (extra && /^[A-Z]{2}$/.test(extra)) codes.add(extra);
  return [...codes]
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, uiLocale));
}
