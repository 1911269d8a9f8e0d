'use client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { useStore } from '../layout/StoreContext';
import { problemOf, problemText } from './problems';
import { useSessionGuard } from './useSessionGuard';
import { AddressForm } from './AddressForm';
import { ConfirmDialog } from './ConfirmDialog';
import { AddressBlock } from '../orders/AddressBlock';
import { LoadingOrProblem, ProblemAlert } from './feedback';
import { createBody, emptyAddress, updateBody, valuesOf } from './addressForm';
import type { AddressValues, SavedAddress } from './addressForm';
import styles from './account.module.css';

const etag = (version: number) => `"${version}"`;

/** The store's country as a default for new addresses (`de` → DE, `en-IN` → IN). */
function defaultCountry(locale: string): string {
  const region = locale.split('-')[1];
  if (region && /^[A-Za-z]{2}$/.test(region)) return region.toUpperCase();
  return locale.toLowerCase().startsWith('de') ? 'DE' : '';
}

export function AddressBook() {
  const t = useTranslations('account');
  const store = useStore();
  const expired = useSessionGuard();
  const [addresses, setAddresses] = useState<SavedAddress[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null); // an address id, or 'new'
  const [removing, setRemoving] = useState<SavedAddress | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      const {
        data,
        error: err,
        response,
      } = await browserApi.GET('/api/v1/me/addresses', {
        params: { query: { limit: 100 } },
      });
      if (expired(response)) return;
      if (data) setAddresses(data.data);
      else setError(problemText(t, problemOf(err, response)));
    } catch {
      setError(t('errors.network_error'));
    }
  }, [expired, t]);

  useEffect(() => {
    void load();
  }, [load]);

  async function add(values: AddressValues): Promise<Problem | null> {
    try {
      const {
        data,
        error: err,
        response,
      } = await browserApi.POST('/api/v1/me/addresses', { body: createBody(values) });
      if (expired(response)) return null;
      if (!data) return problemOf(err, response);
      setEditing(null);
      setNotice(t('addresses.added'));
      await load();
      return null;
    } catch {
      return problemOf(null, undefined);
    }
  }

  async function update(address: SavedAddress, values: AddressValues): Promise<Problem | null> {
    try {
      const {
        data,
        error: err,
        response,
      } = await browserApi.PATCH('/api/v1/me/addresses/{id}', {
        params: { path: { id: address.id } },
        headers: { 'If-Match': etag(address.version) },
        body: updateBody(values),
      });
      if (expired(response)) return null;
      if (!data) {
        const problem = problemOf(err, response);
        if (problem.code === 'version_conflict') await load();
        return problem;
      }
      setEditing(null);
      setNotice(t('addresses.updated'));
      await load();
      return null;
    } catch {
      return problemOf(null, undefined);
    }
  }

  async function remove() {
    if (!removing) return;
    setRemoveError(null);
    try {
      const { error: err, response } = await browserApi.DELETE('/api/v1/me/addresses/{id}', {
        params: { path: { id: removing.id } },
        headers: { 'If-Match': etag(removing.version) },
      });
      if (expired(response)) return;
      if (!response.ok) {
        setRemoveError(problemText(t, problemOf(err, response)));
        return;
      }
      setRemoving(null);
      setNotice(t('addresses.deleted'));
      await load();
    } catch {
      setRemoveError(t('errors.network_error'));
    }
  }

  if (addresses === null) return <LoadingOrProblem error={error} />;

  return (
    <div className={styles.stack}>
      <p role="status" className={notice ? 'alert alert-success' : undefined}>
        {notice}
      </p>
      {addresses.length === 0 && editing !== 'new' && <p className="empty">{t('addresses.empty')}</p>}
      {addresses.length > 0 && (
        <ul className={styles.addressList}>
          {addresses.map((a) => (
            <li key={a.id} className={styles.card}>
              {editing === a.id ? (
                <section aria-labelledby={`edit-${a.id}`}>
                  <h2 id={`edit-${a.id}`} className={styles.h2}>
                    {t('addresses.editHeading', { label: a.label ?? a.name })}
                  </h2>
                  <AddressForm
                    idPrefix={`address-${a.id}`}
                    initial={valuesOf(a)}
                    submitLabel={t('addresses.save')}
                    onSave={(v) => update(a, v)}
                    onCancel={() => setEditing(null)}
                  />
                </section>
              ) : (
                <>
                  <h2 className={styles.h3}>{a.label ?? a.name}</h2>
                  <AddressBlock address={a} className={styles.address} />
                  {(a.isDefaultShipping || a.isDefaultBilling) && (
                    <p className={styles.badges}>
                      {a.isDefaultShipping && (
                        <span className={styles.badgeOk}>{t('addresses.isDefaultShipping')}</span>
                      )}
                      {a.isDefaultBilling && <span className={styles.badgeOk}>{t('addresses.isDefaultBilling')}</span>}
                    </p>
                  )}
                  <div className={styles.actions}>
                    <button
                      type="button"
                      className="btn btn-secondary"
                      onClick={() => setEditing(a.id)}
                      aria-label={t('addresses.editLabel', { label: a.label ?? a.name })}
                    >
                      {t('addresses.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-secondary"
                      onClick={() => {
                        setRemoveError(null);
                        setRemoving(a);
                      }}
                      aria-label={t('addresses.deleteLabel', { label: a.label ?? a.name })}
                    >
                      {t('addresses.delete')}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing === 'new' ? (
        <section aria-labelledby="address-new" className={styles.card}>
          <h2 id="address-new" className={styles.h2}>
            {t('addresses.addHeading')}
          </h2>
          <AddressForm
            idPrefix="address-new"
            initial={emptyAddress(defaultCountry(store.locale))}
            submitLabel={t('addresses.saveNew')}
            onSave={add}
            onCancel={() => setEditing(null)}
          />
        </section>
      ) : (
        <div>
          <button type="button" className="btn" onClick={() => setEditing('new')}>
            {t('addresses.add')}
          </button>
        </div>
      )}
      <ConfirmDialog open={removing !== null} title={t('addresses.deleteTitle')} onClose={() => setRemoving(null)}>
        <p>{removing && t('addresses.deleteText', { label: removing.label ?? removing.name })}</p>
        <ProblemAlert message={removeError} />
        <div className={styles.actions}>
          <button type="button" className={`btn ${styles.danger}`} onClick={() => void remove()}>
            {t('addresses.deleteConfirm')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setRemoving(null)}>
            {t('addresses.keep')}
          </button>
        </div>
      </ConfirmDialog>
    </div>
  );
}
