/**
 * Request and response schemas of the category tree: the public tree and category pages, and the
 * store administration of categories with their translations.
 */
import { type Static, Type } from 'typebox';
import { CursorQuery, LimitQuery } from '../../platform/http/pagination.js';
import { CatalogSlug, Timestamp, Uuid, listOf } from './catalog.vendors.schemas.js';

const LOCALE_PATTERN = '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 5000 });
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Order among siblings, then name.' });
const ProductCount = Type.Integer({
  minimum: 0,
  maximum: 2_147_483_647,
  description: 'Products shoppers can see in the category and its descendants.',
});

/** Per-locale text: `{ "de": { "name": "Bücher", "description": "…" } }`. */
export const CategoryTranslations = Type.Record(
  Type.String({ pattern: LOCALE_PATTERN }),
  Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description) }, { additionalProperties: false }),
  {
    maxProperties: 20,
    additionalProperties: false,
    description: 'Name and description per locale (BCP 47 tag); what is missing falls back to the default.',
  },
);
export type CategoryTranslations = Static<typeof CategoryTranslations>;

// ------------------------------------------------------------------------------------- requests

export const CreateCategoryBody = Type.Object(
  {
    name: Name,
    slug: Type.Optional(CatalogSlug),
    description: Type.Optional(Description),
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    position: Type.Optional(Position),
    translations: Type.Optional(CategoryTranslations),
  },
  { additionalProperties: false, description: 'Without `slug`, one is made from the name.' },
);
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(Name),
    slug: Type.Optional(CatalogSlug),
    description: Type.Optional(Description),
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null makes it a top-level category.' })),
    position: Type.Optional(Position),
    translations: Type.Optional(CategoryTranslations),
  },
  { additionalProperties: false, minProperties: 1, description: '`translations` replaces all of them.' },
);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

export const AdminCategoryListQuery = Type.Object(
  {
    limit: Type.Optional(LimitQuery),
    cursor: Type.Optional(CursorQuery),
    parentId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name or slug.' })),
    includeDeleted: Type.Optional(Type.Boolean({ description: 'Also list deleted categories.' })),
  },
  { additionalProperties: false },
);
export type AdminCategoryListQuery = Static<typeof AdminCategoryListQuery>;

// ------------------------------------------------------------------------------------ responses

export const AdminCategory = Type.Object({
  id: Uuid,
  slug: CatalogSlug,
  name: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  parentId: Type.Union([Uuid, Type.Null()]),
  position: Position,
  translations: CategoryTranslations,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deletedAt: Type.Union([Timestamp, Type.Null()]),
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
export type AdminCategory = Static<typeof AdminCategory>;
export const AdminCategoryList = listOf(AdminCategory, 'Categories, oldest first.');

const nodeFields = {
  id: Uuid,
  slug: CatalogSlug,
  name: Type.String({ maxLength: 200, description: "In the request's locale when translated." }),
  description: Type.String({ maxLength: 5000 }),
  parentId: Type.Union([Uuid, Type.Null()]),
  position: Position,
  productCount: ProductCount,
};

/** A category without its subtree. */
export const CategorySummary = Type.Object(nodeFields);
export type CategorySummary = Static<typeof CategorySummary>;

/** A category with its whole subtree. */
export const CategoryNode = Type.Cyclic(
  {
    CategoryNode: Type.Object(
      {
        ...nodeFields,
        children: Type.Array(Type.Ref('CategoryNode'), { maxItems: 1000, description: 'By position, then name.' }),
      },
      { description: 'A category and its subtree.' },
    ),
  },
  'CategoryNode',
);
export interface CategoryNode extends CategorySummary {
  children: CategoryNode[];
}

export const CategoryTree = Type.Object({
  data: Type.Array(CategoryNode, { maxItems: 1000, description: 'Top-level categories, by position, then name.' }),
});

export const CategoryDetail = Type.Object(
  {
    ...nodeFields,
    children: Type.Array(CategorySummary, { maxItems: 1000, description: 'Direct subcategories.' }),
    ancestors: Type.Array(Type.Object({ id: Uuid, slug: CatalogSlug, name: Type.String({ maxLength: 200 }) }), {
      maxItems: 100,
      description: 'From the top level down to the parent (a breadcrumb).',
    }),
  },
  { description: 'A category page: the category, its subcategories and its place in the tree.' },
);
export type CategoryDetail = Static<typeof CategoryDetail>;

export const IdOrSlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 100, description: 'The slug (or id) of the category.' }),
});
