'use client';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useConsole } from '../console/ConsoleProvider';
import { ProblemAlert, SubmitButton } from '../console/feedback';
import { Field, TextAreaField } from '../console/fields';
import { useAction } from '../console/useAction';
import consoleStyles from '../console/console.module.css';
import { applyBody, applyErrors, initialApplyValues } from './applyForm';
import type { ApplyError, ApplyField, ApplyValues } from './applyForm';
import type { VendorProfile } from './types';
import styles from './vendor.module.css';

/** Problem codes of `POST /vendors/apply` with their own sentence in `vendor.apply.errors.*`. */
const CODES: Record<string, string> = {
  slug_taken: 'slugTaken',
  application_pending: 'applicationPending',
  already_vendor: 'alreadyVendor',
};

const FIELD_IDS: Record<ApplyField, string> = {
  name: 'apply-name',
  slug: 'apply-slug',
  description: 'apply-description',
  'contact.name': 'apply-contact-name',
  'contact.email': 'apply-contact-email',
  'contact.phone': 'apply-contact-phone',
};

/**
 * The application to sell in this store (`POST /api/v1/vendors/apply`): checked before it is sent,
 * the API's field errors next to their fields. `previous` (a rejected application) fills it in to
 * apply again.
 */
export function ApplyForm({
  previous,
  onApplied,
}: {
  previous?: VendorProfile;
  onApplied: (profile: VendorProfile) => void;
}) {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const { me, reloadMe } = useConsole();
  const action = useAction();
  const [values, setValues] = useState<ApplyValues>(() => initialApplyValues(me, previous));
  const [errors, setErrors] = useState<Partial<Record<ApplyField, ApplyError>>>({});
  const [code, setCode] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (key: keyof ApplyValues, field: ApplyField) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /** The message of a field: ours first (in the page's language), else the API's. */
  const errorOf = (field: ApplyField): string | undefined => {
    const mine = errors[field];
    if (mine) return t(`apply.errors.${mine}`);
    if (field === 'slug' && code === 'slug_taken') return t('apply.errors.slugTaken');
    return action.fieldError(field);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = applyErrors(values);
    setErrors(found);
    const first = (Object.keys(FIELD_IDS) as ApplyField[]).find((f) => found[f]);
    if (first) {
      action.reset();
      setCode(null);
      formRef.current?.querySelector<HTMLElement>(`#${FIELD_IDS[first]}`)?.focus();
      return;
    }
    const seen: { code: string | null } = { code: null };
    const created = await action.run(async () => {
      const answer = await browserApi.POST('/api/v1/vendors/apply', { body: applyBody(values) });
      seen.code = (answer.error as { code?: string } | undefined)?.code ?? null;
      return answer;
    });
    const problemCode = seen.code;
    setCode(problemCode);
    if (created) {
      await reloadMe();
      onApplied(created);
    } else if (problemCode === 'slug_taken') {
      formRef.current?.querySelector<HTMLElement>(`#${FIELD_IDS.slug}`)?.focus();
    }
  }

  const hasErrors = Object.values(errors).some(Boolean);
  const message =
    hasErrors || code === 'slug_taken'
      ? tc('validation.summary')
      : code && code in CODES
        ? t(`apply.errors.${CODES[code]}`)
        : action.error;

  return (
    <form ref={formRef} className={consoleStyles.form} noValidate onSubmit={(e) => void submit(e)}>
      <ProblemAlert message={message} />
      <Field
        id={FIELD_IDS.name}
        label={t('apply.name')}
        hint={t('apply.nameHint')}
        value={values.name}
        onChange={(e) => set('name', 'name')(e.target.value)}
        error={errorOf('name')}
        required
        maxLength={200}
        autoComplete="organization"
      />
      <Field
        id={FIELD_IDS.slug}
        label={t('apply.slug')}
        hint={t('apply.slugHint')}
        value={values.slug}
        onChange={(e) => set('slug', 'slug')(e.target.value.toLowerCase())}
        error={errorOf('slug')}
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
      />
      <TextAreaField
        id={FIELD_IDS.description}
        label={t('apply.description')}
        hint={t('apply.descriptionHint')}
        value={values.description}
        onChange={(e) => set('description', 'description')(e.target.value)}
        error={errorOf('description')}
        maxLength={5000}
      />
      <fieldset className={styles.fieldset}>
        <legend>{t('apply.contact')}</legend>
        <div className={consoleStyles.grid2}>
          <Field
            id={FIELD_IDS['contact.name']}
            label={t('apply.contactName')}
            value={values.contactName}
            onChange={(e) => set('contactName', 'contact.name')(e.target.value)}
            error={errorOf('contact.name')}
            maxLength={200}
            autoComplete="name"
          />
          <Field
            id={FIELD_IDS['contact.email']}
            label={t('apply.contactEmail')}
            type="email"
            value={values.contactEmail}
            onChange={(e) => set('contactEmail', 'contact.email')(e.target.value)}
            error={errorOf('contact.email')}
            required
            maxLength={254}
            autoComplete="email"
          />
          <Field
            id={FIELD_IDS['contact.phone']}
            label={t('apply.contactPhone')}
            hint={t('apply.phoneHint')}
            type="tel"
            value={values.contactPhone}
            onChange={(e) => set('contactPhone', 'contact.phone')(e.target.value)}
            error={errorOf('contact.phone')}
            maxLength={32}
            autoComplete="tel"
          />
        </div>
      </fieldset>
      <p>
        <SubmitButton pending={action.pending}>{previous ? t('apply.resubmit') : t('apply.submit')}</SubmitButton>
      </p>
    </form>
  );
}
