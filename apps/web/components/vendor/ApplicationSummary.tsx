'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Panel, StatusBadge } from '../console/ConsoleShell';
import { formatDateTime } from '../console/format';
import consoleStyles from '../console/console.module.css';
import type { VendorProfile, VendorStatus } from './types';
import styles from './vendor.module.css';

const TONES: Record<VendorStatus, 'warning' | 'success' | 'danger' | 'neutral'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  suspended: 'danger',
};

/** A vendor's status as a coloured label. */
export function VendorStatusBadge({ status }: { status: VendorStatus }) {
  const t = useTranslations('vendor');
  return <StatusBadge tone={TONES[status]}>{t(`vendorStatus.${status}`)}</StatusBadge>;
}

/** What was sent with an application: the shop and how to reach its people. */
export function ApplicationSummary({ profile }: { profile: VendorProfile }) {
  const t = useTranslations('vendor');
  const locale = useLocale();
  const contact = profile.contact;
  return (
    <Panel title={t('application.sentTitle')} id="application">
      <dl className={consoleStyles.dl}>
        <dt>{t('application.status')}</dt>
        <dd>
          <VendorStatusBadge status={profile.status} />
        </dd>
        <dt>{t('apply.name')}</dt>
        <dd>{profile.name}</dd>
        <dt>{t('apply.slug')}</dt>
        <dd className={styles.code}>{profile.slug}</dd>
        <dt>{t('apply.description')}</dt>
        <dd className={styles.preLine}>{profile.description || '—'}</dd>
        <dt>{t('apply.contactName')}</dt>
        <dd>{contact?.name ?? '—'}</dd>
        <dt>{t('apply.contactEmail')}</dt>
        <dd>{contact?.email ?? '—'}</dd>
        <dt>{t('apply.contactPhone')}</dt>
        <dd>{contact?.phone ?? '—'}</dd>
        <dt>{t('application.sentAt')}</dt>
        <dd>{formatDateTime(profile.createdAt, locale)}</dd>
      </dl>
    </Panel>
  );
}
