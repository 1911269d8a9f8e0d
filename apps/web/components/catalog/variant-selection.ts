/**
 * Variant choice as pure functions: which option values can be chosen, and which variant a choice means.
 * Options are chosen in order; a value is selectable when some variant has it together with the values
 * already chosen for the options before it, so a shopper can never get stuck on a missing combination.
 */
export interface VariantLike {
  id: string;
  options: Record<string, string | undefined>;
  available: number;
  inStock: boolean;
}

export type Selection = Record<string, string>;

const purchasable = (v: VariantLike): boolean => v.inStock && v.available > 0;

function matches(variant: VariantLike, selection: Selection, names: readonly string[]): boolean {
  return names.every((name) => variant.options[name] === selection[name]);
}

/** The first variant a shopper should see: the first that can be bought, else the first. */
export function initialSelection(optionNames: readonly string[], variants: readonly VariantLike[]): Selection {
  const start = variants.find(purchasable) ?? variants[0];
  const selection: Selection = {};
  for (const name of optionNames) {
    const value = start?.options[name];
    if (value !== undefined) selection[name] = value;
  }
  return selection;
}

/** The variant of a complete selection, or undefined when no variant has that combination. */
export function variantFor(
  optionNames: readonly string[],
  variants: readonly VariantLike[],
  selection: Selection,
): VariantLike | undefined {
  if (optionNames.length === 0) return variants[0];
  return variants.find((v) => matches(v, selection, optionNames));
}

/** Whether `value` of option number `index` can be chosen given the choices of the options before it. */
export function isSelectable(
  optionNames: readonly string[],
  variants: readonly VariantLike[],
  selection: Selection,
  index: number,
  value: string,
): boolean {
  const before = optionNames.slice(0, index);
  const name = optionNames[index];
  return name !== undefined && variants.some((v) => matches(v, selection, before) && v.options[name] === value);
}

/**
 * Chooses `value` for option number `index`. When the resulting combination does not exist, the later
 * options move to the closest variant that has the earlier choices (one that can be bought if any).
 */
export function choose(
  optionNames: readonly string[],
  variants: readonly VariantLike[],
  selection: Selection,
  index: number,
  value: string,
): Selection {
  const name = optionNames[index];
  if (name === undefined) return selection;
  const next = { ...selection, [name]: value };
  if (variantFor(optionNames, variants, next)) return next;
  const fixed = optionNames.slice(0, index + 1);
  const candidates = variants.filter((v) => matches(v, next, fixed));
  const target = candidates.find(purchasable) ?? candidates[0];
  if (!target) return next;
  for (const later of optionNames.slice(index + 1)) {
    const v = target.options[later];
    if (v !== undefined) next[later] = v;
  }
  return next;
}

/** Largest quantity that can be put in the cart at once: the stock, at most 100. */
export const maxQuantity = (variant: Pick<VariantLike, 'available'> | undefined): number =>
  Math.max(0, Math.min(variant?.available ?? 0, 100));
