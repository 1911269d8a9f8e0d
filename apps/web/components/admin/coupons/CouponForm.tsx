'use client';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { FormAlerts, SubmitButton } from '../../console/feedback';
import { CheckboxField, Field, SelectField } from '../../console/fields';
import { useAction } from '../../console/useAction';
import consoleStyles from '../../console/console.module.css';
import { useStore } from '../../layout/StoreContext';
import { noteProblemCode } from '../moderation/shared';
import { VendorPicker } from '../../console/VendorPicker';
import { CODE_FIELD, COUPON_KINDS, couponPayload, couponValues, emptyCoupon } from './couponForm';
import type { Coupon, CouponError, CouponField, CouponValues } from './couponForm';

/**
 * Creates a coupon (or an automatic promotion) or changes one. Checks the API's rules before
 * sending, shows the API's field errors next to their fields, and saves changes with `If-Match`.
 */
export function CouponForm({
  coupon,
  onSaved,
  onCancel,
  onReload,
}: {
  coupon: Coupon | null;
  onSaved: (coupon: Coupon, created: boolean) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const t = useTranslations('moderation');
  const tc = useTranslations('console');
  const id = useId();
  const store = useStore();
  const mayListVendors = useCan('vendors:approve');
  const currency = coupon?.minSubtotal.currency ?? store.currency;
  const action = useAction();
  const [values, setValues] = useState<CouponValues>(() => (coupon ? couponValues(coupon) : emptyCoupon()));
  const [errors, setErrors] = useState<Partial<Record<CouponField, CouponError>>>({});

  const change = <K extends keyof CouponValues>(field: K, value: CouponValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field !== 'kind' && field !== 'automatic' && field !== 'active') {
      setErrors((e) => ({ ...e, [field]: undefined }));
    }
  };
  const text = (field: CouponField) => (e: { target: { value: string } }) => change(field, e.target.value);
  const error = (field: CouponField) => {
    const local = errors[field];
    if (local) return t(`coupons.form.errors.${local}`);
    return action.fieldError(field) ?? (field === 'minSubtotal' ? action.fieldError('minSubtotal.amount') : undefined);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = couponPayload(values, currency);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      action.reset();
      return;
    }
    let code: string | undefined;
    const saved = await action.run(
      noteProblemCode(
        () =>
          coupon
            ? browserApi.PATCH('/api/v1/admin/coupons/{id}', {
                params: { path: { id: coupon.id } },
                headers: { 'If-Match': `"${coupon.version}"` },
                body,
              })
            : browserApi.POST('/api/v1/admin/coupons', { body }),
        (c) => (code = c),
      ),
    );
    if (saved) {
      onSaved(saved, !coupon);
      return;
    }
    const field = code ? CODE_FIELD[code] : undefined;
    if (code && field) action.setFieldErrors((f) => ({ ...f, [field]: t(`coupons.form.errors.${code}`) }));
  }

  return (
    <form
      className={consoleStyles.form}
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label={coupon ? t('coupons.form.editTitle', { name: coupon.name }) : t('coupons.form.newTitle')}
    >
      <FormAlerts invalid={Object.values(errors).some(Boolean)} action={action} onReload={onReload} />
      <Field
        id={`${id}-name`}
        label={t('coupons.form.name')}
        hint={t('coupons.form.nameHint')}
        value={values.name}
        onChange={text('name')}
        required
        maxLength={200}
        error={error('name')}
      />
      <div className={consoleStyles.grid2}>
        <SelectField
          id={`${id}-kind`}
          label={t('coupons.form.kind')}
          value={values.kind}
          onChange={(e) => {
            const kind = COUPON_KINDS.find((k) => k === e.target.value) ?? 'percentage';
            change('kind', kind);
            setErrors((x) => ({ ...x, value: undefined }));
          }}
        >
          {COUPON_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`coupons.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        {values.kind !== 'free_shipping' && (
          <Field
            id={`${id}-value`}
            label={values.kind === 'percentage' ? t('coupons.form.percent') : t('coupons.form.amount', { currency })}
            hint={values.kind === 'percentage' ? t('coupons.form.percentHint') : t('coupons.form.amountHint')}
            value={values.value}
            onChange={text('value')}
            inputMode="decimal"
            required
            error={error('value')}
          />
        )}
      </div>
      <CheckboxField
        id={`${id}-automatic`}
        label={t('coupons.form.automatic')}
        checked={values.automatic}
        onChange={(checked) => {
          change('automatic', checked);
          setErrors((x) => ({ ...x, code: undefined }));
        }}
      />
      <Field
        id={`${id}-code`}
        label={t('coupons.form.code')}
        hint={values.automatic ? t('coupons.form.codeHintAutomatic') : t('coupons.form.codeHint')}
        value={values.code}
        onChange={text('code')}
        required={!values.automatic}
        maxLength={40}
        autoCapitalize="characters"
        spellCheck={false}
        error={error('code')}
      />
      {mayListVendors ? (
        <VendorPicker
          label={t('coupons.form.vendor')}
          emptyLabel={t('coupons.storeWide')}
          hint={t('coupons.form.vendorHint')}
          value={values.vendorId}
          onChange={(v) => change('vendorId', v?.id ?? null)}
          error={error('vendorId')}
        />
      ) : (
        <Field
          id={`${id}-vendor-id`}
          label={t('coupons.form.vendorId')}
          hint={t('coupons.form.vendorIdHint')}
          value={values.vendorId ?? ''}
          onChange={(e) => change('vendorId', e.target.value.trim() || null)}
          spellCheck={false}
          error={error('vendorId')}
        />
      )}
      <Field
        id={`${id}-min`}
        label={t('coupons.form.minSubtotal', { currency })}
        hint={t('coupons.form.minSubtotalHint')}
        value={values.minSubtotal}
        onChange={text('minSubtotal')}
        inputMode="decimal"
        error={error('minSubtotal')}
      />
      <div className={consoleStyles.grid2}>
        <Field
          id={`${id}-starts`}
          type="datetime-local"
          label={t('coupons.form.startsAt')}
          hint={t('coupons.form.startsAtHint')}
          value={values.startsAt}
          onChange={text('startsAt')}
          error={error('startsAt')}
        />
        <Field
          id={`${id}-ends`}
          type="datetime-local"
          label={t('coupons.form.endsAt')}
          hint={t('coupons.form.endsAtHint')}
          value={values.endsAt}
          onChange={text('endsAt')}
          error={error('endsAt')}
        />
        <Field
          id={`${id}-usage`}
          label={t('coupons.form.usageLimit')}
          hint={
            coupon ? t('coupons.form.usageLimitUsed', { count: coupon.usedCount }) : t('coupons.form.unlimitedHint')
          }
          value={values.usageLimit}
          onChange={text('usageLimit')}
          inputMode="numeric"
          error={error('usageLimit')}
        />
        <Field
          id={`${id}-per-customer`}
          label={t('coupons.form.perCustomerLimit')}
          hint={t('coupons.form.unlimitedHint')}
          value={values.perCustomerLimit}
          onChange={text('perCustomerLimit')}
          inputMode="numeric"
          error={error('perCustomerLimit')}
        />
      </div>
      <CheckboxField
        id={`${id}-active`}
        label={t('coupons.form.active')}
        checked={values.active}
        onChange={(checked) => change('active', checked)}
      />
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <SubmitButton pending={action.pending}>
          {coupon ? t('coupons.form.save') : t('coupons.form.create')}
        </SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
