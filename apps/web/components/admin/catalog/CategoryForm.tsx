'use client';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { FormAlerts, SubmitButton } from '../../console/feedback';
import { Field, SelectField, TextAreaField } from '../../console/fields';
import { useAction } from '../../console/useAction';
import consoleStyles from '../../console/console.module.css';
import { noteProblemCode } from '../moderation/shared';
import { categoryChanges, categoryValues } from './categoryForm';
import type { CategoryErrors, CategoryValues } from './categoryForm';
import { childrenOf, flatten, positionAfter, subtreeIds } from './categoryTree';
import type { AdminCategory, CategoryNode } from './categoryTree';
import styles from './catalog.module.css';

/** Problem codes without a field path, and the field each belongs to. */
const CODE_FIELD: Record<string, string> = {
  slug_taken: 'slug',
  category_cycle: 'parentId',
  category_parent_not_found: 'parentId',
};

/**
 * Adds a category (under `parentId`) or changes one: name, slug, description, parent and the
 * translations of `locales`. Saves with `If-Match`; a 412 offers to reload.
 */
export function CategoryForm({
  category,
  parentId = null,
  tree,
  locales,
  onSaved,
  onCancel,
  onReload,
}: {
  category: AdminCategory | null;
  parentId?: string | null;
  tree: readonly CategoryNode[];
  /** The locales to translate into (the store's other UI languages). */
  locales: readonly string[];
  onSaved: (category: AdminCategory, created: boolean) => void;
  onCancel?: () => void;
  onReload: () => void;
}) {
  const t = useTranslations('moderation');
  const tc = useTranslations('console');
  const uiLocale = useLocale();
  const id = useId();
  const action = useAction();
  const [values, setValues] = useState<CategoryValues>(() => categoryValues(category, parentId, locales));
  const [errors, setErrors] = useState<CategoryErrors>({});
  const [note, setNote] = useState<string | null>(null);
  const languageName = (l: string) => new Intl.DisplayNames([uiLocale], { type: 'language' }).of(l) ?? l;

  const excluded = category ? subtreeIds(tree, category.id) : new Set<string>();
  const parents = flatten(tree).filter((n) => !excluded.has(n.category.id));

  const error = (path: string) =>
    errors[path] ? t(`categories.form.errors.${errors[path]}`) : action.fieldError(path);
  const clear = (path: string) => setErrors((e) => ({ ...e, [path]: undefined }) as CategoryErrors);
  const set = (field: 'name' | 'slug' | 'description' | 'parentId') => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };
  const setTranslation = (locale: string, field: 'name' | 'description') => (e: { target: { value: string } }) => {
    const base = values.translations[locale] ?? { name: '', description: '' };
    setValues((v) => ({ ...v, translations: { ...v.translations, [locale]: { ...base, [field]: e.target.value } } }));
    clear(`translations.${locale}.${field}`);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNote(null);
    const change = categoryChanges(category, values);
    const found = change.errors;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      action.reset();
      return;
    }
    const body = change.body;
    if (category && Object.keys(body).length === 0) {
      setNote(t('categories.form.unchanged'));
      return;
    }
    // A new category, or one moved to another parent, goes to the end of its new siblings.
    if (!category || body.parentId !== undefined)
      body.position = positionAfter(childrenOf(tree, values.parentId || null));

    let code: string | undefined;
    const saved = await action.run(
      noteProblemCode(
        () =>
          category
            ? browserApi.PATCH('/api/v1/admin/categories/{id}', {
                params: { path: { id: category.id } },
                headers: { 'If-Match': `"${category.version}"` },
                body,
              })
            : browserApi.POST('/api/v1/admin/categories', { body: { ...body, name: body.name ?? '' } }),
        (c) => (code = c),
      ),
    );
    if (saved) {
      onSaved(saved, !category);
      return;
    }
    const field = code ? CODE_FIELD[code] : undefined;
    if (code && field) action.setFieldErrors((f) => ({ ...f, [field]: t(`categories.form.errors.${code}`) }));
  }

  return (
    <form className={consoleStyles.form} noValidate onSubmit={(e) => void submit(e)}>
      <FormAlerts invalid={Object.values(errors).some(Boolean)} action={action} onReload={onReload} />
      <Field
        id={`${id}-name`}
        label={t('categories.form.name')}
        value={values.name}
        onChange={set('name')}
        required
        maxLength={200}
        error={error('name')}
      />
      <Field
        id={`${id}-slug`}
        label={t('categories.form.slug')}
        hint={category ? t('categories.form.slugHint') : t('categories.form.slugHintNew')}
        value={values.slug}
        onChange={set('slug')}
        required={Boolean(category)}
        maxLength={100}
        autoCapitalize="none"
        spellCheck={false}
        error={error('slug')}
      />
      <TextAreaField
        id={`${id}-description`}
        label={t('categories.form.description')}
        value={values.description}
        onChange={set('description')}
        maxLength={5000}
        error={error('description')}
      />
      <SelectField
        id={`${id}-parent`}
        label={t('categories.form.parent')}
        value={values.parentId}
        onChange={set('parentId')}
        error={error('parentId')}
      >
        <option value="">{t('categories.form.topLevel')}</option>
        {parents.map((n) => (
          <option key={n.category.id} value={n.category.id}>
            {`${'— '.repeat(n.depth)}${n.category.name}`}
          </option>
        ))}
      </SelectField>
      {locales.map((l) => (
        <fieldset key={l} className={styles.fieldset}>
          <legend>{t('categories.form.translation', { language: languageName(l) })}</legend>
          <Field
            id={`${id}-${l}-name`}
            label={t('categories.form.translatedName', { language: languageName(l) })}
            hint={t('categories.form.translationHint')}
            lang={l}
            value={values.translations[l]?.name ?? ''}
            onChange={setTranslation(l, 'name')}
            maxLength={200}
            error={error(`translations.${l}.name`)}
          />
          <TextAreaField
            id={`${id}-${l}-description`}
            label={t('categories.form.translatedDescription', { language: languageName(l) })}
            lang={l}
            value={values.translations[l]?.description ?? ''}
            onChange={setTranslation(l, 'description')}
            maxLength={5000}
            error={error(`translations.${l}.description`)}
          />
        </fieldset>
      ))}
      <p role="status" className="hint">
        {note ?? ''}
      </p>
      <div className={styles.buttons}>
        <SubmitButton pending={action.pending}>
          {category ? t('categories.form.save') : t('categories.form.create')}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {tc('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
