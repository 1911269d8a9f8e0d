'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { useSessionGuard } from '../../account/useSessionGuard';
import { useStore } from '../../layout/StoreContext';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useConsole } from '../../console/ConsoleProvider';
import { PageHeader, Panel } from '../../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert, SubmitButton } from '../../console/feedback';
import { Field, SelectField, TextAreaField } from '../../console/fields';
import { consoleProblemText, fieldErrorsByPath, problemOf } from '../../console/problems';
import { ImagesPanel } from './ImagesPanel';
import { NotAVendor } from './NotAVendor';
import { OptionsEditor } from './OptionsEditor';
import {
  LIMITS,
  createBody,
  draftOf,
  emptyDraft,
  fieldOfPath,
  fieldPaths,
  snapshot,
  syncVariants,
  updateBody,
  validateDraft,
  variantLabel,
  withStockOf,
} from './productForm';
import type { Issue, OptionDraft, ProductDraft, VariantDraft } from './productForm';
import { StatusPanel } from './StatusPanel';
import type { Product } from './types';
import { useCategories } from './useCategories';
import { takenSkus, useProductAction } from './useProductAction';
import { VariantsTable } from './VariantsTable';
import styles from './products.module.css';

const PREFIX = 'product';
/** The element id of a field path: `variants.0.sku` → `product-variants-0-sku`. */
const fieldId = (path: string) => `${PREFIX}-${path.replace(/\./g, '-')}`;

/** The product editor of the vendor portal: `/vendor/products/new` without `productId`, else `/vendor/products/{id}`. */
export function ProductEditor({ productId }: { productId?: string }) {
  const { hasRole } = useConsole();
  if (!hasRole('vendor')) return <NotAVendor />;
  return <Editor productId={productId} />;
}

function Editor({ productId }: { productId?: string }) {
  const t = useTranslations('vendorProducts');
  const tc = useTranslations('console');
  const store = useStore();
  const router = useRouter();
  const search = useSearchParams();
  const expired = useSessionGuard();
  const { categories, error: categoriesError } = useCategories();

  const [product, setProduct] = useState<Product | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<ProductDraft>(emptyDraft);
  /** What the form was loaded from (or last saved as): the form is dirty when it says something else. */
  const [base, setBase] = useState<ProductDraft>(emptyDraft);
  const baseline = useMemo(() => snapshot(base), [base]);
  const baseRef = useRef(base);
  useEffect(() => {
    baseRef.current = base;
  });
  /** Someone else changed the product's content since the form was loaded (seen after an image change). */
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** API messages no field shows (they go in the summary). */
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [summary, setSummary] = useState(false);
  const [notice, setNotice] = useState<string | null>(productId && search.get('created') ? t('editor.created') : null);
  const [deleteConflict, setDeleteConflict] = useState(false);
  /** Where the last save started: its problems show there ("Submit for review" saves first). */
  const [saveFrom, setSaveFrom] = useState<'form' | 'status'>('form');
  const save = useProductAction();
  const status = useProductAction();
  const summaryRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const currency = product?.currency ?? store.currency;
  const dirty = snapshot(draft) !== baseline;
  const readOnly = product?.status === 'archived';

  /** Takes the product as the API has it, dropping the form's edits. */
  const accept = useCallback((p: Product) => {
    const d = draftOf(p);
    setProduct(p);
    setDraft(d);
    setBase(d);
    setErrors({});
    setUnplaced([]);
    setSummary(false);
  }, []);

  const fetchProduct = useCallback(async (): Promise<Product | null> => {
    if (!productId) return null;
    try {
      const { data, error, response } = await browserApi.GET('/api/v1/vendor/products/{id}', {
        params: { path: { id: productId } },
      });
      if (expired(response)) return null;
      if (data) return data;
      setLoadError(consoleProblemText(tc, problemOf(error, response)));
    } catch {
      setLoadError(tc('errors.network_error'));
    }
    return null;
  }, [productId, expired, tc]);

  /** Loads the product and resets the form to it (first load, and "load the latest version"). */
  const { reset: resetSave } = save;
  const { reset: resetStatus } = status;
  const reload = useCallback(async () => {
    resetSave();
    resetStatus();
    setDeleteConflict(false);
    const p = await fetchProduct();
    if (p) {
      setChangedElsewhere(false);
      accept(p);
    }
  }, [fetchProduct, accept, resetSave, resetStatus]);

  /**
   * After an image edit: the product's images, version and status change; the form's edits stay.
   * The new version is taken only when the rest of the product is still what the form was loaded
   * from (stock aside, which sales change): otherwise someone else changed it, and saving over their
   * edit would undo it, so the page says so and offers their version instead.
   */
  const refresh = useCallback(async () => {
    const p = await fetchProduct();
    if (!p) return;
    const fresh = draftOf(p);
    if (snapshot(fresh, { stock: false }) === snapshot(baseRef.current, { stock: false })) {
      setProduct(p);
      setBase(fresh);
      setDraft((d) => withStockOf(d, fresh));
      return;
    }
    setProduct((current) => (current ? { ...p, version: current.version } : p));
    setChangedElsewhere(true);
  }, [fetchProduct]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // `?created=1` (from the new-product page) is said once, then dropped from the address.
  useEffect(() => {
    if (search.get('created') !== null) window.history.replaceState(null, '', window.location.pathname);
  }, [search]);

  // Leaving with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const paths = useMemo(() => fieldPaths(draft), [draft]);
  const errorFor = (path: string): string | undefined => errors[path];

  /** A field changed: its own message (and a summary entry) goes. */
  const clear = (...changed: string[]) => {
    if (!changed.some((p) => p in errors)) return;
    setErrors((e) => {
      const next = { ...e };
      for (const p of changed) delete next[p];
      return next;
    });
  };

  const set = (field: 'title' | 'description' | 'categoryId' | 'slug') => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    clear(field);
  };

  function setOptions(options: OptionDraft[], changedPath?: string) {
    setDraft((d) => ({ ...d, options, variants: syncVariants(options, d.variants) }));
    // Rows may have moved: messages on variants (and, when an option went, on options) no longer fit.
    setErrors((e) =>
      Object.fromEntries(
        Object.entries(e).filter(
          ([p]) =>
            p !== changedPath && !p.startsWith('variants') && (changedPath !== undefined || !p.startsWith('options')),
        ),
      ),
    );
  }

  function setVariant(index: number, patch: Partial<VariantDraft>, path: string) {
    setDraft((d) => ({ ...d, variants: d.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) }));
    clear(path);
  }

  const translate = (issue: Issue): string =>
    issue.key === 'required' || issue.key === 'invalidAmount' || issue.key === 'invalidNumber'
      ? tc(`validation.${issue.key}`)
      : t(`validation.${issue.key}`, issue.values);

  const focusLater = (ref: { current: HTMLElement | null }) => setTimeout(() => ref.current?.focus(), 0);

  /** Puts the API's field errors (and the SKUs it says are taken) next to their fields. */
  function placeProblem(p: Problem) {
    const known = new Set(paths);
    const next: Record<string, string> = {};
    const rest: string[] = [];
    // A catalog rule the page has words for (`stock_below_reserved`) reads in its language.
    const own = t.has(`errors.${p.code}`) ? save.describe(p) : null;
    for (const [path, message] of Object.entries(fieldErrorsByPath(p, tc))) {
      const field = fieldOfPath(path, known);
      if (field) next[field] ??= own ?? message;
      else rest.push(own ?? message);
    }
    const taken = takenSkus(p);
    draft.variants.forEach((v, i) => {
      if (taken.includes(v.sku.trim())) next[`variants.${i}.sku`] = t('validation.skuTaken');
    });
    if (p.code === 'slug_taken') next.slug = t('errors.slug_taken');
    setErrors(next);
    setUnplaced(Object.keys(next).length > 0 ? rest : []);
    setSummary(Object.keys(next).length > 0);
  }

  /** Validates and saves the form; answers the saved product (a new one opens in its own editor). */
  async function saveDraft(): Promise<Product | null> {
    setNotice(null);
    const issues = validateDraft(draft, currency);
    if (Object.keys(issues).length > 0) {
      setErrors(Object.fromEntries(Object.entries(issues).map(([p, issue]) => [p, translate(issue)])));
      setUnplaced([]);
      setSummary(true);
      save.reset();
      focusLater(summaryRef);
      return null;
    }
    setErrors({});
    setUnplaced([]);
    setSummary(false);
    const saved = product
      ? await save.run(
          () =>
            browserApi.PATCH('/api/v1/vendor/products/{id}', {
              params: { path: { id: product.id }, header: { 'if-match': `"${product.version}"` } },
              body: updateBody(draft, currency),
            }),
          placeProblem,
        )
      : await save.run(
          () => browserApi.POST('/api/v1/vendor/products', { body: createBody(draft, currency) }),
          placeProblem,
        );
    if (!saved) {
      focusLater(summaryRef.current ? summaryRef : alertRef);
      return null;
    }
    if (!product) {
      setBase(draft);
      router.replace(`/vendor/products/${saved.id}?created=1`);
      return saved;
    }
    accept(saved);
    setNotice(t('editor.saved'));
    return saved;
  }

  async function submitForReview() {
    if (!product) return;
    setNotice(null);
    let current = product;
    if (dirty) {
      setSaveFrom('status');
      const saved = await saveDraft();
      if (!saved) return;
      current = saved;
    }
    const done = await status.run(() =>
      browserApi.POST('/api/v1/vendor/products/{id}/submit', { params: { path: { id: current.id } } }),
    );
    if (done) {
      accept(done);
      setNotice(t('statusPanel.submitted'));
    }
  }

  async function archive(): Promise<string | null> {
    if (!product) return null;
    let failure: string | null = null;
    const done = await status.run(
      () => browserApi.POST('/api/v1/vendor/products/{id}/archive', { params: { path: { id: product.id } } }),
      (p) => (failure = status.describe(p)),
    );
    if (!done) return failure ?? tc('errors.generic');
    accept(done);
    setNotice(t('statusPanel.archived'));
    return null;
  }

  async function unarchive() {
    if (!product) return;
    const done = await status.run(() =>
      browserApi.POST('/api/v1/vendor/products/{id}/unarchive', { params: { path: { id: product.id } } }),
    );
    if (done) {
      accept(done);
      setNotice(t('statusPanel.unarchived'));
    }
  }

  async function remove(): Promise<string | null> {
    if (!product) return null;
    let failure: string | null = null;
    const done = await status.run(
      () =>
        browserApi.DELETE('/api/v1/vendor/products/{id}', {
          params: { path: { id: product.id }, header: { 'if-match': `"${product.version}"` } },
        }),
      (p) => {
        failure = status.describe(p);
        if (p.status === 412) setDeleteConflict(true);
      },
    );
    if (!done) return failure ?? tc('errors.generic');
    setBase(draft);
    router.replace('/vendor/products?deleted=1');
    return null;
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaveFrom('form');
    void saveDraft();
  }

  /** The summary's name of a field: "SKU (Sage)", "Option 1 name", "Title". */
  function labelOf(path: string): string {
    const [head, index, field] = path.split('.');
    const i = Number(index);
    if (head === 'options') {
      return field === 'name' ? t('options.name', { n: i + 1 }) : t('options.addValue', { n: i + 1 });
    }
    if (head === 'variants' && field) {
      const v = draft.variants[i];
      const name = (v && variantLabel(draft.options, v)) || t('variants.default');
      return t('variants.cellLabel', { field: t(`variants.${field}`), variant: name });
    }
    if (head === 'variants') return t('variants.title');
    return t(`fields.${head === 'categoryId' ? 'category' : head}`);
  }

  if (productId && !product) {
    return (
      <>
        <PageHeader title={t('editor.editTitle')} actions={<BackLink />} />
        <Loading error={loadError} />
      </>
    );
  }

  const summaryEntries = [...paths, 'variants'].filter((p) => errors[p]).map((p) => [p, errors[p] ?? ''] as const);
  /** A status change or the deletion met someone else's edit (a save's conflict shows by its button). */
  const conflict = changedElsewhere || status.conflict || deleteConflict || (save.conflict && saveFrom === 'status');

  return (
    <>
      <PageHeader
        title={product ? product.title : t('editor.newTitle')}
        description={product ? undefined : t('editor.newDescription')}
        actions={
          <>
            {product?.listed && (
              <Link href={`/p/${product.slug}`} className="btn btn-secondary">
                {t('editor.viewInStore')}
              </Link>
            )}
            <BackLink />
          </>
        }
      />
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {conflict && <ConflictNotice onReload={() => void reload()} />}

      {product && (
        <StatusPanel
          product={product}
          dirty={dirty}
          pending={status.pending || save.pending}
          error={
            status.conflict ? null : (status.message ?? (saveFrom === 'status' && !save.conflict ? save.message : null))
          }
          onSubmit={() => void submitForReview()}
          onArchive={archive}
          onUnarchive={() => void unarchive()}
        />
      )}

      <form onSubmit={onSubmit} noValidate aria-label={t('editor.formLabel')}>
        {summary && summaryEntries.length > 0 && (
          <div ref={summaryRef} role="alert" tabIndex={-1} className={`alert alert-error ${styles.summary}`}>
            <p>
              <strong>{tc('validation.summary')}</strong>
            </p>
            <ul>
              {summaryEntries.map(([path, message]) => (
                <li key={path}>
                  <a
                    href={`#${fieldId(path)}`}
                    onClick={(e) => {
                      const target = document.getElementById(fieldId(path));
                      if (!target) return;
                      e.preventDefault();
                      target.focus();
                    }}
                  >
                    {labelOf(path)}: {message}
                  </a>
                </li>
              ))}
              {unplaced.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        {!save.conflict && !summary && (
          <div ref={alertRef} tabIndex={-1}>
            <ProblemAlert message={saveFrom === 'form' ? save.message : null} />
          </div>
        )}
        <fieldset disabled={readOnly} className={styles.fieldset}>
          <Panel title={t('details.title')} id="product-details">
            <div className={styles.form}>
              <Field
                id={fieldId('title')}
                label={t('fields.title')}
                value={draft.title}
                maxLength={LIMITS.title}
                required
                autoComplete="off"
                error={errorFor('title')}
                onChange={(e) => set('title')(e.target.value)}
              />
              <TextAreaField
                id={fieldId('description')}
                label={t('fields.description')}
                hint={t('details.descriptionHint')}
                value={draft.description}
                maxLength={LIMITS.description}
                rows={6}
                error={errorFor('description')}
                onChange={(e) => set('description')(e.target.value)}
              />
              <div className={styles.grid2}>
                <SelectField
                  id={fieldId('categoryId')}
                  label={t('fields.category')}
                  value={draft.categoryId}
                  required
                  error={errorFor('categoryId') ?? categoriesError ?? undefined}
                  aria-busy={categories === null || undefined}
                  onChange={(e) => set('categoryId')(e.target.value)}
                >
                  <option value="">{categories ? t('details.chooseCategory') : tc('loading')}</option>
                  {categories?.map((c) => (
                    <option key={c.id} value={c.id}>
                      {`${'\u00a0\u00a0\u00a0'.repeat(c.depth)}${c.name}`}
                    </option>
                  ))}
                </SelectField>
                <Field
                  id={fieldId('slug')}
                  label={t('fields.slug')}
                  hint={product ? t('details.slugHintEdit') : t('details.slugHint')}
                  value={draft.slug}
                  maxLength={LIMITS.slug}
                  autoComplete="off"
                  spellCheck={false}
                  error={errorFor('slug')}
                  onChange={(e) => set('slug')(e.target.value)}
                />
              </div>
            </div>
          </Panel>

          <Panel title={t('options.title')} id="product-options">
            <OptionsEditor
              options={draft.options}
              onChange={setOptions}
              fieldId={fieldId}
              errorFor={errorFor}
              disabled={readOnly}
            />
          </Panel>

          <Panel title={t('variants.title')} id="product-variants">
            <VariantsTable
              options={draft.options}
              variants={draft.variants}
              currency={currency}
              showActive={Boolean(product)}
              reservedOf={(id) => product?.variants.find((v) => v.id === id)?.reserved ?? 0}
              fieldId={fieldId}
              errorFor={errorFor}
              onChange={setVariant}
            />
          </Panel>
        </fieldset>
        {save.conflict && saveFrom === 'form' && !changedElsewhere && <ConflictNotice onReload={() => void reload()} />}
        {!readOnly && (
          <div className={styles.saveBar}>
            <SubmitButton pending={save.pending}>{t('editor.save')}</SubmitButton>
            <p role="status" className="hint">
              {dirty && product ? t('editor.unsaved') : ''}
            </p>
          </div>
        )}
      </form>

      {product ? (
        <ImagesPanel product={product} readOnly={readOnly} onChanged={refresh} />
      ) : (
        <Panel title={t('images.title')} id="product-images">
          <p className="muted">{t('images.saveFirst')}</p>
        </Panel>
      )}

      {product && (
        <Panel title={t('danger.title')} id="product-danger">
          <p className="hint">{t('danger.body')}</p>
          <ConfirmAction
            label={t('danger.delete')}
            title={t('danger.deleteTitle')}
            body={<p>{t('danger.deleteBody', { title: product.title })}</p>}
            confirmLabel={t('danger.deleteConfirm')}
            danger
            onConfirm={remove}
          />
        </Panel>
      )}
    </>
  );
}

function BackLink() {
  const t = useTranslations('vendorProducts');
  return (
    <Link href="/vendor/products" className="btn btn-secondary">
      {t('editor.back')}
    </Link>
  );
}
