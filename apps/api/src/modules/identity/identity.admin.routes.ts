/**
 * Store administration routes (`/api/v1/admin/…`): accounts, invitations, API keys, the audit log
 * and sent notifications, each guarded by the permission it needs; and the public acceptance of an
 * invitation (`/api/v1/auth/invitations/accept`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { ApiKeyService } from './identity.apikeys.js';
import type { IdentityAdminService, Keyed } from './identity.admin.js';
import {
  AcceptInvitationBody,
  AdminUser,
  AdminUserList,
  ApiKeyList,
  AuditList,
  AuditListQuery,
  CreateApiKeyBody,
  CreateInvitationBody,
  CreatedApiKey,
  IdParams,
  IfMatchHeaders,
  Invitation,
  InvitationList,
  InvitationListQuery,
  NotificationList,
  NotificationListQuery,
  PageOnlyQuery,
  UpdateUserBody,
  UserListQuery,
} from './identity.admin.schemas.js';
import { requirePermission } from './identity.permissions.js';

const noContent = { 204: Type.Null({ description: 'Done.' }) };
const keyOf = <T>(r: Keyed<T>) => r.key;
const itemOf = <T>(r: Keyed<T>) => r.item;

export const identityAdminRoutes: FastifyPluginAsyncTypebox<{
  admin: IdentityAdminService;
  apiKeys: ApiKeyService;
}> = async (app, { admin, apiKeys }) => {
  const manageUsers = requirePermission('users:manage');

  // ------------------------------------------------------------------------------------ users

  app.get(
    '/api/v1/admin/users',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: "The store's accounts",
        description: 'Oldest first. `email` finds the account with exactly that address.',
        querystring: UserListQuery,
        response: { 200: AdminUserList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await admin.listUsers(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/admin/users/:id',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: 'An account',
        params: IdParams,
        response: { 200: AdminUser },
      },
    },
    async (req, reply) => {
      const user = await admin.getUser(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(user.version)).send(user);
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: "Change an account's roles, permissions or status",
        description:
          "Needs `If-Match`. Nobody changes their own account (422 `own_account`); only an owner makes owners or changes an owner (403 `owner_only`); others grant only permissions they hold (403 `permission_not_held`); the last active owner stays (422 `last_owner`). The account's sessions end: new rights apply from its next sign-in.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateUserBody,
        response: { 200: AdminUser },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const user = await admin.updateUser(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(user.version)).send(user);
    },
  );

  // ------------------------------------------------------------------------------ invitations

  app.post(
    '/api/v1/admin/invitations',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: 'Invite someone to help run the store',
        description:
          'Sends a link valid for 7 days. `permissions` default to the usual staff set; only an owner invites an owner (403 `owner_only`).',
        body: CreateInvitationBody,
        response: { 201: Invitation },
      },
    },
    async (req, reply) => {
      const invitation = await admin.createInvitation(req.ctx, req.body);
      return reply.code(201).header('location', `/api/v1/admin/invitations/${invitation.id}`).send(invitation);
    },
  );

  app.get(
    '/api/v1/admin/invitations',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: 'Invitations',
        querystring: InvitationListQuery,
        response: { 200: InvitationList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, status } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await admin.listInvitations(req.ctx, { limit, cursor, status });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.delete(
    '/api/v1/admin/invitations/:id',
    {
      preValidation: manageUsers,
      schema: {
        tags: ['admin'],
        summary: 'Withdraw an invitation',
        description: 'Its link stops working. An accepted invitation cannot be withdrawn (409 `invitation_accepted`).',
        params: IdParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await admin.revokeInvitation(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/invitations/accept',
    {
      // The answer is a session: given once, never stored for replay.
      config: { idempotency: 'off' },
      schema: {
        tags: ['identity'],
        summary: 'Accept an invitation and sign in',
        description:
          'Without an account for the invited email, one is created with `password` (the password policy applies: 422 `weak_password`, and the link stays usable). With one, `password` must be its password (422 `invalid_password`) and the invited role is added; an account with two-factor sign-in also needs `totp` or `recoveryCode` (401 `mfa_required`). The link works once.',
        security: [],
        body: AcceptInvitationBody,
        response: { 200: Type.Ref('TokenPair') },
      },
    },
    async (req, reply) => {
      const session = await admin.acceptInvitation(req.ctx, req.body, req.headers['user-agent']);
      return reply.header('cache-control', 'no-store').send({
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        tokenType: session.tokenType,
        expiresIn: session.expiresIn,
      });
    },
  );

  // --------------------------------------------------------------------------------- API keys

  const manageKeys = requirePermission('api_keys:manage');

  app.post(
    '/api/v1/admin/api-keys',
    {
      preValidation: manageKeys,
      // A replayed answer would have to keep the key in clear for a day; a retried create makes a
      // second key instead, which can be revoked.
      config: { idempotency: 'off' },
      schema: {
        tags: ['admin'],
        summary: 'Create an API key',
        description:
          'The key is in this response only. Scopes are store permissions the caller holds (403 `scope_not_held` otherwise); `expiresAt` is at most a year ahead. `Idempotency-Key` is ignored here: a replay would have to keep the key.',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
    },
    async (req, reply) => {
      const created = await apiKeys.createApiKey(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/admin/api-keys/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  );

  app.get(
    '/api/v1/admin/api-keys',
    {
      preValidation: manageKeys,
      schema: {
        tags: ['admin'],
        summary: 'API keys',
        querystring: PageOnlyQuery,
        response: { 200: ApiKeyList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await apiKeys.listApiKeys(req.ctx, { limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.delete(
    '/api/v1/admin/api-keys/:id',
    {
      preValidation: manageKeys,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API key',
        description: 'It stops working at once; it stays listed with `revokedAt`.',
        params: IdParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await apiKeys.revokeApiKey(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------------------------------- logs

  app.get(
    '/api/v1/admin/audit-log',
    {
      preValidation: requirePermission('audit:read'),
      schema: {
        tags: ['admin'],
        summary: 'Who changed what, with before and after',
        description:
          'Newest first. `action` is exact or a prefix ending in `*` (`user.*`); `from`/`to` bound the time. Personal fields are named in entries, never their values.',
        querystring: AuditListQuery,
        response: { 200: AuditList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await admin.listAuditLog(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );

  app.get(
    '/api/v1/admin/notifications',
    {
      preValidation: requirePermission('notifications:read'),
      schema: {
        tags: ['admin'],
        summary: 'Messages sent to people, with their status',
        description:
          'Newest first. Bodies carrying a sign-in link (verification, reset, invitation) are shown only to callers who may manage users; others get `body: null, redacted: true`.',
        querystring: NotificationListQuery,
        response: { 200: NotificationList },
      },
    },
    async (req) => {
      const { limit = 20, cursor: raw, ...filters } = req.query;
      const cursor = decodeCursor(raw);
      const rows = await admin.listNotifications(req.ctx, { ...filters, limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf, map: itemOf });
    },
  );
};
