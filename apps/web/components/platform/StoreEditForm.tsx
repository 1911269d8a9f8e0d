'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { platformApi } from '../../lib/platform-api';
import { ConflictNotice, ProblemAlert, StatusHint, SubmitButton } from '../console/feedback';
import { useAction } from '../console/useAction';
import consoleStyles from '../console/console.module.css';
import { StoreFields, useStoreErrors } from './StoreFields';
import { changesOf, checkStore, draftOf } from './storeForm';
import type { StoreDraft, Tenant } from './storeForm';

/**
 * A store's profile: name, currency, languages and domains. Sends only what changed, with
 * `If-Match`; a 412 says someone else changed the store and offers to load their version.
 */
export function StoreEditForm({
  tenant,
  onSaved,
  onReload,
}: {
  tenant: Tenant;
  onSaved: (tenant: Tenant) => void;
  onReload: () => void;
}) {
  const t = useTranslations('platform');
  const action = useAction();
  const errors = useStoreErrors(action);
  const [draft, setDraft] = useState<StoreDraft>(() => draftOf(tenant));
  const [note, setNote] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (action.pending) return;
    setNote('');
    if (!errors.checked(checkStore(draft))) return;
    const body = changesOf(tenant, draft);
    if (Object.keys(body).length === 0) {
      setNote(t('store.noChanges'));
      return;
    }
    const saved = await errors.send(() =>
      platformApi.PATCH('/api/v1/platform/tenants/{id}', {
        params: { path: { id: tenant.id } },
        headers: { 'If-Match': `"${tenant.version}"` },
        body,
      }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      className={consoleStyles.form}
      aria-describedby={action.error ? 'store-edit-error' : undefined}
    >
      {action.conflict ? (
        <ConflictNotice onReload={onReload} />
      ) : (
        <ProblemAlert id="store-edit-error" message={action.error} />
      )}
      <StoreFields
        draft={draft}
        onChange={(patch, path) => {
          errors.clear(path);
          setDraft((d) => ({ ...d, ...patch }));
        }}
        errorFor={errors.errorFor}
      />
      {draft.currency.trim() !== tenant.defaultCurrency && <p className="hint">{t('store.currencyWarning')}</p>}
      <div>
        <SubmitButton pending={action.pending}>{action.pending ? t('store.saving') : t('store.save')}</SubmitButton>
      </div>
      <StatusHint>{note}</StatusHint>
    </form>
  );
}
