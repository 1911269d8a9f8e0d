'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { problemOf, problemText } from './problems';
import { Field } from './Field';
import { useAccountAction } from './useAccountRequest';
import { ProblemAlert, SubmitButton } from './feedback';
import styles from './account.module.css';

export function ForgotForm() {
  const t = useTranslations('account');
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { error, setError, pending, run } = useAccountAction();
  const [sent, setSent] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setFieldError(t('errors.invalidEmail'));
      document.getElementById('forgot-email')?.focus();
      return;
    }
    setFieldError(undefined);
    await run(async () => {
      const { error: err, response } = await browserApi.POST('/api/v1/auth/password/forgot', {
        body: { email: email.trim() },
      });
      if (response.ok) setSent(true);
      else setError(problemText(t, problemOf(err, response)));
    });
  }

  return (
    <div className={styles.narrow}>
      <div role="status">
        {sent && <p className="alert alert-success">{t('forgot.sent', { email: email.trim() })}</p>}
      </div>
      {!sent && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate className={styles.form}>
          <p className="muted">{t('forgot.intro')}</p>
          <ProblemAlert message={error} />
          <Field
            id="forgot-email"
            label={t('fields.email')}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError}
          />
          <SubmitButton pending={pending}>{t('forgot.submit')}</SubmitButton>
        </form>
      )}
      <p className={styles.links}>
        <Link href="/account/login">{t('forgot.back')}</Link>
      </p>
    </div>
  );
}
