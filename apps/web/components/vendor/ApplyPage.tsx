'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PageHeader } from '../console/ConsoleShell';
import { Loading } from '../console/feedback';
import { useStore } from '../layout/StoreContext';
import { ApplicationSummary } from './ApplicationSummary';
import { ApplyForm } from './ApplyForm';
import { useVendorProfile } from './useVendorProfile';
import styles from './vendor.module.css';

/**
 * `/vendor/apply`: the application form for an account that has none (or a rejected one, filled in
 * to send again); once sent, or when one is waiting, where it stands.
 */
export function ApplyPage() {
  const t = useTranslations('vendor');
  const store = useStore();
  const { state, set } = useVendorProfile();
  const [sent, setSent] = useState(false);

  if (state.kind === 'loading' || state.kind === 'error') {
    return (
      <>
        <PageHeader title={t('apply.title', { store: store.name })} />
        <Loading error={state.kind === 'error' ? state.message : null} />
      </>
    );
  }

  const onApplied = (profile: Parameters<typeof set>[0]) => {
    set(profile);
    setSent(true);
  };

  if (state.kind === 'none') {
    return (
      <>
        <PageHeader title={t('apply.title', { store: store.name })} description={t('apply.intro')} />
        <ApplyForm onApplied={onApplied} />
      </>
    );
  }

  const { profile } = state;
  if (profile.status === 'rejected') {
    return (
      <>
        <PageHeader title={t('apply.againTitle')} description={t('apply.againIntro')} />
        <div className="alert alert-error">
          <p className={styles.prose}>
            <strong>{t('home.rejected.reason')}</strong>{' '}
            <span className={styles.preLine}>{profile.statusReason ?? t('home.rejected.noReason')}</span>
          </p>
        </div>
        <ApplyForm previous={profile} onApplied={onApplied} />
      </>
    );
  }

  if (profile.status === 'pending') {
    return (
      <>
        <PageHeader title={t('home.pending.title')} description={t('home.pending.body')} />
        {sent && (
          <p role="status" className="alert alert-success">
            {t('apply.sent')}
          </p>
        )}
        <ApplicationSummary profile={profile} />
        <p>
          <Link href="/vendor">{t('apply.toDashboard')}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('apply.alreadyTitle')} description={t('apply.alreadyBody')} />
      <p>
        <Link href="/vendor" className="btn">
          {t('apply.toDashboard')}
        </Link>
      </p>
    </>
  );
}
