import { type Static, Type } from 'typebox';
import { LimitQuery, ListEnvelope, SORTED_CURSOR_MAX, SortedCursorQuery } from '../../platform/http/pagination.js';

export const Slug = Type.String({
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
  description: 'Lower-case letters, digits and dashes; unique across the platform.',
});
export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217 code.',
});
export const LocaleTag = Type.String({
  minLength: 2,
  maxLength: 35,
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  description: 'BCP 47 language tag, e.g. en, de, en-IN.',
});
export const Domain = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$',
  description: 'A host name (lower case) that maps to this store.',
});
export const TenantStatus = Type.Union([Type.Literal('active'), Type.Literal('suspended')]);
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const PaymentMethodName = Type.Union(
  [Type.Literal('card'), Type.Literal('upi'), Type.Literal('netbanking'), Type.Literal('cod')],
  { description: '`upi` and `netbanking` are for INR stores only.' },
);

export const Store = Type.Object(
  {
    id: Uuid,
    slug: Slug,
    name: Type.String({ maxLength: 200 }),
    currency: CurrencyCode,
    locale: LocaleTag,
    locales: Type.Array(LocaleTag, { maxItems: 20 }),
    domains: Type.Array(Domain, { maxItems: 20 }),
    signInProviders: Type.Array(
      Type.Object({
        slug: Type.String({ maxLength: 63 }),
        name: Type.String({ maxLength: 200 }),
        startUrl: Type.String({ maxLength: 300, description: 'Where a browser starts signing in with it.' }),
      }),
      { maxItems: 20, description: 'Identity providers shoppers may sign in with (OIDC).' },
    ),
    paymentMethods: Type.Array(PaymentMethodName, {
      maxItems: 4,
      description: 'The payment methods shoppers may choose at checkout.',
    }),
    pricesIncludeTax: Type.Boolean({
      description: 'Whether catalog prices include tax (else tax is added at checkout).',
    }),
    logoUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
  },
  { $id: 'Store', description: "The store's public profile." },
);
export type Store = Static<typeof Store>;

export const Tenant = Type.Object(
  {
    id: Uuid,
    slug: Slug,
    name: Type.String({ maxLength: 200 }),
    status: TenantStatus,
    defaultCurrency: CurrencyCode,
    defaultLocale: LocaleTag,
    locales: Type.Array(LocaleTag, { maxItems: 20 }),
    domains: Type.Array(Domain, { maxItems: 20 }),
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Tenant', description: 'A store as platform admins manage it.' },
);
export type Tenant = Static<typeof Tenant>;

export const StoreOwnerInput = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: 'Without one, the owner receives a link to choose a password (valid 7 days).',
      }),
    ),
  },
  { additionalProperties: false, description: "The store owner's account, created with the store." },
);
export type StoreOwnerInput = Static<typeof StoreOwnerInput>;

export const CreateTenantBody = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    defaultCurrency: CurrencyCode,
    defaultLocale: LocaleTag,
    locales: Type.Optional(Type.Array(LocaleTag, { minItems: 1, maxItems: 20, uniqueItems: true })),
    domains: Type.Optional(Type.Array(Domain, { maxItems: 20, uniqueItems: true })),
    owner: StoreOwnerInput,
  },
  { additionalProperties: false },
);
export type CreateTenantBody = Static<typeof CreateTenantBody>;
/** What the service takes: seeds and tests may create a store without an owner. */
export type CreateTenantInput = Omit<CreateTenantBody, 'owner'> & { owner?: StoreOwnerInput | undefined };

export const UpdateTenantBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(TenantStatus),
    defaultCurrency: Type.Optional(CurrencyCode),
    defaultLocale: Type.Optional(LocaleTag),
    locales: Type.Optional(Type.Array(LocaleTag, { minItems: 1, maxItems: 20, uniqueItems: true })),
    domains: Type.Optional(Type.Array(Domain, { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTenantBody = Static<typeof UpdateTenantBody>;

export const TenantIdParams = Type.Object({ id: Uuid });

export const TENANT_SORTS = ['createdAt', '-createdAt', 'name', '-name', 'slug', '-slug'] as const;

export const TenantSort = Type.Union(
  TENANT_SORTS.map((s) => Type.Literal(s)),
  {
    description:
      'The order of the list: by `createdAt`, `name` (case-insensitive) or `slug`, ties by id; a leading `-` reverses it. Without it, `createdAt` (oldest first). A cursor continues only the sort it was issued for (400 `invalid_cursor` otherwise).',
  },
);
export type TenantSort = (typeof TENANT_SORTS)[number];

export const TenantListQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(SortedCursorQuery),
    sort: Type.Optional(TenantSort),
    status: Type.Optional(TenantStatus),
  },
  { additionalProperties: false },
);
export type TenantListQuery = Static<typeof TenantListQuery>;

export const TenantList = ListEnvelope(Type.Ref('Tenant'), 'TenantList', SORTED_CURSOR_MAX);
