'use client';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { components, paths } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { Field } from './Field';
import { PasswordField } from './PasswordField';
import { ProblemAlert, SubmitButton } from './feedback';
import { fieldErrorsOf, problemOf, problemText } from './problems';
import { useAccountAction } from './useAccountRequest';

type Me = components['schemas']['Me'];
type ProfilePatch = NonNullable<paths['/api/v1/me']['patch']['requestBody']>['content']['application/json'];

export interface ProfileValues {
  name: string;
  phone: string;
  email: string;
  currentPassword: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,32}$/;

/**
 * The changes to send for `values` (only what differs from `me`), or the field errors that stop it.
 * A new email needs the current password on accounts that have one.
 */
export function profileChanges(
  me: Pick<Me, 'name' | 'phone' | 'email' | 'hasPassword'>,
  values: ProfileValues,
): { body: ProfilePatch; errors: Partial<Record<keyof ProfileValues, 'required' | 'invalidEmail' | 'invalidField'>> } {
  const errors: Partial<Record<keyof ProfileValues, 'required' | 'invalidEmail' | 'invalidField'>> = {};
  const body: ProfilePatch = {};
  const name = values.name.trim();
  const phone = values.phone.trim();
  const email = values.email.trim();
  if (name !== (me.name ?? '')) body.name = name === '' ? null : name;
  if (phone !== (me.phone ?? '')) {
    if (phone !== '' && !PHONE.test(phone)) errors.phone = 'invalidField';
    body.phone = phone === '' ? null : phone;
  }
  if (email.toLowerCase() !== me.email.toLowerCase()) {
    if (email === '') errors.email = 'required';
    else if (!EMAIL.test(email)) errors.email = 'invalidEmail';
    body.email = email;
    if (me.hasPassword) {
      if (values.currentPassword === '') errors.currentPassword = 'required';
      body.currentPassword = values.currentPassword;
    }
  }
  return { body, errors };
}

/** Edits the customer's name, phone and email (`PATCH /me` with the version read). */
export function ProfileForm({ me, onSaved, onCancel }: { me: Me; onSaved: (me: Me) => void; onCancel: () => void }) {
  const t = useTranslations('account');
  const id = useId();
  const [values, setValues] = useState<ProfileValues>({
    name: me.name ?? '',
    phone: me.phone ?? '',
    email: me.email,
    currentPassword: '',
  });
  const [errors, setErrors] = useState<Partial<Record<keyof ProfileValues, string>>>({});
  const { error, setError, pending, run } = useAccountAction();
  const emailChanges = values.email.trim().toLowerCase() !== me.email.toLowerCase();

  const set = (field: keyof ProfileValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = profileChanges(me, values);
    const messages = Object.fromEntries(Object.entries(found).map(([f, key]) => [f, t(`errors.${key}`)]));
    setErrors(messages);
    const first = (['name', 'phone', 'email', 'currentPassword'] as const).find((f) => messages[f]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    await run(async () => {
      const {
        data,
        error: err,
        response,
      } = await browserApi.PATCH('/api/v1/me', {
        params: { header: { 'if-match': `"${me.version}"` } },
        body,
      });
      if (data) {
        onSaved(data);
        return;
      }
      const problem = problemOf(err, response);
      const fields = fieldErrorsOf(t, problem, ['name', 'phone', 'email', 'currentPassword']);
      if (problem.code === 'email_taken') fields.email = t('errors.email_taken');
      if (problem.code === 'invalid_password') fields.currentPassword = t('errors.invalid_password');
      setErrors(fields);
      setError(Object.keys(fields).length > 0 ? null : problemText(t, problem));
    });
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('profile.edit')}</h3>
      <ProblemAlert message={error} />
      <Field
        id={`${id}-name`}
        label={t('fields.name')}
        autoComplete="name"
        value={values.name}
        onChange={set('name')}
        error={errors.name}
      />
      <Field
        id={`${id}-phone`}
        label={t('profile.phone')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={values.phone}
        onChange={set('phone')}
        error={errors.phone}
      />
      <Field
        id={`${id}-email`}
        label={t('fields.email')}
        type="email"
        autoComplete="email"
        value={values.email}
        onChange={set('email')}
        error={errors.email}
        hint={emailChanges ? t('profile.emailHint') : undefined}
      />
      {emailChanges && me.hasPassword && (
        <PasswordField
          id={`${id}-currentPassword`}
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set('currentPassword')}
          error={errors.currentPassword}
        />
      )}
      <div style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap' }}>
        <SubmitButton pending={pending}>{t('profile.save')}</SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('profile.cancel')}
        </button>
      </div>
    </form>
  );
}
