'use client';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ProblemAlert } from '../account/feedback';
import styles from './console.module.css';

export { ProblemAlert, StatusHint, SubmitButton } from '../account/feedback';

/**
 * A save refused with 412: someone else changed the record since it was loaded. Says so and offers to
 * load their version (the form's edits are dropped).
 */
export function ConflictNotice({ onReload }: { onReload: () => void }) {
  const t = useTranslations('console');
  return (
    <div role="alert" className={`alert alert-error ${styles.conflict}`}>
      <span>{t('conflict.body')}</span>
      <button type="button" className="btn btn-secondary" onClick={onReload}>
        {t('conflict.reload')}
      </button>
    </div>
  );
}

/**
 * The top of a form that saves a record: a summary when fields are `invalid`, then a 412 (offering to
 * reload) or the API's problem from `action` (a `useAction`).
 */
export function FormAlerts({
  invalid,
  action,
  onReload,
}: {
  invalid: boolean;
  action: { conflict: boolean; error: string | null };
  onReload: () => void;
}) {
  const t = useTranslations('console');
  return (
    <>
      {invalid && <ProblemAlert message={t('validation.summary')} />}
      {action.conflict ? <ConflictNotice onReload={onReload} /> : <ProblemAlert message={action.error} />}
    </>
  );
}

/** Placeholder while a record loads, or the problem that stopped it. */
export function Loading({ error, children }: { error?: string | null; children?: ReactNode }) {
  const t = useTranslations('console');
  if (error) {
    return (
      <p role="alert" className="alert alert-error">
        {error}
      </p>
    );
  }
  return (
    <div aria-busy="true">
      <p role="status" className="muted">
        {children ?? t('loading')}
      </p>
    </div>
  );
}

/** A key figure: label above, value below. */
export function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className={styles.figure}>
      <p className={styles.figureLabel}>{label}</p>
      <p className={styles.figureValue}>{value}</p>
    </div>
  );
}

/** Figures side by side. */
export function Figures({ children }: { children: ReactNode }) {
  return <div className={styles.figures}>{children}</div>;
}
