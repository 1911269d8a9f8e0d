/**
 * The category tree. Shoppers read it (whole, or one category with its subcategories and
 * breadcrumb) in their locale, with counts of the products they can see taken from the
 * `catalog_facet_counts` table the database keeps; administrators create, rename, move and delete
 * categories. A category is never moved under itself or one of its descendants, and only an empty
 * one (no live subcategory, no live product) is deleted.
 *
 * Every write bumps the catalog cache after its transaction commits, before it answers.
 */
import { and, eq, ilike, isNull, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit.js';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { type Queryable, rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { updateVersioned } from '../../platform/db/versioning.js';
import { BadRequest, BusinessRuleViolation, Conflict, NotFound, VersionConflict } from '../../platform/errors.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { isUuid, newId } from '../../platform/ids.js';
import { assertCan } from '../identity/index.js';
import type { CachedBody, CatalogCache } from './catalog.cache.js';
import type {
  AdminCategory,
  AdminCategoryListQuery,
  CategoryDetail,
  CategoryNode,
  CategorySummary,
  CategoryTranslations,
  CreateCategoryBody,
  UpdateCategoryBody,
} from './catalog.categories.schemas.js';
import { type Translations, categories, products } from './catalog.tables.js';
import {
  type Keyed,
  SlugTaken,
  catalogLocale,
  containsPattern,
  createdKeyset,
  positionOf,
  slugify,
  uniqueViolationOf,
} from './catalog.vendors.js';

export type CategoryRow = typeof categories.$inferSelect;

export interface CategoryDeps {
  uow: UnitOfWork;
  catalogCache: CatalogCache;
}

export class CategoryNotFound extends NotFound {
  constructor() {
    super('category_not_found', 'No category with this id or slug exists in this store.');
  }
}

/** A transaction, or a context holding one. */
type TxLike = Queryable | TxContext;
const queryableOf = (t: TxLike): Queryable => ('afterCommit' in t && 'tx' in t ? t.tx : t);

// ------------------------------------------------------------------------------------ locales

function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** `de-DE` → `['de-de', 'de']`: the request's locale, then its less specific forms. */
function localeCandidates(locale: string): string[] {
  const parts = (canonicalLocale(locale) ?? locale).toLowerCase().split('-');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('-'));
  return out;
}

/** Translations with canonical locale tags and without empty entries; 422 for an unknown tag. */
function canonicalTranslations(input: CategoryTranslations | undefined): Translations {
  const out: Translations = {};
  for (const [tag, text] of Object.entries(input ?? {})) {
    const canonical = canonicalLocale(tag);
    if (!canonical) throw new BusinessRuleViolation('unknown_locale', `${tag} is not a valid locale.`);
    const entry: Record<string, string> = {};
    if (text.name) entry.name = text.name;
    if (text.description) entry.description = text.description;
    if (Object.keys(entry).length > 0) out[canonical] = { ...out[canonical], ...entry };
  }
  return out;
}

/** Name and description in the first of `candidates` that translates them, else the defaults. */
function localised(row: Pick<CategoryRow, 'name' | 'description' | 'translations'>, candidates: string[]) {
  const byTag = new Map(Object.entries(row.translations).map(([tag, t]) => [tag.toLowerCase(), t]));
  let name: string | undefined;
  let description: string | undefined;
  for (const c of candidates) {
    const t = byTag.get(c);
    name ??= t?.name;
    description ??= t?.description;
  }
  return { name: name ?? row.name, description: description ?? row.description };
}

function collatorFor(locale: string): Intl.Collator {
  try {
    return new Intl.Collator(locale);
  } catch {
    return new Intl.Collator('en');
  }
}

// --------------------------------------------------------------------------------- the tree

type TreeRow = Pick<CategoryRow, 'id' | 'slug' | 'name' | 'description' | 'parentId' | 'position' | 'translations'>;

interface Tree {
  nodes: Map<string, CategoryNode>;
  roots: CategoryNode[];
  /** Live categories by slug. */
  bySlug: Map<string, CategoryNode>;
}

/**
 * The live categories as a tree in `locale`, siblings by position then name, each with the listed
 * products of its subtree. A category whose parent is not live is shown at the top level.
 */
function buildTree(rows: TreeRow[], counts: Map<string, number>, locale: string): Tree {
  const candidates = localeCandidates(locale);
  const nodes = new Map<string, CategoryNode>();
  const bySlug = new Map<string, CategoryNode>();
  for (const r of rows) {
    const node: CategoryNode = {
      id: r.id,
      slug: r.slug,
      ...localised(r, candidates),
      parentId: r.parentId,
      position: r.position,
      productCount: counts.get(r.id) ?? 0,
      children: [],
    };
    nodes.set(r.id, node);
    bySlug.set(r.slug, node);
  }
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const collator = collatorFor(locale);
  const order = (a: CategoryNode, b: CategoryNode) =>
    a.position - b.position || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
  // Post-order: sort the children and add their subtree counts. Rows reached only through a cycle
  // (which writes refuse) would be unreachable from a root and are left out.
  const total = (node: CategoryNode): number => {
    node.children.sort(order);
    for (const child of node.children) node.productCount += total(child);
    return node.productCount;
  };
  roots.sort(order);
  for (const root of roots) total(root);
  return { nodes, roots, bySlug };
}

const summaryOf = (n: CategoryNode): CategorySummary => ({
  id: n.id,
  slug: n.slug,
  name: n.name,
  description: n.description,
  parentId: n.parentId,
  position: n.position,
  productCount: n.productCount,
});

function toAdminCategory(r: CategoryRow): AdminCategory {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    parentId: r.parentId,
    position: r.position,
    translations: r.translations,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt ? r.deletedAt.toISOString() : null,
    version: r.version,
  };
}

/** The fields that differ between two rows, before and after. */
function changedFields(before: CategoryRow, after: CategoryRow) {
  const keys = ['name', 'slug', 'description', 'parentId', 'position', 'translations'] as const;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

// --------------------------------------------------------------------------------------- service

export function createCategoryService({ uow, catalogCache }: CategoryDeps) {
  /** The category and all its live descendants, in one recursive query. */
  async function descendantIds(tx: TxLike, categoryId: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await queryableOf(tx).execute(sql`
        with recursive subtree(id) as (
          select id from categories where id = ${categoryId}::uuid and deleted_at is null
          union
          select c.id from categories c join subtree s on c.parent_id = s.id where c.deleted_at is null
        )
        select id from subtree`),
    );
    return rows.map((r) => r.id);
  }

  /** A live category by id or slug. */
  async function findCategory(tx: TxLike, idOrSlug: string): Promise<CategoryRow | undefined> {
    const [row] = await queryableOf(tx)
      .select()
      .from(categories)
      .where(
        and(
          isUuid(idOrSlug) ? eq(categories.id, idOrSlug.toLowerCase()) : eq(categories.slug, idOrSlug),
          isNull(categories.deletedAt),
        ),
      );
    return row;
  }

  async function findLive(tx: TxContext, id: string, lock: 'update' | 'share'): Promise<CategoryRow | undefined> {
    const [row] = await tx.tx
      .select()
      .from(categories)
      .where(and(eq(categories.id, id), isNull(categories.deletedAt)))
      .for(lock);
    return row;
  }

  /** The live tree of the store in `locale` (see `catalogLocale`), read in one transaction. */
  async function loadTree(ctx: RequestContext, locale: string): Promise<Tree> {
    return uow(ctx, async (tx) => {
      const rows = await tx.tx
        .select({
          id: categories.id,
          slug: categories.slug,
          name: categories.name,
          description: categories.description,
          parentId: categories.parentId,
          position: categories.position,
          translations: categories.translations,
        })
        .from(categories)
        .where(isNull(categories.deletedAt));
      const counts = rowsOf<{ category_id: string; count: number }>(
        await tx.tx.execute(
          sql`select category_id, sum(count)::int as count from catalog_facet_counts group by category_id`,
        ),
      );
      return buildTree(rows, new Map(counts.map((c) => [c.category_id, Number(c.count)])), locale);
    });
  }

  async function assertSlugFree(tx: TxContext, slug: string, exceptId?: string): Promise<void> {
    const [taken] = await tx.tx
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          eq(categories.slug, slug),
          isNull(categories.deletedAt),
          exceptId ? ne(categories.id, exceptId) : undefined,
        ),
      );
    if (taken) throw new SlugTaken(slug);
  }

  /** A live parent, locked against deletion until this transaction ends. */
  async function requireParent(tx: TxContext, parentId: string): Promise<void> {
    if (!(await findLive(tx, parentId, 'share'))) {
      throw new BusinessRuleViolation('category_parent_not_found', 'The parent category does not exist.');
    }
  }

  async function guarded<T>(slug: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (uniqueViolationOf(err) === 'categories_slug_idx' && slug) throw new SlugTaken(slug);
      throw err;
    }
  }

  const tenantOf = (ctx: RequestContext): string => {
    if (!ctx.tenantId) throw new BadRequest('tenant_required', 'This request must name a store.');
    return ctx.tenantId;
  };

  return {
    descendantIds,
    findCategory,

    /** The public tree, cached: top-level categories with their subtrees. */
    async publicTree(ctx: RequestContext): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const locale = catalogLocale(ctx.locale);
      return catalogCache.read(tenantId, `categories:${locale}`, async () => ({
        data: (await loadTree(ctx, locale)).roots,
      }));
    },

    /** One category (by slug or id), its direct subcategories and its breadcrumb, cached. */
    async publicCategory(ctx: RequestContext, idOrSlug: string): Promise<CachedBody> {
      const tenantId = tenantOf(ctx);
      const locale = catalogLocale(ctx.locale);
      const cached = await catalogCache.read(
        tenantId,
        `category:${idOrSlug}:${locale}`,
        async (): Promise<CategoryDetail | null> => {
          const tree = await loadTree(ctx, locale);
          const node = isUuid(idOrSlug) ? tree.nodes.get(idOrSlug.toLowerCase()) : tree.bySlug.get(idOrSlug);
          if (!node) return null;
          const ancestors: CategoryDetail['ancestors'] = [];
          const seen = new Set([node.id]);
          for (let p = node.parentId ? tree.nodes.get(node.parentId) : undefined; p && !seen.has(p.id);) {
            seen.add(p.id);
            ancestors.unshift({ id: p.id, slug: p.slug, name: p.name });
            p = p.parentId ? tree.nodes.get(p.parentId) : undefined;
          }
          return { ...summaryOf(node), children: node.children.map(summaryOf), ancestors };
        },
      );
      if (cached.body === 'null') throw new CategoryNotFound();
      return cached;
    },

    /** Categories with their translations and versions, oldest first. */
    async adminList(
      ctx: RequestContext,
      q: { limit: number; cursor: Cursor | null } & Omit<AdminCategoryListQuery, 'limit' | 'cursor'>,
    ): Promise<Array<Keyed<AdminCategory>>> {
      assertCan(ctx.actor, 'catalog:manage');
      return uow(ctx, async (tx) => {
        const page = createdKeyset(categories, q.cursor);
        const rows = await tx.tx
          .select({ category: categories, position: positionOf(categories.createdAt) })
          .from(categories)
          .where(
            and(
              q.includeDeleted ? undefined : isNull(categories.deletedAt),
              q.parentId ? eq(categories.parentId, q.parentId) : undefined,
              q.q
                ? or(ilike(categories.name, containsPattern(q.q)), ilike(categories.slug, containsPattern(q.q)))
                : undefined,
              page.where,
            ),
          )
          .orderBy(...page.orderBy)
          .limit(q.limit + 1);
        return rows.map((r) => ({ key: [r.position, r.category.id], item: toAdminCategory(r.category) }));
      });
    },

    async adminGet(ctx: RequestContext, id: string): Promise<AdminCategory> {
      assertCan(ctx.actor, 'catalog:manage');
      return uow(ctx, async (tx) => {
        const row = await findCategory(tx, id);
        if (!row) throw new CategoryNotFound();
        return toAdminCategory(row);
      });
    },

    async create(ctx: RequestContext, body: CreateCategoryBody): Promise<AdminCategory> {
      assertCan(ctx.actor, 'catalog:manage');
      const tenantId = tenantOf(ctx);
      const slug = body.slug ?? slugify(body.name);
      const translations = canonicalTranslations(body.translations);
      const row = await guarded(slug, () =>
        uow(ctx, async (tx) => {
          if (body.parentId) await requireParent(tx, body.parentId);
          await assertSlugFree(tx, slug);
          const [created] = await tx.tx
            .insert(categories)
            .values({
              tenantId,
              id: newId(),
              slug,
              name: body.name,
              description: body.description ?? '',
              parentId: body.parentId ?? null,
              position: body.position ?? 0,
              translations,
            })
            .returning();
          const row = created as CategoryRow;
          await recordAudit(tx, {
            action: 'category.created',
            entityType: 'category',
            entityId: row.id,
            after: toAdminCategory(row),
          });
          return row;
        }),
      );
      await catalogCache.bump(tenantId);
      return toAdminCategory(row);
    },

    /**
     * Renames, re-slugs, re-orders or moves a category. Moves take the store's tree lock, so two
     * moves that together would make a cycle are decided one after the other.
     */
    async update(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      body: UpdateCategoryBody,
    ): Promise<AdminCategory> {
      assertCan(ctx.actor, 'catalog:manage');
      const tenantId = tenantOf(ctx);
      const translations = body.translations === undefined ? undefined : canonicalTranslations(body.translations);
      const row = await guarded(body.slug, () =>
        uow(ctx, async (tx) => {
          const before = await findLive(tx, id, 'update');
          if (!before) throw new CategoryNotFound();
          if (before.version !== expectedVersion) throw new VersionConflict(before.version);
          const moving = body.parentId !== undefined && body.parentId !== before.parentId;
          if (moving && body.parentId) {
            await tx.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`catalog.categories:${tenantId}`}))`);
            await requireParent(tx, body.parentId);
            if ((await descendantIds(tx, id)).includes(body.parentId)) {
              throw new BusinessRuleViolation(
                'category_cycle',
                'A category cannot be moved under itself or one of its subcategories.',
              );
            }
          }
          if (body.slug !== undefined && body.slug !== before.slug) await assertSlugFree(tx, body.slug, id);
          const after = await updateVersioned(
            tx.tx,
            categories,
            id,
            expectedVersion,
            {
              ...(body.name !== undefined ? { name: body.name } : {}),
              ...(body.slug !== undefined ? { slug: body.slug } : {}),
              ...(body.description !== undefined ? { description: body.description } : {}),
              ...(body.parentId !== undefined ? { parentId: body.parentId } : {}),
              ...(body.position !== undefined ? { position: body.position } : {}),
              ...(translations !== undefined ? { translations } : {}),
            },
            () => new CategoryNotFound(),
          );
          await recordAudit(tx, {
            action: moving ? 'category.moved' : 'category.updated',
            entityType: 'category',
            entityId: id,
            ...changedFields(before, after),
          });
          return after;
        }),
      );
      await catalogCache.bump(tenantId);
      return toAdminCategory(row);
    },

    /** Soft-deletes an empty category: 409 `category_not_empty` with live subcategories or products. */
    async remove(ctx: RequestContext, id: string, expectedVersion: number): Promise<void> {
      assertCan(ctx.actor, 'catalog:manage');
      const tenantId = tenantOf(ctx);
      await uow(ctx, async (tx) => {
        // Locked first: a subcategory or product being added waits, then sees the deletion.
        const before = await findLive(tx, id, 'update');
        if (!before) throw new CategoryNotFound();
        if (before.version !== expectedVersion) throw new VersionConflict(before.version);
        const [usage] = rowsOf<{ children: boolean; products: boolean }>(
          await tx.tx.execute(sql`
            select exists (select 1 from ${categories} where parent_id = ${id}::uuid and deleted_at is null) as children,
                   exists (select 1 from ${products} where category_id = ${id}::uuid and deleted_at is null) as products`),
        );
        if (usage?.children || usage?.products) {
          throw new Conflict(
            'category_not_empty',
            usage.children
              ? 'The category has subcategories; move or delete them first.'
              : 'The category has products; move them to another category first.',
            { subcategories: usage.children, products: usage.products },
          );
        }
        const after = await updateVersioned(
          tx.tx,
          categories,
          id,
          expectedVersion,
          { deletedAt: sql`now()` },
          () => new CategoryNotFound(),
        );
        await recordAudit(tx, {
          action: 'category.deleted',
          entityType: 'category',
          entityId: id,
          before: toAdminCategory(before),
          after: { deletedAt: after.deletedAt?.toISOString() ?? null },
        });
      });
      await catalogCache.bump(tenantId);
    },
  };
}

export type CategoryService = ReturnType<typeof createCategoryService>;
