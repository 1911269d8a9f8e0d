'use client';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { ListState } from './useList';
import styles from './console.module.css';

export interface Column<T> {
  key: string;
  /** Already translated. */
  header: string;
  cell: (row: T) => ReactNode;
  /** The API's `sort` value for ascending order; descending is `-` + it. Omit for an unsortable column. */
  sort?: string;
  numeric?: boolean;
}

/**
 * A server-side table over a `useList` state: sortable headers (`aria-sort`, the `sort` URL param),
 * loading and empty states, the API's problem, and previous/next pages by cursor.
 */
export function DataTable<T>({
  caption,
  columns,
  list,
  rowKey,
  empty,
  defaultSort,
}: {
  /** Names the table for assistive technology (visually hidden). */
  caption: string;
  columns: readonly Column<T>[];
  list: ListState<T>;
  rowKey: (row: T) => string;
  /** What to say when there are no rows. */
  empty: ReactNode;
  /** The order the API reads the list in when the URL names none of the columns' (`-placedAt`), shown on its column. */
  defaultSort?: string;
}) {
  const t = useTranslations('console');
  const named = list.params.sort;
  const sort =
    named && columns.some((col) => col.sort && (named === col.sort || named === `-${col.sort}`)) ? named : defaultSort;

  function header(col: Column<T>) {
    if (!col.sort) return col.header;
    const asc = sort === col.sort;
    const desc = sort === `-${col.sort}`;
    const nextSort = asc ? `-${col.sort}` : col.sort;
    return (
      <button type="button" className={styles.sortButton} onClick={() => list.setParam('sort', nextSort)}>
        {col.header}
        <span aria-hidden="true">{asc ? '▲' : desc ? '▼' : '↕'}</span>
      </button>
    );
  }

  const ariaSort = (col: Column<T>) => {
    if (!col.sort) return undefined;
    if (sort === col.sort) return 'ascending' as const;
    if (sort === `-${col.sort}`) return 'descending' as const;
    return 'none' as const;
  };

  return (
    <div>
      {list.error && (
        <p role="alert" className="alert alert-error">
          {list.error}{' '}
          <button type="button" className="btn-link" onClick={list.reload}>
            {t('retry')}
          </button>
        </p>
      )}
      <div className={styles.tableWrap}>
        <table className={styles.table} aria-busy={list.loading || undefined}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((col) => (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={ariaSort(col)}
                  className={col.numeric ? styles.numeric : undefined}
                >
                  {header(col)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((col) => (
                  <td key={col.key} className={col.numeric ? styles.numeric : undefined}>
                    {col.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
            {!list.loading && list.rows.length === 0 && !list.error && (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className={styles.pager}>
        <p role="status" className="muted">
          {list.loading
            ? t('table.loading')
            : list.total !== undefined
              ? t('table.total', { count: list.total })
              : t('table.shown', { count: list.rows.length })}
        </p>
        <div className={styles.actions}>
          <button type="button" className="btn btn-secondary" disabled={!list.hasPrev} onClick={list.prev}>
            {t('table.previous')}
          </button>
          <button type="button" className="btn btn-secondary" disabled={!list.hasNext} onClick={list.next}>
            {t('table.next')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** A row of filters above a table. */
export function Toolbar({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className={styles.toolbar} role="search" aria-label={label}>
      {children}
    </div>
  );
}
