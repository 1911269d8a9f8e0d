/** The address form's values, validation and request bodies (pure, shared by add and edit). */
import type { paths } from '@bazaar/sdk';

export type SavedAddress =
  paths['/api/v1/me/addresses']['get']['responses'][200]['content']['application/json']['data'][number];
type CreateBody = NonNullable<paths['/api/v1/me/addresses']['post']['requestBody']>['content']['application/json'];
type UpdateBody = NonNullable<
  paths['/api/v1/me/addresses/{id}']['patch']['requestBody']
>['content']['application/json'];

export interface AddressValues {
  label: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

export type AddressField = Exclude<keyof AddressValues, 'isDefaultShipping' | 'isDefaultBilling'>;
export type AddressErrors = Partial<Record<AddressField, 'required' | 'tooLong' | 'country' | 'phone'>>;

export const ADDRESS_FIELDS: readonly AddressField[] = [
  'label',
  'name',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'phone',
];

const MAX: Record<AddressField, number> = {
  label: 60,
  name: 200,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 2,
  phone: 32,
};

const REQUIRED: readonly AddressField[] = ['name', 'line1', 'city', 'postalCode', 'country'];

export const emptyAddress = (country = ''): AddressValues => ({
  label: '',
  name: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postalCode: '',
  country,
  phone: '',
  isDefaultShipping: false,
  isDefaultBilling: false,
});

/** Per-field problems as message keys (`account.addresses.errors.<key>`); empty when valid. */
export function validateAddress(values: AddressValues): AddressErrors {
  const errors: AddressErrors = {};
  for (const field of ADDRESS_FIELDS) {
    const value = values[field].trim();
    if (!value) {
      if (REQUIRED.includes(field)) errors[field] = 'required';
      continue;
    }
    if (field === 'country') {
      if (!/^[A-Za-z]{2}$/.test(value)) errors.country = 'country';
      continue;
    }
    if (field === 'phone' && !/^\+?[0-9 ()./-]{3,32}$/.test(value)) {
      errors.phone = 'phone';
      continue;
    }
    if ([...value].length > MAX[field]) errors[field] = 'tooLong';
  }
  return errors;
}

const clean = (v: string): string | undefined => v.trim() || undefined;

/** The body of `POST /me/addresses`: optional fields left out when empty, country upper-cased. */
export function createBody(v: AddressValues): CreateBody {
  const body: CreateBody = {
    name: v.name.trim(),
    line1: v.line1.trim(),
    city: v.city.trim(),
    postalCode: v.postalCode.trim(),
    country: v.country.trim().toUpperCase(),
    isDefaultShipping: v.isDefaultShipping,
    isDefaultBilling: v.isDefaultBilling,
  };
  const label = clean(v.label);
  const line2 = clean(v.line2);
  const region = clean(v.region);
  const phone = clean(v.phone);
  if (label) body.label = label;
  if (line2) body.line2 = line2;
  if (region) body.region = region;
  if (phone) body.phone = phone;
  return body;
}

/** The body of `PATCH /me/addresses/{id}`: every field, `null` clearing the optional ones left empty. */
export function updateBody(v: AddressValues): UpdateBody {
  return {
    label: clean(v.label) ?? null,
    name: v.name.trim(),
    line1: v.line1.trim(),
    line2: clean(v.line2) ?? null,
    city: v.city.trim(),
    region: clean(v.region) ?? null,
    postalCode: v.postalCode.trim(),
    country: v.country.trim().toUpperCase(),
    phone: clean(v.phone) ?? null,
    isDefaultShipping: v.isDefaultShipping,
    isDefaultBilling: v.isDefaultBilling,
  };
}

/** The form's values for a saved address. */
export function valuesOf(a: SavedAddress): AddressValues {
  return {
    label: a.label ?? '',
    name: a.name,
    line1: a.line1,
    line2: a.line2 ?? '',
    city: a.city,
    region: a.region ?? '',
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? '',
    isDefaultShipping: a.isDefaultShipping,
    isDefaultBilling: a.isDefaultBilling,
  };
}
