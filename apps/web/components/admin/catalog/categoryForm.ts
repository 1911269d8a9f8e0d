/** The category form as pure functions: values from a category, validation and the body to send. */
import type { AdminCategory } from './categoryTree';

export interface CategoryValues {
  name: string;
  slug: string;
  description: string;
  /** '' is the top level. */
  parentId: string;
  /** Per translated locale: its name and description ('' falls back to the default). */
  translations: Record<string, { name: string; description: string }>;
}

/** Message keys under `moderation.categories.form.errors`. */
export type CategoryError = 'required' | 'tooLong' | 'invalidSlug';

export type CategoryErrors = Record<string, CategoryError>;

export interface CategoryBody {
  name?: string;
  slug?: string;
  description?: string;
  parentId?: string | null;
  position?: number;
  translations?: Record<string, { name?: string; description?: string }>;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function categoryValues(
  category: AdminCategory | null,
  parentId: string | null,
  locales: readonly string[],
): CategoryValues {
  return {
    name: category?.name ?? '',
    slug: category?.slug ?? '',
    description: category?.description ?? '',
    parentId: (category ? category.parentId : parentId) ?? '',
    translations: Object.fromEntries(
      locales.map((l) => [
        l,
        { name: category?.translations[l]?.name ?? '', description: category?.translations[l]?.description ?? '' },
      ]),
    ),
  };
}

/**
 * Checks the form and builds the body: every field for a new category; for an existing one only
 * what changed. `translations` replaces all of a category's translations, so locales the form does
 * not edit are carried over unchanged.
 */
export function categoryChanges(
  category: AdminCategory | null,
  values: CategoryValues,
): { body: CategoryBody; errors: CategoryErrors } {
  const errors: CategoryErrors = {};
  const body: CategoryBody = {};

  const name = values.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > 200) errors.name = 'tooLong';

  const slug = values.slug.trim();
  if (!slug && category) errors.slug = 'required';
  else if (slug && (slug.length > 100 || !SLUG.test(slug))) errors.slug = 'invalidSlug';

  const description = values.description.trim();
  if (description.length > 5000) errors.description = 'tooLong';

  const translations: Record<string, { name?: string; description?: string }> = {};
  for (const [locale, text] of Object.entries(category?.translations ?? {})) {
    if (!(locale in values.translations)) translations[locale] = text;
  }
  for (const [locale, text] of Object.entries(values.translations)) {
    const tName = text.name.trim();
    const tDescription = text.description.trim();
    if (tName.length > 200) errors[`translations.${locale}.name`] = 'tooLong';
    if (tDescription.length > 5000) errors[`translations.${locale}.description`] = 'tooLong';
    const entry: { name?: string; description?: string } = {};
    if (tName) entry.name = tName;
    if (tDescription) entry.description = tDescription;
    if (entry.name || entry.description) translations[locale] = entry;
  }

  const parentId = values.parentId || null;
  if (!category) {
    body.name = name;
    if (slug) body.slug = slug;
    if (description) body.description = description;
    body.parentId = parentId;
    if (Object.keys(translations).length > 0) body.translations = translations;
    return { body, errors };
  }

  if (name !== category.name) body.name = name;
  if (slug !== category.slug) body.slug = slug;
  if (description !== category.description.trim()) body.description = description;
  if (parentId !== category.parentId) body.parentId = parentId;
  if (JSON.stringify(sorted(translations)) !== JSON.stringify(sorted(category.translations))) {
    body.translations = translations;
  }
  return { body, errors };
}

/** A translations object with its locales and fields in a stable order, for comparison. */
function sorted(t: Record<string, { name?: string; description?: string }>) {
  return Object.keys(t)
    .sort()
    .map((l) => [l, t[l]?.name ?? '', t[l]?.description ?? '']);
}
