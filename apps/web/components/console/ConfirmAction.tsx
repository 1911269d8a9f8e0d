'use client';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '../account/ConfirmDialog';
import { TextAreaField } from './fields';

/**
 * A button whose action is confirmed in a modal dialog first (destructive or hard to undo): delete,
 * reject, refund, revoke. With `reason`, the dialog asks for one (required) and passes it on.
 * `onConfirm` answers an error sentence to show in the dialog, or null to close it.
 */
export function ConfirmAction({
  label,
  title,
  body,
  confirmLabel,
  reason,
  reasonMaxLength = 1000,
  danger = false,
  disabled = false,
  className,
  onConfirm,
}: {
  label: ReactNode;
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  /** Label of a required reason field. */
  reason?: string;
  /** The longest reason the API takes (default 1000). */
  reasonMaxLength?: number;
  danger?: boolean;
  disabled?: boolean;
  className?: string;
  onConfirm: (reason: string) => Promise<string | null>;
}) {
  const t = useTranslations('console');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);

  async function confirm() {
    if (reason && !text.trim()) {
      setMissing(true);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const problem = await onConfirm(text.trim());
      if (problem) setError(problem);
      else {
        setOpen(false);
        setText('');
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={className ?? (danger ? 'btn btn-danger' : 'btn btn-secondary')}
        disabled={disabled}
        onClick={() => {
          setError(null);
          setMissing(false);
          setOpen(true);
        }}
      >
        {label}
      </button>
      <ConfirmDialog open={open} title={title} onClose={() => setOpen(false)}>
        {body && <div>{body}</div>}
        {reason && (
          <TextAreaField
            id={`${id}-reason`}
            label={reason}
            value={text}
            required
            maxLength={reasonMaxLength}
            error={missing ? t('validation.required') : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setMissing(false);
            }}
          />
        )}
        {error && (
          <p role="alert" className="alert alert-error">
            {error}
          </p>
        )}
        <p style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
          <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'btn btn-danger' : 'btn'}
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </button>
        </p>
      </ConfirmDialog>
    </>
  );
}
