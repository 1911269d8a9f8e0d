'use client';
/**
 * Pieces the moderation, catalog and coupon screens share: a debounced search box bound to a list's
 * URL state, a row of filter buttons, and confirmed calls that answer the sentence a `ConfirmAction`
 * dialog shows. (Their permission gate is `RequirePermission` in `console`.)
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode, Ref } from 'react';
import { useTranslations } from 'next-intl';
import { Field } from '../../console/fields';
import { consoleProblemText, problemOf } from '../../console/problems';
import type { Answer } from '../../console/useAction';
import styles from './moderation.module.css';

/**
 * A search field that writes its text to the list's `name` URL parameter 300 ms after the last
 * keystroke (Enter applies it at once), so the server filters and the page never fetches per key.
 */
export function SearchBox({
  label,
  value,
  onSearch,
  hint,
  maxLength = 100,
}: {
  label: string;
  /** The applied text (from the URL). */
  value: string | undefined;
  onSearch: (text: string | undefined) => void;
  hint?: ReactNode;
  maxLength?: number;
}) {
  const id = useId();
  const applied = value ?? '';
  const [text, setText] = useState(applied);
  const last = useRef(applied);
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  }, [onSearch]);

  // The URL changed by itself (back button, a link): show its text.
  useEffect(() => {
    if (applied !== last.current) {
      last.current = applied;
      setText(applied);
    }
  }, [applied]);

  useEffect(() => {
    const clean = text.trim();
    if (clean === last.current) return undefined;
    const timer = setTimeout(() => {
      last.current = clean;
      search.current(clean || undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <Field
      id={`${id}-search`}
      type="search"
      label={label}
      hint={hint}
      value={text}
      maxLength={maxLength}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          const clean = text.trim();
          last.current = clean;
          onSearch(clean || undefined);
        }
      }}
    />
  );
}

/** Mutually exclusive filter buttons (a queue and its siblings): `aria-pressed` marks the current one. */
export function FilterButtons<V extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <div className={styles.filterGroup} role="group" aria-label={label}>
      <span className={styles.filterLabel} aria-hidden="true">
        {label}
      </span>
      <div className={styles.segmented}>
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            className={styles.segment}
            aria-pressed={o.value === value}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * Calls for `ConfirmAction`: `confirmed(call)` answers null on success, else the problem's
 * sentence for the dialog; a 412 also raises `conflict` for a `ConflictNotice` on the page.
 */
export function useConfirmedCall() {
  const t = useTranslations('console');
  const [conflict, setConflict] = useState(false);

  const confirmed = useCallback(
    async <T,>(call: () => Promise<Answer<T>>, onDone?: (data: T) => void): Promise<string | null> => {
      try {
        const { data, error, response } = await call();
        if (response.ok) {
          setConflict(false);
          onDone?.(data ?? ({} as T));
          return null;
        }
        if (response.status === 412) setConflict(true);
        return consoleProblemText(t, problemOf(error, response));
      } catch {
        return t('errors.network_error');
      }
    },
    [t],
  );

  return { confirmed, conflict, clearConflict: () => setConflict(false) };
}

/**
 * A polite live region for what just happened ("Vendor approved."), always in the page. It takes
 * focus (`ref`) when the action that happened removed the button that had it.
 */
export function Announce({ message, ref }: { message: string | null; ref?: Ref<HTMLParagraphElement> }) {
  return (
    <p ref={ref} tabIndex={-1} role="status" className={message ? 'alert alert-success' : 'visually-hidden'}>
      {message ?? ''}
    </p>
  );
}

/**
 * Wraps an SDK call so the code of a refusal reaches `onCode`: business errors (`slug_taken`,
 * `coupon_code_taken`) carry no field path, and a form puts their message next to the field.
 */
export function noteProblemCode<T>(
  call: () => Promise<Answer<T>>,
  onCode: (code: string) => void,
): () => Promise<Answer<T>> {
  return async () => {
    const answer = await call();
    if (!answer.response.ok) onCode(problemOf(answer.error, answer.response).code);
    return answer;
  };
}
