'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { fieldErrorsOf, problemOf, problemText } from './problems';
import { PasswordField } from './PasswordField';
import { passwordAcceptable } from './PasswordRules';
import { useAccountAction } from './useAccountRequest';
import { ProblemAlert, SubmitButton } from './feedback';
import styles from './account.module.css';

export function ResetForm({ token }: { token: string }) {
  const t = useTranslations('account');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const { error, setError, pending, run } = useAccountAction();
  const [done, setDone] = useState(false);

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
    await run(async () => {
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
    });
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
          <ProblemAlert message={error}>
            {' '}
            {error === t('errors.token_invalid') && <Link href="/account/forgot">{t('reset.again')}</Link>}
          </ProblemAlert>
          <PasswordField
            id="reset-password"
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            rules
          />
          <PasswordField
            id="reset-confirm"
            label={t('fields.confirmPassword')}
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.confirm}
          />
          <SubmitButton pending={pending}>{t('reset.submit')}</SubmitButton>
        </form>
      )}
    </div>
  );
}
