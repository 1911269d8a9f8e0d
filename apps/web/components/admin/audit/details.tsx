'use client';
/** The audit log's and the notifications' row details: a "View" button per row and the panel it opens. */
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import consoleStyles from '../../console/console.module.css';
import styles from '../settings/settings.module.css';

/**
 * The row whose details are open (`selected`), a `viewButton` per row that opens or closes them, and
 * `close()`, which returns focus to the button that opened them.
 */
export function useRowDetails<T extends { id: string }>() {
  const t = useTranslations('settings');
  const [selected, setSelected] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const close = () => {
    setSelected(null);
    opener.current?.focus();
  };

  /** `name` tells the row apart for assistive technology (visually hidden). */
  const viewButton = (row: T, name: string) => (
    <button
      type="button"
      className="btn btn-secondary"
      aria-expanded={selected?.id === row.id}
      onClick={(event) => {
        opener.current = event.currentTarget;
        setSelected(selected?.id === row.id ? null : row);
      }}
    >
      {t('audit.view')}
      <span className="visually-hidden"> {name}</span>
    </button>
  );

  return { selected, setSelected, close, viewButton };
}

/** The details of one row, headed by `title`; opening another row (`rowId`) moves focus to the heading. */
export function DetailsPanel({
  rowId,
  title,
  onClose,
  children,
}: {
  rowId: string;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useTranslations('settings');
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  // Opening a row moves focus to it (and scrolls it into view); closing returns to the table.
  useEffect(() => heading.current?.focus(), [rowId]);

  return (
    <section className={consoleStyles.panel} aria-labelledby={`${id}-title`}>
      <div className={consoleStyles.panelHeader}>
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className={`${consoleStyles.h2} ${styles.detailHeading}`}>
          {title}
        </h2>
        <div className={consoleStyles.actions}>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
      {children}
    </section>
  );
}
