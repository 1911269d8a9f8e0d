'use client';
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmAction } from '../../console/ConfirmAction';
import { PageHeader, Panel } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { ConflictNotice, ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { CheckboxField, Field } from '../../console/fields';
import { useAction } from '../../console/useAction';
import type { Answer } from '../../console/useAction';
import type { ListState } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { SettingsNav } from './SettingsNav';
import { COUNTRY, ifMatch } from './forms';
import { useDialogAction } from './useDialogAction';
import styles from './settings.module.css';

/** The settings screens that list records and add, edit and delete them (their message sections). */
export type RecordSection = 'taxes' | 'shipping' | 'signIn';

/** A record those screens edit: named, versioned (`If-Match`), perhaps deleted softly. */
export interface EditableRecord {
  id: string;
  version: number;
  name: string;
  deletedAt?: string | null;
}

/** What the page hands its add/edit form. */
export interface RecordEditorProps<T> {
  onSaved: (saved: T) => void;
  onCancel: () => void;
  /** After a 412: loads the record as it is now (or closes the form when it is gone). */
  onReload: () => Promise<void>;
}

/**
 * A settings list page: header with the "add" button, the settings tabs, what just happened, the
 * add/edit form (`form`), optional `filters`, and the table with edit and delete (If-Match; a 412
 * reloads the list) on each row not deleted yet.
 */
export function RecordListPage<T extends EditableRecord>({
  section,
  list,
  columns,
  filters,
  fresh,
  remove,
  deleteBody,
  form,
}: {
  section: RecordSection;
  list: ListState<T>;
  /** All but the actions column. */
  columns: Column<T>[];
  filters?: ReactNode;
  /** The record as it is now, or null when it is gone. */
  fresh: (record: T) => Promise<T | null>;
  remove: (record: T, headers: ReturnType<typeof ifMatch>) => Promise<Answer<unknown>>;
  deleteBody: (record: T) => string;
  form: (record: T | null, props: RecordEditorProps<T>) => ReactNode;
}) {
  const t = useTranslations('settings');
  const confirm = useDialogAction();
  const [editing, setEditing] = useState<{ record: T | null } | null>(null);
  const [status, setStatus] = useState('');

  const edit = (record: T | null) => {
    setStatus('');
    setEditing({ record });
  };

  const actions: Column<T> = {
    key: 'actions',
    header: t('common.actions'),
    cell: (r) =>
      r.deletedAt ? null : (
        <div className={styles.rowActions}>
          <button
            type="button"
            className="btn btn-secondary"
            aria-label={t(`${section}.editNamed`, { name: r.name })}
            onClick={() => edit(r)}
          >
            {t('common.edit')}
          </button>
          <ConfirmAction
            label={
              <>
                {t('common.delete')}
                <span className="visually-hidden"> {r.name}</span>
              </>
            }
            title={t(`${section}.deleteTitle`, { name: r.name })}
            body={deleteBody(r)}
            confirmLabel={t('common.delete')}
            danger
            onConfirm={async () => {
              const problem = await confirm(() => remove(r, ifMatch(r.version)), list.reload);
              if (!problem) {
                if (editing?.record?.id === r.id) setEditing(null);
                setStatus(t(`${section}.deleted`, { name: r.name }));
                list.reload();
              }
              return problem;
            }}
          />
        </div>
      ),
  };

  return (
    <>
      <PageHeader
        title={t(`${section}.title`)}
        description={t(`${section}.description`)}
        actions={
          <button type="button" className="btn" onClick={() => edit(null)}>
            {t(`${section}.add`)}
          </button>
        }
      />
      <SettingsNav />
      <StatusHint>{status}</StatusHint>
      {editing && (
        <Fragment key={editing.record ? `${editing.record.id}:${editing.record.version}` : 'new'}>
          {form(editing.record, {
            onCancel: () => setEditing(null),
            onSaved: (saved) => {
              setEditing(null);
              setStatus(t(`${section}.saved`, { name: saved.name }));
              list.reload();
            },
            onReload: async () => {
              if (!editing.record) return;
              const now = await fresh(editing.record);
              list.reload();
              setEditing(now && !now.deletedAt ? { record: now } : null);
              if (!now || now.deletedAt) setStatus(t('common.goneNow'));
            },
          })}
        </Fragment>
      )}
      {filters}
      <DataTable
        caption={t(`${section}.caption`)}
        list={list}
        rowKey={(r) => r.id}
        empty={t(`${section}.empty`)}
        columns={[...columns, actions]}
      />
    </>
  );
}

/** The filters of a list by country (`country` param, two letters) that can show deleted records (`deleted=1`). */
export function CountryFilters({
  idPrefix,
  label,
  list,
}: {
  idPrefix: string;
  label: string;
  list: Pick<ListState<unknown>, 'params' | 'setParam'>;
}) {
  const t = useTranslations('settings');
  const [country, setCountry] = useState(list.params.country ?? '');
  const [countryError, setCountryError] = useState<string>();

  function filter(e: FormEvent) {
    e.preventDefault();
    const code = country.trim().toUpperCase();
    if (code && !COUNTRY.test(code)) {
      setCountryError(t('validation.countryCode'));
      return;
    }
    setCountryError(undefined);
    list.setParam('country', code);
  }

  return (
    <Toolbar label={t('common.filters')}>
      <form className={styles.filterForm} onSubmit={filter}>
        <Field
          id={`${idPrefix}-filter-country`}
          label={label}
          value={country}
          maxLength={2}
          onChange={(e) => setCountry(e.target.value.toUpperCase())}
          error={countryError}
        />
        <div className={styles.filterButtons}>
          <button type="submit" className="btn btn-secondary">
            {t('common.applyFilters')}
          </button>
        </div>
      </form>
      <CheckboxField
        id={`${idPrefix}-filter-deleted`}
        label={t('common.showDeleted')}
        checked={list.params.deleted === '1'}
        onChange={(on) => list.setParam('deleted', on ? '1' : undefined)}
      />
    </Toolbar>
  );
}

/**
 * State of an add/edit form for a record: validates with `check`, then creates it, or sends only what
 * `changes` finds (with If-Match), and hands the saved record to `onSaved`. Focuses `first` on open.
 */
export function useRecordForm<T extends EditableRecord, B, P extends object, E extends object>({
  record,
  check,
  changes,
  create,
  update,
  onSaved,
}: {
  record: T | null;
  check: () => { body: B; errors: E };
  changes: (record: T, body: B) => P;
  create: (body: B) => Promise<Answer<T>>;
  update: (record: T, patch: P, headers: ReturnType<typeof ifMatch>) => Promise<Answer<T>>;
  onSaved: (saved: T) => void;
}) {
  const t = useTranslations('settings');
  const id = useId();
  const action = useAction();
  const first = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Partial<E>>({});
  const [status, setStatus] = useState('');

  useEffect(() => first.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = check();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus(t('common.fixFields'));
      return;
    }
    setStatus('');
    if (!record) {
      const saved = await action.run(() => create(body));
      if (saved) onSaved(saved);
      return;
    }
    const patch = changes(record, body);
    if (Object.keys(patch).length === 0) {
      setStatus(t('common.nothingChanged'));
      return;
    }
    const saved = await action.run(() => update(record, patch, ifMatch(record.version)));
    if (saved) onSaved(saved);
  }

  return { id, action, first, errors, setErrors, status, setStatus, submit };
}

/** The panel of an add/edit form from `useRecordForm`: title, the API's problem or a 412, save and cancel. */
export function RecordFormPanel({
  section,
  name,
  form,
  onReload,
  onCancel,
  children,
}: {
  section: RecordSection;
  /** The record's name when editing one; undefined when adding. */
  name: string | undefined;
  form: Pick<ReturnType<typeof useRecordForm>, 'id' | 'action' | 'status' | 'submit'>;
  onReload: () => Promise<void>;
  onCancel: () => void;
  children: ReactNode;
}) {
  const t = useTranslations('settings');
  const { id, action, status, submit } = form;
  const editing = name !== undefined;
  return (
    <Panel title={editing ? t(`${section}.editTitle`, { name }) : t(`${section}.addTitle`)} id={`${id}-panel`}>
      {action.conflict && <ConflictNotice onReload={() => void onReload()} />}
      {!action.conflict && <ProblemAlert message={action.error} />}
      <form className={consoleStyles.form} onSubmit={(e) => void submit(e)} noValidate>
        {children}
        <div className={styles.buttons}>
          <SubmitButton pending={action.pending}>
            {editing ? t('common.saveChanges') : t(`${section}.create`)}
          </SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
        <StatusHint>{status}</StatusHint>
      </form>
    </Panel>
  );
}
