'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useSessionGuard } from '../../account/useSessionGuard';
import { consoleProblemText, problemOf } from '../../console/problems';
import type { Answer } from '../../console/useAction';

/**
 * One record read through the API when the page opens: `data` once loaded, `error` (a sentence) when
 * it could not be, and `reload()` (after a 412, say) which answers the fresh record or null.
 * `load` must be stable (`useCallback`); it alone decides when the record is read again.
 */
export function useRecord<T>(load: () => Promise<Answer<T>>) {
  const t = useTranslations('console');
  const expired = useSessionGuard();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest translator and session guard, without making every render a new `reload`.
  const helpers = useRef({ t, expired });
  useEffect(() => {
    helpers.current = { t, expired };
  });

  const reload = useCallback(async (): Promise<T | null> => {
    const { t: translate, expired: signedOut } = helpers.current;
    try {
      const { data: record, error: err, response } = await load();
      if (signedOut(response)) return null;
      if (record !== undefined) {
        setData(record);
        setError(null);
        return record;
      }
      setError(consoleProblemText(translate, problemOf(err, response)));
    } catch {
      setError(translate('errors.network_error'));
    }
    return null;
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, reload, setData };
}
