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
  assertVendor,
  can,
  effectivePermissions,
  requirePermission,
  requireUser,
  requireVendor,
  type Permission,
} from './identity.permissions.js';
export { CookieSession, Me, TokenPair } from './identity.schemas.js';
export { PLATFORM_SCOPE } from './identity.secrets.js';
export {
  createIdentityService,
  type IdentityService,
  type LoginHook,
  PASSWORD_RESET_REQUESTED,
} from './identity.service.js';
export {
  queueNotification,
  registerNotificationDelivery,
  templateLocale,
  type NotificationRequest,
  type TemplateName,
} from './identity.notifications.js';
export { identityRoutes } from './identity.routes.js';
export { DEMO_PASSWORD, demoUsers, seedUsers } from './identity.seed.js';
export { apiKeyVerifier, createApiKeyService, type ApiKeyService } from './identity.apikeys.js';
export { createIdentityAdminService, type IdentityAdminService } from './identity.admin.js';
export { identityAdminRoutes } from './identity.admin.routes.js';
export {
  createSelfService,
  ERASED_MARKER,
  type ErasureStep,
  type ExportSection,
  type SelfService,
  SelfServiceEvents,
} from './identity.me.js';
export { selfServiceRoutes } from './identity.me.routes.js';
export {
  rotatePersonalData,
  type RotatedColumn,
  type RotationProgress,
  type RotationReport,
} from './identity.rotation.js';
export { createOidcService, type OidcService, startUrlOf } from './identity.oidc.js';
export { oidcRoutes } from './identity.oidc.routes.js';
export { assignVendor, vendorIdOfUser, vendorUserIds } from './identity.vendors.js';
export { ensureDemoCustomers, userIdByEmail, type DemoCustomer } from './identity.lookup.js';
export { userNamesOf } from './identity.names.js';
