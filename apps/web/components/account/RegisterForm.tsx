'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useStore } from '../layout/StoreContext';
import { useCart } from '../cart/CartProvider';
import { fieldErrorsOf, problemOf, problemText } from './problems';
import { announceSessionChange, safeNext } from './session';
import { signIn } from './auth';
import { Field } from './Field';
import { PasswordField } from './PasswordField';
import { passwordAcceptable } from './PasswordRules';
import { ProblemAlert, SubmitButton } from './feedback';
import styles from './account.module.css';

/** The version of the store terms a new account accepts. */
export const TERMS_VERSION = '2024-01';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Errors = Partial<Record<'name' | 'email' | 'password' | 'terms', string>>;

export function RegisterForm({ next }: { next?: string | undefined }) {
  const t = useTranslations('account');
  const router = useRouter();
  const store = useStore();
  const cart = useCart();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [terms, setTerms] = useState(false);
  const [marketing, setMarketing] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [emailTaken, setEmailTaken] = useState(false);
  const [pending, setPending] = useState(false);

  function validate(): Errors {
    const e: Errors = {};
    if (!name.trim()) e.name = t('errors.required');
    if (!EMAIL.test(email.trim())) e.email = t('errors.invalidEmail');
    if (!passwordAcceptable(password, email)) e.password = t('password.notAcceptable');
    if (!terms) e.terms = t('register.termsRequired');
    return e;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    setEmailTaken(false);
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`register-${first}`)?.focus();
      return;
    }
    setPending(true);
    try {
      const { error: err, response } = await browserApi.POST('/api/v1/auth/register', {
        body: {
          name: name.trim(),
          email: email.trim(),
          password,
          locale: store.locale,
          termsVersion: TERMS_VERSION,
          marketingOptIn: marketing,
        },
      });
      if (!response.ok) {
        const problem = problemOf(err, response);
        setPending(false);
        if (problem.code === 'email_taken') {
          setEmailTaken(true);
          setErrors({ email: t('errors.email_taken') });
          document.getElementById('register-email')?.focus();
          return;
        }
        const fields = fieldErrorsOf(t, problem, ['name', 'email', 'password']);
        if (Object.keys(fields).length > 0) {
          setErrors(fields);
          document.getElementById(`register-${Object.keys(fields)[0]}`)?.focus();
          return;
        }
        setError(problemText(t, problem));
        return;
      }
    } catch {
      setPending(false);
      setError(t('errors.network_error'));
      return;
    }
    const problem = await signIn({ email, password }, cart.guestCredentials());
    if (problem) {
      // The account exists; signing in can be retried on the sign-in page.
      router.replace(`/account/login?next=${encodeURIComponent(safeNext(next))}`);
      return;
    }
    try {
      await cart.reload();
    } catch {
      // The cart shows its own state.
    }
    announceSessionChange();
    router.replace(safeNext(next));
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className={`${styles.form} ${styles.narrow}`}>
      <ProblemAlert message={error} />
      <Field
        id="register-name"
        label={t('fields.name')}
        name="name"
        autoComplete="name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
      <Field
        id="register-email"
        label={t('fields.email')}
        type="email"
        name="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      {emailTaken && (
        <p className={styles.inlineHelp}>
          <Link href="/account/login">{t('register.signInInstead')}</Link>
        </p>
      )}
      <PasswordField
        id="register-password"
        label={t('fields.password')}
        name="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        rules
        email={email}
      />
      <div className="field">
        <div className={styles.check}>
          <input
            id="register-terms"
            type="checkbox"
            checked={terms}
            onChange={(e) => setTerms(e.target.checked)}
            aria-invalid={errors.terms ? true : undefined}
            aria-describedby={errors.terms ? 'register-terms-error' : undefined}
          />
          <label htmlFor="register-terms">{t('register.terms', { store: store.name })}</label>
        </div>
        {errors.terms && (
          <p id="register-terms-error" className="field-error">
            {errors.terms}
          </p>
        )}
      </div>
      <div className={styles.check}>
        <input
          id="register-marketing"
          type="checkbox"
          checked={marketing}
          onChange={(e) => setMarketing(e.target.checked)}
        />
        <label htmlFor="register-marketing">{t('register.marketing')}</label>
      </div>
      <SubmitButton pending={pending}>{pending ? t('register.pending') : t('register.submit')}</SubmitButton>
      <p className={styles.links}>
        {t('register.haveAccount')} <Link href="/account/login">{t('register.signIn')}</Link>
      </p>
    </form>
  );
}
