import { type Static, Type } from 'typebox';
import { ALL_PERMISSIONS, type Permission } from './identity.permissions.js';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Bounded so hashing stays cheap; the policy (12–128 characters) answers 422 `weak_password`. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const LocaleTag = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' });
const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ()./-]{3,32}$' });
const OneTimeToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const RefreshToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

export const RoleName = Type.Union([
  Type.Literal('platform_admin'),
  Type.Literal('owner'),
  Type.Literal('staff'),
  Type.Literal('vendor'),
  Type.Literal('customer'),
]);
export const PermissionName = Type.Unsafe<Permission>({ type: 'string', enum: [...ALL_PERMISSIONS] });

const SessionMode = Type.Union([Type.Literal('token'), Type.Literal('cookie')], {
  description:
    '`token` (default): tokens in the body. `cookie`: the web app mode, tokens in httpOnly cookies and a `bazaar_csrf` cookie to echo in `X-CSRF-Token`.',
});

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Phone),
    locale: Type.Optional(LocaleTag),
    marketingOptIn: Type.Optional(Type.Boolean()),
    termsVersion: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'The terms version accepted.' }),
    ),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Email,
    password: Password,
    totp: Type.Optional(Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' })),
    recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 32 })),
    cartId: Type.Optional(Uuid),
    mode: Type.Optional(SessionMode),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const TokenPair = Type.Object(
  {
    accessToken: Type.String({ maxLength: 4096 }),
    refreshToken: Type.String({ maxLength: 128 }),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ minimum: 0, maximum: 86400, description: 'Seconds the access token lives.' }),
  },
  { $id: 'TokenPair', description: 'A signed-in session.' },
);
export const CookieSession = Type.Object(
  {
    tokenType: Type.Literal('cookie'),
    expiresIn: Type.Integer({ minimum: 0, maximum: 86400 }),
  },
  { $id: 'CookieSession', description: 'A signed-in session held in cookies (web app mode).' },
);
export const SessionResponse = Type.Union([Type.Ref('TokenPair'), Type.Ref('CookieSession')]);

export const RefreshBody = Type.Object(
  {
    refreshToken: Type.Optional(RefreshToken),
    mode: Type.Optional(SessionMode),
  },
  { additionalProperties: false, description: 'Without `refreshToken`, the `bazaar_refresh` cookie is used.' },
);
export const LogoutBody = Type.Object({ refreshToken: Type.Optional(RefreshToken) }, { additionalProperties: false });
export const TokenBody = Type.Object({ token: OneTimeToken }, { additionalProperties: false });
export const ForgotBody = Type.Object({ email: Email }, { additionalProperties: false });
export const ResetBody = Type.Object({ token: OneTimeToken, password: Password }, { additionalProperties: false });
export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const MfaEnrolment = Type.Object({
  secret: Type.String({ maxLength: 128, description: 'Base32 secret, for typing into an app by hand.' }),
  otpauthUri: Type.String({ maxLength: 1024 }),
  qrCode: Type.String({ maxLength: 65536, description: 'The otpauth URI as a PNG data URL.' }),
});
export const MfaVerifyBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export const MfaEnabled = Type.Object({
  enabled: Type.Literal(true),
  recoveryCodes: Type.Array(Type.String({ maxLength: 32 }), {
    maxItems: 10,
    description: 'Shown once: each signs in once in place of a code.',
  }),
});
export const MfaDisableBody = Type.Object({ password: Password }, { additionalProperties: false });

/** The signed-in user's own account. */
export const Me = Type.Object(
  {
    id: Uuid,
    email: Type.String({ maxLength: 254 }),
    emailVerified: Type.Boolean(),
    name: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    phone: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    locale: Type.Union([Type.String({ maxLength: 35 }), Type.Null()]),
    roles: Type.Array(RoleName, { maxItems: 5 }),
    permissions: Type.Array(PermissionName, { maxItems: 50 }),
    mfaEnabled: Type.Boolean(),
    hasPassword: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;
