/**
 * The store's own settings as its administrators read and change them (`/api/v1/admin/settings`),
 * with the store's name, currency and locales (kept on the store row the platform admin also edits
 * with `/api/v1/platform/tenants/{id}`). The sign-in providers are shown read-only (managed with the
 * identity providers).
 */
import { type Static, Type } from 'typebox';
import { CurrencyCode, LocaleTag, PaymentMethodName } from './tenancy.schemas.js';

export const CountryCode = Type.String({
  minLength: 2,
  maxLength: 2,
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2, upper case.',
});

const CommissionRate = Type.Integer({
  minimum: 0,
  maximum: 10000,
  description: 'Basis points of each sub-order the store keeps (1000 = 10 %); a vendor may have its own rate.',
});

const OrderNumberPrefix = Type.String({
  minLength: 1,
  maxLength: 20,
  pattern: '^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$',
  description: 'Order numbers read `<prefix>-000123`: capitals, digits and inner dashes.',
});

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });

/** An absolute http(s) URL or a path on this site (no `javascript:` or other schemes). */
const WebUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: '^(?:https?://[^\\s]+|/(?!/)[^\\s]*)$',
  description: 'An http(s) URL or a path on this site.',
});

const StoreName = Type.String({ minLength: 1, maxLength: 200, description: "The store's name, as shoppers see it." });

const StoreCurrency = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description:
    "ISO 4217 code of the store's prices and orders. Changes only while the store has never had a product or an order (else 409 `currency_locked`); the enabled payment methods must suit it (422 `payment_method_unavailable`).",
});

const StoreLocales = Type.Array(LocaleTag, {
  minItems: 1,
  maxItems: 20,
  uniqueItems: true,
  description: 'The languages the store offers (BCP 47 tags); the default locale is always among them.',
});

const StoreDefaultLocale = Type.String({
  minLength: 2,
  maxLength: 35,
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  description:
    "The language of shoppers who ask for none (BCP 47 tag); must be one of the store's locales (400 otherwise).",
});

export const StoreSettingsBody = Type.Object(
  {
    name: Type.Optional(StoreName),
    defaultCurrency: Type.Optional(StoreCurrency),
    locales: Type.Optional(StoreLocales),
    defaultLocale: Type.Optional(StoreDefaultLocale),
    paymentMethods: Type.Optional(
      Type.Array(PaymentMethodName, {
        minItems: 1,
        maxItems: 4,
        uniqueItems: true,
        description:
          'The methods shoppers may choose at checkout; `upi`/`netbanking` only in INR stores (422 `payment_method_unavailable`).',
      }),
    ),
    commissionRateBps: Type.Optional(CommissionRate),
    pricesIncludeTax: Type.Optional(Type.Boolean({ description: 'Whether catalog prices include tax.' })),
    defaultCountry: Type.Optional(CountryCode),
    orderNumberPrefix: Type.Optional(
      Type.Union([OrderNumberPrefix, Type.Null()], { description: "Null goes back to the store's slug." }),
    ),
    supportEmail: Type.Optional(Type.Union([Email, Type.Null()])),
    logoUrl: Type.Optional(Type.Union([WebUrl, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StoreSettingsBody = Static<typeof StoreSettingsBody>;

export const AdminStoreSettings = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: "The store's name, as shoppers see it." }),
    defaultCurrency: CurrencyCode,
    locales: Type.Array(LocaleTag, { maxItems: 20 }),
    defaultLocale: LocaleTag,
    paymentMethods: Type.Array(PaymentMethodName, { maxItems: 4 }),
    availablePaymentMethods: Type.Array(PaymentMethodName, {
      maxItems: 4,
      description: "The methods the store's currency allows.",
    }),
    commissionRateBps: CommissionRate,
    pricesIncludeTax: Type.Boolean(),
    defaultCountry: CountryCode,
    orderNumberPrefix: Type.String({ maxLength: 70 }),
    supportEmail: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
    logoUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
    signInProviders: Type.Array(
      Type.Object({
        slug: Type.String({ maxLength: 63 }),
        name: Type.String({ maxLength: 200 }),
        startUrl: Type.String({ maxLength: 300 }),
      }),
      { maxItems: 20, description: 'Read-only: the enabled identity providers.' },
    ),
    version: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'The ETag; 0 until the settings are first changed.',
    }),
  },
  { description: "The store's settings as its administrators see them." },
);
export type AdminStoreSettings = Static<typeof AdminStoreSettings>;

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });
