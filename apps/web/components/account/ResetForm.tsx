'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { fieldErrorsOf, problemOf, problemText } from './problems';
import { Field } from './Field';
import { PasswordRules, passwordAcceptable } from './PasswordRules';
import styles from './account.module.css';

export function ResetForm({ token }: { token: string }) {
  const t = useTranslations('account');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  if (!token) {
    return (
      <div className={styles.narrow}>
        <p className="alert alert-error">{t('errors.token_invalid')}</p>
        <Link href="/account/forgot">{t('reset.again')}</Link>
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found: { password?: string; confirm?: string } = {};
    if (!passwordAcceptable(password)) found.password = t('password.notAcceptable');
    else if (confirm !== password) found.confirm = t('password.mismatch');
    setErrors(found);
    if (found.password || found.confirm) {
      document.getElementById(found.password ? 'reset-password' : 'reset-confirm')?.focus();
      return;
    }
    setPending(true);
    try {
      const { error: err, response } = await browserApi.POST('/api/v1/auth/password/reset', {
        body: { token, password },
      });
      if (response.ok) {
        setDone(true);
        return;
      }
      const problem = problemOf(err, response);
      const fields = fieldErrorsOf(t, problem, ['password']);
      if (fields.password) setErrors(fields);
      else setError(problemText(t, problem));
    } catch {
      setError(t('errors.network_error'));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className={styles.narrow}>
      <div role="status">
        {done && (
          <p className="alert alert-success">
            {t('reset.done')} <Link href="/account/login">{t('reset.signIn')}</Link>
          </p>
        )}
      </div>
      {!done && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate className={styles.form}>
          {error && (
            <p role="alert" className="alert alert-error">
              {error} {error === t('errors.token_invalid') && <Link href="/account/forgot">{t('reset.again')}</Link>}
            </p>
          )}
          <Field
            id="reset-password"
            label={t('fields.newPassword')}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            hint={<PasswordRules id="reset-password-hint" password={password} />}
            hintId="reset-password-hint"
          />
          <Field
            id="reset-confirm"
            label={t('fields.confirmPassword')}
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.confirm}
          />
          <button type="submit" className="btn" disabled={pending} aria-busy={pending || undefined}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
