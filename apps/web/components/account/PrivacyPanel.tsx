'use client';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { useCart } from '../cart/CartProvider';
import { useStore } from '../layout/StoreContext';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { useAccountAction, useAccountData } from './useAccountRequest';
import { announceSessionChange } from './session';
import { formatDate } from './orderFormat';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';
import { PasswordField } from './PasswordField';
import { ProblemAlert, StatusHint, SubmitButton } from './feedback';
import styles from './account.module.css';

type Consents = paths['/api/v1/me/consents']['get']['responses'][200]['content']['application/json'];

const getConsents = () => browserApi.GET('/api/v1/me/consents');

/** Saves a blob as a file through a temporary link. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function DataExport() {
  const t = useTranslations('account');
  const expired = useSessionGuard();
  const [status, setStatus] = useState('');
  const { error, setError, pending, run } = useAccountAction();

  async function download() {
    setStatus(t('privacy.exportPreparing'));
    await run(
      async () => {
        const { data, error: err, response } = await browserApi.GET('/api/v1/me/export', { parseAs: 'blob' });
        if (expired(response)) return;
        if (!data) {
          setStatus('');
          setError(problemText(t, problemOf(err, response)));
          return;
        }
        const day = new Date().toISOString().slice(0, 10);
        saveFile(new Blob([data], { type: 'application/json' }), `bazaar-export-${day}.json`);
        setStatus(t('privacy.exportDone'));
      },
      () => setStatus(''),
    );
  }

  return (
    <section aria-labelledby="privacy-export" className={styles.card}>
      <h2 id="privacy-export" className={styles.h2}>
        {t('privacy.exportHeading')}
      </h2>
      <p>{t('privacy.exportText')}</p>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => void download()}
        disabled={pending}
        aria-busy={pending || undefined}
      >
        {t('privacy.export')}
      </button>
      <StatusHint>{status}</StatusHint>
      <ProblemAlert message={error} />
    </section>
  );
}

function ConsentSettings() {
  const t = useTranslations('account');
  const store = useStore();
  const expired = useSessionGuard();
  const { data: consents, setData: setConsents, error: loadError } = useAccountData<Consents>(getConsents);
  const [status, setStatus] = useState('');
  const { error: saveError, setError, pending, run } = useAccountAction();
  const error = saveError ?? loadError;

  async function toggle(marketingOptIn: boolean) {
    const before = consents;
    // Shown at once; put back if the API refuses.
    setConsents((c) => (c ? { ...c, marketingOptIn } : c));
    setStatus('');
    await run(
      async () => {
        const {
          data,
          error: err,
          response,
        } = await browserApi.PUT('/api/v1/me/consents', { body: { marketingOptIn } });
        if (expired(response)) return;
        if (data) {
          setConsents(data);
          setStatus(marketingOptIn ? t('privacy.marketingOn') : t('privacy.marketingOff'));
        } else {
          setConsents(before);
          setError(problemText(t, problemOf(err, response)));
        }
      },
      () => setConsents(before),
    );
  }

  return (
    <section aria-labelledby="privacy-consents" className={styles.card}>
      <h2 id="privacy-consents" className={styles.h2}>
        {t('privacy.consentsHeading')}
      </h2>
      {consents ? (
        <>
          <div className={styles.check}>
            <input
              id="privacy-marketing"
              type="checkbox"
              checked={consents.marketingOptIn}
              aria-busy={pending || undefined}
              onChange={(e) => {
                if (!pending) void toggle(e.target.checked);
              }}
              aria-describedby="privacy-marketing-hint"
            />
            <label htmlFor="privacy-marketing">{t('privacy.marketing', { store: store.name })}</label>
          </div>
          <p id="privacy-marketing-hint" className="hint">
            {consents.marketingOptInAt
              ? t('privacy.changedAt', { date: formatDate(consents.marketingOptInAt, store.locale, true) })
              : t('privacy.neverChanged')}
          </p>
          <p className="muted">
            {consents.termsVersion && consents.termsAcceptedAt
              ? t('privacy.termsAccepted', {
                  version: consents.termsVersion,
                  date: formatDate(consents.termsAcceptedAt, store.locale),
                })
              : t('privacy.termsNone')}
          </p>
        </>
      ) : (
        !error && <div className={`skeleton ${styles.skeletonLine}`} aria-hidden="true" />
      )}
      <StatusHint>{status}</StatusHint>
      <ProblemAlert message={error} />
    </section>
  );
}

function DeleteAccount() {
  const t = useTranslations('account');
  const router = useRouter();
  const cart = useCart();
  const expired = useSessionGuard();
  const [open, setOpen] = useState(false);
  const [hasPassword, setHasPassword] = useState(true);
  const [phrase, setPhrase] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ phrase?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const expected = t('privacy.deletePhrase');

  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/me')
      .then(({ data }) => {
        if (live && data) setHasPassword(data.hasPassword);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found: { phrase?: string; password?: string } = {};
    if (phrase.trim() !== expected) found.phrase = t('privacy.phraseMismatch', { phrase: expected });
    if (hasPassword && !password) found.password = t('errors.required');
    setErrors(found);
    if (found.phrase || found.password) {
      document.getElementById(found.phrase ? 'delete-phrase' : 'delete-password')?.focus();
      return;
    }
    setPending(true);
    try {
      const { error: err, response } = await browserApi.DELETE('/api/v1/me', {
        body: hasPassword ? { password } : {},
      });
      if (expired(response)) return;
      if (!response.ok) {
        const problem = problemOf(err, response);
        if (problem.code === 'invalid_password') {
          setErrors({ password: t('errors.invalid_password') });
          document.getElementById('delete-password')?.focus();
        } else {
          setError(problemText(t, problem));
        }
        setPending(false);
        return;
      }
    } catch {
      setError(t('errors.network_error'));
      setPending(false);
      return;
    }
    try {
      await cart.reload();
    } catch {
      // The cart shows its own state.
    }
    announceSessionChange();
    router.replace('/');
    router.refresh();
  }

  return (
    <section aria-labelledby="privacy-delete" className={`${styles.card} ${styles.dangerZone}`}>
      <h2 id="privacy-delete" className={styles.h2}>
        {t('privacy.deleteHeading')}
      </h2>
      <p>{t('privacy.deleteText')}</p>
      <button
        type="button"
        className={`btn ${styles.danger}`}
        onClick={() => {
          setPhrase('');
          setPassword('');
          setErrors({});
          setError(null);
          setOpen(true);
        }}
      >
        {t('privacy.delete')}
      </button>
      <ConfirmDialog open={open} title={t('privacy.deleteTitle')} onClose={() => setOpen(false)}>
        <form onSubmit={(e) => void onSubmit(e)} noValidate className={styles.form}>
          <p>{t('privacy.deleteWarning')}</p>
          <ProblemAlert message={error} />
          <Field
            id="delete-phrase"
            label={t('privacy.phraseLabel', { phrase: expected })}
            autoComplete="off"
            value={phrase}
            onChange={(e) => setPhrase(e.target.value)}
            error={errors.phrase}
          />
          {hasPassword && (
            <PasswordField
              id="delete-password"
              label={t('fields.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
            />
          )}
          <div className={styles.actions}>
            <SubmitButton pending={pending} className={`btn ${styles.danger}`}>
              {t('privacy.deleteConfirm')}
            </SubmitButton>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('privacy.keep')}
            </button>
          </div>
        </form>
      </ConfirmDialog>
    </section>
  );
}

export function PrivacyPanel() {
  return (
    <div className={styles.stack}>
      <DataExport />
      <ConsentSettings />
      <DeleteAccount />
    </div>
  );
}
