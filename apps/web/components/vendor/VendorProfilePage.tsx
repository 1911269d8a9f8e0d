'use client';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert, SubmitButton } from '../console/feedback';
import { Field, TextAreaField } from '../console/fields';
import { formatBps, formatDateTime } from '../console/format';
import { useAction } from '../console/useAction';
import consoleStyles from '../console/console.module.css';
import { VendorStatusBadge } from './ApplicationSummary';
import { profileChanges, profileErrors, profileValues } from './profileForm';
import type { ProfileError, ProfileField, ProfileValues } from './profileForm';
import { withFreshToken } from './freshToken';
import { RequireVendor } from './RequireVendor';
import type { VendorProfile } from './types';
import { useVendorProfile } from './useVendorProfile';
import styles from './vendor.module.css';

/** `/vendor/profile`: the shop's name, description and logo, as shoppers see them. */
export function VendorProfilePage() {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('profile.title')}>
      <ProfileScreen />
    </RequireVendor>
  );
}

function ProfileScreen() {
  const t = useTranslations('vendor');
  const locale = useLocale();
  const { state, set, reload } = useVendorProfile();
  // Outside the form, which starts afresh from each new version of the profile.
  const [saved, setSaved] = useState(false);

  if (state.kind !== 'ready') {
    return (
      <>
        <PageHeader title={t('profile.title')} />
        <Loading error={state.kind === 'error' ? state.message : state.kind === 'none' ? t('notVendor.body') : null} />
      </>
    );
  }
  const { profile } = state;
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <Panel title={t('profile.formTitle')} id="profile-form">
        <ProfileForm
          key={profile.version}
          profile={profile}
          saved={saved}
          onEdit={() => setSaved(false)}
          onSaved={(next) => {
            set(next);
            setSaved(true);
          }}
          onReload={reload}
        />
      </Panel>
      <Panel title={t('profile.aboutTitle')} id="profile-about">
        <dl className={consoleStyles.dl}>
          <dt>{t('application.status')}</dt>
          <dd>
            <VendorStatusBadge status={profile.status} />
          </dd>
          <dt>{t('apply.slug')}</dt>
          <dd className={styles.code}>{profile.slug}</dd>
          <dt>{t('profile.commission')}</dt>
          <dd>
            {profile.commissionRateBps === null
              ? t('profile.commissionDefault')
              : formatBps(profile.commissionRateBps, locale)}
          </dd>
          <dt>{t('profile.approvedAt')}</dt>
          <dd>{formatDateTime(profile.approvedAt, locale)}</dd>
          <dt>{t('apply.contactEmail')}</dt>
          <dd>{profile.contact?.email ?? '—'}</dd>
        </dl>
      </Panel>
    </>
  );
}

const IDS: Record<ProfileField, string> = {
  name: 'profile-name',
  description: 'profile-description',
  logoUrl: 'profile-logo',
};

function ProfileForm({
  profile,
  saved,
  onEdit,
  onSaved,
  onReload,
}: {
  profile: VendorProfile;
  saved: boolean;
  onEdit: () => void;
  onSaved: (p: VendorProfile) => void;
  onReload: () => void;
}) {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const action = useAction();
  const [values, setValues] = useState<ProfileValues>(() => profileValues(profile));
  const [errors, setErrors] = useState<Partial<Record<ProfileField, ProfileError>>>({});
  const [unchanged, setUnchanged] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const change = (field: ProfileField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    onEdit();
    setUnchanged(false);
  };
  const errorOf = (field: ProfileField) => {
    const mine = errors[field];
    return mine ? t(`profile.errors.${mine}`) : action.fieldError(field);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = profileErrors(values);
    setErrors(found);
    const first = (Object.keys(IDS) as ProfileField[]).find((f) => found[f]);
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`#${IDS[first]}`)?.focus();
      return;
    }
    const body = profileChanges(profile, values);
    if (Object.keys(body).length === 0) {
      setUnchanged(true);
      return;
    }
    // A refusal (403) changed nothing: sending again with a renewed session is safe.
    const next = await action.run(() =>
      withFreshToken(() =>
        browserApi.PATCH('/api/v1/vendor/profile', { body, headers: { 'If-Match': `"${profile.version}"` } }),
      ),
    );
    if (next) onSaved(next);
  }

  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <form ref={formRef} className={consoleStyles.form} noValidate onSubmit={(e) => void submit(e)}>
      {action.conflict ? (
        <ConflictNotice onReload={onReload} />
      ) : (
        <ProblemAlert message={hasErrors ? tc('validation.summary') : action.error} />
      )}
      <Field
        id={IDS.name}
        label={t('apply.name')}
        value={values.name}
        onChange={(e) => change('name', e.target.value)}
        error={errorOf('name')}
        required
        maxLength={200}
      />
      <TextAreaField
        id={IDS.description}
        label={t('apply.description')}
        hint={t('apply.descriptionHint')}
        value={values.description}
        onChange={(e) => change('description', e.target.value)}
        error={errorOf('description')}
        maxLength={5000}
      />
      <Field
        id={IDS.logoUrl}
        label={t('profile.logoUrl')}
        hint={t('profile.logoHint')}
        type="url"
        inputMode="url"
        value={values.logoUrl}
        onChange={(e) => change('logoUrl', e.target.value)}
        error={errorOf('logoUrl')}
        maxLength={2048}
      />
      <p className={styles.buttons}>
        <SubmitButton pending={action.pending}>{t('profile.save')}</SubmitButton>
      </p>
      <p role="status" className={saved ? 'alert alert-success' : 'hint'}>
        {saved ? tc('saved') : unchanged ? t('profile.unchanged') : ''}
      </p>
    </form>
  );
}
