/** Small parsers and formatters the settings, people and audit screens share. Pure. */

/** `If-Match` for a versioned record. */
export const ifMatch = (version: number): { 'If-Match': string } => ({ 'If-Match': `"${version}"` });

/** `"12.5"` (percent, up to two decimals, 0–100) → 1250 basis points; null for anything else. */
export function percentToBps(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  const bps = Math.round(Number(clean) * 100);
  return bps <= 10_000 ? bps : null;
}

/** 1250 basis points → `"12.5"`, for an input's value. */
export const bpsToPercent = (bps: number): string => String(bps / 100);

export const COUNTRY = /^[A-Z]{2}$/;
/** ISO 3166-2 subdivision without its country (`CA`, `BY`). */
export const REGION = /^[A-Z0-9]{1,3}$/;
/** `<country>-<region>` (`US-CA`). */
export const COUNTRY_REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `"us, de  fr"` → `['US', 'DE', 'FR']` (upper case, duplicates dropped) and what does not match `pattern`. */
export function parseCodes(text: string, pattern: RegExp): { codes: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const codes = [...new Set(parts)];
  return { codes: codes.filter((c) => pattern.test(c)), invalid: codes.filter((c) => !pattern.test(c)) };
}

/** A country's name in `locale` (`DE` → "Germany"), or the code itself when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Trimmed text, or null when empty (a cleared optional field). */
export const orNull = (text: string): string | null => text.trim() || null;

/** `YYYY-MM-DD` of a local day → the ISO instant it starts (`end`: the last millisecond of it). */
export function dayBoundary(day: string | undefined, end = false): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
