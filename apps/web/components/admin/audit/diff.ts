/**
 * The before/after of an audit entry as rows a person can compare: nested objects are flattened to
 * dotted paths (`amount.currency`, `rates.0.name`), and each path is marked added, removed, changed
 * or unchanged. Pure: no I/O, no React.
 */

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffRow {
  /** Dotted path of the value; `''` when the whole value is a scalar. */
  path: string;
  kind: DiffKind;
  /** Whether the path exists on that side (a value may exist and be `null`). */
  hasBefore: boolean;
  hasAfter: boolean;
  before: unknown;
  after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An array holding at least one object or array is walked by index; others are compared whole. */
const isNestedArray = (value: unknown): value is unknown[] =>
  Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null);

/**
 * `{ a: { b: 1 }, list: [{ c: 2 }], tags: ['x'] }` → `a.b → 1`, `list.0.c → 2`, `tags → ['x']`.
 * Empty objects and arrays stay leaves, so an emptied value still shows. `null`/`undefined` at the
 * top (no before for a creation, no after for a deletion) give no paths at all.
 */
export function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (node: unknown, path: string) => {
    if (isPlainObject(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
    } else if (isNestedArray(node)) {
      node.forEach((child, i) => walk(child, path ? `${path}.${i}` : String(i)));
    } else {
      out.set(path, node);
    }
  };
  if (value === null || value === undefined) return out;
  walk(value, prefix);
  return out;
}

/** Deep equality of JSON values (key order of objects does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * The rows of a diff, in the order the paths first appear (before's, then those only after has).
 * A creation (no before) is all `added`; a deletion (no after) is all `removed`.
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const left = flatten(before);
  const right = flatten(after);
  const paths = [...left.keys(), ...[...right.keys()].filter((p) => !left.has(p))];
  return paths.map((path) => {
    const hasBefore = left.has(path);
    const hasAfter = right.has(path);
    const b = left.get(path);
    const a = right.get(path);
    const kind: DiffKind = !hasBefore ? 'added' : !hasAfter ? 'removed' : sameValue(b, a) ? 'unchanged' : 'changed';
    return { path, kind, hasBefore, hasAfter, before: b, after: a };
  });
}

/** How many rows of each kind a diff has. */
export function diffSummary(rows: readonly DiffRow[]): Record<DiffKind, number> {
  const counts: Record<DiffKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const row of rows) counts[row.kind] += 1;
  return counts;
}

/** A leaf value as text: strings as they are, everything else as JSON (`null`, `true`, `["a","b"]`). */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}
