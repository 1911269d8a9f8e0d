import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  /** Extra description below the input (rules, format), linked with `aria-describedby`. */
  hint?: ReactNode;
  /** Set when `hint` renders its own element with the id `${id}-hint`. */
  hintId?: string;
  inputRef?: Ref<HTMLInputElement>;
};

/** A labelled input with its hint and error linked for assistive technology. */
export function Field({ id, label, error, hint, hintId, inputRef, className, ...input }: Props) {
  const describedBy = [hint ? (hintId ?? `${id}-hint`) : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className={className ?? 'input'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && !hintId && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {hint && hintId && hint}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
