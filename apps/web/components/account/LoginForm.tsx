'use client';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useStore } from '../layout/StoreContext';
import { useCart } from '../cart/CartProvider';
import { problemText } from './problems';
import { signIn } from './auth';
import { announceSessionChange, safeNext } from './session';
import { Field } from './Field';
import { PasswordField } from './PasswordField';
import { ProblemAlert, SubmitButton } from './feedback';
import styles from './account.module.css';

/** A provider's start URL on this origin, asking for a cookie session that lands on `next`. */
export function providerHref(startUrl: string, next: string): string {
  const url = new URL(startUrl, 'http://same.invalid');
  url.searchParams.set('mode', 'cookie');
  url.searchParams.set('returnTo', next);
  return `${url.pathname}${url.search}`;
}

export function LoginForm({ next }: { next?: string | undefined }) {
  const t = useTranslations('account');
  const router = useRouter();
  const store = useStore();
  const cart = useCart();
  const target = safeNext(next);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfa, setMfa] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    setCodeError(null);
    const trimmed = code.replace(/\s+/g, '');
    if (mfa && !useRecovery && !/^\d{6}$/.test(trimmed)) {
      setCodeError(t('login.codeFormat'));
      codeRef.current?.focus();
      return;
    }
    if (mfa && useRecovery && trimmed.length < 8) {
      setCodeError(t('login.recoveryFormat'));
      codeRef.current?.focus();
      return;
    }
    setPending(true);
    const problem = await signIn(
      {
        email,
        password,
        totp: mfa && !useRecovery ? trimmed : undefined,
        recoveryCode: mfa && useRecovery ? trimmed : undefined,
      },
      cart.guestCredentials(),
    );
    if (problem) {
      setPending(false);
      if (problem.code === 'mfa_required') {
        setMfa(true);
        // The field appears with this render; focus it on the next frame.
        requestAnimationFrame(() => codeRef.current?.focus());
        return;
      }
      if (problem.code === 'invalid_mfa_code' && mfa) {
        setCodeError(t('errors.invalid_mfa_code'));
        codeRef.current?.focus();
        return;
      }
      setError(problemText(t, problem));
      return;
    }
    try {
      await cart.reload();
    } catch {
      // The cart shows its own state; signing in has worked.
    }
    announceSessionChange();
    router.replace(target);
    router.refresh();
  }

  const codeId = 'login-code';
  return (
    <div className={styles.narrow}>
      <form
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        className={styles.form}
        aria-describedby={error ? 'login-error' : undefined}
      >
        <ProblemAlert id="login-error" message={error} />
        <Field
          id="login-email"
          label={t('fields.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          readOnly={mfa}
        />
        <PasswordField
          id="login-password"
          label={t('fields.password')}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          readOnly={mfa}
        />
        {mfa && (
          <div className="field">
            <p role="status" className="hint">
              {t('login.mfaPrompt')}
            </p>
            <label htmlFor={codeId}>{useRecovery ? t('login.recoveryCode') : t('login.code')}</label>
            <input
              ref={codeRef}
              id={codeId}
              className="input"
              name={useRecovery ? 'recoveryCode' : 'totp'}
              inputMode={useRecovery ? 'text' : 'numeric'}
              autoComplete="one-time-code"
              pattern={useRecovery ? undefined : '[0-9]*'}
              maxLength={useRecovery ? 32 : 6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? `${codeId}-error` : undefined}
            />
            {codeError && (
              <p id={`${codeId}-error`} className="field-error">
                {codeError}
              </p>
            )}
            <button
              type="button"
              className="btn-link"
              onClick={() => {
                setUseRecovery((v) => !v);
                setCode('');
                setCodeError(null);
              }}
            >
              {useRecovery ? t('login.useCode') : t('login.useRecovery')}
            </button>
          </div>
        )}
        <SubmitButton pending={pending}>{pending ? t('login.pending') : t('login.submit')}</SubmitButton>
        <p className={styles.links}>
          <Link href="/account/forgot">{t('login.forgot')}</Link>
          <Link href={next ? `/account/register?next=${encodeURIComponent(target)}` : '/account/register'}>
            {t('login.register')}
          </Link>
        </p>
      </form>
      {store.signInProviders.length > 0 && (
        <section aria-labelledby="login-providers" className={styles.providers}>
          <h2 id="login-providers" className={styles.h2}>
            {t('login.providersHeading')}
          </h2>
          <ul className={styles.plainList}>
            {store.signInProviders.map((p) => (
              <li key={p.slug}>
                <a className="btn btn-secondary" href={providerHref(p.startUrl, target)}>
                  {t('login.withProvider', { provider: p.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
