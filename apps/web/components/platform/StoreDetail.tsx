'use client';
import { useCallback, useEffect, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { platformApi } from '../../lib/platform-api';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { ConfirmAction } from '../console/ConfirmAction';
import { ConflictNotice, Loading, StatusHint } from '../console/feedback';
import { formatDateTime } from '../console/format';
import { consoleProblemText, problemOf } from '../console/problems';
import { useFocusAfterSwap } from '../console/useFocusAfterSwap';
import consoleStyles from '../console/console.module.css';
import { StoreEditForm } from './StoreEditForm';
import { originOf } from './StoreCreated';
import { TenantStatusBadge } from './StoresList';
import type { Tenant, TenantStatus } from './storeForm';
import styles from './platform.module.css';

/**
 * `/platform/stores/[id]`: a store's details, its profile to edit (name, currency, languages,
 * domains; `If-Match`, 412 offers to reload), and suspending or reactivating it (confirmed).
 */
export function StoreDetail({ id }: { id: string }) {
  const t = useTranslations('platform');
  const tc = useTranslations('console');
  const locale = useLocale();
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [message, setMessage] = useState('');
  // Suspending swaps the button (and its dialog) for "Reactivate" and back: focus goes to the message.
  const status = useFocusAfterSwap<HTMLParagraphElement>(tenant?.status);

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await platformApi.GET('/api/v1/platform/tenants/{id}', {
        params: { path: { id } },
      });
      if (data) {
        setTenant(data);
        setLoadError(null);
      } else setLoadError(consoleProblemText(tc, problemOf(error, response)));
    } catch {
      setLoadError(tc('errors.network_error'));
    }
  }, [id, tc]);

  useEffect(() => {
    void load();
  }, [load]);

  const reload = useCallback(() => {
    setConflict(false);
    setMessage('');
    void load();
  }, [load]);

  async function setStatus(current: Tenant, status: TenantStatus): Promise<string | null> {
    setMessage('');
    try {
      const { data, error, response } = await platformApi.PATCH('/api/v1/platform/tenants/{id}', {
        params: { path: { id: current.id } },
        headers: { 'If-Match': `"${current.version}"` },
        body: { status },
      });
      if (data) {
        setTenant(data);
        setConflict(false);
        setMessage(status === 'suspended' ? t('store.suspended') : t('store.reactivated'));
        return null;
      }
      if (response.status === 412) setConflict(true);
      return consoleProblemText(tc, problemOf(error, response));
    } catch {
      return tc('errors.network_error');
    }
  }

  if (!tenant) {
    return (
      <>
        <PageHeader title={t('store.title')} />
        <Loading error={loadError} />
        {loadError && (
          <p>
            <Link href="/platform">{t('store.back')}</Link>
          </p>
        )}
      </>
    );
  }

  const origin = originOf(tenant);
  const suspended = tenant.status === 'suspended';
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={
          <>
            <span className={styles.mono}>{tenant.slug}</span> · <TenantStatusBadge status={tenant.status} />
          </>
        }
        actions={
          suspended ? (
            <ConfirmAction
              key="reactivate"
              label={t('store.reactivate')}
              title={t('store.reactivateTitle', { name: tenant.name })}
              body={t('store.reactivateBody')}
              confirmLabel={t('store.reactivateConfirm')}
              onConfirm={() => setStatus(tenant, 'active')}
            />
          ) : (
            <ConfirmAction
              key="suspend"
              danger
              label={t('store.suspend')}
              title={t('store.suspendTitle', { name: tenant.name })}
              body={t('store.suspendBody', { name: tenant.name })}
              confirmLabel={t('store.suspendConfirm')}
              onConfirm={() => setStatus(tenant, 'suspended')}
            />
          )
        }
      />
      <StatusHint ref={status}>{message}</StatusHint>
      {conflict && <ConflictNotice onReload={reload} />}
      {suspended && <p className="alert alert-error">{t('store.suspendedNotice')}</p>}
      <Panel title={t('store.details')} id="store-details">
        <dl className={consoleStyles.dl}>
          <dt>{t('store.slug')}</dt>
          <dd className={styles.mono}>{tenant.slug}</dd>
          <dt>{t('store.status')}</dt>
          <dd>
            <TenantStatusBadge status={tenant.status} />
          </dd>
          <dt>{t('store.address')}</dt>
          <dd>{origin ? <a href={origin}>{origin}</a> : t('store.noAddress')}</dd>
          <dt>{t('store.created')}</dt>
          <dd>{formatDateTime(tenant.createdAt, locale)}</dd>
          <dt>{t('store.updated')}</dt>
          <dd>{formatDateTime(tenant.updatedAt, locale)}</dd>
        </dl>
      </Panel>
      <Panel title={t('store.edit')} id="store-edit">
        <StoreEditForm
          key={`${tenant.id}:${tenant.version}`}
          tenant={tenant}
          onSaved={(saved) => {
            setTenant(saved);
            setConflict(false);
            setMessage(t('store.saved'));
          }}
          onReload={reload}
        />
      </Panel>
      <p>
        <Link href="/platform">{t('store.back')}</Link>
      </p>
    </>
  );
}
