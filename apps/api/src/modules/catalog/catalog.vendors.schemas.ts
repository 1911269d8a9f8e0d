/**
 * Request and response schemas of the marketplace's vendors: the application, the vendor's own
 * profile, the public profile shoppers see and the store administration of vendors. Item schemas
 * carry no `$id`: they are used inline by this module's routes.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { LimitQuery, ListEnvelope, SORTED_CURSOR_MAX, SortedCursorQuery } from '../../platform/http/pagination.js';

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/** Lower-case letters and digits in dash-separated words: `green-leaf-tea`. */
export const CatalogSlug = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  description: 'Lower-case letters and digits, words separated by single dashes; unique in the store.',
});

/** An absolute http(s) URL or a path on this site (no `javascript:` or other schemes). */
export const WebUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: '^(?:https?://[^\\s]+|/(?!/)[^\\s]*)$',
  description: 'An http(s) URL or a path on this site.',
});

export const IdParams = Type.Object({ id: Uuid });
export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });
export const IfNoneMatchHeaders = Type.Object({ 'if-none-match': Type.Optional(Type.String({ maxLength: 1000 })) });

/** The list envelope of API.md around `item`, inline (no shared `$id`). */
export function listOf<T extends TSchema>(item: T, description: string, cursorMax?: number) {
  const envelope = ListEnvelope(item, 'unused', cursorMax);
  const { $id: _unused, ...inline } = envelope as typeof envelope & { $id?: string };
  return { ...inline, description } as typeof envelope;
}

export const VendorStatusName = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('suspended'),
]);

export const VendorContact = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ()./-]{3,32}$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, description: 'The business contact: personal data, stored encrypted.' },
);
export type VendorContact = Static<typeof VendorContact>;

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 5000 });
const CommissionRate = Type.Integer({
  minimum: 0,
  maximum: 10000,
  description: 'Basis points of each sale the store keeps (1250 = 12.5 %).',
});

// ------------------------------------------------------------------------------------- requests

export const ApplyVendorBody = Type.Object(
  {
    name: Name,
    slug: Type.Optional(CatalogSlug),
    description: Type.Optional(Description),
    contact: VendorContact,
  },
  { additionalProperties: false, description: 'Without `slug`, one is made from the name.' },
);
export type ApplyVendorBody = Static<typeof ApplyVendorBody>;

export const UpdateVendorProfileBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    logoUrl: Type.Optional(Type.Union([WebUrl, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVendorProfileBody = Static<typeof UpdateVendorProfileBody>;

export const AdminUpdateVendorBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    logoUrl: Type.Optional(Type.Union([WebUrl, Type.Null()])),
    commissionRateBps: Type.Optional(
      Type.Union([CommissionRate, Type.Null()], {
        description: "The vendor's own rate; null uses the store's. Changing it needs `settings:manage`.",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUpdateVendorBody = Static<typeof AdminUpdateVendorBody>;

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Shown to the vendor.' }) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;

export const VENDOR_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export const VendorSort = Type.Union(
  VENDOR_SORTS.map((s) => Type.Literal(s)),
  {
    description:
      'The order of the list: by `createdAt` or `name` (case-insensitive), ties by id; a leading `-` reverses it. Without it, `createdAt` (oldest first), whatever the `status`. A cursor continues only the sort it was issued for (400 `invalid_cursor` otherwise).',
  },
);
export type VendorSort = (typeof VENDOR_SORTS)[number];

export const AdminVendorListQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(SortedCursorQuery),
    sort: Type.Optional(VendorSort),
    status: Type.Optional(VendorStatusName),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name or slug.' })),
  },
  { additionalProperties: false },
);
export type AdminVendorListQuery = Static<typeof AdminVendorListQuery>;

// ------------------------------------------------------------------------------------ responses

const vendorFields = {
  id: Uuid,
  slug: CatalogSlug,
  name: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  logoUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
  status: VendorStatusName,
  statusReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
    description: 'Why the application was rejected or the vendor suspended.',
  }),
  commissionRateBps: Type.Union([CommissionRate, Type.Null()]),
  contact: Type.Union([VendorContact, Type.Null()]),
  approvedAt: NullableTimestamp,
  createdAt: Timestamp,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
};

export const VendorProfile = Type.Object(vendorFields, {
  description: 'A vendor (or an application to become one) as its own people see it.',
});
export type VendorProfile = Static<typeof VendorProfile>;

export const AdminVendor = Type.Object(
  {
    ...vendorFields,
    applicantUserId: Type.Union([Uuid, Type.Null()]),
    reviewedBy: Type.Union([Uuid, Type.Null()]),
    reviewedAt: NullableTimestamp,
    updatedAt: Timestamp,
  },
  { description: 'A vendor as store administrators see it.' },
);
export type AdminVendor = Static<typeof AdminVendor>;
export const AdminVendorList = listOf(
  AdminVendor,
  'Vendors and applications in the order `sort` names, oldest first without it.',
  SORTED_CURSOR_MAX,
);

export const PublicVendor = Type.Object(
  {
    id: Uuid,
    slug: CatalogSlug,
    name: Type.String({ maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    logoUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
    productCount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Products shoppers can see.' }),
    rating: Type.Object({
      average: Type.Number({ minimum: 0, maximum: 5, description: 'Over the reviews of its products; 0 without any.' }),
      count: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
    }),
  },
  { description: "A vendor's public profile." },
);
export type PublicVendor = Static<typeof PublicVendor>;
