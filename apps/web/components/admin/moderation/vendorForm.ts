/** The vendor form of the admin dashboard as pure functions: values from a vendor, and the change to send. */
import type { AdminVendor } from './types';

export interface VendorValues {
  name: string;
  description: string;
  logoUrl: string;
  /** Percent of each sale the store keeps, as typed ("12.5"); empty uses the store's rate. */
  commission: string;
}

export type VendorField = keyof VendorValues;
/** Message keys under `moderation.vendors.form.errors`. */
export type VendorError = 'required' | 'tooLong' | 'invalidUrl' | 'invalidRate';

export interface VendorChange {
  name?: string;
  description?: string;
  logoUrl?: string | null;
  commissionRateBps?: number | null;
}

const URL_PATTERN = /^(?:https?:\/\/\S+|\/(?!\/)\S*)$/;

/** 1250 bps → "12.5". */
export const percentText = (bps: number | null): string => (bps === null ? '' : String(bps / 100));

/** "12.5" → 1250 bps; null for text that is not a rate from 0 to 100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const clean = text.trim().replace(',', '.').replace(/\s*%$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  const bps = Math.round(Number(clean) * 100);
  return bps >= 0 && bps <= 10_000 ? bps : null;
}

export const vendorValues = (v: AdminVendor): VendorValues => ({
  name: v.name,
  description: v.description,
  logoUrl: v.logoUrl ?? '',
  commission: percentText(v.commissionRateBps),
});

/**
 * What changed between the vendor and the form, and what is wrong with the form. The commission is
 * sent only by accounts that may change it (`settings:manage`).
 */
export function vendorChanges(
  vendor: AdminVendor,
  values: VendorValues,
  mayChangeRate: boolean,
): { body: VendorChange; errors: Partial<Record<VendorField, VendorError>> } {
  const body: VendorChange = {};
  const errors: Partial<Record<VendorField, VendorError>> = {};

  const name = values.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 200) errors.name = 'tooLong';
  else if (name !== vendor.name) body.name = name;

  const description = values.description.trim();
  if (description.length > 5000) errors.description = 'tooLong';
  else if (description !== vendor.description.trim()) body.description = description;

  const logo = values.logoUrl.trim();
  if (logo && (!URL_PATTERN.test(logo) || logo.length > 2048)) errors.logoUrl = 'invalidUrl';
  else if ((logo || null) !== vendor.logoUrl) body.logoUrl = logo || null;

  if (mayChangeRate) {
    const text = values.commission.trim();
    const bps = text ? parsePercent(text) : null;
    if (text && bps === null) errors.commission = 'invalidRate';
    else if (bps !== vendor.commissionRateBps) body.commissionRateBps = bps;
  }

  return { body, errors };
}
