'use client';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { platformApi } from '../../lib/platform-api';
import { consoleProblemText, problemOf } from '../console/problems';
import { Field } from '../console/fields';
import { ProblemAlert, SubmitButton } from '../console/feedback';
import { announceSessionChange, safeNext } from '../account/session';
import styles from './platform.module.css';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problem codes of a sign-in with their own sentence in `platform.errors.*`. */
const SIGN_IN_CODES = new Set(['invalid_credentials', 'invalid_mfa_code', 'account_blocked', 'rate_limited']);

/**
 * Signs a platform admin in (no store: the call goes out platform-scoped), with a second step for the
 * authenticator or a recovery code when the API answers `mfa_required`; then on to `next`.
 */
export function PlatformLogin() {
  const t = useTranslations('platform');
  const tc = useTranslations('console');
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'), '/platform');
  const target = next.startsWith('/platform') ? next : '/platform';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfa, setMfa] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; code?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  function check(): boolean {
    const found: typeof errors = {};
    if (!email.trim()) found.email = tc('validation.required');
    else if (!EMAIL_RE.test(email.trim())) found.email = t('validation.email');
    if (!password) found.password = tc('validation.required');
    const trimmed = code.replace(/\s+/g, '');
    if (mfa && !useRecovery && !/^\d{6}$/.test(trimmed)) found.code = t('login.codeFormat');
    if (mfa && useRecovery && (trimmed.length < 8 || trimmed.length > 32)) found.code = t('login.recoveryFormat');
    setErrors(found);
    if (found.email) emailRef.current?.focus();
    else if (found.password) passwordRef.current?.focus();
    else if (found.code) codeRef.current?.focus();
    return Object.keys(found).length === 0;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    if (!check()) return;
    setPending(true);
    const trimmed = code.replace(/\s+/g, '');
    try {
      const { error: err, response } = await platformApi.POST('/api/v1/auth/login', {
        body: {
          email: email.trim(),
          password,
          mode: 'cookie',
          ...(mfa && !useRecovery ? { totp: trimmed } : {}),
          ...(mfa && useRecovery ? { recoveryCode: trimmed } : {}),
        },
      });
      if (response.ok) {
        announceSessionChange();
        router.replace(target);
        router.refresh();
        return;
      }
      const problem = problemOf(err, response);
      setPending(false);
      if (problem.code === 'mfa_required') {
        setMfa(true);
        // The field appears with this render; focus it on the next frame.
        requestAnimationFrame(() => codeRef.current?.focus());
        return;
      }
      if (problem.code === 'invalid_mfa_code' && mfa) {
        setErrors({ code: t('errors.invalid_mfa_code') });
        codeRef.current?.focus();
        return;
      }
      setError(SIGN_IN_CODES.has(problem.code) ? t(`errors.${problem.code}`) : consoleProblemText(tc, problem));
    } catch {
      setPending(false);
      setError(tc('errors.network_error'));
    }
  }

  const codeId = 'platform-login-code';
  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      className={styles.loginForm}
      aria-describedby={error ? 'platform-login-error' : undefined}
    >
      <ProblemAlert id="platform-login-error" message={error} />
      <Field
        id="platform-login-email"
        inputRef={emailRef}
        label={t('login.email')}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        error={errors.email}
        readOnly={mfa}
        onChange={(e) => {
          setEmail(e.target.value);
          setErrors((v) => ({ ...v, email: undefined }));
        }}
      />
      <Field
        id="platform-login-password"
        inputRef={passwordRef}
        label={t('login.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        error={errors.password}
        readOnly={mfa}
        onChange={(e) => {
          setPassword(e.target.value);
          setErrors((v) => ({ ...v, password: undefined }));
        }}
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
            maxLength={useRecovery ? 32 : 6}
            required
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setErrors((v) => ({ ...v, code: undefined }));
            }}
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errors.code ? `${codeId}-error` : undefined}
          />
          {errors.code && (
            <p id={`${codeId}-error`} className="field-error">
              {errors.code}
            </p>
          )}
          <button
            type="button"
            className="btn-link"
            onClick={() => {
              setUseRecovery((v) => !v);
              setCode('');
              setErrors({});
            }}
          >
            {useRecovery ? t('login.useCode') : t('login.useRecovery')}
          </button>
        </div>
      )}
      <SubmitButton pending={pending}>{pending ? t('login.pending') : t('login.submit')}</SubmitButton>
    </form>
  );
}
