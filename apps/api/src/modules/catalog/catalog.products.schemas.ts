/**
 * Request and response schemas of product management: the vendor's own products (with variants and
 * images), the moderation queue of store staff, and image uploads. Item schemas carry no `$id`: they
 * are used inline by this module's routes.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { LimitQuery, ListEnvelope } from '../../platform/http/pagination.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/**
 * The longest cursor of a product list. A title sort's cursor carries the (lower-cased) title, up
 * to 200 characters of any script, which can outgrow the 512 characters of other lists' cursors.
 */
const PRODUCT_CURSOR_MAX = 2048;

/** The list envelope of API.md around `item`, inline (no shared `$id`), with room for product cursors. */
function listOf<T extends TSchema>(item: T, description: string) {
  const envelope = ListEnvelope(item, 'unused');
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  const meta = Type.Object({
    ...inline.properties.meta.properties,
    cursor: Type.Union([Type.String({ maxLength: PRODUCT_CURSOR_MAX }), Type.Null()]),
  });
  return { ...inline, properties: { ...inline.properties, meta }, description } as typeof envelope;
}

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217 code.',
});

export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Integer minor units (cents, paise).' }),
    currency: CurrencyCode,
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

export const ProductStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('pending_review'),
  Type.Literal('active'),
  Type.Literal('rejected'),
  Type.Literal('archived'),
]);

export const ProductSlug = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$',
  description: 'Lower-case letters, digits and dashes; unique in the store.',
});

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 20_000 });

const OptionName = Type.String({ minLength: 1, maxLength: 40, pattern: '^\\S(?:.*\\S)?$' });
const OptionValue = Type.String({ minLength: 1, maxLength: 60, pattern: '^\\S(?:.*\\S)?$' });

export const ProductOption = Type.Object(
  {
    name: OptionName,
    values: Type.Array(OptionValue, { minItems: 1, maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const ProductOptions = Type.Array(ProductOption, {
  maxItems: 3,
  description: 'What the variants differ by (Size, Colour); names are unique.',
});

/** `{ "Size": "M" }`: one value for each of the product's options. */
export const VariantOptions = Type.Record(Type.String({ pattern: '^\\S(?:.{0,38}\\S)?$' }), OptionValue, {
  maxProperties: 3,
  additionalProperties: false,
  description: "One value for each of the product's options, by option name.",
});

const LocaleKey = '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$';

export const ProductTranslations = Type.Record(
  Type.String({ pattern: LocaleKey }),
  Type.Object(
    { title: Type.Optional(Title), description: Type.Optional(Description) },
    { additionalProperties: false },
  ),
  {
    maxProperties: 20,
    additionalProperties: false,
    description: 'Per-locale overrides: `{ "de": { "title": "…", "description": "…" } }`.',
  },
);

export const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$',
  description: 'Stock-keeping unit, unique in the store.',
});

const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Units on hand.' });
const Weight = Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Shipping weight in grams.' });

// ------------------------------------------------------------------------------------------ responses

export const ProductImage = Type.Object({
  id: Uuid,
  url: Type.String({ maxLength: 600, description: 'The image, WebP, at most 2000 px on its longer side.' }),
  thumbnailUrl: Type.String({ maxLength: 600, description: 'A WebP thumbnail, at most 400 px.' }),
  alt: Type.String({ maxLength: 300 }),
  width: Type.Integer({ minimum: 1, maximum: 100_000 }),
  height: Type.Integer({ minimum: 1, maximum: 100_000 }),
  bytes: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  contentType: Type.String({ maxLength: 40 }),
  position: Type.Integer({ minimum: 0, maximum: 1000 }),
  primary: Type.Boolean({ description: 'The first image, shown in lists.' }),
  version: Version,
  createdAt: Timestamp,
});
export type ProductImage = Static<typeof ProductImage>;

export const ManagedVariant = Type.Object({
  id: Uuid,
  sku: Sku,
  options: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 60 })),
  price: Money,
  compareAtPrice: Type.Union([Money, Type.Null()]),
  stock: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Units on hand.' }),
  reserved: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Units held by checkouts.' }),
  available: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Units that can be bought now.' }),
  weight: Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()], {
    description: 'Grams.',
  }),
  active: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 1000 }),
  version: Version,
});
export type ManagedVariant = Static<typeof ManagedVariant>;

const VendorRef = Type.Object({
  id: Uuid,
  slug: Type.String({ maxLength: 100 }),
  name: Type.String({ maxLength: 200 }),
  status: Type.String({ maxLength: 20 }),
});

const PriceRange = Type.Union([Type.Object({ min: Money, max: Money }), Type.Null()], {
  description: 'Lowest and highest price of the active variants.',
});

export const ManagedProduct = Type.Object({
  id: Uuid,
  slug: ProductSlug,
  title: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 20_000 }),
  status: ProductStatus,
  statusReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
    description: 'Why a moderator rejected the product.',
  }),
  featured: Type.Boolean(),
  listed: Type.Boolean({ description: 'Shoppers see it: active, and its vendor approved.' }),
  categoryId: Type.Union([Uuid, Type.Null()]),
  vendor: VendorRef,
  currency: CurrencyCode,
  options: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 40 }),
      values: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 }),
    }),
    { maxItems: 3 },
  ),
  translations: Type.Record(
    Type.String({ maxLength: 35 }),
    Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 20_000 })),
  ),
  variants: Type.Array(ManagedVariant, { maxItems: 1000 }),
  images: Type.Array(ProductImage, { maxItems: 100 }),
  primaryImageId: Type.Union([Uuid, Type.Null()]),
  priceRange: PriceRange,
  inStock: Type.Boolean(),
  submittedAt: NullableTimestamp,
  publishedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
});
export type ManagedProduct = Static<typeof ManagedProduct>;

export const ManagedProductSummary = Type.Object({
  id: Uuid,
  slug: ProductSlug,
  title: Type.String({ maxLength: 200 }),
  status: ProductStatus,
  statusReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  featured: Type.Boolean(),
  listed: Type.Boolean(),
  categoryId: Type.Union([Uuid, Type.Null()]),
  vendor: VendorRef,
  priceRange: PriceRange,
  inStock: Type.Boolean(),
  variantCount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Active variants.' }),
  image: Type.Union([
    Type.Object({
      url: Type.String({ maxLength: 600 }),
      thumbnailUrl: Type.String({ maxLength: 600 }),
      alt: Type.String({ maxLength: 300 }),
    }),
    Type.Null(),
  ]),
  submittedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deletedAt: NullableTimestamp,
  version: Version,
});
export type ManagedProductSummary = Static<typeof ManagedProductSummary>;

export const ManagedProductList = listOf(ManagedProductSummary, 'Products.');

// ------------------------------------------------------------------------------------------- requests

export const ProductIdParams = Type.Object({ id: Uuid });
export const VariantParams = Type.Object({ id: Uuid, variantId: Uuid });
export const ImageParams = Type.Object({ id: Uuid, imageId: Uuid });

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });

const SearchText = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'Part of the title, or an exact SKU or slug.',
});

export const PRODUCT_SORTS = ['-createdAt', 'createdAt', 'title', '-title', '-updatedAt', 'updatedAt'] as const;

export const ProductSort = Type.Union(
  PRODUCT_SORTS.map((s) => Type.Literal(s)),
  {
    description:
      'The order of the list: by `createdAt`, `updatedAt` or `title` (case-insensitive), ties by id; a leading `-` reverses it. Without it, `-createdAt` (newest first), except the `pending_review` list, which is read oldest submission first. A cursor continues only the sort it was issued for (400 `invalid_cursor` otherwise).',
  },
);
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const ProductCursorQuery = Type.String({
  minLength: 1,
  maxLength: PRODUCT_CURSOR_MAX,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from `links.next` or `links.prev`.',
});

export const VendorProductListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(ProductCursorQuery),
  status: Type.Optional(ProductStatus),
  q: Type.Optional(SearchText),
  sort: Type.Optional(ProductSort),
});
export type VendorProductListQuery = Static<typeof VendorProductListQuery>;

export const AdminProductListQuery = Type.Object({
  limit: Type.Optional(LimitQuery),
  cursor: Type.Optional(ProductCursorQuery),
  sort: Type.Optional(ProductSort),
  status: Type.Optional(ProductStatus),
  vendor: Type.Optional(Uuid),
  q: Type.Optional(SearchText),
  deleted: Type.Optional(Type.Boolean({ description: 'true lists deleted products (only those).' })),
});
export type AdminProductListQuery = Static<typeof AdminProductListQuery>;

export const NewVariant = Type.Object(
  {
    sku: Sku,
    price: Money,
    compareAtPrice: Type.Optional(Money),
    stock: Stock,
    weight: Type.Optional(Weight),
    options: Type.Optional(VariantOptions),
  },
  { additionalProperties: false },
);
export type NewVariant = Static<typeof NewVariant>;

export const CreateProductBody = Type.Object(
  {
    title: Title,
    description: Description,
    categoryId: Uuid,
    slug: Type.Optional(ProductSlug),
    options: Type.Optional(ProductOptions),
    variants: Type.Array(NewVariant, { minItems: 1, maxItems: 100 }),
    translations: Type.Optional(ProductTranslations),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const VariantUpsert = Type.Object(
  {
    id: Type.Optional(Uuid),
    sku: Sku,
    price: Money,
    compareAtPrice: Type.Optional(Type.Union([Money, Type.Null()])),
    stock: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000_000,
        description:
          'Units on hand, set to this absolute value. Leave it out to keep an existing variant’s current units (sales change them without a new product version); a new variant without it starts at 0.',
      }),
    ),
    weight: Type.Optional(Type.Union([Weight, Type.Null()])),
    options: Type.Optional(VariantOptions),
    active: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    description:
      'Matched by `id`, else by `sku`, else created. Describes the whole variant: a missing `compareAtPrice` or `weight` clears it, a missing `active` means true, but a missing `stock` keeps the current units on hand (0 for a new variant).',
  },
);
export type VariantUpsert = Static<typeof VariantUpsert>;

export const UpdateProductBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    categoryId: Type.Optional(Uuid),
    slug: Type.Optional(ProductSlug),
    options: Type.Optional(ProductOptions),
    translations: Type.Optional(ProductTranslations),
    variants: Type.Optional(
      Type.Array(VariantUpsert, {
        minItems: 1,
        maxItems: 100,
        description: 'The full list of variants: those left out are deactivated.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

export const UpdateVariantBody = Type.Object(
  {
    price: Type.Optional(Money),
    compareAtPrice: Type.Optional(Type.Union([Money, Type.Null()])),
    stock: Type.Optional(Stock),
    weight: Type.Optional(Type.Union([Weight, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVariantBody = Static<typeof UpdateVariantBody>;

export const RejectProductBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Shown to the vendor.' }) },
  { additionalProperties: false },
);
export type RejectProductBody = Static<typeof RejectProductBody>;

export const AdminUpdateProductBody = Type.Object(
  { featured: Type.Boolean({ description: 'Featured products can be filtered for on the storefront.' }) },
  { additionalProperties: false },
);
export type AdminUpdateProductBody = Static<typeof AdminUpdateProductBody>;

export const UpdateImageBody = Type.Object(
  {
    position: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: 'New place among the images; 0 makes it primary.' }),
    ),
    alt: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateImageBody = Static<typeof UpdateImageBody>;

/**
 * The multipart form of an upload. The file part is replaced by its SHA-256 before validation, so
 * an idempotent retry is recognised by its content.
 */
export const UploadImageBody = Type.Object(
  {
    file: Type.String({
      maxLength: 10_485_760,
      contentMediaType: 'application/octet-stream',
      description: 'The image file: JPEG, PNG, WebP, AVIF or GIF, at most 10 MB.',
    }),
    alt: Type.Optional(Type.String({ maxLength: 300, description: 'Text for people who cannot see the image.' })),
  },
  { additionalProperties: false },
);
export type UploadImageBody = Static<typeof UploadImageBody>;
