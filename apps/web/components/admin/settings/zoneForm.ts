/** Shipping zone form values ⇄ the API's zone body. Pure, so it is tested without a browser. */
import type { paths } from '@bazaar/sdk';
import { moneyInput, parseMoney } from '../../console/format';
import { sameValue } from '../audit/diff';
import { COUNTRY, COUNTRY_REGION, parseCodes, UUID } from './forms';

export type Zone =
  paths['/api/v1/admin/shipping-zones']['get']['responses'][200]['content']['application/json']['data'][number];
export type ZoneBody = paths['/api/v1/admin/shipping-zones']['post']['requestBody']['content']['application/json'];
export type ZonePatch =
  paths['/api/v1/admin/shipping-zones/{id}']['patch']['requestBody']['content']['application/json'];
export type RateBody = NonNullable<ZoneBody['rates']>[number];
export type RateKind = Zone['rates'][number]['kind'];

export interface RateValues {
  /** Stable React key of the row. */
  key: string;
  /** The existing rate's id (kept so carts that chose it keep it). */
  id?: string;
  /** '' = every vendor without its own rate. */
  vendorId: string;
  name: string;
  kind: RateKind;
  amount: string;
  perKg: string;
  freeOver: string;
  minDays: string;
  maxDays: string;
}

export interface ZoneValues {
  name: string;
  countries: string;
  regions: string;
  rates: RateValues[];
}

/** Validation problems by path (`name`, `rates.0.amount`): keys of `settings.validation`. */
export type ZoneErrors = Record<string, string>;

export const MAX_RATES = 50;

let seq = 0;
const nextKey = () => `rate-${(seq += 1)}`;

export const emptyRate = (): RateValues => ({
  key: nextKey(),
  vendorId: '',
  name: '',
  kind: 'flat',
  amount: '',
  perKg: '',
  freeOver: '',
  minDays: '',
  maxDays: '',
});

export function zoneValuesOf(zone: Zone | null, currency: string): ZoneValues {
  if (!zone) return { name: '', countries: '', regions: '', rates: [emptyRate()] };
  return {
    name: zone.name,
    countries: zone.countries.join(', '),
    regions: zone.regions.join(', '),
    rates: zone.rates.map((r) => ({
      key: nextKey(),
      id: r.id,
      vendorId: r.vendorId ?? '',
      name: r.name,
      kind: r.kind,
      amount: moneyInput(r.amount.amount, currency),
      perKg: r.kind === 'weight' ? moneyInput(r.perKgAmount.amount, currency) : '',
      freeOver: r.freeOver ? moneyInput(r.freeOver.amount, currency) : '',
      minDays: String(r.estimatedDays.min),
      maxDays: String(r.estimatedDays.max),
    })),
  };
}

const days = (text: string): number | null => {
  const clean = text.trim();
  if (!/^\d{1,3}$/.test(clean)) return null;
  const n = Number(clean);
  return n <= 365 ? n : null;
};

/** The zone body and what needs fixing first. */
export function zoneInput(v: ZoneValues, currency: string): { body: ZoneBody; errors: ZoneErrors } {
  const errors: ZoneErrors = {};
  const name = v.name.trim();
  if (!name) errors.name = 'required';

  const countries = parseCodes(v.countries, COUNTRY);
  if (countries.invalid.length > 0) errors.countries = 'countryCodes';
  else if (countries.codes.length === 0) errors.countries = 'required';

  const regions = parseCodes(v.regions, COUNTRY_REGION);
  if (regions.invalid.length > 0) errors.regions = 'regionCodes';
  else if (regions.codes.some((r) => !countries.codes.includes(r.slice(0, 2)))) errors.regions = 'regionOutside';

  if (v.rates.length > MAX_RATES) errors.rates = 'tooManyRates';

  const money = (text: string) => {
    const minor = parseMoney(text, currency);
    return minor !== null && minor >= 0 && minor <= 2_147_483_647 ? minor : null;
  };

  const rates: RateBody[] = v.rates.map((r, i) => {
    const at = `rates.${i}`;
    const rateName = r.name.trim();
    if (!rateName) errors[`${at}.name`] = 'required';
    const vendorId = r.vendorId.trim();
    if (vendorId && !UUID.test(vendorId)) errors[`${at}.vendorId`] = 'vendorId';
    const amount = money(r.amount);
    if (amount === null) errors[`${at}.amount`] = 'amount';
    const perKg = r.kind === 'weight' ? (r.perKg.trim() ? money(r.perKg) : 0) : 0;
    if (perKg === null) errors[`${at}.perKgAmount`] = 'amount';
    const freeOver = r.freeOver.trim() ? money(r.freeOver) : null;
    if (r.freeOver.trim() && freeOver === null) errors[`${at}.freeOver`] = 'amount';

    const rate: RateBody = {
      ...(r.id ? { id: r.id } : {}),
      vendorId: vendorId || null,
      name: rateName,
      kind: r.kind,
      amount: { amount: amount ?? 0, currency },
      perKgAmount: { amount: perKg ?? 0, currency },
      freeOver: freeOver === null ? null : { amount: freeOver, currency },
    };
    if (r.minDays.trim() || r.maxDays.trim()) {
      const min = days(r.minDays);
      const max = days(r.maxDays);
      if (min === null) errors[`${at}.estimatedDays.min`] = 'days';
      if (max === null) errors[`${at}.estimatedDays.max`] = 'days';
      else if (min !== null && max < min) errors[`${at}.estimatedDays.max`] = 'daysOrder';
      rate.estimatedDays = { min: min ?? 0, max: max ?? 0 };
    }
    return rate;
  });

  return { body: { name, countries: countries.codes, regions: regions.codes, rates }, errors };
}

/** The rates of a zone as the body would send them, for telling whether they changed. */
function ratesOf(zone: Zone): RateBody[] {
  return zone.rates.map((r) => ({
    id: r.id,
    vendorId: r.vendorId,
    name: r.name,
    kind: r.kind,
    amount: r.amount,
    perKgAmount: r.kind === 'weight' ? r.perKgAmount : { amount: 0, currency: r.perKgAmount.currency },
    freeOver: r.freeOver,
    estimatedDays: r.estimatedDays,
  }));
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed; `rates` is sent whole (it replaces the list) when any rate changed. */
export function zoneChanges(zone: Zone, body: ZoneBody): ZonePatch {
  const patch: ZonePatch = {};
  if (body.name !== zone.name) patch.name = body.name;
  if (!sameList(body.countries, zone.countries)) patch.countries = body.countries;
  if (!sameList(body.regions ?? [], zone.regions)) patch.regions = body.regions ?? [];
  const normalise = (rates: RateBody[]) =>
    rates.map((r) => ({
      ...r,
      estimatedDays: r.estimatedDays ?? null,
      perKgAmount: r.kind === 'weight' ? r.perKgAmount : null,
    }));
  if (!sameValue(normalise(body.rates ?? []), normalise(ratesOf(zone)))) patch.rates = body.rates ?? [];
  return patch;
}
