'use client';
/**
 * Payouts to vendors (`/admin/payouts`, `payouts:manage`): the payouts made, filtered by vendor and
 * paged by the API, and "Pay out balances", which settles every vendor's unpaid balance (or one
 * vendor's) after a confirmation, with an Idempotency-Key, then shows the payouts it made.
 */
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmDialog } from '../../account/ConfirmDialog';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { RequirePermission } from '../../console/RequirePermission';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { Field } from '../../console/fields';
import { ProblemAlert } from '../../console/feedback';
import { formatDateTime, formatPrice } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { VendorPicker } from '../../console/VendorPicker';
import { newIdempotencyKey, retryable, uuidOr } from '../orders/types';
import styles from './payouts.module.css';

type Payout = paths['/api/v1/admin/payouts']['get']['responses'][200]['content']['application/json']['data'][number];
type PayoutBody = NonNullable<paths['/api/v1/admin/payouts']['post']['requestBody']>['content']['application/json'];

const REFERENCE_MAX = 200;

const fetchPayouts = (r: ListRequest) =>
  browserApi.GET('/api/v1/admin/payouts', {
    params: { query: { ...r.page, vendorId: uuidOr(r.text('vendorId')) } },
  });

export function PayoutsPage() {
  const t = useTranslations('admin.payouts');
  return (
    <RequirePermission permission="payouts:manage" title={t('title')} message={t('forbidden')}>
      <Payouts />
    </RequirePermission>
  );
}

function Payouts() {
  const t = useTranslations('admin.payouts');
  const tc = useTranslations('console');
  const locale = useLocale();
  const list = useList(fetchPayouts);
  const [made, setMade] = useState<Payout[] | null>(null);

  const columns: Column<Payout>[] = [
    { key: 'date', header: t('columns.date'), cell: (p) => formatDateTime(p.createdAt, locale) },
    { key: 'vendor', header: t('columns.vendor'), cell: (p) => p.vendorName ?? t('unnamedVendor') },
    { key: 'amount', header: t('columns.amount'), numeric: true, cell: (p) => formatPrice(p.amount, locale) },
    { key: 'reference', header: t('columns.reference'), cell: (p) => p.reference ?? '—' },
    { key: 'entries', header: t('columns.entries'), numeric: true, cell: (p) => p.entryCount },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (p) => <StatusBadge tone="success">{t(`status.${p.status}`)}</StatusBadge>,
    },
  ];

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <PayOutForm
        onDone={(payouts) => {
          setMade(payouts);
          list.reload();
        }}
      />
      {made && (
        <Panel title={t('made.title')} id="payouts-made">
          <p role="status" className={made.length ? 'alert alert-success' : 'muted'}>
            {made.length
              ? t('made.summary', {
                  count: made.length,
                  total: formatPrice(
                    {
                      amount: made.reduce((n, p) => n + p.amount.amount, 0),
                      currency: made[0]?.amount.currency ?? 'USD',
                    },
                    locale,
                  ),
                })
              : t('made.none')}
          </p>
          {made.length > 0 && (
            <div className={consoleStyles.tableWrap}>
              <table className={consoleStyles.table}>
                <caption className="visually-hidden">{t('made.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('columns.vendor')}</th>
                    <th scope="col" className={consoleStyles.numeric}>
                      {t('columns.amount')}
                    </th>
                    <th scope="col">{t('columns.reference')}</th>
                    <th scope="col" className={consoleStyles.numeric}>
                      {t('columns.entries')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {made.map((p) => (
                    <tr key={p.id}>
                      <td>{p.vendorName ?? t('unnamedVendor')}</td>
                      <td className={consoleStyles.numeric}>{formatPrice(p.amount, locale)}</td>
                      <td>{p.reference ?? '—'}</td>
                      <td className={consoleStyles.numeric}>{p.entryCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      <section aria-labelledby="payouts-history">
        <h2 id="payouts-history" className={styles.sectionTitle}>
          {t('history')}
        </h2>
        <Toolbar label={tc('table.filters')}>
          <VendorPicker
            label={t('filterVendor')}
            emptyLabel={t('allVendors')}
            value={uuidOr(list.params.vendorId)}
            onChange={(v) => list.setParam('vendorId', v?.id)}
          />
        </Toolbar>
        <DataTable
          caption={t('history')}
          columns={columns}
          list={list}
          rowKey={(p) => p.id}
          empty={list.params.vendorId ? t('emptyVendor') : t('empty')}
        />
      </section>
    </>
  );
}

interface Attempt {
  signature: string;
  key: string;
}

/** "Pay out balances": all vendors or one, a reference, confirmed, sent once per attempt. */
function PayOutForm({ onDone }: { onDone: (payouts: Payout[]) => void }) {
  const t = useTranslations('admin.payouts.form');
  const tc = useTranslations('console');
  const canPickVendor = useCan('vendors:approve');
  const id = useId();
  const [scope, setScope] = useState<'all' | 'one'>('all');
  const [vendorId, setVendorId] = useState('');
  const [vendorName, setVendorName] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<{ vendor?: string; reference?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const attempt = useRef<Attempt | null>(null);

  function body(): PayoutBody {
    const ref = reference.trim();
    return { ...(scope === 'one' && vendorId ? { vendorId } : {}), ...(ref ? { reference: ref } : {}) };
  }

  function review(e: FormEvent) {
    e.preventDefault();
    action.reset();
    const found: { vendor?: string; reference?: string } = {};
    if (scope === 'one' && !vendorId) found.vendor = t('chooseVendor');
    if (reference.trim().length > REFERENCE_MAX) found.reference = t('referenceTooLong', { max: REFERENCE_MAX });
    setErrors(found);
    if (found.vendor || found.reference) {
      document.getElementById(id)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setConfirming(true);
  }

  async function pay() {
    const payload = body();
    const signature = JSON.stringify(payload);
    if (attempt.current?.signature !== signature) attempt.current = { signature, key: newIdempotencyKey() };
    const key = attempt.current.key;
    let status: number | undefined;
    const answer = await action.run(async () => {
      const res = await browserApi.POST('/api/v1/admin/payouts', {
        headers: { 'Idempotency-Key': key },
        body: payload,
      });
      status = res.response.status;
      return res;
    });
    if (answer || !retryable(status)) attempt.current = null;
    if (!answer) return;
    setConfirming(false);
    setReference('');
    onDone(answer.data);
  }

  return (
    <Panel title={t('title')} id="pay-out">
      <form id={id} noValidate onSubmit={review} className={consoleStyles.form}>
        <p className="muted">{t('description')}</p>
        <fieldset className={styles.radios}>
          <legend>{t('scope')}</legend>
          <label htmlFor={`${id}-all`}>
            <input
              id={`${id}-all`}
              type="radio"
              name={`${id}-scope`}
              checked={scope === 'all'}
              onChange={() => setScope('all')}
            />
            {t('scopeAll')}
          </label>
          {canPickVendor && (
            <label htmlFor={`${id}-one`}>
              <input
                id={`${id}-one`}
                type="radio"
                name={`${id}-scope`}
                checked={scope === 'one'}
                onChange={() => setScope('one')}
              />
              {t('scopeOne')}
            </label>
          )}
        </fieldset>
        {scope === 'one' && (
          <VendorPicker
            label={t('vendor')}
            emptyLabel={t('chooseVendorOption')}
            value={vendorId}
            error={errors.vendor}
            onChange={(v) => {
              setVendorId(v?.id ?? '');
              setVendorName(v?.name ?? '');
              setErrors((e) => ({ ...e, vendor: undefined }));
            }}
          />
        )}
        <Field
          id={`${id}-reference`}
          label={t('reference')}
          hint={t('referenceHint')}
          value={reference}
          maxLength={REFERENCE_MAX}
          error={errors.reference}
          onChange={(e) => {
            setReference(e.target.value);
            setErrors((er) => ({ ...er, reference: undefined }));
          }}
        />
        <div>
          <button type="submit" className="btn">
            {t('submit')}
          </button>
        </div>
      </form>
      <ConfirmDialog open={confirming} title={t('confirmTitle')} onClose={() => setConfirming(false)}>
        <p>{scope === 'one' ? t('confirmOne', { vendor: vendorName || t('theVendor') }) : t('confirmAll')}</p>
        {reference.trim() && <p className="muted">{t('confirmReference', { reference: reference.trim() })}</p>}
        <p className="muted">{t('confirmFinal')}</p>
        <ProblemAlert message={action.error} />
        <p className={styles.dialogActions}>
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
            {tc('cancel')}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={action.pending}
            aria-busy={action.pending || undefined}
            onClick={() => void pay()}
          >
            {action.pending ? t('paying') : t('confirm')}
          </button>
        </p>
      </ConfirmDialog>
    </Panel>
  );
}
