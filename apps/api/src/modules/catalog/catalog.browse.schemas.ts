/**
 * Request and response schemas of the shopper's catalog: the product list with its facets, search
 * suggestions and the product page. The bodies are served from the catalog cache as stored JSON,
 * so these schemas document and validate; they never serialise.
 */
import { type Static, Type } from 'typebox';
import { CursorQuery, LimitQuery } from '../../platform/http/pagination.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const count = (description?: string) =>
  Type.Integer({ minimum: 0, maximum: 2_147_483_647, ...(description ? { description } : {}) });
const Count = count();
const minorUnits = (description = "Minor units of the store's currency.") =>
  Type.Integer({ minimum: 0, maximum: 2_147_483_647, description });
const Slug = Type.String({ maxLength: 100 });
const Name = Type.String({ maxLength: 200 });
const ref = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'] as const;

const money = (description?: string) =>
  Type.Object(
    {
      amount: minorUnits(),
      currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' }),
    },
    description ? { description } : {},
  );
const Money = money();

// -------------------------------------------------------------------------------------- requests

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Search text, web-search syntax: `"a phrase"`, `-excluded`, `or`. A plain query that finds almost nothing falls back to titles that look alike (typos).',
      }),
    ),
    category: Type.Optional(ref('A category slug or id; its subcategories are included.')),
    vendor: Type.Optional(ref('A vendor slug or id.')),
    minPrice: Type.Optional(minorUnits('Lowest shown price, inclusive, in minor units.')),
    maxPrice: Type.Optional(minorUnits('Highest shown price, inclusive, in minor units.')),
    inStock: Type.Optional(
      Type.Boolean({ description: '`true`: only products that can be bought now; `false`: only sold-out ones.' }),
    ),
    featured: Type.Optional(Type.Boolean({ description: '`true`: only featured products; `false`: only others.' })),
    sort: Type.Optional(
      Type.Union(
        SORTS.map((s) => Type.Literal(s)),
        { description: 'Default: `relevance` with `q`, else `newest`. `relevance` without `q` is `newest`.' },
      ),
    ),
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
  },
  { additionalProperties: false },
);
export type ProductListQuery = Static<typeof ProductListQuery>;

export const ProductRefParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: 200, description: 'The product id or slug.' }),
});

export const SuggestQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100, description: 'What the shopper has typed so far.' }) },
  { additionalProperties: false },
);

// ------------------------------------------------------------------------------------- responses

const Image = Type.Object({
  url: Type.String({ maxLength: 600 }),
  thumbnailUrl: Type.String({ maxLength: 600 }),
  alt: Type.String({ maxLength: 300 }),
  width: Type.Integer({ minimum: 1, maximum: 100_000 }),
  height: Type.Integer({ minimum: 1, maximum: 100_000 }),
});

const VendorRef = Type.Object({ id: Uuid, slug: Slug, name: Name });
const CategoryRef = Type.Object({ id: Uuid, slug: Slug, name: Name });

const listFields = {
  id: Uuid,
  slug: Slug,
  title: Type.String({ maxLength: 200, description: "In the request's locale when translated." }),
  price: money('The lowest price of the active variants.'),
  priceRange: Type.Object({ min: Money, max: Money }),
  compareAtPrice: Type.Optional(money('The compare-at ("was") price of the cheapest variant, when it has one.')),
  image: Type.Union([Image, Type.Null()], { description: 'The primary image, else the first.' }),
  vendor: VendorRef,
  category: Type.Union([CategoryRef, Type.Null()]),
  rating: Type.Object({
    average: Type.Number({ minimum: 0, maximum: 5 }),
    count: Count,
  }),
  inStock: Type.Boolean({ description: 'Some variant can be bought now.' }),
  featured: Type.Boolean(),
  createdAt: Timestamp,
};

export const ProductSummary = Type.Object(listFields);
export type ProductSummary = Static<typeof ProductSummary>;

const CategoryFacet = Type.Object({
  id: Uuid,
  slug: Slug,
  name: Name,
  parentId: Type.Union([Uuid, Type.Null()]),
  count: count('Matching products in the category and its subcategories.'),
});
const VendorFacet = Type.Object({ id: Uuid, slug: Slug, name: Name, count: Count });
const PriceFacet = Type.Object({
  min: minorUnits('Lowest price of the range, inclusive.'),
  max: Type.Union([minorUnits(), Type.Null()], { description: 'Highest price, inclusive; null: no upper bound.' }),
  count: Count,
});

export const MAX_CATEGORY_FACETS = 200;
export const MAX_VENDOR_FACETS = 100;

export const Facets = Type.Object(
  {
    categories: Type.Array(CategoryFacet, {
      maxItems: MAX_CATEGORY_FACETS,
      description: 'Most products first; counts include subcategories, so a parent counts its whole subtree.',
    }),
    vendors: Type.Array(VendorFacet, { maxItems: MAX_VENDOR_FACETS, description: 'Most products first.' }),
    price: Type.Array(PriceFacet, { maxItems: 20, description: 'Price ranges, cheapest first.' }),
  },
  {
    description:
      'Counts over the whole filtered list, not the page. Each facet applies every filter except its own, so it shows what choosing another value would give. Values without products are left out.',
  },
);
export type Facets = Static<typeof Facets>;

const LinkString = Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]);

export const ProductList = Type.Object({
  data: Type.Array(ProductSummary, { maxItems: 100 }),
  meta: Type.Object({
    limit: Type.Integer({ minimum: 1, maximum: 100 }),
    cursor: Type.Union([Type.String({ maxLength: 512 }), Type.Null()]),
    total: Type.Optional(count('Products matching the filters.')),
    searchMode: Type.Optional(
      Type.Union([Type.Literal('fulltext'), Type.Literal('fuzzy')], {
        description: 'With `q`: `fuzzy` when full text found almost nothing and titles that look alike were used.',
      }),
    ),
  }),
  links: Type.Object({ self: Type.String({ maxLength: 4096 }), next: LinkString, prev: LinkString }),
  facets: Facets,
});
export type ProductList = Static<typeof ProductList>;

const Variant = Type.Object({
  id: Uuid,
  sku: Type.String({ maxLength: 64 }),
  options: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 60 })),
  price: Money,
  compareAtPrice: Type.Union([Money, Type.Null()]),
  available: count('Units that can be bought now.'),
  inStock: Type.Boolean(),
  weight: Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()], {
    description: 'Grams.',
  }),
});

const Histogram = Type.Object(
  { '1': Count, '2': Count, '3': Count, '4': Count, '5': Count },
  { description: 'Reviews per number of stars.' },
);

export const ProductDetail = Type.Object({
  ...listFields,
  description: Type.String({ maxLength: 20_000 }),
  options: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 40 }),
      values: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 }),
    }),
    { maxItems: 3 },
  ),
  variants: Type.Array(Variant, { maxItems: 1000, description: 'The active variants.' }),
  images: Type.Array(Type.Object({ id: Uuid, ...Image.properties }), { maxItems: 100, description: 'By position.' }),
  rating: Type.Object({
    average: Type.Number({ minimum: 0, maximum: 5 }),
    count: Count,
    histogram: Histogram,
  }),
  category: Type.Union([
    Type.Object({
      ...CategoryRef.properties,
      breadcrumb: Type.Array(CategoryRef, { maxItems: 32, description: 'Ancestors, the top level first.' }),
    }),
    Type.Null(),
  ]),
});
export type ProductDetail = Static<typeof ProductDetail>;

export const Suggestions = Type.Object({
  data: Type.Array(Type.Object({ id: Uuid, slug: Slug, title: Type.String({ maxLength: 200 }) }), { maxItems: 8 }),
});
export type Suggestions = Static<typeof Suggestions>;
