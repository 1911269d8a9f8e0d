/**
 * Request and response schemas of OpenID Connect sign-in: the store's provider settings (admin), the
 * public list of sign-in buttons, and the start and callback legs of the authorization-code flow.
 * The client secret appears only in request bodies: responses say `hasClientSecret`, never the value.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CursorQuery, LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';
import { Timestamp, Uuid } from './identity.schemas.js';

/** The list envelope of API.md around `item`, inline (no shared `$id` to register). */
function listOf<T extends TSchema>(item: T, description: string) {
  const { $id: _unused, ...envelope } = ListEnvelope(item, 'unused') as ReturnType<typeof ListEnvelope<T>> & {
    $id?: string;
  };
  return { ...envelope, description } as unknown as ReturnType<typeof ListEnvelope<T>>;
}

export const OidcProviderSlug = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
  description: 'The `{provider}` path segment: lower-case letters, digits and dashes; unique in the store.',
});
const ProviderName = Type.String({ minLength: 1, maxLength: 100, description: 'Shown on the sign-in button.' });
const Issuer = Type.String({
  format: 'uri',
  minLength: 8,
  maxLength: 2048,
  pattern: '^https?://',
  description:
    "The provider's issuer identifier; its metadata is discovered from `/.well-known/openid-configuration`. HTTPS, except on the loopback interface (local development).",
});
const ClientId = Type.String({ minLength: 1, maxLength: 512 });
const ClientSecret = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'Stored encrypted and never returned. Omit for a public client (PKCE only).',
});
const Scopes = Type.String({
  minLength: 1,
  maxLength: 1024,
  pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$',
  description: 'Space-separated scopes to request; `openid` is always included. Default `openid email profile`.',
});

export const OidcProvider = Type.Object(
  {
    id: Uuid,
    slug: OidcProviderSlug,
    name: Type.String({ maxLength: 100 }),
    issuer: Type.String({ maxLength: 2048 }),
    clientId: Type.String({ maxLength: 512 }),
    hasClientSecret: Type.Boolean({ description: 'Whether a client secret is stored (it is never returned).' }),
    scopes: Type.String({ maxLength: 1024 }),
    enabled: Type.Boolean(),
    startUrl: Type.String({ maxLength: 200, description: 'Where a sign-in button sends the browser.' }),
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { description: "A store's OpenID Connect sign-in provider." },
);
export type OidcProvider = Static<typeof OidcProvider>;

export const OidcProviderList = listOf(OidcProvider, "The store's sign-in providers.");

export const OidcProviderListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(CursorQuery),
});

export const CreateOidcProviderBody = Type.Object(
  {
    slug: OidcProviderSlug,
    name: ProviderName,
    issuer: Issuer,
    clientId: ClientId,
    clientSecret: Type.Optional(ClientSecret),
    scopes: Type.Optional(Scopes),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type CreateOidcProviderBody = Static<typeof CreateOidcProviderBody>;

export const UpdateOidcProviderBody = Type.Object(
  {
    slug: Type.Optional(OidcProviderSlug),
    name: Type.Optional(ProviderName),
    issuer: Type.Optional(Issuer),
    clientId: Type.Optional(ClientId),
    clientSecret: Type.Optional(
      Type.Union([ClientSecret, Type.Null()], { description: 'A new secret, or null to remove it.' }),
    ),
    scopes: Type.Optional(Scopes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOidcProviderBody = Static<typeof UpdateOidcProviderBody>;

export const OidcProviderIdParams = Type.Object({ id: Uuid });
export const OidcProviderParams = Type.Object({ provider: OidcProviderSlug });

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });

export const PublicOidcProviders = Type.Object(
  {
    data: Type.Array(
      Type.Object({
        slug: OidcProviderSlug,
        name: Type.String({ maxLength: 100 }),
        startUrl: Type.String({ maxLength: 200 }),
      }),
      { maxItems: 100 },
    ),
  },
  { description: "The store's enabled sign-in providers, for sign-in pages." },
);

export const SignInMode = Type.Union([Type.Literal('token'), Type.Literal('cookie')], {
  description:
    '`token` (default): the callback answers with the token pair. `cookie`: the web app mode, the callback sets the session cookies and redirects to `returnTo`.',
});
export type SignInMode = Static<typeof SignInMode>;

export const StartQuery = Type.Object({
  returnTo: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'A path on this site (starting with a single `/`) to land on after a cookie sign-in.',
    }),
  ),
  mode: Type.Optional(SignInMode),
});

/** Providers add parameters of their own (`session_state`, `scope`, …): unknown ones are allowed. */
export const CallbackQuery = Type.Object({
  state: Type.String({ minLength: 1, maxLength: 512 }),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  iss: Type.Optional(Type.String({ maxLength: 2048 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 2048 })),
});
