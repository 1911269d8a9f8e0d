'use client';
import { useState } from 'react';
import type { FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { platformApi } from '../../lib/platform-api';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { Field } from '../console/fields';
import { ProblemAlert, SubmitButton } from '../console/feedback';
import { useAction } from '../console/useAction';
import { PasswordRules } from '../account/PasswordRules';
import consoleStyles from '../console/console.module.css';
import { FIELD_IDS, StoreFields, useStoreErrors } from './StoreFields';
import { StoreCreated } from './StoreCreated';
import { checkNewStore, createBody, suggestSlug } from './storeForm';
import type { OwnerDraft, StoreDraft, Tenant } from './storeForm';
import styles from './platform.module.css';

const EMPTY_STORE: StoreDraft = { name: '', slug: '', currency: 'USD', defaultLocale: 'en', locales: '', domains: '' };
const EMPTY_OWNER: OwnerDraft = { email: '', name: '', password: '' };
const PASSWORD_ID = FIELD_IDS['owner.password'] ?? 'owner-password';

/**
 * `/platform/stores/new`: a store with its slug, currency, languages and domains, and its owner's
 * account. Checked before sending; the API's refusals show next to their fields. Once created, the
 * store and how its owner signs in.
 */
export function CreateStoreForm() {
  const t = useTranslations('platform');
  const action = useAction();
  const errors = useStoreErrors(action);
  const [draft, setDraft] = useState<StoreDraft>(EMPTY_STORE);
  const [owner, setOwner] = useState<OwnerDraft>(EMPTY_OWNER);
  const [slugEdited, setSlugEdited] = useState(false);
  const [created, setCreated] = useState<{ tenant: Tenant; ownerEmail: string; withPassword: boolean } | null>(null);

  function changeStore(patch: Partial<StoreDraft>, path: string) {
    errors.clear(path);
    // Until the slug is typed, it follows the name.
    const follow = patch.name !== undefined && !slugEdited;
    if (follow) errors.clear('slug');
    setDraft((d) => ({ ...d, ...patch, ...(follow ? { slug: suggestSlug(patch.name ?? '') } : {}) }));
  }

  function changeOwner(patch: Partial<OwnerDraft>, path: string) {
    errors.clear(path);
    setOwner((o) => ({ ...o, ...patch }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (action.pending) return;
    if (!errors.checked(checkNewStore(draft, owner))) return;
    const body = createBody(draft, owner);
    const tenant = await errors.send(() => platformApi.POST('/api/v1/platform/tenants', { body }));
    // The confirmation takes focus (and so the view) when it appears.
    if (tenant) setCreated({ tenant, ownerEmail: body.owner.email, withPassword: Boolean(body.owner.password) });
  }

  function startOver() {
    setCreated(null);
    setDraft(EMPTY_STORE);
    setOwner(EMPTY_OWNER);
    setSlugEdited(false);
    action.reset();
    errors.checked([]);
  }

  if (created) return <StoreCreated {...created} onAnother={startOver} />;

  return (
    <>
      <PageHeader title={t('create.title')} description={t('create.description')} />
      <form
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-describedby={action.error ? 'create-store-error' : undefined}
      >
        <ProblemAlert id="create-store-error" message={action.error} />
        <Panel>
          <fieldset className={styles.fieldset}>
            <legend>{t('create.storeSection')}</legend>
            <div className={consoleStyles.form}>
              <StoreFields
                draft={draft}
                onChange={changeStore}
                errorFor={errors.errorFor}
                withSlug
                onSlugEdited={() => setSlugEdited(true)}
              />
            </div>
          </fieldset>
        </Panel>
        <Panel>
          <fieldset className={styles.fieldset}>
            <legend>{t('create.ownerSection')}</legend>
            <div className={consoleStyles.form}>
              <div className={consoleStyles.grid2}>
                <Field
                  id={FIELD_IDS['owner.email']!}
                  label={t('form.ownerEmail')}
                  type="email"
                  required
                  maxLength={254}
                  autoComplete="off"
                  value={owner.email}
                  error={errors.errorFor('owner.email')}
                  onChange={(e) => changeOwner({ email: e.target.value }, 'owner.email')}
                />
                <Field
                  id={FIELD_IDS['owner.name']!}
                  label={t('form.ownerName')}
                  maxLength={200}
                  autoComplete="off"
                  value={owner.name}
                  error={errors.errorFor('owner.name')}
                  onChange={(e) => changeOwner({ name: e.target.value }, 'owner.name')}
                />
              </div>
              <Field
                id={PASSWORD_ID}
                label={t('form.ownerPassword')}
                type="password"
                autoComplete="new-password"
                maxLength={128}
                value={owner.password}
                error={errors.errorFor('owner.password')}
                hintId={`${PASSWORD_ID}-hint`}
                hint={
                  <div id={`${PASSWORD_ID}-hint`} className="hint">
                    <p>{t('form.ownerPasswordHint')}</p>
                    {owner.password && (
                      <PasswordRules id={`${PASSWORD_ID}-rules`} password={owner.password} email={owner.email} />
                    )}
                  </div>
                }
                onChange={(e) => changeOwner({ password: e.target.value }, 'owner.password')}
              />
            </div>
          </fieldset>
        </Panel>
        <div className={styles.formActions}>
          <SubmitButton pending={action.pending}>
            {action.pending ? t('create.pending') : t('create.submit')}
          </SubmitButton>
          <Link href="/platform" className="btn btn-secondary">
            {t('create.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
