'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { components } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { fieldErrorsOf, problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { useAccountAction, useAccountData } from './useAccountRequest';
import { announceSessionChange } from './session';
import { Field } from './Field';
import { PasswordField } from './PasswordField';
import { passwordAcceptable } from './PasswordRules';
import { LoadingOrProblem, ProblemAlert, StatusHint, SubmitButton } from './feedback';
import styles from './account.module.css';

type Me = components['schemas']['Me'];

const getMe = () => browserApi.GET('/api/v1/me');

function ChangePassword({ email }: { email: string }) {
  const t = useTranslations('account');
  const router = useRouter();
  const expired = useSessionGuard();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ currentPassword?: string; newPassword?: string; confirm?: string }>({});
  const { error, setError, pending, run } = useAccountAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found: typeof errors = {};
    if (!current) found.currentPassword = t('errors.required');
    if (!passwordAcceptable(next, email)) found.newPassword = t('password.notAcceptable');
    else if (confirm !== next) found.confirm = t('password.mismatch');
    setErrors(found);
    const first = (['currentPassword', 'newPassword', 'confirm'] as const).find((f) => found[f]);
    if (first) {
      document.getElementById(`security-${first}`)?.focus();
      return;
    }
    await run(async () => {
      const { error: err, response } = await browserApi.POST('/api/v1/auth/password/change', {
        body: { currentPassword: current, newPassword: next },
      });
      if (expired(response)) return;
      if (response.ok) {
        // Every session was revoked: sign in again with the new password.
        announceSessionChange();
        router.replace('/account/login?changed=1&next=%2Faccount%2Fsecurity');
        return;
      }
      const problem = problemOf(err, response);
      if (problem.code === 'invalid_password') {
        setErrors({ currentPassword: t('errors.invalid_password') });
        document.getElementById('security-currentPassword')?.focus();
      } else {
        const fields = fieldErrorsOf(t, problem, ['newPassword', 'password']);
        const message = fields.newPassword ?? fields.password;
        if (message) {
          setErrors({ newPassword: message });
          document.getElementById('security-newPassword')?.focus();
        } else setError(problemText(t, problem));
      }
    });
  }

  return (
    <section aria-labelledby="security-password" className={styles.card}>
      <h2 id="security-password" className={styles.h2}>
        {t('security.passwordHeading')}
      </h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className={`${styles.form} ${styles.narrow}`}>
        <p className="hint">{t('security.passwordNote')}</p>
        <ProblemAlert message={error} />
        <PasswordField
          id="security-currentPassword"
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
        />
        <PasswordField
          id="security-newPassword"
          label={t('fields.newPassword')}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.newPassword}
          rules
          email={email}
        />
        <PasswordField
          id="security-confirm"
          label={t('fields.confirmPassword')}
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
        />
        <SubmitButton pending={pending}>{t('security.changePassword')}</SubmitButton>
      </form>
    </section>
  );
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

function TwoFactor({ enabled, onChange }: { enabled: boolean; onChange: (enabled: boolean) => void }) {
  const t = useTranslations('account');
  const expired = useSessionGuard();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { error, setError, pending, run } = useAccountAction();
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');

  async function start() {
    await run(async () => {
      const { data, error: err, response } = await browserApi.POST('/api/v1/auth/mfa/totp');
      if (expired(response)) return;
      if (data) {
        setEnrolment(data);
        setCode('');
        setStatus(t('security.mfaScan'));
      } else setError(problemText(t, problemOf(err, response)));
    });
  }

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(trimmed)) {
      setFieldError(t('login.codeFormat'));
      document.getElementById('mfa-code')?.focus();
      return;
    }
    setFieldError(undefined);
    await run(async () => {
      const {
        data,
        error: err,
        response,
      } = await browserApi.POST('/api/v1/auth/mfa/totp/verify', {
        body: { code: trimmed },
      });
      if (expired(response)) return;
      if (data) {
        setRecovery(data.recoveryCodes);
        setEnrolment(null);
        setStatus(t('security.mfaEnabled'));
        onChange(true);
        return;
      }
      const problem = problemOf(err, response);
      if (problem.code === 'invalid_mfa_code' || problem.status === 422 || problem.status === 400) {
        setFieldError(t('errors.invalid_mfa_code'));
        document.getElementById('mfa-code')?.focus();
      } else setError(problemText(t, problem));
    });
  }

  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!password) {
      setFieldError(t('errors.required'));
      document.getElementById('mfa-password')?.focus();
      return;
    }
    setFieldError(undefined);
    await run(async () => {
      const { error: err, response } = await browserApi.DELETE('/api/v1/auth/mfa/totp', { body: { password } });
      if (expired(response)) return;
      if (response.ok) {
        setPassword('');
        setRecovery(null);
        setStatus(t('security.mfaDisabled'));
        onChange(false);
        return;
      }
      const problem = problemOf(err, response);
      if (problem.code === 'invalid_password') {
        setFieldError(t('errors.invalid_password'));
        document.getElementById('mfa-password')?.focus();
      } else setError(problemText(t, problem));
    });
  }

  return (
    <section aria-labelledby="security-mfa" className={styles.card}>
      <h2 id="security-mfa" className={styles.h2}>
        {t('security.mfaHeading')}
      </h2>
      <p>
        {t('security.mfaState')}{' '}
        <span className={enabled ? styles.badgeOk : styles.badgeWarn}>
          {enabled ? t('security.on') : t('security.off')}
        </span>
      </p>
      <StatusHint>{status}</StatusHint>
      <ProblemAlert message={error} />
      {recovery && (
        <div className={styles.recovery}>
          <h3 className={styles.h3}>{t('security.recoveryHeading')}</h3>
          <p>{t('security.recoveryText')}</p>
          <ul className={styles.codes}>
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!enabled && !enrolment && (
        <button type="button" className="btn" onClick={() => void start()} disabled={pending}>
          {t('security.mfaEnable')}
        </button>
      )}
      {!enabled && enrolment && (
        <form onSubmit={(e) => void verify(e)} noValidate className={`${styles.form} ${styles.narrow}`}>
          <p>{t('security.mfaInstructions')}</p>
          {/* A data URL made by the API: next/image adds nothing for it. */}
          <img src={enrolment.qrCode} alt={t('security.qrAlt')} width={200} height={200} className={styles.qr} />
          <p>
            {t('security.secret')} <code className={styles.secret}>{enrolment.secret}</code>
          </p>
          <p className={styles.uri}>
            {t('security.uri')} <code>{enrolment.otpauthUri}</code>
          </p>
          <Field
            id="mfa-code"
            label={t('login.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fieldError}
          />
          <div className={styles.actions}>
            <button type="submit" className="btn" disabled={pending}>
              {t('security.mfaVerify')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setEnrolment(null)}>
              {t('addresses.cancel')}
            </button>
          </div>
        </form>
      )}
      {enabled && (
        <form onSubmit={(e) => void disable(e)} noValidate className={`${styles.form} ${styles.narrow}`}>
          <PasswordField
            id="mfa-password"
            label={t('fields.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError}
          />
          <button type="submit" className="btn btn-secondary" disabled={pending}>
            {t('security.mfaDisable')}
          </button>
        </form>
      )}
    </section>
  );
}

export function SecurityPanel() {
  const t = useTranslations('account');
  const { data: me, setData: setMe, error } = useAccountData<Me>(getMe);

  if (error || !me) return <LoadingOrProblem error={error} />;
  return (
    <div className={styles.stack}>
      {me.hasPassword ? <ChangePassword email={me.email} /> : <p className="muted">{t('security.noPassword')}</p>}
      <TwoFactor enabled={me.mfaEnabled} onChange={(mfaEnabled) => setMe({ ...me, mfaEnabled })} />
    </div>
  );
}
