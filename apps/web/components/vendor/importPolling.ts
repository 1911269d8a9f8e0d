'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useSessionGuard } from '../account/useSessionGuard';
import { consoleProblemText, problemOf } from '../console/problems';
import { withFreshToken } from './freshToken';
import type { CatalogImport } from './types';

/** How often a queued or running import is asked about, in milliseconds. */
export const POLL_MS = 1000;

export const isFinished = (imp: Pick<CatalogImport, 'status'>): boolean =>
  imp.status === 'completed' || imp.status === 'failed';

/**
 * Follows an import (`GET /api/v1/vendor/imports/{id}`) until it has finished: `follow(id or
 * import)` starts, `imp` is its latest state, `error` the problem that stopped following it.
 */
export function useImportProgress(onFinished?: (imp: CatalogImport) => void) {
  const t = useTranslations('console');
  const expired = useSessionGuard();
  const [imp, setImp] = useState<CatalogImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [following, setFollowing] = useState<string | null>(null);
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  });

  useEffect(() => {
    if (!following) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const {
          data,
          error: err,
          response,
        } = await withFreshToken(() =>
          browserApi.GET('/api/v1/vendor/imports/{id}', { params: { path: { id: following } } }),
        );
        if (!live || expired(response)) return;
        if (!data) {
          setError(consoleProblemText(t, problemOf(err, response)));
          return;
        }
        setImp(data);
        if (isFinished(data)) {
          setFollowing(null);
          finished.current?.(data);
        } else timer = setTimeout(() => void poll(), POLL_MS);
      } catch {
        if (live) setError(t('errors.network_error'));
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [following, expired, t]);

  const follow = useCallback((start: string | CatalogImport) => {
    setError(null);
    if (typeof start === 'string') {
      setFollowing(start);
      return;
    }
    setImp(start);
    if (isFinished(start)) finished.current?.(start);
    else setFollowing(start.id);
  }, []);

  const clear = useCallback(() => {
    setFollowing(null);
    setImp(null);
    setError(null);
  }, []);

  return { imp, error, follow, clear, busy: following !== null };
}
