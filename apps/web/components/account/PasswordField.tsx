import type { ComponentProps } from 'react';
import { Field } from './Field';
import { PasswordRules } from './PasswordRules';

type Props = Omit<ComponentProps<typeof Field>, 'type' | 'hint' | 'hintId' | 'value' | 'autoComplete'> & {
  value: string;
  autoComplete: 'current-password' | 'new-password';
  /** Lists the password rules below the input (for new passwords), checked against `email` when given. */
  rules?: boolean;
  email?: string;
};

/** A labelled password input, optionally with the live password rules as its description. */
export function PasswordField({ rules = false, email, ...field }: Props) {
  const hintId = `${field.id}-hint`;
  if (!rules) return <Field type="password" {...field} />;
  return (
    <Field
      type="password"
      {...field}
      hint={<PasswordRules id={hintId} password={field.value} email={email} />}
      hintId={hintId}
    />
  );
}
