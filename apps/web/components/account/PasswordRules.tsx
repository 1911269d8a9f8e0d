'use client';
import { useTranslations } from 'next-intl';
import styles from './account.module.css';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface PasswordChecks {
  /** 12–128 characters (counted as the API counts them: code points). */
  length: boolean;
  /** Not the email address and not its name part. */
  notEmail: boolean;
}

/** The rules of the API's password policy that can be checked before sending. */
export function checkPassword(password: string, email = ''): PasswordChecks {
  const length = [...password].length;
  const lower = password.toLowerCase();
  const mail = email.trim().toLowerCase();
  const name = mail.split('@')[0] ?? '';
  const containsEmail = mail !== '' && (lower === mail || (name.length >= 4 && lower.includes(name)));
  return { length: length >= PASSWORD_MIN && length <= PASSWORD_MAX, notEmail: password === '' || !containsEmail };
}

export const passwordAcceptable = (password: string, email = ''): boolean => {
  const c = checkPassword(password, email);
  return c.length && c.notEmail;
};

/** The password rules, each marked met or not as the shopper types. */
export function PasswordRules({ id, password, email }: { id: string; password: string; email?: string }) {
  const t = useTranslations('account');
  const checks = checkPassword(password, email);
  const rules: { key: string; met: boolean | null }[] = [
    { key: 'length', met: password ? checks.length : null },
    { key: 'notEmail', met: password ? checks.notEmail : null },
    { key: 'notCommon', met: null },
  ];
  return (
    <ul id={id} className={styles.rules}>
      {rules.map((r) => (
        <li key={r.key} data-met={r.met === null ? undefined : String(r.met)}>
          <span aria-hidden="true">{r.met === true ? '✓' : r.met === false ? '✗' : '•'}</span>{' '}
          {t(`password.rules.${r.key}`, { min: PASSWORD_MIN })}
          {r.met !== null && (
            <span className="visually-hidden"> ({r.met ? t('password.met') : t('password.notMet')})</span>
          )}
        </li>
      ))}
    </ul>
  );
}
