'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useCan } from '../../console/ConsoleProvider';
import { Panel, StatusBadge } from '../../console/ConsoleShell';
import { ConflictNotice, FormAlerts, Loading, SubmitButton } from '../../console/feedback';
import { Field, TextAreaField } from '../../console/fields';
import { formatBps, formatDateTime } from '../../console/format';
import { useAction } from '../../console/useAction';
import { RequirePermission } from '../../console/RequirePermission';
import consoleStyles from '../../console/console.module.css';
import { DetailHeader, StatusReason, useDetailRecord } from './detail';
import { useConfirmedCall } from './shared';
import { vendorTone } from './types';
import type { AdminVendor } from './types';
import { vendorChanges, vendorValues } from './vendorForm';
import type { VendorError, VendorField, VendorValues } from './vendorForm';
import styles from './moderation.module.css';

/** `/admin/vendors/[id]`: an application or vendor in full, its moderation, profile and commission. */
export function VendorDetail({ id }: { id: string }) {
  return (
    <RequirePermission permission="vendors:approve">
      <Vendor id={id} />
    </RequirePermission>
  );
}

const getVendor = (id: string) => browserApi.GET('/api/v1/admin/vendors/{id}', { params: { path: { id } } });

function Vendor({ id }: { id: string }) {
  const t = useTranslations('moderation');
  const tc = useTranslations('console');
  const locale = useLocale();
  const { record: vendor, loadError, load, done, changed } = useDetailRecord<AdminVendor>(id, getVendor);
  const { confirmed, conflict, clearConflict } = useConfirmedCall();

  if (!vendor) return <Loading error={loadError} />;

  const path = { params: { path: { id: vendor.id } } };

  const actions = (
    <>
      {(vendor.status === 'pending' || vendor.status === 'rejected') && (
        <ConfirmAction
          label={t('vendors.actions.approve')}
          className="btn"
          title={t('vendors.actions.approveTitle', { name: vendor.name })}
          body={t('vendors.actions.approveBody')}
          confirmLabel={t('vendors.actions.approve')}
          onConfirm={() =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/vendors/{id}/approve', path),
              changed(t('vendors.actions.approved')),
            )
          }
        />
      )}
      {vendor.status === 'pending' && (
        <ConfirmAction
          label={t('vendors.actions.reject')}
          danger
          title={t('vendors.actions.rejectTitle', { name: vendor.name })}
          body={t('vendors.actions.rejectBody')}
          reason={t('vendors.actions.reason')}
          confirmLabel={t('vendors.actions.reject')}
          onConfirm={(reason) =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/vendors/{id}/reject', { ...path, body: { reason } }),
              changed(t('vendors.actions.rejected')),
            )
          }
        />
      )}
      {vendor.status === 'approved' && (
        <ConfirmAction
          label={t('vendors.actions.suspend')}
          danger
          title={t('vendors.actions.suspendTitle', { name: vendor.name })}
          body={t('vendors.actions.suspendBody')}
          reason={t('vendors.actions.reason')}
          confirmLabel={t('vendors.actions.suspend')}
          onConfirm={(reason) =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/vendors/{id}/suspend', { ...path, body: { reason } }),
              changed(t('vendors.actions.suspended')),
            )
          }
        />
      )}
      {vendor.status === 'suspended' && (
        <ConfirmAction
          label={t('vendors.actions.reinstate')}
          className="btn"
          title={t('vendors.actions.reinstateTitle', { name: vendor.name })}
          body={t('vendors.actions.reinstateBody')}
          confirmLabel={t('vendors.actions.reinstate')}
          onConfirm={() =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/vendors/{id}/reinstate', path),
              changed(t('vendors.actions.reinstated')),
            )
          }
        />
      )}
    </>
  );

  return (
    <>
      <DetailHeader
        back="/admin/vendors"
        backLabel={t('vendors.back')}
        title={vendor.name}
        description={<StatusBadge tone={vendorTone(vendor.status)}>{t(`vendors.status.${vendor.status}`)}</StatusBadge>}
        actions={actions}
        done={done}
        status={vendor.status}
      />
      {conflict && (
        <ConflictNotice
          onReload={() => {
            clearConflict();
            void load();
          }}
        />
      )}
      {vendor.statusReason && (vendor.status === 'rejected' || vendor.status === 'suspended') && (
        <StatusReason label={t(`vendors.reasonLabel.${vendor.status}`)} reason={vendor.statusReason} />
      )}

      <div className={styles.columns}>
        <Panel title={t('vendors.detail.application')} id="vendor-application">
          <dl className={consoleStyles.dl}>
            <dt>{t('vendors.detail.slug')}</dt>
            <dd>{vendor.slug}</dd>
            <dt>{t('vendors.detail.contactName')}</dt>
            <dd>{vendor.contact?.name ?? '—'}</dd>
            <dt>{t('vendors.detail.contactEmail')}</dt>
            <dd>
              {vendor.contact?.email ? <a href={`mailto:${vendor.contact.email}`}>{vendor.contact.email}</a> : '—'}
            </dd>
            <dt>{t('vendors.detail.contactPhone')}</dt>
            <dd>{vendor.contact?.phone ?? '—'}</dd>
            <dt>{t('vendors.detail.commission')}</dt>
            <dd>
              {vendor.commissionRateBps === null ? t('vendors.storeRate') : formatBps(vendor.commissionRateBps, locale)}
            </dd>
            <dt>{t('vendors.detail.applied')}</dt>
            <dd>{formatDateTime(vendor.createdAt, locale)}</dd>
            <dt>{t('vendors.detail.reviewed')}</dt>
            <dd>{formatDateTime(vendor.reviewedAt, locale)}</dd>
            <dt>{t('vendors.detail.approved')}</dt>
            <dd>{formatDateTime(vendor.approvedAt, locale)}</dd>
            <dt>{t('vendors.detail.updated')}</dt>
            <dd>{formatDateTime(vendor.updatedAt, locale)}</dd>
          </dl>
          <p>
            <Link href={`/admin/products?vendor=${vendor.id}&status=all`}>{t('vendors.detail.products')}</Link>
          </p>
        </Panel>
        <Panel title={t('vendors.detail.about')} id="vendor-about">
          {vendor.logoUrl && (
            <img
              src={vendor.logoUrl}
              alt={t('vendors.detail.logoAlt', { name: vendor.name })}
              className={styles.thumb}
            />
          )}
          <p className={styles.prose}>{vendor.description || t('vendors.detail.noDescription')}</p>
        </Panel>
      </div>

      <Panel title={t('vendors.form.title')} id="vendor-edit">
        <VendorForm key={vendor.version} vendor={vendor} onSaved={changed(tc('saved'))} onReload={() => void load()} />
      </Panel>
    </>
  );
}

const API_FIELD: Record<VendorField, string> = {
  name: 'name',
  description: 'description',
  logoUrl: 'logoUrl',
  commission: 'commissionRateBps',
};

/** The vendor's profile and commission rate, saved with `If-Match` (a 412 offers to reload). */
export function VendorForm({
  vendor,
  onSaved,
  onReload,
}: {
  vendor: AdminVendor;
  onSaved: (vendor: AdminVendor) => void;
  onReload: () => void;
}) {
  const t = useTranslations('moderation');
  const id = useId();
  const mayChangeRate = useCan('settings:manage');
  const action = useAction();
  const [values, setValues] = useState<VendorValues>(() => vendorValues(vendor));
  const [errors, setErrors] = useState<Partial<Record<VendorField, VendorError>>>({});
  const [note, setNote] = useState<string | null>(null);

  const set = (field: VendorField) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    setErrors((x) => ({ ...x, [field]: undefined }));
  };
  const error = (field: VendorField) =>
    errors[field] ? t(`vendors.form.errors.${errors[field]}`) : action.fieldError(API_FIELD[field]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNote(null);
    const change = vendorChanges(vendor, values, mayChangeRate);
    setErrors(change.errors);
    if (Object.keys(change.errors).length > 0) {
      action.reset();
      return;
    }
    if (Object.keys(change.body).length === 0) {
      setNote(t('vendors.form.unchanged'));
      return;
    }
    const saved = await action.run(() =>
      browserApi.PATCH('/api/v1/admin/vendors/{id}', {
        params: { path: { id: vendor.id } },
        headers: { 'If-Match': `"${vendor.version}"` },
        body: change.body,
      }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <form className={consoleStyles.form} noValidate onSubmit={(e) => void submit(e)}>
      <FormAlerts invalid={Object.values(errors).some(Boolean)} action={action} onReload={onReload} />
      <Field
        id={`${id}-name`}
        label={t('vendors.form.name')}
        value={values.name}
        onChange={set('name')}
        required
        maxLength={200}
        error={error('name')}
      />
      <TextAreaField
        id={`${id}-description`}
        label={t('vendors.form.description')}
        value={values.description}
        onChange={set('description')}
        maxLength={5000}
        error={error('description')}
      />
      <Field
        id={`${id}-logo`}
        label={t('vendors.form.logoUrl')}
        hint={t('vendors.form.logoUrlHint')}
        value={values.logoUrl}
        onChange={set('logoUrl')}
        inputMode="url"
        maxLength={2048}
        error={error('logoUrl')}
      />
      {mayChangeRate && (
        <Field
          id={`${id}-commission`}
          label={t('vendors.form.commission')}
          hint={t('vendors.form.commissionHint')}
          value={values.commission}
          onChange={set('commission')}
          inputMode="decimal"
          error={error('commission')}
        />
      )}
      <p role="status" className="hint">
        {note ?? ''}
      </p>
      <div>
        <SubmitButton pending={action.pending}>{t('vendors.form.save')}</SubmitButton>
      </div>
    </form>
  );
}
