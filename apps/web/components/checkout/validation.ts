/**
 * Client-side checks of the checkout form before it is sent: required fields, email and phone
 * format, field lengths as the API accepts them. Pure: `validateCheckout(values, options)` returns
 * the errors per field as message keys of the `checkout` namespace (`errors.required`, …).
 */

export interface CheckoutValues {
  email: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
  phone: string;
  paymentMethod: string;
  testCard: string;
}

export type CheckoutField = keyof CheckoutValues;

/** The order the fields appear in the form: the first invalid one gets focus. */
export const FIELD_ORDER: readonly CheckoutField[] = [
  'email',
  'name',
  'line1',
  'line2',
  'city',
  'postalCode',
  'region',
  'country',
  'phone',
  'paymentMethod',
  'testCard',
];

export interface ValidationOptions {
  /** Guests give an email; a signed-in customer's order uses the account's. */
  needsEmail: boolean;
  /** Whether a card token has to be chosen (card payments). */
  needsCard?: boolean;
}

export type CheckoutErrors = Partial<Record<CheckoutField, string>>;

// Deliberately simple (the API validates for real): something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,32}$/;
const REGION = /^[A-Za-z0-9]{1,10}$/;
const COUNTRY = /^[A-Z]{2}$/;

const LIMITS: Partial<Record<CheckoutField, number>> = {
  email: 254,
  name: 200,
  line1: 200,
  line2: 200,
  city: 100,
  postalCode: 20,
};

export function validateCheckout(values: CheckoutValues, options: ValidationOptions): CheckoutErrors {
  const errors: CheckoutErrors = {};
  const v = (field: CheckoutField) => values[field].trim();

  if (options.needsEmail) {
    if (!v('email')) errors.email = 'errors.emailRequired';
    else if (!EMAIL.test(v('email'))) errors.email = 'errors.emailInvalid';
  }
  if (!v('name')) errors.name = 'errors.nameRequired';
  if (!v('line1')) errors.line1 = 'errors.line1Required';
  if (!v('city')) errors.city = 'errors.cityRequired';
  if (!v('postalCode')) errors.postalCode = 'errors.postalCodeRequired';
  if (v('region') && !REGION.test(v('region'))) errors.region = 'errors.regionInvalid';
  if (!COUNTRY.test(v('country'))) errors.country = 'errors.countryRequired';
  if (v('phone') && !PHONE.test(v('phone'))) errors.phone = 'errors.phoneInvalid';
  if (!v('paymentMethod')) errors.paymentMethod = 'errors.paymentMethodRequired';
  if (options.needsCard && values.paymentMethod === 'card' && !v('testCard')) errors.testCard = 'errors.cardRequired';

  for (const [field, max] of Object.entries(LIMITS) as Array<[CheckoutField, number]>) {
    if (!errors[field] && v(field).length > max) errors[field] = 'errors.tooLong';
  }
  return errors;
}

/** The first field with an error, in form order. */
export function firstInvalid(errors: CheckoutErrors): CheckoutField | undefined {
  return FIELD_ORDER.find((field) => errors[field] !== undefined);
}
