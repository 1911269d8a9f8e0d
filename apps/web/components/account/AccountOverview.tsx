'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { components } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { SignOutButton } from './SignOutButton';
import styles from './account.module.css';

type Me = components['schemas']['Me'];

export function AccountOverview() {
  const t = useTranslations('account');
  const expired = useSessionGuard();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/me')
      .then(({ data, error: err, response }) => {
        if (!live || expired(response)) return;
        if (data) setMe(data);
        else setError(problemText(t, problemOf(err, response)));
      })
      .catch(() => live && setError(t('errors.network_error')));
    return () => {
      live = false;
    };
  }, [expired, t]);

  async function resend() {
    setSending(true);
    setNotice(null);
    try {
      const { error: err, response } = await browserApi.POST('/api/v1/auth/email/verification');
      setNotice(response.ok ? t('overview.verificationSent') : problemText(t, problemOf(err, response)));
    } catch {
      setNotice(t('errors.network_error'));
    } finally {
      setSending(false);
    }
  }

  if (error) {
    return (
      <p role="alert" className="alert alert-error">
        {error}
      </p>
    );
  }
  if (!me) {
    return (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          {t('loading')}
        </p>
        <div className={`skeleton ${styles.skeletonBlock}`} />
      </div>
    );
  }
  return (
    <div className={styles.stack}>
      <section aria-labelledby="overview-profile" className={styles.card}>
        <h2 id="overview-profile" className={styles.h2}>
          {t('overview.profile')}
        </h2>
        <dl className={styles.dl}>
          <div>
            <dt>{t('fields.name')}</dt>
            <dd>{me.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('fields.email')}</dt>
            <dd>
              {me.email}{' '}
              <span className={me.emailVerified ? styles.badgeOk : styles.badgeWarn}>
                {me.emailVerified ? t('overview.verified') : t('overview.unverified')}
              </span>
            </dd>
          </div>
        </dl>
        {!me.emailVerified && (
          <button type="button" className="btn btn-secondary" onClick={() => void resend()} disabled={sending}>
            {t('overview.resendVerification')}
          </button>
        )}
        <p role="status" className="hint">
          {notice}
        </p>
      </section>
      <nav aria-labelledby="overview-links">
        <h2 id="overview-links" className={styles.h2}>
          {t('overview.manage')}
        </h2>
        <ul className={styles.tiles}>
          <li>
            <Link href="/account/orders">{t('nav.orders')}</Link>
          </li>
          <li>
            <Link href="/account/addresses">{t('nav.addresses')}</Link>
          </li>
          <li>
            <Link href="/account/security">{t('nav.security')}</Link>
          </li>
          <li>
            <Link href="/account/privacy">{t('nav.privacy')}</Link>
          </li>
        </ul>
      </nav>
      <div>
        <SignOutButton />
      </div>
    </div>
  );
}
