import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { Field } from '../account/Field';
import styles from './console.module.css';

export { Field };

const describedBy = (id: string, hint: ReactNode, error: string | undefined) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

/** What a labelled control takes besides its element's own attributes. */
interface LabelledProps {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
}

/** A control's `aria-invalid` and `aria-describedby` (its hint and error). */
const described = (id: string, hint: ReactNode, error: string | undefined) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': describedBy(id, hint, error),
});

/** The label above a control, its hint and its error below. */
function FieldFrame({ id, label, hint, error, children }: LabelledProps & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A labelled `<select>` with its hint and error linked for assistive technology. */
export function SelectField({
  id,
  label,
  error,
  hint,
  children,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & LabelledProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select id={id} className="input" {...described(id, hint, error)} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled `<textarea>` with its hint and error linked for assistive technology. */
export function TextAreaField({
  id,
  label,
  error,
  hint,
  ...area
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & LabelledProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea id={id} className={`input ${styles.textarea}`} {...described(id, hint, error)} {...area} />
    </FieldFrame>
  );
}

/** A labelled checkbox. */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id} style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center' }}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
    </div>
  );
}
