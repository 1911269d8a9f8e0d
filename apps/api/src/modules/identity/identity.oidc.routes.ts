/**
 * OpenID Connect sign-in routes: the store admin's provider settings (`/api/v1/admin/oidc-providers`),
 * the public list of sign-in buttons, and the two legs of the browser flow (`start`, `callback`).
 * The callback comes back from the provider without `X-Tenant-ID`: its store is the one named in
 * the state, resolved here before the service runs in that store's scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RequestContext } from '../../platform/context.js';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { TenantSuspended, type TenantResolver } from '../../platform/http/context.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { OidcStateInvalid, type OidcService, startUrlOf, tenantIdOfState, toOidcProvider } from './identity.oidc.js';
import {
  CallbackQuery,
  CreateOidcProviderBody,
  IfMatchHeaders,
  OidcProvider,
  OidcProviderIdParams,
  OidcProviderList,
  OidcProviderListQuery,
  OidcProviderParams,
  PublicOidcProviders,
  StartQuery,
  UpdateOidcProviderBody,
} from './identity.oidc.schemas.js';
import { requirePermission } from './identity.permissions.js';
import { setCookieSession, tokenPairOf } from './identity.routes.js';

const tags = ['identity'];
const adminPath = '/api/v1/admin/oidc-providers';
const redirect = (description: string) => Type.Null({ description });

/** The state of the browser's sign-in in flight, sent back only to the OIDC routes. */
const STATE_COOKIE = 'bazaar_oidc';
const STATE_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: 'lax' as const,
  path: '/api/v1/auth/oidc',
};
const STATE_COOKIE_MAX_AGE_SECONDS = 10 * 60;

export const oidcRoutes: FastifyPluginAsyncTypebox<{ service: OidcService; tenants: TenantResolver }> = async (
  app,
  { service, tenants },
) => {
  const admin = requirePermission('settings:manage');

  /** The store the callback's state was issued for, as the request's context. */
  async function contextOfState(req: FastifyRequest, state: string): Promise<RequestContext> {
    const tenantId = tenantIdOfState(state);
    const tenant = tenantId ? await tenants.byRef(tenantId) : null;
    if (!tenant) throw new OidcStateInvalid();
    if (tenant.status === 'suspended') throw new TenantSuspended();
    return { ...req.ctx, tenantId: tenant.id, tenant };
  }

  app.get(
    adminPath,
    {
      preValidation: admin,
      schema: {
        tags,
        summary: "List the store's sign-in providers",
        querystring: OidcProviderListQuery,
        response: { 200: OidcProviderList },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const cursor = decodeCursor(req.query.cursor);
      const { rows, total } = await service.list(req.ctx, { limit, cursor });
      return toPage(req, rows, { limit, cursor, keyOf: (r) => [r.id], map: toOidcProvider, total });
    },
  );

  app.post(
    adminPath,
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Add a sign-in provider',
        description:
          'Any OpenID Connect provider: its issuer, and the client registered there with the redirect URI `https://<store host>/api/v1/auth/oidc/{slug}/callback`. The client secret is stored encrypted and never returned. A slug already used in the store → 409 `oidc_provider_slug_taken`; an issuer without HTTPS → 422 `oidc_issuer_insecure`.',
        body: CreateOidcProviderBody,
        response: { 201: OidcProvider },
      },
    },
    async (req, reply) => {
      const row = await service.create(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `${adminPath}/${row.id}`)
        .header('etag', etagForVersion(row.version))
        .send(toOidcProvider(row));
    },
  );

  app.get(
    `${adminPath}/:id`,
    {
      preValidation: admin,
      schema: { tags, summary: 'A sign-in provider', params: OidcProviderIdParams, response: { 200: OidcProvider } },
    },
    async (req, reply) => {
      const row = await service.get(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(row.version)).send(toOidcProvider(row));
    },
  );

  app.patch(
    `${adminPath}/:id`,
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Change a sign-in provider',
        description:
          'Needs `If-Match`. `clientSecret` replaces the stored secret (null removes it). Sign-ins already started keep working only while the provider stays enabled.',
        params: OidcProviderIdParams,
        headers: IfMatchHeaders,
        body: UpdateOidcProviderBody,
        response: { 200: OidcProvider },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const row = await service.update(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(row.version)).send(toOidcProvider(row));
    },
  );

  app.delete(
    `${adminPath}/:id`,
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Remove a sign-in provider',
        description:
          'Needs `If-Match`. The provider disappears from sign-in pages; accounts keep their other ways to sign in.',
        params: OidcProviderIdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Removed.' }) },
      },
    },
    async (req, reply) => {
      await service.remove(req.ctx, req.params.id, requireIfMatch(req.headers['if-match']));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/oidc/providers',
    {
      schema: {
        tags,
        summary: "The store's sign-in providers, for sign-in pages",
        security: [],
        response: { 200: PublicOidcProviders },
      },
    },
    async (req) => {
      const rows = await service.enabled(req.ctx);
      return { data: rows.map((r) => ({ slug: r.slug, name: r.name, startUrl: startUrlOf(r.slug) })) };
    },
  );

  app.get(
    '/api/v1/auth/oidc/:provider/start',
    {
      schema: {
        tags,
        summary: 'Start signing in with an identity provider',
        description:
          'Redirects (302) to the provider with an authorization-code request (PKCE S256, state, nonce), valid for 10 minutes, and gives the browser a `bazaar_oidc` cookie the callback must come back with. `returnTo` must be a path on this site. An unknown or disabled provider → 404 `oidc_provider_not_found`; an unreachable one → 503.',
        security: [],
        params: OidcProviderParams,
        querystring: StartQuery,
        response: { 302: redirect("To the provider's sign-in page (`Location`).") },
      },
    },
    async (req, reply) => {
      const { url, state } = await service.start(req.ctx, {
        slug: req.params.provider,
        returnTo: req.query.returnTo,
        mode: req.query.mode,
        redirectUri: `${req.protocol}://${req.host}/api/v1/auth/oidc/${req.params.provider}/callback`,
      });
      // SameSite=Lax: sent on the provider's top-level redirect back, not on cross-site subrequests.
      reply.setCookie(STATE_COOKIE, state, { ...STATE_COOKIE_OPTIONS, maxAge: STATE_COOKIE_MAX_AGE_SECONDS });
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );

  app.get(
    '/api/v1/auth/oidc/:provider/callback',
    {
      config: { tenant: 'none' },
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back',
        description:
          "The store is the one the sign-in started in (carried in `state`). Signs in the account linked to the provider's user; else, with an email the provider has verified, the store's account with that email (then linked) or a new customer account. Token mode → 200 with the token pair; cookie mode → session cookies and 302 to `returnTo` (default `/account`). A used, expired or foreign state, or a browser without the `bazaar_oidc` cookie of its start → 401 `oidc_state_invalid`; an error from the provider → 401 `oidc_provider_error`; a failed code exchange → 401 `oidc_exchange_failed`; no verified email → 422 `oidc_email_unverified`.",
        security: [],
        params: OidcProviderParams,
        querystring: CallbackQuery,
        response: {
          200: Type.Ref('TokenPair'),
          302: redirect('Signed in with cookies: to `returnTo` (`Location`).'),
        },
      },
    },
    async (req, reply) => {
      const ctx = await contextOfState(req, req.query.state);
      const result = await service.callback(ctx, {
        slug: req.params.provider,
        state: req.query.state,
        browserState: req.cookies[STATE_COOKIE],
        params: new URL(req.url, 'http://callback.invalid').searchParams,
        userAgent: req.headers['user-agent'],
      });
      const { session } = result;
      reply.header('cache-control', 'no-store').clearCookie(STATE_COOKIE, STATE_COOKIE_OPTIONS);
      if (result.mode === 'cookie') {
        setCookieSession(reply, session);
        return reply.redirect(result.returnTo, 302);
      }
      return reply.send(tokenPairOf(session));
    },
  );
};
