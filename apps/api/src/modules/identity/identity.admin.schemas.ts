/**
 * Request and response schemas of store administration: people (users, invitations), service
 * credentials (API keys), the audit log and sent notifications. Item schemas carry no `$id`: they
 * are used inline by this module's routes only.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';
import { STORE_PERMISSIONS } from './identity.permissions.js';
import { Email, Password, PermissionName, RoleName, Timestamp, Uuid } from './identity.schemas.js';

export type StorePermission = (typeof STORE_PERMISSIONS)[number];

/** Roles a store gives its people (platform_admin is the platform's). */
export const StoreRoleName = Type.Union([
  Type.Literal('owner'),
  Type.Literal('staff'),
  Type.Literal('vendor'),
  Type.Literal('customer'),
]);
export type StoreRoleName = Static<typeof StoreRoleName>;

export const StorePermissionName = Type.Unsafe<StorePermission>({ type: 'string', enum: [...STORE_PERMISSIONS] });

const StorePermissions = Type.Array(StorePermissionName, { maxItems: STORE_PERMISSIONS.length, uniqueItems: true });

/** The list envelope of API.md around `item`, inline (no shared `$id`). */
function listOf<T extends TSchema>(item: T, description: string) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return { ...inline, description } as typeof envelope;
}

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });

// ---------------------------------------------------------------------------------------------- users

export const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('blocked'), Type.Literal('erased')]);

export const AdminUser = Type.Object({
  id: Uuid,
  email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()], {
    description: 'Null once the account is erased.',
  }),
  name: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  roles: Type.Array(RoleName, { maxItems: 5 }),
  permissions: Type.Array(PermissionName, {
    maxItems: 50,
    description: 'Effective: what the roles bring plus the grants.',
  }),
  grantedPermissions: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 50,
    description: 'Granted one by one (they count for staff).',
  }),
  status: UserStatus,
  emailVerified: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
export type AdminUser = Static<typeof AdminUser>;
export const AdminUserList = listOf(AdminUser, 'Accounts of the store, oldest first.');

export const UserListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  role: Type.Optional(StoreRoleName),
  status: Type.Optional(UserStatus),
  email: Type.Optional(Email),
});
export type UserListQuery = Static<typeof UserListQuery>;

export const UpdateUserBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(StoreRoleName, { minItems: 1, maxItems: 4, uniqueItems: true })),
    permissions: Type.Optional(StorePermissions),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('blocked')])),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Replaces what is given. `permissions` are the grants (they count for staff).',
  },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

// -------------------------------------------------------------------------------------- invitations

export const InvitationRole = Type.Union([Type.Literal('staff'), Type.Literal('owner')]);
export type InvitationRole = Static<typeof InvitationRole>;
export const InvitationStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('expired'),
]);
export type InvitationStatus = Static<typeof InvitationStatus>;

export const Invitation = Type.Object({
  id: Uuid,
  email: Type.String({ maxLength: 254 }),
  role: InvitationRole,
  permissions: StorePermissions,
  status: InvitationStatus,
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type Invitation = Static<typeof Invitation>;
export const InvitationList = listOf(Invitation, 'Invitations, newest first.');

export const CreateInvitationBody = Type.Object(
  {
    email: Email,
    role: InvitationRole,
    permissions: Type.Optional(StorePermissions),
  },
  { additionalProperties: false },
);
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

export const InvitationListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  status: Type.Optional(InvitationStatus),
});
export type InvitationListQuery = Static<typeof InvitationListQuery>;

export const AcceptInvitationBody = Type.Object(
  {
    token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
    password: Password,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    totp: Type.Optional(Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' })),
    recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 32 })),
  },
  {
    additionalProperties: false,
    description: '`totp` or `recoveryCode` only for an existing account with two-factor sign-in.',
  },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;

// ----------------------------------------------------------------------------------------- API keys

export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String({ maxLength: 100 }),
  prefix: Type.String({ maxLength: 16, description: 'The visible start of the key, to tell keys apart.' }),
  scopes: StorePermissions,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
  createdAt: Timestamp,
});
export type ApiKey = Static<typeof ApiKey>;
export const ApiKeyList = listOf(ApiKey, 'API keys, newest first; the keys themselves are never shown again.');

export const CreatedApiKey = Type.Object({
  id: Uuid,
  name: Type.String({ maxLength: 100 }),
  prefix: Type.String({ maxLength: 16 }),
  scopes: StorePermissions,
  expiresAt: NullableTimestamp,
  createdAt: Timestamp,
  key: Type.String({ maxLength: 128, description: 'Shown only in this response: `Authorization: Bearer <key>`.' }),
});
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(StorePermissionName, {
      minItems: 1,
      maxItems: STORE_PERMISSIONS.length,
      uniqueItems: true,
    }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'At most a year ahead.' })),
  },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const PageOnlyQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
});

// ---------------------------------------------------------------------------------------- audit log

export const AuditItem = Type.Object({
  id: Uuid,
  action: Type.String({ maxLength: 100 }),
  entityType: Type.String({ maxLength: 64 }),
  entityId: Type.String({ maxLength: 200 }),
  actor: Type.Object({
    type: Type.String({ maxLength: 20, description: '`user`, `api_key`, `system` or `anonymous`.' }),
    id: Type.Union([Uuid, Type.Null()]),
  }),
  before: Type.Unknown({ description: 'The changed values before (personal fields are named, never shown).' }),
  after: Type.Unknown({ description: 'The changed values after.' }),
  requestId: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
  ip: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  createdAt: Timestamp,
});
export type AuditItem = Static<typeof AuditItem>;
export const AuditList = listOf(AuditItem, 'Audit entries, newest first.');

export const AuditListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  actorId: Type.Optional(Uuid),
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9_.:-]+(\\*)?$|^\\*$',
      description: 'An action (`user.blocked`) or a prefix ending in `*` (`user.*`).',
    }),
  ),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
});
export type AuditListQuery = Static<typeof AuditListQuery>;

// ------------------------------------------------------------------------------------ notifications

export const NotificationStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('stored'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);

export const NotificationItem = Type.Object({
  id: Uuid,
  channel: Type.Literal('email'),
  to: Type.String({ maxLength: 254 }),
  recipientUserId: Type.Union([Uuid, Type.Null()]),
  template: Type.String({ maxLength: 64 }),
  locale: Type.String({ maxLength: 35 }),
  subject: Type.String({ maxLength: 1000 }),
  body: Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()]),
  redacted: Type.Boolean({
    description: 'The body carries a sign-in link and is shown only to those who may manage users.',
  }),
  status: NotificationStatus,
  error: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
});
export type NotificationItem = Static<typeof NotificationItem>;
export const NotificationList = listOf(NotificationItem, 'Messages, newest first.');

export const NotificationListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
  template: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' })),
  status: Type.Optional(NotificationStatus),
  recipientUserId: Type.Optional(Uuid),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;
