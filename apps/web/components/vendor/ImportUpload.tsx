'use client';
import { useId, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { ProblemAlert } from '../console/feedback';
import { useAction } from '../console/useAction';
import { ImportResults } from './ImportResults';
import { withFreshToken } from './freshToken';
import { useImportProgress } from './importPolling';
import type { CatalogImport } from './types';
import styles from './vendor.module.css';

/** The API's limit on an upload (413 above). */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

/** Why a file cannot be sent, as a key of `vendor.imports.errors.*`, or null when it may. */
export function csvFileProblem(file: File | null): 'noFile' | 'notCsv' | 'tooLarge' | 'empty' | null {
  if (!file) return 'noFile';
  const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv' || file.type === 'application/vnd.ms-excel';
  if (!csv) return 'notCsv';
  if (file.size > MAX_CSV_BYTES) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return null;
}

/** The file's text (UTF-8), through `FileReader`, which every browser has. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file, 'utf-8');
  });
}

/**
 * Choose (or drop) a CSV file, check it without changing anything (a dry run, with the result of
 * every row), then import it. `onFinished` runs when a check or an import has finished.
 */
export function ImportUpload({ onFinished }: { onFinished: (imp: CatalogImport) => void }) {
  const t = useTranslations('vendor');
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const action = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [checked, setChecked] = useState<CatalogImport | null>(null);
  const [imported, setImported] = useState<CatalogImport | null>(null);
  const progress = useImportProgress((imp) => {
    if (imp.dryRun) setChecked(imp);
    else setImported(imp);
    onFinished(imp);
  });

  function choose(next: File | null) {
    setFile(next);
    setChecked(null);
    setImported(null);
    progress.clear();
    action.reset();
    const problem = next ? csvFileProblem(next) : null;
    setFileError(problem ? t(`imports.errors.${problem}`) : null);
  }

  async function send(dryRun: boolean) {
    const problem = csvFileProblem(file);
    if (problem || !file) {
      setFileError(t(`imports.errors.${problem ?? 'noFile'}`));
      inputRef.current?.focus();
      return;
    }
    if (dryRun) setChecked(null);
    setImported(null);
    let text: string;
    try {
      text = await readText(file);
    } catch {
      setFileError(t('imports.errors.unreadable'));
      return;
    }
    const started = await action.run(() =>
      withFreshToken(() =>
        browserApi.POST('/api/v1/vendor/products/import', {
          params: { query: { dryRun } },
          body: text,
          bodySerializer: (body: string) => body,
          headers: { 'Content-Type': 'text/csv' },
        }),
      ),
    );
    if (started) progress.follow(started);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0] ?? null;
    if (dropped) choose(dropped);
  }

  const busy = action.pending || progress.busy;
  const running = progress.imp && progress.busy ? progress.imp : null;
  const canImport = checked?.status === 'completed' && checked.okRows > 0 && !imported;

  return (
    <div>
      <div
        className={`${styles.dropzone} ${dragging ? styles.dropzoneActive : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className={styles.prose}>{t('imports.dropHint')}</p>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
          <input
            ref={inputRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${id}-file-error` : `${id}-file-hint`}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
          <p id={`${id}-file-hint`} className="hint">
            {t('imports.fileHint')}
          </p>
          {fileError && (
            <p id={`${id}-file-error`} className="field-error">
              {fileError}
            </p>
          )}
        </div>
        {file && !fileError && (
          <p className={styles.fileName}>
            {t('imports.chosen', { name: file.name, size: Math.ceil(file.size / 1024) })}
          </p>
        )}
      </div>

      <div className={styles.buttons}>
        <button
          type="button"
          className={canImport ? 'btn btn-secondary' : 'btn'}
          disabled={busy}
          aria-busy={(busy && !checked) || undefined}
          onClick={() => void send(true)}
        >
          {t('imports.check')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || !canImport}
          aria-describedby={`${id}-import-hint`}
          onClick={() => void send(false)}
        >
          {t('imports.import')}
        </button>
        <span id={`${id}-import-hint`} className="hint">
          {checked?.errorRows ? t('imports.importHintErrors') : t('imports.importHint')}
        </span>
      </div>

      <ProblemAlert message={action.error ?? progress.error} />
      <p role="status" className="hint">
        {running ? t(`imports.progress.${running.dryRun ? 'checking' : 'importing'}`) : ''}
      </p>

      {imported ? (
        <section aria-labelledby={`${id}-imported`}>
          <h3 id={`${id}-imported`}>{t('imports.importedTitle')}</h3>
          <ImportResults imp={imported} rowsHeading="h4" />
          <p>
            <Link href={`/vendor/imports/${imported.id}`}>{t('imports.openImport')}</Link>
          </p>
        </section>
      ) : (
        checked && (
          <section aria-labelledby={`${id}-checked`}>
            <h3 id={`${id}-checked`}>{t('imports.checkedTitle')}</h3>
            <ImportResults imp={checked} rowsHeading="h4" />
          </section>
        )
      )}
    </div>
  );
}
