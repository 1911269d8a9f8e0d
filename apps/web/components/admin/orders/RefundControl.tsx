'use client';
/**
 * The "Refund" button of an order and its dialog: the whole order or one sub-order, everything left
 * or part of it (an amount, or items and quantities), a reason and whether the units go back to
 * stock. The form is checked before anything is sent, then confirmed; each request carries an
 * Idempotency-Key that is kept only while the same attempt is retried after no definitive answer.
 * Shown only to accounts holding `orders:refund`.
 */
import { useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmDialog } from '../../account/ConfirmDialog';
import { useCan } from '../../console/ConsoleProvider';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../console/fields';
import { ProblemAlert } from '../../console/feedback';
import { formatPrice, moneyInput } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useFocusAfterSwap } from '../../console/useFocusAfterSwap';
import { REASON_MAX, WHOLE_ORDER, emptyDraft, itemsAmount, planRefund, refundLimits, unitsLeft } from './refund';
import type { RefundDraft, RefundErrors, RefundKind, RefundProblem } from './refund';
import { newIdempotencyKey, retryable } from './types';
import type { AdminOrder, RefundBody, RefundRecord } from './types';
import styles from './orders.module.css';

interface Attempt {
  signature: string;
  keys: string[];
}

export function RefundControl({
  order,
  onRefunded,
}: {
  order: AdminOrder;
  /** After refunds were made (all, or some before a failure): reload the order. */
  onRefunded: (made: RefundRecord[]) => void;
}) {
  const allowed = useCan('orders:refund');
  const t = useTranslations('admin.refund');
  const limits = useMemo(() => refundLimits(order), [order]);
  const [open, setOpen] = useState(false);
  // Refunding everything left swaps the button for the sentence below: focus goes there.
  const nothingLeft = useFocusAfterSwap<HTMLParagraphElement>(limits.total > 0);

  if (!allowed) return null;
  if (limits.total <= 0) {
    return (
      <p ref={nothingLeft} tabIndex={-1} className="muted">
        {t('nothingLeft')}
      </p>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-secondary" onClick={() => setOpen(true)}>
        {t('open')}
      </button>
      <ConfirmDialog open={open} title={t('title', { number: order.number })} onClose={() => setOpen(false)}>
        <RefundForm
          order={order}
          onClose={() => setOpen(false)}
          onRefunded={(made, done) => {
            if (done) setOpen(false);
            onRefunded(made);
          }}
        />
      </ConfirmDialog>
    </>
  );
}

/** The dialog's content: the form, then the confirmation. */
export function RefundForm({
  order,
  onClose,
  onRefunded,
}: {
  order: AdminOrder;
  onClose: () => void;
  /** `done`: every request succeeded (close); otherwise some did before a problem (stay, reload). */
  onRefunded: (made: RefundRecord[], done: boolean) => void;
}) {
  const t = useTranslations('admin.refund');
  const tc = useTranslations('console');
  const locale = useLocale();
  const id = useId();
  const limits = useMemo(() => refundLimits(order), [order]);
  const [draft, setDraft] = useState<RefundDraft>(() => emptyDraft(order, limits));
  const [errors, setErrors] = useState<RefundErrors>({});
  const [amountTouched, setAmountTouched] = useState(false);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [plan, setPlan] = useState<RefundBody[]>([]);
  const action = useAction();
  const attempt = useRef<Attempt | null>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);

  const money = (amount: number) => formatPrice({ amount, currency: order.currency }, locale);
  const refundable = order.subOrders.filter((s) => (limits.bySubOrder[s.id] ?? 0) > 0);
  const whole = draft.scope === WHOLE_ORDER;
  const sub = order.subOrders.find((s) => s.id === draft.scope);
  const left = whole ? limits.total : sub ? (limits.bySubOrder[sub.id] ?? 0) : 0;
  const kind: RefundKind = whole ? 'full' : draft.kind;
  const subLabel = (s: AdminOrder['subOrders'][number]) =>
    t('subOrderLabel', { number: s.number, vendor: s.vendor.name });

  const fieldId = (name: string) => `${id}-${name.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  const message = (p: RefundProblem | undefined): string | undefined => {
    if (!p) return undefined;
    switch (p.key) {
      case 'required':
        return tc('validation.required');
      case 'invalidAmount':
        return tc('validation.invalidAmount');
      case 'invalidQuantity':
        return tc('validation.invalidNumber');
      case 'amountTooHigh':
        return p.max ? t('errors.amountTooHigh', { max: money(p.max) }) : t('errors.nothingLeft');
      case 'quantityTooHigh':
        return t('errors.quantityTooHigh', { max: p.max ?? 0 });
      case 'reasonTooLong':
        return t('errors.reasonTooLong', { max: p.max ?? REASON_MAX });
      default:
        return t(`errors.${p.key}`);
    }
  };
  /** The API's message for a field when it refused the request, else ours. */
  const errorFor = (name: string, apiPath: string) => message(errors[name]) ?? action.fieldError(apiPath);

  function change(patch: Partial<RefundDraft>) {
    // In item mode the amount follows the items until it is typed by hand (again after a switch).
    const follow = !amountTouched || patch.kind !== undefined || patch.scope !== undefined;
    if (patch.kind !== undefined || patch.scope !== undefined) setAmountTouched(false);
    setDraft((d) => {
      const next = { ...d, ...patch };
      if (next.kind === 'items' && follow && (patch.quantities || patch.kind || patch.scope)) {
        const s = order.subOrders.find((x) => x.id === next.scope);
        const amount = s ? Math.min(itemsAmount(s, next.quantities), limits.bySubOrder[s.id] ?? 0) : 0;
        next.amount = amount > 0 ? moneyInput(amount, order.currency) : '';
      }
      return next;
    });
    const cleared = { ...errors };
    for (const k of Object.keys(patch)) delete cleared[k === 'quantities' ? 'items' : k];
    if (patch.quantities) for (const k of Object.keys(cleared)) if (k.startsWith('qty.')) delete cleared[k];
    setErrors(cleared);
  }

  function review(e: FormEvent) {
    e.preventDefault();
    action.reset();
    const result = planRefund(order, { ...draft, kind });
    setErrors(result.errors);
    const invalid = Object.keys(result.errors);
    if (invalid.length) {
      const order_ = ['scope', 'items', ...invalid.filter((k) => k.startsWith('qty.')), 'amount', 'reason'];
      const first = order_.find((k) => invalid.includes(k));
      if (first) document.getElementById(fieldId(first))?.focus();
      return;
    }
    setPlan(result.bodies);
    setStep('confirm');
    setTimeout(() => summaryRef.current?.focus(), 0);
  }

  async function confirm() {
    const signature = JSON.stringify(plan);
    if (attempt.current?.signature !== signature) {
      attempt.current = { signature, keys: plan.map(() => newIdempotencyKey()) };
    }
    const keys = attempt.current.keys;
    const made: RefundRecord[] = [];
    let status: number | undefined;
    for (const [i, body] of plan.entries()) {
      status = undefined;
      const refund = await action.run(async () => {
        const answer = await browserApi.POST('/api/v1/admin/orders/{id}/refunds', {
          params: { path: { id: order.id } },
          headers: { 'Idempotency-Key': keys[i] ?? newIdempotencyKey() },
          body,
        });
        status = answer.response.status;
        return answer;
      });
      if (!refund) break;
      made.push(refund);
    }
    const done = made.length === plan.length;
    if (done || !retryable(status)) attempt.current = null;
    if (made.length) onRefunded(made, done);
    // A definitive refusal goes back to the form (its field messages); after no answer the same
    // attempt may be confirmed again with the same keys.
    if (!done && !retryable(status)) setStep('form');
  }

  if (step === 'confirm') {
    const total = plan.reduce((n, b) => n + b.amount.amount, 0);
    const target = whole ? t('wholeOrder') : sub ? subLabel(sub) : '';
    return (
      <div className={styles.refundForm}>
        <p ref={summaryRef} tabIndex={-1} className={styles.summary}>
          {t('confirmBody', { amount: money(total), target })}
        </p>
        {plan.length > 1 && (
          <ul>
            {plan.map((b) => {
              const s = order.subOrders.find((x) => x.id === b.subOrderId);
              return (
                <li key={b.subOrderId}>
                  {t('confirmPart', { target: s ? subLabel(s) : '', amount: money(b.amount.amount) })}
                </li>
              );
            })}
          </ul>
        )}
        <p className="muted">{t('confirmReason', { reason: plan[0]?.reason ?? '' })}</p>
        {plan.some((b) => b.restock) && <p className="muted">{t('confirmRestock')}</p>}
        <p className="muted">{t('confirmFinal')}</p>
        <ProblemAlert message={action.error} />
        <div className={styles.dialogActions}>
          <button type="button" className="btn btn-secondary" onClick={() => setStep('form')} disabled={action.pending}>
            {t('back')}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={action.pending}
            aria-busy={action.pending || undefined}
            onClick={() => void confirm()}
          >
            {action.pending ? t('refunding') : t('confirm')}
          </button>
        </div>
      </div>
    );
  }

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form noValidate onSubmit={review} className={styles.refundForm}>
      {hasErrors && (
        <p role="alert" className="alert alert-error">
          {tc('validation.summary')}
        </p>
      )}
      {refundable.length > 1 ? (
        <SelectField
          id={fieldId('scope')}
          label={t('scope')}
          value={draft.scope}
          error={message(errors.scope)}
          onChange={(e) => change({ scope: e.target.value, quantities: {} })}
        >
          {refundable.length > 1 && (
            <option value={WHOLE_ORDER}>{t('scopeWhole', { max: money(limits.total) })}</option>
          )}
          {refundable.map((s) => (
            <option key={s.id} value={s.id}>
              {t('scopeSubOrder', { label: subLabel(s), max: money(limits.bySubOrder[s.id] ?? 0) })}
            </option>
          ))}
        </SelectField>
      ) : (
        sub && <p className="muted">{t('from', { label: subLabel(sub) })}</p>
      )}

      {!whole && (
        <fieldset className={styles.radios}>
          <legend>{t('kind')}</legend>
          {(['full', 'partial', 'items'] as const).map((k) => (
            <label key={k} htmlFor={fieldId(`kind-${k}`)}>
              <input
                id={fieldId(`kind-${k}`)}
                type="radio"
                name={fieldId('kind')}
                value={k}
                checked={draft.kind === k}
                onChange={() => change({ kind: k })}
              />
              {k === 'full' ? t('kindFull', { max: money(left) }) : t(`kind_${k}`)}
            </label>
          ))}
        </fieldset>
      )}

      {whole && <p className="muted">{t('wholeHint', { max: money(limits.total) })}</p>}

      {kind === 'items' && sub && (
        <fieldset className={styles.items}>
          <legend>{t('items')}</legend>
          {errors.items && (
            <p id={fieldId('items')} className="field-error" tabIndex={-1}>
              {message(errors.items)}
            </p>
          )}
          {sub.lines.map((line) => {
            const max = unitsLeft(line);
            const options = Object.entries(line.options)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ');
            return (
              <Field
                key={line.id}
                id={fieldId(`qty.${line.id}`)}
                label={t('quantityOf', { title: line.title, sku: line.sku })}
                hint={t('quantityHint', { max, options: options || '—', price: money(line.total.amount) })}
                type="number"
                inputMode="numeric"
                min={0}
                max={max}
                step={1}
                disabled={max === 0}
                value={draft.quantities[line.id] ?? ''}
                error={message(errors[`qty.${line.id}`])}
                onChange={(e) => change({ quantities: { ...draft.quantities, [line.id]: e.target.value } })}
              />
            );
          })}
        </fieldset>
      )}

      {(kind === 'partial' || kind === 'items') && (
        <Field
          id={fieldId('amount')}
          label={t('amount', { currency: order.currency })}
          hint={kind === 'items' ? t('amountItemsHint', { max: money(left) }) : t('amountHint', { max: money(left) })}
          inputMode="decimal"
          autoComplete="off"
          value={draft.amount}
          error={errorFor('amount', 'amount.amount')}
          onChange={(e) => {
            setAmountTouched(true);
            change({ amount: e.target.value });
          }}
        />
      )}
      {kind === 'full' && errors.amount && (
        <p id={fieldId('amount')} className="field-error" tabIndex={-1}>
          {message(errors.amount)}
        </p>
      )}

      {(kind === 'full' || kind === 'items') && (
        <CheckboxField
          id={fieldId('restock')}
          label={kind === 'items' ? t('restockItems') : t('restockAll')}
          checked={draft.restock}
          onChange={(restock) => change({ restock })}
        />
      )}

      <TextAreaField
        id={fieldId('reason')}
        label={t('reason')}
        hint={t('reasonHint')}
        required
        maxLength={REASON_MAX}
        value={draft.reason}
        error={errorFor('reason', 'reason')}
        onChange={(e) => change({ reason: e.target.value })}
      />
      <ProblemAlert message={action.error} />
      <div className={styles.dialogActions}>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {tc('cancel')}
        </button>
        <button type="submit" className="btn">
          {t('review')}
        </button>
      </div>
    </form>
  );
}
