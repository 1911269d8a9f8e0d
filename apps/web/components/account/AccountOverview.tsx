'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { components } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { problemOf, problemText } from './problems';
import { useAccountData } from './useAccountRequest';
import { SignOutButton } from './SignOutButton';
import { LoadingOrProblem } from './feedback';
import { ProfileForm } from './ProfileForm';
import styles from './account.module.css';

type Me = components['schemas']['Me'];

const getMe = () => browserApi.GET('/api/v1/me');

export function AccountOverview() {
  const t = useTranslations('account');
  const { data: me, setData, error } = useAccountData<Me>(getMe);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [sending, setSending] = useState(false);

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

  if (error || !me) return <LoadingOrProblem error={error} />;
  return (
    <div className={styles.stack}>
      <section aria-labelledby="overview-profile" className={styles.card}>
        <h2 id="overview-profile" className={styles.h2}>
          {t('overview.profile')}
        </h2>
        {editing ? (
          <ProfileForm
            me={me}
            onSaved={(saved) => {
              setData(saved);
              setEditing(false);
              setNotice(saved.email !== me.email ? t('profile.savedEmail') : t('profile.saved'));
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <>
            <dl className={styles.dl}>
              <div>
                <dt>{t('fields.name')}</dt>
                <dd>{me.name ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('profile.phone')}</dt>
                <dd>{me.phone ?? '—'}</dd>
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
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t('profile.edit')}
            </button>
          </>
        )}
        {!editing && !me.emailVerified && (
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
