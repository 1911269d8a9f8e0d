'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useConsoleSession } from './ConsoleProvider';
import { consoleProblemText, problemOf } from './problems';
import type { Answer } from './useAction';

/** A page of a list as the API answers it (`data`, `meta`, `links`). */
export interface ListPage<T> {
  data: T[];
  meta: { limit: number; cursor: string | null; total?: number };
  links: { self: string; next: string | null; prev: string | null };
}

/** What a list's fetcher gets: the page (`limit`, `cursor`) and the filters read from the URL. */
export interface ListRequest {
  page: { limit: number; cursor?: string };
  /** A filter's text, or undefined when empty. */
  text: (name: string) => string | undefined;
  /** A filter's value when it is one of `allowed`, else undefined (junk in the URL is ignored). */
  oneOf: <V extends string>(name: string, allowed: readonly V[]) => V | undefined;
}

const cursorOf = (link: string | null): string | null =>
  link ? new URL(link, 'http://list.invalid').searchParams.get('cursor') : null;

/**
 * A server-paginated, server-filtered list whose state lives in the URL (`?q=…&status=…&cursor=…`),
 * so reloads, links and the back button keep the view. `fetcher` must be stable (module level or
 * `useCallback`). Changing a filter starts again from the first page.
 */
export function useList<T>(fetcher: (req: ListRequest) => Promise<Answer<ListPage<T>>>, { limit = 20 } = {}) {
  const t = useTranslations('console');
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const { signIn } = useConsoleSession();
  // A 401 even after the transparent refresh: to the console's sign-in page, coming back here.
  const expired = useCallback(
    (response: Response | undefined) => {
      if (response?.status !== 401) return false;
      router.replace(signIn(`${window.location.pathname}${window.location.search}`));
      return true;
    },
    [router, signIn],
  );
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = search.toString();

  const params = useMemo(() => Object.fromEntries(new URLSearchParams(key)), [key]);

  useEffect(() => {
    let live = true;
    const query = new URLSearchParams(key);
    const cursor = query.get('cursor');
    const text = (name: string) => query.get(name)?.trim() || undefined;
    const req: ListRequest = {
      page: cursor ? { limit, cursor } : { limit },
      text,
      oneOf: <V extends string>(name: string, allowed: readonly V[]) => {
        const v = text(name);
        return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as V) : undefined;
      },
    };
    setLoading(true);
    fetcher(req)
      .then(({ data, error: err, response }) => {
        if (!live || expired(response)) return;
        if (data) {
          setPage(data);
          setError(null);
        } else setError(consoleProblemText(t, problemOf(err, response)));
      })
      .catch(() => live && setError(t('errors.network_error')))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [fetcher, key, limit, tick, expired, t]);

  const navigate = useCallback(
    (next: URLSearchParams) => {
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  /** Sets (or with `undefined`/'' clears) filters and goes back to the first page. */
  const setParams = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(key);
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, value);
      }
      next.delete('cursor');
      navigate(next);
    },
    [key, navigate],
  );

  const go = useCallback(
    (link: string | null) => {
      const cursor = cursorOf(link);
      if (!cursor) return;
      const next = new URLSearchParams(key);
      next.set('cursor', cursor);
      navigate(next);
    },
    [key, navigate],
  );

  return {
    rows: page?.data ?? [],
    total: page?.meta.total,
    loading,
    error,
    params,
    setParam: (name: string, value: string | undefined) => setParams({ [name]: value }),
    setParams,
    hasNext: Boolean(page?.links.next),
    hasPrev: Boolean(page?.links.prev),
    next: () => go(page?.links.next ?? null),
    prev: () => go(page?.links.prev ?? null),
    reload: () => setTick((n) => n + 1),
  };
}

export type ListState<T> = ReturnType<typeof useList<T>>;
