/**
 * Identity tables. All are tenant tables (row-level security); platform admins live in the platform
 * scope, the reserved tenant id `PLATFORM_SCOPE`, so one set of tables and one code path serve both.
 * Personal data (email, name, phone, addresses, notification recipients and bodies) is stored only
 * encrypted (`*_ciphertext`, see platform/crypto/pii.ts); an email is found by its blind index.
 * Secrets handed to users (refresh tokens, one-time links, recovery codes, API keys) are stored as
 * SHA-256 hashes: they are random and long, so a fast hash is enough and lookups stay indexed.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, tenantKeyColumns, tenantTable, timestamptz } from '../../platform/db/columns.js';

export const users = pgTable(
  'users',
  {
    ...tenantKeyColumns(),
    emailCiphertext: text('email_ciphertext').notNull(),
    emailIndex: text('email_index').notNull(),
    emailVerifiedAt: timestamptz('email_verified_at'),
    nameCiphertext: text('name_ciphertext'),
    phoneCiphertext: text('phone_ciphertext'),
    /** Absent for accounts that only sign in through an identity provider, and after erasure. */
    passwordHash: text('password_hash'),
    status: text('status', { enum: ['active', 'blocked', 'erased'] })
      .notNull()
      .default('active'),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{customer}'::text[]`),
    /** Permissions granted one by one (staff); roles bring their own. */
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The vendor a `vendor` user acts for (set when the catalog's vendor model approves them). */
    vendorId: uuid('vendor_id'),
    locale: text('locale'),
    mfaSecretCiphertext: text('mfa_secret_ciphertext'),
    mfaPendingSecretCiphertext: text('mfa_pending_secret_ciphertext'),
    mfaEnabledAt: timestamptz('mfa_enabled_at'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    passwordChangedAt: timestamptz('password_changed_at'),
    lastLoginAt: timestamptz('last_login_at'),
    marketingOptIn: boolean('marketing_opt_in').notNull().default(false),
    marketingOptInAt: timestamptz('marketing_opt_in_at'),
    termsVersion: text('terms_version'),
    termsAcceptedAt: timestamptz('terms_accepted_at'),
    erasedAt: timestamptz('erased_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('users', t),
    uniqueIndex('users_email_idx')
      .on(t.tenantId, t.emailIndex)
      .where(sql`deleted_at is null`),
    index('users_created_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

/** Refresh tokens. Each login starts a family; each refresh uses one and issues its successor. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    ...tenantKeyColumns(),
    userId: uuid('user_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    /** Set when the token was exchanged for its successor; presenting it again is reuse. */
    usedAt: timestamptz('used_at'),
    revokedAt: timestamptz('revoked_at'),
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    ip: text('ip'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('refresh_tokens', t),
    uniqueIndex('refresh_tokens_hash_idx').on(t.tokenHash),
    index('refresh_tokens_user_idx').on(t.tenantId, t.userId),
    index('refresh_tokens_family_idx').on(t.tenantId, t.familyId),
  ],
);

/** Single-use links: email verification, password reset, staff invitations. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    ...tenantKeyColumns(),
    purpose: text('purpose', { enum: ['email_verification', 'password_reset', 'invitation'] }).notNull(),
    userId: uuid('user_id'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    /** Purpose-specific data (an invitation's encrypted email, roles and permissions). */
    data: jsonb('data')
      .notNull()
      .default(sql`'{}'::jsonb`),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('one_time_tokens', t),
    uniqueIndex('one_time_tokens_hash_idx').on(t.tokenHash),
    index('one_time_tokens_user_idx').on(t.tenantId, t.userId, t.purpose),
  ],
);

/** MFA recovery codes, ten per enrolment, each usable once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    ...tenantKeyColumns(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamptz('used_at'),
    ...auditColumns(),
  },
  (t) => [...tenantTable('recovery_codes', t), index('recovery_codes_user_idx').on(t.tenantId, t.userId)],
);

/** Service credentials: `Authorization: Bearer <key>` acts with the key's scopes. */
export const apiKeys = pgTable(
  'api_keys',
  {
    ...tenantKeyColumns(),
    name: text('name').notNull(),
    /** The visible start of the key, to tell keys apart in lists and logs. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
    lastUsedAt: timestamptz('last_used_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('api_keys', t),
    uniqueIndex('api_keys_hash_idx').on(t.keyHash),
    index('api_keys_created_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

/** A store's OpenID Connect sign-in providers. */
export const oidcProviders = pgTable(
  'oidc_providers',
  {
    ...tenantKeyColumns(),
    /** The `{provider}` path segment. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    clientSecretCiphertext: text('client_secret_ciphertext'),
    scopes: text('scopes').notNull().default('openid email profile'),
    enabled: boolean('enabled').notNull().default(true),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('oidc_providers', t),
    uniqueIndex('oidc_providers_slug_idx')
      .on(t.tenantId, t.slug)
      .where(sql`deleted_at is null`),
  ],
);

/** Sign-ins in flight at a provider: the state, PKCE verifier and nonce, used once. */
export const oidcLogins = pgTable(
  'oidc_logins',
  {
    ...tenantKeyColumns(),
    providerId: uuid('provider_id').notNull(),
    stateHash: text('state_hash').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    returnTo: text('return_to'),
    mode: text('mode', { enum: ['token', 'cookie'] })
      .notNull()
      .default('token'),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    ...auditColumns(),
  },
  (t) => [...tenantTable('oidc_logins', t), uniqueIndex('oidc_logins_state_idx').on(t.stateHash)],
);

/** Accounts at identity providers linked to a user. */
export const userIdentities = pgTable(
  'user_identities',
  {
    ...tenantKeyColumns(),
    userId: uuid('user_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    subject: text('subject').notNull(),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('user_identities', t),
    uniqueIndex('user_identities_subject_idx').on(t.tenantId, t.providerId, t.subject),
    index('user_identities_user_idx').on(t.tenantId, t.userId),
  ],
);

/** A customer's saved addresses; the address itself is one encrypted JSON document. */
export const addresses = pgTable(
  'addresses',
  {
    ...tenantKeyColumns(),
    userId: uuid('user_id').notNull(),
    dataCiphertext: text('data_ciphertext').notNull(),
    isDefaultShipping: boolean('is_default_shipping').notNull().default(false),
    isDefaultBilling: boolean('is_default_billing').notNull().default(false),
    ...auditColumns(),
  },
  (t) => [...tenantTable('addresses', t), index('addresses_user_idx').on(t.tenantId, t.userId, t.createdAt)],
);

/**
 * Every message Bazaar sends, rendered. Until an email transport is configured they stay here with
 * status `stored`, readable by the store's admins; with one, the delivery job sends them.
 */
export const notifications = pgTable(
  'notifications',
  {
    ...tenantKeyColumns(),
    channel: text('channel', { enum: ['email'] })
      .notNull()
      .default('email'),
    recipientUserId: uuid('recipient_user_id'),
    recipientCiphertext: text('recipient_ciphertext').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    bodyCiphertext: text('body_ciphertext').notNull(),
    /** Whether the body carries a secret link (shown only to those who may manage users). */
    sensitive: boolean('sensitive').notNull().default(false),
    status: text('status', { enum: ['queued', 'stored', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    error: text('error'),
    sentAt: timestamptz('sent_at'),
    ...auditColumns(),
  },
  (t) => [
    ...tenantTable('notifications', t),
    index('notifications_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('notifications_recipient_idx').on(t.tenantId, t.recipientUserId),
  ],
);
