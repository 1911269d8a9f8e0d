'use client';
import { useCallback, useState } from 'react';
import { useTranslations } from 'next-intl';
import { consoleProblemText, fieldCodesByPath, fieldErrorsByPath, problemOf } from './problems';

/** What an SDK call answers. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * State of a console form or button that writes through the API. `run(call)` marks it pending and
 * answers the data, or null after putting the problem in `error` (a sentence), `fieldErrors` (by
 * path, for messages next to the fields, with the rule each broke in `fieldCodes`) and `conflict`
 * (412: someone else changed the record).
 */
export function useAction() {
  const t = useTranslations('console');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [fieldCodes, setFieldCodes] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);

  const reset = useCallback(() => {
    setError(null);
    setFieldErrors({});
    setFieldCodes({});
    setConflict(false);
  }, []);

  const run = useCallback(
    async <T>(call: () => Promise<Answer<T>>): Promise<T | null> => {
      setPending(true);
      reset();
      try {
        const { data, error: err, response } = await call();
        if (response.ok) return data ?? ({} as T);
        const problem = problemOf(err, response);
        setConflict(response.status === 412);
        setFieldErrors(fieldErrorsByPath(problem, t));
        setFieldCodes(fieldCodesByPath(problem));
        setError(consoleProblemText(t, problem));
        return null;
      } catch {
        setError(t('errors.network_error'));
        return null;
      } finally {
        setPending(false);
      }
    },
    [reset, t],
  );

  /** The message for a field: its exact path (`variants.0.sku`), else the first error whose path ends with it. */
  const fieldError = useCallback(
    (path: string): string | undefined =>
      fieldErrors[path] ?? Object.entries(fieldErrors).find(([k]) => k === path || k.endsWith(`.${path}`))?.[1],
    [fieldErrors],
  );

  return { run, pending, error, setError, fieldErrors, setFieldErrors, fieldCodes, fieldError, conflict, reset };
}
