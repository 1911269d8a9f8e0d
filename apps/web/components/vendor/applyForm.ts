/** The application to sell: the form's values, their checks and the body `POST /api/v1/vendors/apply` takes. */
import type { ApplyBody, VendorProfile } from './types';

export interface ApplyValues {
  name: string;
  slug: string;
  description: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

/** Form fields, named like the API's paths so its field errors land on them (`contact.email`). */
export type ApplyField = 'name' | 'slug' | 'description' | 'contact.name' | 'contact.email' | 'contact.phone';

/** Message keys in `vendor.apply.errors.*`. */
export type ApplyError = 'required' | 'tooLong' | 'slugFormat' | 'emailFormat' | 'phoneFormat';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,32}$/;

/** The values to start from: the previous application (to apply again), else the account's name and email. */
export function initialApplyValues(
  account: { name: string | null; email: string },
  previous?: VendorProfile,
): ApplyValues {
  return {
    name: previous?.name ?? '',
    slug: previous?.slug ?? '',
    description: previous?.description ?? '',
    contactName: previous?.contact?.name ?? account.name ?? '',
    contactEmail: previous?.contact?.email ?? account.email,
    contactPhone: previous?.contact?.phone ?? '',
  };
}

/** The same limits the API checks, so most mistakes show before anything is sent. */
export function applyErrors(v: ApplyValues): Partial<Record<ApplyField, ApplyError>> {
  const errors: Partial<Record<ApplyField, ApplyError>> = {};
  const name = v.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 200) errors.name = 'tooLong';
  const slug = v.slug.trim();
  if (slug && (slug.length > 100 || !SLUG.test(slug))) errors.slug = 'slugFormat';
  if (v.description.trim().length > 5000) errors.description = 'tooLong';
  if (v.contactName.trim().length > 200) errors['contact.name'] = 'tooLong';
  const email = v.contactEmail.trim();
  if (!email) errors['contact.email'] = 'required';
  else if (email.length > 254 || !EMAIL.test(email)) errors['contact.email'] = 'emailFormat';
  const phone = v.contactPhone.trim();
  if (phone && !PHONE.test(phone)) errors['contact.phone'] = 'phoneFormat';
  return errors;
}

/** The request body: trimmed, optional fields left out when empty. */
export function applyBody(v: ApplyValues): ApplyBody {
  const contact: ApplyBody['contact'] = { email: v.contactEmail.trim() };
  if (v.contactName.trim()) contact.name = v.contactName.trim();
  if (v.contactPhone.trim()) contact.phone = v.contactPhone.trim();
  const body: ApplyBody = { name: v.name.trim(), contact };
  if (v.slug.trim()) body.slug = v.slug.trim();
  if (v.description.trim()) body.description = v.description.trim();
  return body;
}
