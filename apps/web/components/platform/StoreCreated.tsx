'use client';
import { useEffect, useRef } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PageHeader, Panel } from '../console/ConsoleShell';
import consoleStyles from '../console/console.module.css';
import { TenantStatusBadge } from './StoresList';
import { storeOrigin } from './storeForm';
import type { Tenant } from './storeForm';
import styles from './platform.module.css';

/**
 * Where the store can be reached from this browser. Stores are only shown after they have been
 * loaded in the browser, so the location is always there.
 */
export const originOf = (tenant: Pick<Tenant, 'slug' | 'domains'>): string | null =>
  typeof window === 'undefined' ? null : storeOrigin(tenant, window.location);

/** What the platform admin sees once a store exists: the store, and how its owner signs in. */
export function StoreCreated({
  tenant,
  ownerEmail,
  withPassword,
  onAnother,
}: {
  tenant: Tenant;
  ownerEmail: string;
  withPassword: boolean;
  onAnother: () => void;
}) {
  const t = useTranslations('platform');
  const origin = originOf(tenant);
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => status.current?.focus(), []);

  return (
    <>
      <PageHeader title={t('created.title')} />
      <p ref={status} role="status" tabIndex={-1} className="alert alert-success">
        {t('created.body', { name: tenant.name })}
      </p>
      <Panel title={t('created.storeHeading')} id="created-store">
        <dl className={consoleStyles.dl}>
          <dt>{t('store.name')}</dt>
          <dd>{tenant.name}</dd>
          <dt>{t('store.slug')}</dt>
          <dd className={styles.mono}>{tenant.slug}</dd>
          <dt>{t('store.status')}</dt>
          <dd>
            <TenantStatusBadge status={tenant.status} />
          </dd>
          <dt>{t('store.currency')}</dt>
          <dd>{tenant.defaultCurrency}</dd>
          <dt>{t('store.locales')}</dt>
          <dd>{tenant.locales.join(', ')}</dd>
          <dt>{t('store.domains')}</dt>
          <dd>{tenant.domains.length > 0 ? tenant.domains.join(', ') : t('stores.noDomains')}</dd>
          <dt>{t('store.address')}</dt>
          <dd>{origin ? <a href={origin}>{origin}</a> : t('store.noAddress')}</dd>
        </dl>
      </Panel>
      <Panel title={t('created.ownerHeading')} id="created-owner">
        <dl className={consoleStyles.dl}>
          <dt>{t('created.ownerEmail')}</dt>
          <dd>{ownerEmail}</dd>
          {origin && (
            <>
              <dt>{t('created.signIn')}</dt>
              <dd>
                <a href={`${origin}/account/login?next=%2Fadmin`}>{`${origin}/account/login`}</a>
              </dd>
              <dt>{t('created.admin')}</dt>
              <dd>
                <a href={`${origin}/admin`}>{`${origin}/admin`}</a>
              </dd>
            </>
          )}
        </dl>
        <p>{withPassword ? t('created.withPassword') : t('created.withLink')}</p>
      </Panel>
      <div className={styles.formActions}>
        <Link href={`/platform/stores/${tenant.id}`} className="btn">
          {t('created.open')}
        </Link>
        <Link href="/platform" className="btn btn-secondary">
          {t('created.all')}
        </Link>
        <button type="button" className="btn btn-secondary" onClick={onAnother}>
          {t('created.another')}
        </button>
      </div>
    </>
  );
}
