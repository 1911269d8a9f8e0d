/** The shop profile form: its values, checks, and the changes `PATCH /api/v1/vendor/profile` takes. */
import type { paths } from '@bazaar/sdk';
import type { VendorProfile } from './types';

export type ProfileBody = paths['/api/v1/vendor/profile']['patch']['requestBody']['content']['application/json'];

export interface ProfileValues {
  name: string;
  description: string;
  logoUrl: string;
}

export type ProfileField = keyof ProfileValues;
/** Message keys in `vendor.profile.errors.*`. */
export type ProfileError = 'required' | 'tooLong' | 'logoUrl';

const LOGO_URL = /^(?:https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/;

export const profileValues = (p: VendorProfile): ProfileValues => ({
  name: p.name,
  description: p.description,
  logoUrl: p.logoUrl ?? '',
});

export function profileErrors(v: ProfileValues): Partial<Record<ProfileField, ProfileError>> {
  const errors: Partial<Record<ProfileField, ProfileError>> = {};
  const name = v.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 200) errors.name = 'tooLong';
  if (v.description.trim().length > 5000) errors.description = 'tooLong';
  const logo = v.logoUrl.trim();
  if (logo && (logo.length > 2048 || !LOGO_URL.test(logo))) errors.logoUrl = 'logoUrl';
  return errors;
}

/** Only what changed (an empty logo clears it); `{}` when nothing did. */
export function profileChanges(p: VendorProfile, v: ProfileValues): ProfileBody {
  const body: ProfileBody = {};
  if (v.name.trim() !== p.name) body.name = v.name.trim();
  if (v.description.trim() !== p.description) body.description = v.description.trim();
  const logo = v.logoUrl.trim() || null;
  if (logo !== p.logoUrl) body.logoUrl = logo;
  return body;
}
