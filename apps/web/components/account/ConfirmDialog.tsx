'use client';
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import styles from './account.module.css';

/**
 * A modal confirmation on the native `<dialog>`: focus moves into it, Escape and "cancel" close it,
 * the page behind is inert, and focus returns to the control that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    return () => {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
      opener?.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className={styles.h2}>
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
