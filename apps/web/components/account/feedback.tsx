import type { ReactNode, Ref } from 'react';
import { useTranslations } from 'next-intl';
import styles from './account.module.css';

/** An error sentence in an assertive live region; nothing while there is none. */
export function ProblemAlert({
  message,
  id,
  children,
}: {
  message: string | null | undefined;
  id?: string | undefined;
  children?: ReactNode;
}) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="alert alert-error">
      {message}
      {children}
    </p>
  );
}

/**
 * A polite hint that announces progress and results (always rendered, so changes are read out).
 * With `ref` it can also take focus (`tabIndex={-1}`), for when the control that had it is gone.
 */
export function StatusHint({ children, ref }: { children: ReactNode; ref?: Ref<HTMLParagraphElement> }) {
  return (
    <p ref={ref} role="status" className="hint" tabIndex={ref ? -1 : undefined}>
      {children}
    </p>
  );
}

/** Placeholder while account data loads, or the problem that stopped it. */
export function LoadingOrProblem({ error, blocks = 1 }: { error: string | null; blocks?: number }) {
  const t = useTranslations('account');
  if (error) return <ProblemAlert message={error} />;
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('loading')}
      </p>
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className={`skeleton ${styles.skeletonBlock}`} />
      ))}
    </div>
  );
}

/** A form's submit button, disabled and marked busy while the form is sent. */
export function SubmitButton({
  pending,
  className = 'btn',
  children,
}: {
  pending: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={className} disabled={pending} aria-busy={pending || undefined}>
      {children}
    </button>
  );
}
