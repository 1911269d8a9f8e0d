import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { REFRESH_COOKIE, clearSessionCookies, setSessionCookies } from '../../platform/auth/cookies.js';
import { Unauthorized } from '../../platform/errors.js';
import { toMe } from './identity.mapper.js';
import { requireUser } from './identity.permissions.js';
import { newSecret } from './identity.secrets.js';
import {
  ChangePasswordBody,
  ForgotBody,
  LoginBody,
  LogoutBody,
  MfaDisableBody,
  MfaEnabled,
  MfaEnrolment,
  MfaVerifyBody,
  RefreshBody,
  RegisterBody,
  ResetBody,
  SessionResponse,
  TokenBody,
} from './identity.schemas.js';
import { REFRESH_TOKEN_TTL_SECONDS, type IdentityService, type SessionTokens } from './identity.service.js';

/** Login, refresh and the like name their store when they have one; none means the platform. */
/**
 * Sign-in answers hold secrets (token pairs, TOTP secrets, recovery codes) that must be given once:
 * these routes accept `Idempotency-Key` but never store and replay their answers.
 */
const optionalTenant = { tenant: 'optional' as const, idempotency: 'off' as const };
const noContent = { 204: Type.Null({ description: 'Done.' }) };

/** Puts a session in the web app's cookies (a fresh CSRF token with it). */
export function setCookieSession(reply: FastifyReply, session: SessionTokens): void {
  setSessionCookies(reply, {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresIn: session.expiresIn,
    csrfToken: newSecret(24),
    refreshMaxAgeSeconds: REFRESH_TOKEN_TTL_SECONDS,
  });
}

/** The body of a token-mode session answer. */
export const tokenPairOf = (session: SessionTokens) => ({
  accessToken: session.accessToken,
  refreshToken: session.refreshToken,
  tokenType: session.tokenType,
  expiresIn: session.expiresIn,
});

function sendSession(reply: FastifyReply, session: SessionTokens, mode: 'token' | 'cookie' | undefined) {
  reply.header('cache-control', 'no-store');
  if (mode === 'cookie') {
    setCookieSession(reply, session);
    return reply.send({ tokenType: 'cookie' as const, expiresIn: session.expiresIn });
  }
  return reply.send(tokenPairOf(session));
}

const userAgentOf = (req: FastifyRequest) => req.headers['user-agent'];

export const identityRoutes: FastifyPluginAsyncTypebox<{ service: IdentityService }> = async (app, { service }) => {
  app.post(
    '/api/v1/auth/register',
    {
      config: { idempotency: 'off' },
      schema: {
        tags: ['identity'],
        summary: 'Create a customer account',
        description:
          'Sends an email verification message. The password must be 12–128 characters, not the email, and not a common password (422 `weak_password`).',
        security: [],
        body: RegisterBody,
        response: { 201: Type.Ref('Me') },
      },
    },
    async (req, reply) => {
      const user = await service.register(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', '/api/v1/me')
        .send(toMe(user, service.dataOf({ tenantId: req.ctx.tenantId })));
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: optionalTenant,
      schema: {
        tags: ['identity'],
        summary: 'Sign in',
        description:
          "Without a store (no `X-Tenant-ID`, no store domain) signs in a platform admin. An account with two-factor sign-in needs `totp` or `recoveryCode` (401 `mfa_required` otherwise). Failed attempts are limited per client address (`LOGIN_RATE_LIMIT`, default 10 per 15 minutes → 429). A guest cart named by `X-Cart-Token` (and `cartId`, if given) is merged into the customer's cart.",
        security: [],
        body: LoginBody,
        response: { 200: SessionResponse },
      },
    },
    async (req, reply) => {
      const cartToken = req.headers['x-cart-token'];
      const session = await service.login(
        req.ctx,
        { ...req.body, cartToken: typeof cartToken === 'string' && cartToken.length <= 100 ? cartToken : undefined },
        userAgentOf(req),
      );
      return sendSession(reply, session, req.body.mode);
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: optionalTenant,
      schema: {
        tags: ['identity'],
        summary: 'Exchange a refresh token for a new pair',
        description:
          'Each refresh token works once. Presenting a used one again revokes the whole session (401 `refresh_token_reused`).',
        security: [],
        body: RefreshBody,
        response: { 200: SessionResponse },
      },
    },
    async (req, reply) => {
      const fromCookie = !req.body.refreshToken;
      const token = req.body.refreshToken ?? req.cookies[REFRESH_COOKIE];
      if (!token) throw new Unauthorized('invalid_refresh_token', 'Send a refresh token.');
      const session = await service.refresh(req.ctx, token, userAgentOf(req));
      return sendSession(reply, session, req.body.mode ?? (fromCookie ? 'cookie' : 'token'));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: optionalTenant,
      schema: {
        tags: ['identity'],
        summary: 'Sign out: revoke the session',
        description:
          'Revokes the session of the refresh token given, or of the access token used, and clears session cookies.',
        body: LogoutBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.logout(req.ctx, req.body.refreshToken ?? req.cookies[REFRESH_COOKIE]);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/email/verify',
    {
      schema: {
        tags: ['identity'],
        summary: 'Confirm an email address with the token from the verification message',
        security: [],
        body: TokenBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.verifyEmail(req.ctx, req.body.token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/email/verification',
    {
      preValidation: requireUser,
      schema: {
        tags: ['identity'],
        summary: 'Send the verification message again',
        response: noContent,
      },
    },
    async (req, reply) => {
      if (req.actor) await service.resendVerification(req.ctx, req.actor);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password/forgot',
    {
      config: optionalTenant,
      schema: {
        tags: ['identity'],
        summary: 'Ask for a password reset link',
        description:
          'Answers 204 whether or not an account exists; an existing account receives a link valid for 30 minutes.',
        security: [],
        body: ForgotBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.forgotPassword(req.ctx, req.body.email);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password/reset',
    {
      config: optionalTenant,
      schema: {
        tags: ['identity'],
        summary: 'Choose a new password with a reset token',
        description: 'The token works once. Every session of the account is revoked.',
        security: [],
        body: ResetBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.resetPassword(req.ctx, req.body.token, req.body.password);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password/change',
    {
      config: optionalTenant,
      preValidation: requireUser,
      schema: {
        tags: ['identity'],
        summary: 'Change the password',
        description: 'Needs the current password. Every session of the account is revoked; sign in again.',
        body: ChangePasswordBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      if (req.actor) await service.changePassword(req.ctx, req.actor, req.body.currentPassword, req.body.newPassword);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/mfa/totp',
    {
      config: optionalTenant,
      preValidation: requireUser,
      schema: {
        tags: ['identity'],
        summary: 'Start TOTP enrolment',
        description:
          'Returns a secret, its otpauth URI and a QR code. Two-factor sign-in turns on once a first code is verified.',
        response: { 200: MfaEnrolment },
      },
    },
    async (req, reply) => {
      const enrolment = await service.mfaEnrol(req.ctx, req.actor as NonNullable<typeof req.actor>);
      return reply.header('cache-control', 'no-store').send(enrolment);
    },
  );

  app.post(
    '/api/v1/auth/mfa/totp/verify',
    {
      config: optionalTenant,
      preValidation: requireUser,
      schema: {
        tags: ['identity'],
        summary: 'Confirm TOTP enrolment with a first code',
        description: 'Turns two-factor sign-in on and returns ten single-use recovery codes, shown only this once.',
        body: MfaVerifyBody,
        response: { 200: MfaEnabled },
      },
    },
    async (req, reply) => {
      const result = await service.mfaVerify(req.ctx, req.actor as NonNullable<typeof req.actor>, req.body.code);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.delete(
    '/api/v1/auth/mfa/totp',
    {
      config: optionalTenant,
      preValidation: requireUser,
      schema: {
        tags: ['identity'],
        summary: 'Turn two-factor sign-in off',
        description: 'Needs the account password.',
        body: MfaDisableBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.mfaDisable(req.ctx, req.actor as NonNullable<typeof req.actor>, req.body.password);
      return reply.code(204).send(null);
    },
  );
};
