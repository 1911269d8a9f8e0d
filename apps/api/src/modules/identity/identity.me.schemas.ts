/**
 * Request and response schemas of the self-service account routes (`/api/v1/me…`): the profile
 * change, saved addresses, consents, the data export and erasure. The profile itself is the shared
 * `Me` schema of identity.schemas.ts.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { Email, Password, Timestamp, Uuid } from './identity.schemas.js';

// The same shapes registration accepts (identity.schemas.ts keeps its own private).
const LocaleTag = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' });
const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ()./-]{3,32}$' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const UpdateMeBody = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    phone: Type.Optional(Nullable(Phone)),
    locale: Type.Optional(Nullable(LocaleTag)),
    email: Type.Optional(Email),
    currentPassword: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: 'Required to change the email of an account with a password.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      '`null` clears a field. Changing the email needs `currentPassword` (accounts with a password); the new address must be verified again (a verification message is sent to it) and the old address is told of the change.',
  },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

/** ISO 3166-1 alpha-2; the service also checks that the code names a country. */
const CountryCode = Type.String({
  minLength: 2,
  maxLength: 2,
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code, upper case.',
});

const addressFields = {
  label: Type.String({ minLength: 1, maxLength: 60, description: 'A name for the address ("Home").' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The recipient.' }),
  line1: Type.String({ minLength: 1, maxLength: 200 }),
  line2: Type.String({ minLength: 1, maxLength: 200 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  region: Type.String({ minLength: 1, maxLength: 100, description: 'State, province or county.' }),
  postalCode: Type.String({ minLength: 1, maxLength: 20 }),
  country: CountryCode,
  phone: Phone,
};

export const CreateAddressBody = Type.Object(
  {
    label: Type.Optional(addressFields.label),
    name: addressFields.name,
    line1: addressFields.line1,
    line2: Type.Optional(addressFields.line2),
    city: addressFields.city,
    region: Type.Optional(addressFields.region),
    postalCode: addressFields.postalCode,
    country: addressFields.country,
    phone: Type.Optional(addressFields.phone),
    isDefaultShipping: Type.Optional(Type.Boolean()),
    isDefaultBilling: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateAddressBody = Static<typeof CreateAddressBody>;

export const UpdateAddressBody = Type.Object(
  {
    label: Type.Optional(Nullable(addressFields.label)),
    name: Type.Optional(addressFields.name),
    line1: Type.Optional(addressFields.line1),
    line2: Type.Optional(Nullable(addressFields.line2)),
    city: Type.Optional(addressFields.city),
    region: Type.Optional(Nullable(addressFields.region)),
    postalCode: Type.Optional(addressFields.postalCode),
    country: Type.Optional(addressFields.country),
    phone: Type.Optional(Nullable(addressFields.phone)),
    isDefaultShipping: Type.Optional(Type.Boolean()),
    isDefaultBilling: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Only the fields sent change; `null` clears an optional field.' },
);
export type UpdateAddressBody = Static<typeof UpdateAddressBody>;

export const Address = Type.Object({
  id: Uuid,
  label: Nullable(Type.String({ maxLength: 60 })),
  name: Type.String({ maxLength: 200 }),
  line1: Type.String({ maxLength: 200 }),
  line2: Nullable(Type.String({ maxLength: 200 })),
  city: Type.String({ maxLength: 100 }),
  region: Nullable(Type.String({ maxLength: 100 })),
  postalCode: Type.String({ maxLength: 20 }),
  country: Type.String({ maxLength: 2 }),
  phone: Nullable(Type.String({ maxLength: 32 })),
  isDefaultShipping: Type.Boolean(),
  isDefaultBilling: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
export type Address = Static<typeof Address>;

const LinkString = Nullable(Type.String({ maxLength: 4096 }));
export const AddressList = Type.Object({
  data: Type.Array(Address, { maxItems: 100 }),
  meta: Type.Object({
    limit: Type.Integer({ minimum: 1, maximum: 100 }),
    cursor: Nullable(Type.String({ maxLength: 512 })),
    total: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  }),
  links: Type.Object({ self: Type.String({ maxLength: 4096 }), next: LinkString, prev: LinkString }),
});

export const AddressIdParams = Type.Object({ id: Uuid });

export const Consents = Type.Object({
  marketingOptIn: Type.Boolean(),
  marketingOptInAt: Nullable(Timestamp),
  termsVersion: Nullable(Type.String({ maxLength: 40 })),
  termsAcceptedAt: Nullable(Timestamp),
});
export type Consents = Static<typeof Consents>;

export const PutConsentsBody = Type.Object(
  {
    marketingOptIn: Type.Boolean(),
    termsVersion: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'The terms version now accepted.' }),
    ),
  },
  { additionalProperties: false },
);
export type PutConsentsBody = Static<typeof PutConsentsBody>;

export const DataExport = Type.Object(
  {
    format: Type.Literal('bazaar-export/1'),
    exportedAt: Timestamp,
    userId: Uuid,
    sections: Type.Array(Type.String({ maxLength: 60 }), {
      maxItems: 50,
      description: 'The sections in `data`, in order.',
    }),
    data: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'One entry per section: `profile`, `addresses`, `consents`, `sessions`, `signInIdentities`, `mfa`, `notifications`, `auditLog`, then those other modules add.',
      },
    ),
  },
  { description: 'Everything Bazaar holds about the signed-in user.' },
);

export const EraseBody = Type.Object(
  { password: Type.Optional(Password) },
  { additionalProperties: false, description: '`password` is required when the account has one.' },
);
export type EraseBody = Static<typeof EraseBody>;

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });
