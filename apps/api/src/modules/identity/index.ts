export {
  PASSWORD_MAX,
  PASSWORD_MIN,
  hashPassword,
  needsRehash,
  passwordProblems,
  verifyPassword,
} from './identity.passwords.js';
export {
  ALL_PERMISSIONS,
  DEFAULT_STAFF_PERMISSIONS,
  STORE_PERMISSIONS,
  assertCan,
  can,
  effectivePermissions,
  requirePermission,
  requireUser,
  type Permission,
} from './identity.permissions.js';
export { CookieSession, Me, TokenPair } from './identity.schemas.js';
export { PLATFORM_SCOPE } from './identity.secrets.js';
export { createIdentityService, type IdentityService, PASSWORD_RESET_REQUESTED } from './identity.service.js';
export { registerNotificationDelivery } from './identity.notifications.js';
export { identityRoutes } from './identity.routes.js';
export { DEMO_PASSWORD, demoUsers, seedUsers } from './identity.seed.js';
// identity: admin exports
// identity: self-service exports
// identity: oidc exports
