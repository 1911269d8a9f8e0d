'use client';
import { useEffect } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useConsole } from '../console/ConsoleProvider';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { Loading } from '../console/feedback';
import { useStore } from '../layout/StoreContext';
import { ApplicationSummary, VendorStatusBadge } from './ApplicationSummary';
import { VendorDashboard } from './VendorDashboard';
import { useVendorProfile } from './useVendorProfile';
import styles from './vendor.module.css';

/**
 * `/vendor`: what the account can do here depends on where its application stands: apply (none
 * yet), wait (pending), apply again (rejected), sell (approved: the dashboard) or nothing (suspended).
 */
export function VendorHome() {
  const t = useTranslations('vendor');
  const store = useStore();
  const { hasRole, reloadMe } = useConsole();
  const { state } = useVendorProfile();
  const approvedWithoutRole = state.kind === 'ready' && state.profile.status === 'approved' && !hasRole('vendor');

  // Approved since the console loaded the account: load it again so the navigation shows the vendor's pages.
  useEffect(() => {
    if (approvedWithoutRole) void reloadMe();
  }, [approvedWithoutRole, reloadMe]);

  if (state.kind === 'loading' || state.kind === 'error') {
    return (
      <>
        <PageHeader title={t('home.title')} />
        <Loading error={state.kind === 'error' ? state.message : null} />
      </>
    );
  }

  if (state.kind === 'none') {
    return (
      <>
        <PageHeader title={t('home.invite.title', { store: store.name })} />
        <Panel>
          <p className={styles.prose}>{t('home.invite.body', { store: store.name })}</p>
          <ul className={styles.prose}>
            <li>{t('home.invite.point1')}</li>
            <li>{t('home.invite.point2')}</li>
            <li>{t('home.invite.point3')}</li>
          </ul>
          <Link href="/vendor/apply" className="btn">
            {t('home.invite.apply')}
          </Link>
        </Panel>
      </>
    );
  }

  const { profile } = state;
  switch (profile.status) {
    case 'pending':
      return (
        <>
          <PageHeader title={t('home.pending.title')} description={t('home.pending.body')} />
          <ApplicationSummary profile={profile} />
        </>
      );
    case 'rejected':
      return (
        <>
          <PageHeader
            title={t('home.rejected.title')}
            actions={
              <Link href="/vendor/apply" className="btn">
                {t('home.rejected.applyAgain')}
              </Link>
            }
          />
          <div className="alert alert-error">
            <p className={styles.prose}>
              <strong>{t('home.rejected.reason')}</strong>{' '}
              <span className={styles.preLine}>{profile.statusReason ?? t('home.rejected.noReason')}</span>
            </p>
            <p className={styles.prose}>{t('home.rejected.body')}</p>
          </div>
          <ApplicationSummary profile={profile} />
        </>
      );
    case 'suspended':
      return (
        <>
          <PageHeader title={profile.name} actions={<VendorStatusBadge status="suspended" />} />
          <div className="alert alert-error" role="alert">
            <p className={styles.prose}>
              <strong>{t('home.suspended.title')}</strong> {t('home.suspended.body')}
            </p>
            {profile.statusReason && (
              <p className={styles.prose}>
                <strong>{t('home.suspended.reason')}</strong>{' '}
                <span className={styles.preLine}>{profile.statusReason}</span>
              </p>
            )}
          </div>
        </>
      );
    default:
      return <VendorDashboard profile={profile} />;
  }
}
