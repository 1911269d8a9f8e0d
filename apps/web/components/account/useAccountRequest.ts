'use client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';

/** What an API call answers: the data, or the error with its response. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Loads account data once (again when `request` changes): a signed-out visitor goes to sign in,
 * a refusal or a network failure becomes a sentence in `error`. `request` must be stable.
 */
export function useAccountData<T>(request: () => Promise<Answer<T>>) {
  const t = useTranslations('account');
  const expired = useSessionGuard();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    request()
      .then(({ data: value, error: err, response }) => {
        if (!live || expired(response)) return;
        if (value) setData(value);
        else setError(problemText(t, problemOf(err, response)));
      })
      .catch(() => live && setError(t('errors.network_error')));
    return () => {
      live = false;
    };
  }, [request, expired, t]);

  return { data, setData, error, setError };
}

/**
 * Pending and error state of a form or button that calls the API: `run(action)` marks it pending,
 * clears the error, and shows the network error (after `onNetworkError`) when the call throws.
 */
export function useAccountAction() {
  const t = useTranslations('account');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const run = useCallback(
    async (action: () => Promise<void>, onNetworkError?: () => void) => {
      setPending(true);
      setError(null);
      try {
        await action();
      } catch {
        onNetworkError?.();
        setError(t('errors.network_error'));
      } finally {
        setPending(false);
      }
    },
    [t],
  );

  return { error, setError, pending, run };
}
