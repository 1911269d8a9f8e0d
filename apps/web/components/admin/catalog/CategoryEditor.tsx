'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { LOCALES } from '../../../i18n/messages';
import { useStore } from '../../layout/StoreContext';
import { ConfirmAction } from '../../console/ConfirmAction';
import { Panel, PageHeader } from '../../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert } from '../../console/feedback';
import { consoleProblemText, problemOf } from '../../console/problems';
import { useAction } from '../../console/useAction';
import { RequirePermission } from '../../console/RequirePermission';
import { Announce, useConfirmedCall } from '../moderation/shared';
import { CategoryForm } from './CategoryForm';
import { buildTree, reorderPlan, siblingsOf } from './categoryTree';
import type { AdminCategory, CategoryNode } from './categoryTree';
import styles from './catalog.module.css';

type Selection = { mode: 'edit'; id: string } | { mode: 'new'; parentId: string | null } | null;

/** At most this many pages of 100 are read (the storefront's tree holds up to 1,000 categories). */
const MAX_PAGES = 20;

/** Every live category, page by page (a tree editor needs the whole tree). */
async function loadCategories(): Promise<{ rows: AdminCategory[] } | { error: unknown; response: Response }> {
  const rows: AdminCategory[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error, response } = await browserApi.GET('/api/v1/admin/categories', {
      params: { query: cursor ? { limit: 100, cursor } : { limit: 100 } },
    });
    if (!data) return { error, response };
    rows.push(...data.data);
    const next = data.links.next ? new URL(data.links.next, 'http://list.invalid').searchParams.get('cursor') : null;
    if (!next) break;
    cursor = next;
  }
  return { rows };
}

const focusLater = (...ids: string[]) =>
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el instanceof HTMLButtonElement && !el.disabled) {
        el.focus();
        return;
      }
    }
  });

/** `/admin/categories`: the category tree with an editor beside it. */
export function CategoryEditor() {
  return (
    <RequirePermission permission="catalog:manage">
      <Categories />
    </RequirePermission>
  );
}

function Categories() {
  const t = useTranslations('moderation');
  const tc = useTranslations('console');
  const store = useStore();
  const [rows, setRows] = useState<AdminCategory[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const reorder = useAction();
  const { confirmed, conflict, clearConflict } = useConfirmedCall();

  // The store's default language is the category's own text; the other UI languages are translations.
  const base = store.locale.split('-')[0] ?? store.locale;
  const locales = LOCALES.filter((l) => l !== base);

  const load = useCallback(async () => {
    try {
      const answer = await loadCategories();
      if ('rows' in answer) {
        setRows(answer.rows);
        setLoadError(null);
      } else setLoadError(consoleProblemText(tc, problemOf(answer.error, answer.response)));
    } catch {
      setLoadError(tc('errors.network_error'));
    }
  }, [tc]);

  useEffect(() => {
    void load();
  }, [load]);

  const tree = useMemo(() => buildTree(rows ?? []), [rows]);

  if (!rows) return <Loading error={loadError} />;
  const all = rows;

  const selected = selection?.mode === 'edit' ? rows.find((c) => c.id === selection.id) : undefined;
  const byId = (id: string | null) => (id ? rows.find((c) => c.id === id) : undefined);

  async function move(category: AdminCategory, step: -1 | 1) {
    const plan = reorderPlan(siblingsOf(tree, category.id), category.id, step);
    if (plan.length === 0) return;
    setMoving(true);
    setDone(null);
    let ok = true;
    for (const { category: c, position } of plan) {
      const saved = await reorder.run(() =>
        browserApi.PATCH('/api/v1/admin/categories/{id}', {
          params: { path: { id: c.id } },
          headers: { 'If-Match': `"${c.version}"` },
          body: { position },
        }),
      );
      if (!saved) {
        ok = false;
        break;
      }
    }
    // Some writes may have gone through before a refusal: show the tree as it is now.
    await load();
    if (ok) {
      setDone(
        step < 0
          ? t('categories.movedUp', { name: category.name })
          : t('categories.movedDown', { name: category.name }),
      );
      const dir = step < 0 ? 'up' : 'down';
      focusLater(`category-${category.id}-${dir}`, `category-${category.id}`);
    }
    setMoving(false);
  }

  const reloadAll = () => {
    reorder.reset();
    clearConflict();
    void load();
  };

  function editor() {
    if (selection?.mode === 'new') {
      const parent = byId(selection.parentId);
      return (
        <Panel
          id="category-editor"
          title={parent ? t('categories.newChildOf', { name: parent.name }) : t('categories.newTop')}
        >
          <CategoryForm
            key={`new-${selection.parentId ?? 'top'}`}
            category={null}
            parentId={selection.parentId}
            tree={tree}
            locales={locales}
            onCancel={() => setSelection(null)}
            onReload={reloadAll}
            onSaved={(saved) => {
              setDone(t('categories.created', { name: saved.name }));
              setSelection({ mode: 'edit', id: saved.id });
              void load();
            }}
          />
        </Panel>
      );
    }
    if (!selected) {
      return (
        <Panel id="category-editor" title={t('categories.editorTitle')}>
          <p className="muted">{t('categories.choose')}</p>
        </Panel>
      );
    }
    const siblings = siblingsOf(tree, selected.id);
    const index = siblings.findIndex((s) => s.id === selected.id);
    const hasChildren = all.some((c) => c.parentId === selected.id && !c.deletedAt);
    return (
      <Panel
        id="category-editor"
        title={t('categories.editTitle', { name: selected.name })}
        actions={
          <>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setSelection({ mode: 'new', parentId: selected.id })}
            >
              {t('categories.addChild')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={moving || index <= 0}
              onClick={() => void move(selected, -1)}
            >
              {t('categories.moveUp')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={moving || index < 0 || index >= siblings.length - 1}
              onClick={() => void move(selected, 1)}
            >
              {t('categories.moveDown')}
            </button>
            <ConfirmAction
              label={t('categories.delete')}
              danger
              disabled={hasChildren}
              title={t('categories.deleteTitle', { name: selected.name })}
              body={t('categories.deleteBody')}
              confirmLabel={t('categories.delete')}
              onConfirm={() =>
                confirmed(
                  () =>
                    browserApi.DELETE('/api/v1/admin/categories/{id}', {
                      params: { path: { id: selected.id } },
                      headers: { 'If-Match': `"${selected.version}"` },
                    }),
                  () => {
                    setDone(t('categories.deleted', { name: selected.name }));
                    setSelection(null);
                    void load();
                  },
                )
              }
            />
          </>
        }
      >
        {hasChildren && <p className="hint">{t('categories.deleteHint')}</p>}
        <CategoryForm
          key={`${selected.id}-${selected.version}`}
          category={selected}
          tree={tree}
          locales={locales}
          onReload={reloadAll}
          onSaved={(saved) => {
            setDone(t('categories.saved', { name: saved.name }));
            void load();
          }}
        />
      </Panel>
    );
  }

  function item(node: CategoryNode, index: number, siblings: readonly CategoryNode[]) {
    const c = node.category;
    const open = !collapsed.has(c.id);
    const current = selection?.mode === 'edit' && selection.id === c.id;
    return (
      <li key={c.id}>
        <div className={styles.row}>
          {node.children.length > 0 ? (
            <button
              type="button"
              className={styles.toggle}
              aria-expanded={open}
              onClick={() =>
                setCollapsed((s) => {
                  const next = new Set(s);
                  if (open) next.add(c.id);
                  else next.delete(c.id);
                  return next;
                })
              }
            >
              <span aria-hidden="true">{open ? '▾' : '▸'}</span>
              <span className="visually-hidden">{t('categories.subcategoriesOf', { name: c.name })}</span>
            </button>
          ) : (
            <span className={styles.toggleSpacer} />
          )}
          <button
            type="button"
            id={`category-${c.id}`}
            className={styles.name}
            aria-current={current ? 'true' : undefined}
            onClick={() => setSelection({ mode: 'edit', id: c.id })}
          >
            {c.name}
            <span className={styles.slug} aria-hidden="true">
              {c.slug}
            </span>
          </button>
          <button
            type="button"
            id={`category-${c.id}-up`}
            className={styles.icon}
            disabled={moving || index === 0}
            onClick={() => void move(c, -1)}
          >
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">{t('categories.moveNamedUp', { name: c.name })}</span>
          </button>
          <button
            type="button"
            id={`category-${c.id}-down`}
            className={styles.icon}
            disabled={moving || index === siblings.length - 1}
            onClick={() => void move(c, 1)}
          >
            <span aria-hidden="true">↓</span>
            <span className="visually-hidden">{t('categories.moveNamedDown', { name: c.name })}</span>
          </button>
        </div>
        {node.children.length > 0 && open && <ul>{node.children.map((child, i, all) => item(child, i, all))}</ul>}
      </li>
    );
  }

  return (
    <>
      <PageHeader
        title={t('categories.title')}
        description={t('categories.description')}
        actions={
          <button type="button" className="btn" onClick={() => setSelection({ mode: 'new', parentId: null })}>
            {t('categories.addTop')}
          </button>
        }
      />
      <Announce message={done} />
      {(conflict || reorder.conflict) && <ConflictNotice onReload={reloadAll} />}
      {!reorder.conflict && <ProblemAlert message={reorder.error} />}
      {loadError && <ProblemAlert message={loadError} />}
      <div className={styles.layout}>
        <Panel id="category-tree" title={t('categories.treeTitle', { count: rows.filter((c) => !c.deletedAt).length })}>
          {tree.length === 0 ? (
            <p className="muted">{t('categories.empty')}</p>
          ) : (
            <ul className={styles.tree} aria-label={t('categories.treeLabel')}>
              {tree.map((n, i, all) => item(n, i, all))}
            </ul>
          )}
        </Panel>
        {editor()}
      </div>
    </>
  );
}
