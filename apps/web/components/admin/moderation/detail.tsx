'use client';
/** The skeleton the moderation detail pages (a product, a vendor) share: the record, its header, its reason. */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { PageHeader } from '../../console/ConsoleShell';
import { consoleProblemText, problemOf } from '../../console/problems';
import { useFocusAfterSwap } from '../../console/useFocusAfterSwap';
import type { Answer } from '../../console/useAction';
import { Announce } from './shared';
import styles from './moderation.module.css';

/**
 * The record a detail page shows, read by `get` (stable: defined outside the component) on open and
 * again by `load()` (after a 412). `changed(message)` takes an action's answer and says what happened
 * in `done`; `loadError` is why the record could not be read.
 */
export function useDetailRecord<T>(id: string, get: (id: string) => Promise<Answer<T>>) {
  const tc = useTranslations('console');
  const [record, setRecord] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const { data, error, response } = await get(id);
      if (data) setRecord(data);
      else setLoadError(consoleProblemText(tc, problemOf(error, response)));
    } catch {
      setLoadError(tc('errors.network_error'));
    }
  }, [id, get, tc]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (message: string) => (next: T) => {
    setRecord(next);
    setDone(message);
  };

  return { record, loadError, load, done, setDone, changed };
}

/** A detail page's top: the link back to its list, the header with the actions, and what just happened. */
export function DetailHeader({
  back,
  backLabel,
  title,
  description,
  actions,
  done,
  status,
}: {
  back: string;
  backLabel: string;
  title: string;
  description: ReactNode;
  actions: ReactNode;
  done: string | null;
  /**
   * The record's status, which decides the actions: when it changes and focus was lost with a
   * replaced action, focus goes to the announcement of `done`.
   */
  status: string;
}) {
  const announce = useFocusAfterSwap<HTMLParagraphElement>(status);
  return (
    <>
      <p>
        <Link href={back}>{backLabel}</Link>
      </p>
      <PageHeader title={title} description={description} actions={actions} />
      <Announce ref={announce} message={done} />
    </>
  );
}

/** Why a record was rejected or suspended. */
export function StatusReason({ label, reason }: { label: string; reason: string }) {
  return (
    <div className={styles.reason}>
      <strong>{label}</strong>
      <br />
      {reason}
    </div>
  );
}
