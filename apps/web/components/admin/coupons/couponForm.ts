/** The coupon form as pure functions: values from a coupon, validation, and the body the API takes. */
import type { paths } from '@bazaar/sdk';
import { moneyInput, parseMoney } from '../../console/format';
import { fromLocalInput, localInput } from '../moderation/dates';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type Coupon = Ok<paths['/api/v1/admin/coupons']['get']>['data'][number];
export type CouponKind = Coupon['kind'];
export const COUPON_KINDS = ['percentage', 'fixed', 'free_shipping'] as const satisfies readonly CouponKind[];

export type CouponBody = NonNullable<
  paths['/api/v1/admin/coupons']['post']['requestBody']
>['content']['application/json'];

export interface CouponValues {
  code: string;
  name: string;
  kind: CouponKind;
  /** Percent ("10", "12.5") or an amount ("5.00"), as typed. */
  value: string;
  vendorId: string | null;
  automatic: boolean;
  active: boolean;
  /** An amount ("50.00"); empty is no minimum. */
  minSubtotal: string;
  /** `datetime-local` values, in the browser's zone; empty is open. */
  startsAt: string;
  endsAt: string;
  /** Whole numbers; empty is unlimited. */
  usageLimit: string;
  perCustomerLimit: string;
}

export type CouponField = Exclude<keyof CouponValues, 'kind' | 'automatic' | 'active'>;

/** Message keys under `moderation.coupons.form.errors`. */
export type CouponError =
  | 'required'
  | 'tooLong'
  | 'invalidCode'
  | 'invalidPercent'
  | 'invalidAmount'
  | 'invalidNumber'
  | 'invalidDate'
  | 'endsBeforeStarts'
  | 'invalidVendor';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT_MAX = 2_147_483_647;

export const emptyCoupon = (): CouponValues => ({
  code: '',
  name: '',
  kind: 'percentage',
  value: '',
  vendorId: null,
  automatic: false,
  active: true,
  minSubtotal: '',
  startsAt: '',
  endsAt: '',
  usageLimit: '',
  perCustomerLimit: '',
});

export function couponValues(c: Coupon): CouponValues {
  const currency = c.minSubtotal.currency;
  return {
    code: c.code ?? '',
    name: c.name,
    kind: c.kind,
    value: c.kind === 'percentage' ? String(c.value / 100) : c.kind === 'fixed' ? moneyInput(c.value, currency) : '',
    vendorId: c.vendorId,
    automatic: c.automatic,
    active: c.active,
    minSubtotal: c.minSubtotal.amount > 0 ? moneyInput(c.minSubtotal.amount, currency) : '',
    startsAt: localInput(c.startsAt),
    endsAt: localInput(c.endsAt),
    usageLimit: c.usageLimit === null ? '' : String(c.usageLimit),
    perCustomerLimit: c.perCustomerLimit === null ? '' : String(c.perCustomerLimit),
  };
}

/** "12.5" → 1250 basis points; null unless 0.01–100 with at most two decimals. */
export function parsePercentBps(text: string): number | null {
  const clean = text.trim().replace(',', '.').replace(/\s*%$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  const bps = Math.round(Number(clean) * 100);
  return bps >= 1 && bps <= 10_000 ? bps : null;
}

function parseLimit(text: string): number | null | 'invalid' {
  const clean = text.trim();
  if (!clean) return null;
  if (!/^\d+$/.test(clean)) return 'invalid';
  const n = Number(clean);
  return n >= 1 && n <= INT_MAX ? n : 'invalid';
}

/**
 * Checks the form and builds the whole body (a create, or a change that sends every field):
 * the API's rules — a code unless automatic, 1–100 %, an amount above 0, the end after the start —
 * are checked here first so most mistakes never leave the browser.
 */
export function couponPayload(
  values: CouponValues,
  currency: string,
): { body: CouponBody; errors: Partial<Record<CouponField, CouponError>> } {
  const errors: Partial<Record<CouponField, CouponError>> = {};

  const code = values.code.trim().toUpperCase();
  if (!code && !values.automatic) errors.code = 'required';
  else if (code && (code.length < 2 || code.length > 40 || !CODE.test(code))) errors.code = 'invalidCode';

  const name = values.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 200) errors.name = 'tooLong';

  let value = 0;
  if (values.kind === 'percentage') {
    const bps = values.value.trim() ? parsePercentBps(values.value) : null;
    if (!values.value.trim()) errors.value = 'required';
    else if (bps === null) errors.value = 'invalidPercent';
    else value = bps;
  } else if (values.kind === 'fixed') {
    const amount = values.value.trim() ? parseMoney(values.value, currency) : null;
    if (!values.value.trim()) errors.value = 'required';
    else if (amount === null || amount < 1 || amount > INT_MAX) errors.value = 'invalidAmount';
    else value = amount;
  }

  let minSubtotal = 0;
  if (values.minSubtotal.trim()) {
    const amount = parseMoney(values.minSubtotal, currency);
    if (amount === null || amount < 0 || amount > INT_MAX) errors.minSubtotal = 'invalidAmount';
    else minSubtotal = amount;
  }

  if (values.vendorId && !UUID.test(values.vendorId)) errors.vendorId = 'invalidVendor';

  const startsAt = fromLocalInput(values.startsAt);
  const endsAt = fromLocalInput(values.endsAt);
  if (values.startsAt.trim() && !startsAt) errors.startsAt = 'invalidDate';
  if (values.endsAt.trim() && !endsAt) errors.endsAt = 'invalidDate';
  else if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = 'endsBeforeStarts';

  const usageLimit = parseLimit(values.usageLimit);
  if (usageLimit === 'invalid') errors.usageLimit = 'invalidNumber';
  const perCustomerLimit = parseLimit(values.perCustomerLimit);
  if (perCustomerLimit === 'invalid') errors.perCustomerLimit = 'invalidNumber';

  const body: CouponBody = {
    code: code || null,
    name,
    kind: values.kind,
    value,
    vendorId: values.vendorId || null,
    automatic: values.automatic,
    active: values.active,
    minSubtotal: { amount: minSubtotal, currency },
    startsAt,
    endsAt,
    usageLimit: usageLimit === 'invalid' ? null : usageLimit,
    perCustomerLimit: perCustomerLimit === 'invalid' ? null : perCustomerLimit,
  };
  return { body, errors };
}

/** Problem codes without a field path, and the field each belongs to. */
export const CODE_FIELD: Record<string, CouponField> = {
  coupon_code_taken: 'code',
  coupon_code_required: 'code',
  invalid_coupon_value: 'value',
  invalid_coupon_period: 'endsAt',
  usage_limit_below_used: 'usageLimit',
};
