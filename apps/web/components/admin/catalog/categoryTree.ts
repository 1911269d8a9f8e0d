/** The category tree of the admin dashboard as pure functions over the API's flat list. */
import type { paths } from '@bazaar/sdk';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type AdminCategory = Ok<paths['/api/v1/admin/categories/{id}']['get']>;

export interface CategoryNode {
  category: AdminCategory;
  children: CategoryNode[];
  depth: number;
}

const byPosition = (a: AdminCategory, b: AdminCategory) =>
  a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * The tree of a flat list: siblings by position, then name (as the storefront shows them). A
 * category whose parent is missing from the list (deleted) is shown at the top level.
 */
export function buildTree(categories: readonly AdminCategory[]): CategoryNode[] {
  const live = categories.filter((c) => !c.deletedAt);
  const ids = new Set(live.map((c) => c.id));
  const children = new Map<string | null, AdminCategory[]>();
  for (const c of live) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const seen = new Set<string>();
  const grow = (parent: string | null, depth: number): CategoryNode[] =>
    (children.get(parent) ?? [])
      .sort(byPosition)
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .map((c) => ({ category: c, depth, children: grow(c.id, depth + 1) }));
  return grow(null, 0);
}

/** Every node of the tree, depth first, in the order shown. */
export function flatten(tree: readonly CategoryNode[]): CategoryNode[] {
  return tree.flatMap((n) => [n, ...flatten(n.children)]);
}

/** The ids of a category and everything below it (where it may not be moved). */
export function subtreeIds(tree: readonly CategoryNode[], id: string): Set<string> {
  const node = flatten(tree).find((n) => n.category.id === id);
  return new Set(node ? flatten([node]).map((n) => n.category.id) : [id]);
}

/** The siblings of a category (itself included), in the order shown. */
export function siblingsOf(tree: readonly CategoryNode[], id: string): AdminCategory[] {
  const inList = (list: readonly CategoryNode[]): AdminCategory[] | null => {
    if (list.some((n) => n.category.id === id)) return list.map((n) => n.category);
    for (const n of list) {
      const found = inList(n.children);
      if (found) return found;
    }
    return null;
  };
  return inList(tree) ?? [];
}

/** The children of `parentId` (null: the top level), in the order shown. */
export function childrenOf(tree: readonly CategoryNode[], parentId: string | null): AdminCategory[] {
  if (parentId === null) return tree.map((n) => n.category);
  const node = flatten(tree).find((n) => n.category.id === parentId);
  return node ? node.children.map((n) => n.category) : [];
}

/** The position after the last of `siblings`, for a category added (or moved) to their end. */
export const positionAfter = (siblings: readonly AdminCategory[]): number =>
  siblings.length === 0 ? 0 : Math.min(1_000_000, Math.max(...siblings.map((s) => s.position)) + 1);

/**
 * The writes that move `id` one place up (-1) or down (+1) among its siblings: every sibling gets
 * its index as position, and only those whose position changes are written. Empty when it cannot move.
 */
export function reorderPlan(
  siblings: readonly AdminCategory[],
  id: string,
  step: -1 | 1,
): { category: AdminCategory; position: number }[] {
  const from = siblings.findIndex((s) => s.id === id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= siblings.length) return [];
  const order = [...siblings];
  const [moved] = order.splice(from, 1);
  if (!moved) return [];
  order.splice(to, 0, moved);
  return order.flatMap((category, position) => (category.position === position ? [] : [{ category, position }]));
}
