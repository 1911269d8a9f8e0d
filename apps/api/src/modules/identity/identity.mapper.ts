import type { Role } from '../../platform/context.js';
import { effectivePermissions } from './identity.permissions.js';
import type { UserRow } from './identity.repository.js';
import type { Me } from './identity.schemas.js';
import type { PersonalData } from './identity.secrets.js';

export const toMe = (u: UserRow, data: PersonalData): Me => ({
  id: u.id,
  email: data.open('email', u.emailCiphertext),
  emailVerified: u.emailVerifiedAt !== null,
  name: data.openOrNull('name', u.nameCiphertext),
  phone: data.openOrNull('phone', u.phoneCiphertext),
  locale: u.locale,
  roles: u.roles as Role[],
  permissions: effectivePermissions(u.roles as Role[], u.permissions),
  mfaEnabled: u.mfaEnabledAt !== null,
  hasPassword: u.passwordHash !== null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
  version: u.version,
});
