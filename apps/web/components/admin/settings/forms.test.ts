import { describe, expect, it } from 'vitest';
import { bpsToPercent, dayBoundary, parseCodes, percentToBps, COUNTRY, COUNTRY_REGION } from './forms';
import { providerChanges, providerInput } from './SignInProviders';
import type { ProviderValues } from './SignInProviders';
import { taxRateInput } from './TaxRates';
import { emptyRate, zoneChanges, zoneInput, zoneValuesOf } from './zoneForm';
import type { Zone } from './zoneForm';

describe('percent ⇄ basis points', () => {
  it('reads percentages with up to two decimals, comma or point', () => {
    expect(percentToBps('10')).toBe(1000);
    expect(percentToBps('7,25')).toBe(725);
    expect(percentToBps(' 0 ')).toBe(0);
    expect(percentToBps('100')).toBe(10_000);
    expect(percentToBps('100.01')).toBeNull();
    expect(percentToBps('1.234')).toBeNull();
    expect(percentToBps('-1')).toBeNull();
    expect(percentToBps('ten')).toBeNull();
    expect(bpsToPercent(1250)).toBe('12.5');
  });
});

describe('parseCodes', () => {
  it('upper-cases, splits on commas and spaces, drops duplicates and reports the invalid', () => {
    expect(parseCodes('us, de  fr;us', COUNTRY)).toEqual({ codes: ['US', 'DE', 'FR'], invalid: [] });
    expect(parseCodes('US-CA, usa', COUNTRY_REGION)).toEqual({ codes: ['US-CA'], invalid: ['USA'] });
  });
});

describe('dayBoundary', () => {
  it('turns a day into the local start or end instant, and junk into nothing', () => {
    expect(dayBoundary('2026-12-01')).toBe(new Date('2026-12-01T00:00:00.000').toISOString());
    expect(dayBoundary('2026-12-01', true)).toBe(new Date('2026-12-01T23:59:59.999').toISOString());
    expect(dayBoundary('yesterday')).toBeUndefined();
    expect(dayBoundary(undefined)).toBeUndefined();
  });
});

describe('taxRateInput', () => {
  it('validates and builds the body', () => {
    expect(taxRateInput({ name: ' Bavaria ', country: 'de', region: 'by', rate: '19' })).toEqual({
      body: { name: 'Bavaria', country: 'DE', region: 'BY', rateBps: 1900 },
      errors: {},
    });
    expect(taxRateInput({ name: '', country: 'DEU', region: 'B-Y', rate: '' }).errors).toEqual({
      name: 'required',
      country: 'countryCode',
      region: 'regionCode',
      rate: 'percent',
    });
    expect(taxRateInput({ name: 'x', country: 'DE', region: '', rate: '7' }).body.region).toBeNull();
  });
});

const zone: Zone = {
  id: '01a24a11-9fb9-76f1-b03c-2380337cfdc3',
  name: 'United States',
  countries: ['US'],
  regions: [],
  rates: [
    {
      id: '01a24a11-9fba-75bd-a6b6-ba7baf17c113',
      vendorId: null,
      name: 'Standard',
      kind: 'flat',
      amount: { amount: 599, currency: 'USD' },
      perKgAmount: { amount: 0, currency: 'USD' },
      freeOver: { amount: 7500, currency: 'USD' },
      estimatedDays: { min: 3, max: 6 },
    },
  ],
  version: 3,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  deletedAt: null,
};

describe('zone form', () => {
  it('round-trips a zone without changes', () => {
    const { body, errors } = zoneInput(zoneValuesOf(zone, 'USD'), 'USD');
    expect(errors).toEqual({});
    expect(zoneChanges(zone, body)).toEqual({});
  });

  it('sends the whole rate list, keeping ids, when one rate changes', () => {
    const values = zoneValuesOf(zone, 'USD');
    values.rates[0]!.amount = '6.49';
    values.rates.push({ ...emptyRate(), name: 'Heavy', kind: 'weight', amount: '4', perKg: '1.5' });
    const { body, errors } = zoneInput(values, 'USD');
    expect(errors).toEqual({});
    const patch = zoneChanges(zone, body);
    expect(Object.keys(patch)).toEqual(['rates']);
    expect(patch.rates?.[0]).toMatchObject({ id: zone.rates[0]!.id, amount: { amount: 649, currency: 'USD' } });
    expect(patch.rates?.[1]).toMatchObject({
      kind: 'weight',
      vendorId: null,
      amount: { amount: 400, currency: 'USD' },
      perKgAmount: { amount: 150, currency: 'USD' },
      freeOver: null,
    });
    expect(patch.rates?.[1]).not.toHaveProperty('id');
  });

  it('reports problems by path', () => {
    const values = zoneValuesOf(null, 'USD');
    values.countries = 'US, XYZ';
    values.regions = 'CA-ON';
    values.rates[0] = { ...values.rates[0]!, amount: 'free', minDays: '5', maxDays: '2', vendorId: 'nope' };
    expect(zoneInput(values, 'USD').errors).toEqual({
      name: 'required',
      countries: 'countryCodes',
      regions: 'regionOutside',
      'rates.0.name': 'required',
      'rates.0.vendorId': 'vendorId',
      'rates.0.amount': 'amount',
      'rates.0.estimatedDays.max': 'daysOrder',
    });
  });
});

describe('sign-in provider form', () => {
  const values: ProviderValues = {
    name: 'Google',
    slug: 'google',
    issuer: 'https://accounts.google.com',
    clientId: 'abc',
    clientSecret: '',
    removeSecret: false,
    scopes: 'openid  email',
    enabled: true,
  };
  const provider = {
    id: '01a24a11-0000-7000-8000-000000000009',
    slug: 'google',
    name: 'Google',
    issuer: 'https://accounts.google.com',
    clientId: 'abc',
    hasClientSecret: true,
    scopes: 'openid email',
    enabled: true,
    startUrl: '/api/v1/auth/oidc/google/start',
    version: 2,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };

  it('never sends an empty secret; removing one sends null', () => {
    const { body, errors } = providerInput(values);
    expect(errors).toEqual({});
    expect(body).not.toHaveProperty('clientSecret');
    expect(providerChanges(provider, body, false)).toEqual({});
    expect(providerChanges(provider, body, true)).toEqual({ clientSecret: null });
    const typed = providerInput({ ...values, clientSecret: 'n3w' }).body;
    expect(providerChanges(provider, typed, false)).toEqual({ clientSecret: 'n3w' });
  });

  it('validates slug, issuer and client id', () => {
    expect(providerInput({ ...values, slug: 'My IdP', issuer: 'accounts', clientId: ' ' }).errors).toEqual({
      slug: 'slug',
      issuer: 'issuer',
      clientId: 'required',
    });
  });
});
