'use client';
import { useEffect, useId, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useSessionGuard } from '../account/useSessionGuard';
import { PageHeader } from '../console/ConsoleShell';
import { DataTable, Toolbar } from '../console/DataTable';
import { Figure, Figures, Loading } from '../console/feedback';
import { SelectField } from '../console/fields';
import { formatDateTime, formatPrice } from '../console/format';
import { consoleProblemText, problemOf } from '../console/problems';
import { useList } from '../console/useList';
import type { ListRequest } from '../console/useList';
import { withFreshToken } from './freshToken';
import { RequireVendor } from './RequireVendor';
import { LEDGER_KINDS } from './types';
import type { Balance, LedgerEntry } from './types';
import styles from './vendor.module.css';

const fetchLedger = (r: ListRequest) =>
  withFreshToken(() =>
    browserApi.GET('/api/v1/vendor/ledger', { params: { query: { ...r.page, kind: r.oneOf('kind', LEDGER_KINDS) } } }),
  );

/** A signed amount: credits with "+" in green, debits with "−" in red (the sign says it without colour). */
export function SignedAmount({ money, locale }: { money: { amount: number; currency: string }; locale: string }) {
  const text = formatPrice({ ...money, amount: Math.abs(money.amount) }, locale);
  if (money.amount > 0) return <span className={styles.credit}>+{text}</span>;
  if (money.amount < 0) return <span className={styles.debit}>−{text}</span>;
  return <span>{text}</span>;
}

/** `/vendor/ledger`: what the store owes the vendor, and every sale, commission, refund and payout behind it. */
export function VendorLedger() {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('ledger.title')}>
      <LedgerScreen />
    </RequireVendor>
  );
}

function LedgerScreen() {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const locale = useLocale();
  const id = useId();
  const expired = useSessionGuard();
  const list = useList<LedgerEntry>(fetchLedger, { limit: 50 });
  const [balance, setBalance] = useState<Balance | null>(null);
  const [balanceError, setBalanceError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    withFreshToken(() => browserApi.GET('/api/v1/vendor/balance'))
      .then(({ data, error, response }) => {
        if (!live || expired(response)) return;
        if (data) setBalance(data);
        else setBalanceError(consoleProblemText(tc, problemOf(error, response)));
      })
      .catch(() => live && setBalanceError(tc('errors.network_error')));
    return () => {
      live = false;
    };
  }, [expired, tc]);

  return (
    <>
      <PageHeader title={t('ledger.title')} description={t('ledger.description')} />
      <section aria-labelledby={`${id}-balance`}>
        <h2 id={`${id}-balance`} className="visually-hidden">
          {t('dashboard.moneyTitle')}
        </h2>
        {balance ? (
          <Figures>
            <Figure label={t('balance.balance')} value={formatPrice(balance.balance, locale)} />
            <Figure label={t('balance.pending')} value={formatPrice(balance.pending, locale)} />
            <Figure label={t('balance.paidOut')} value={formatPrice(balance.paidOut, locale)} />
            <Figure
              label={t('balance.lastPayout')}
              value={balance.lastPayoutAt ? formatDateTime(balance.lastPayoutAt, locale) : t('balance.never')}
            />
          </Figures>
        ) : (
          <Loading error={balanceError} />
        )}
      </section>
      <h2 className="visually-hidden">{t('ledger.entriesTitle')}</h2>
      <Toolbar label={tc('table.filters')}>
        <SelectField
          id={`${id}-kind`}
          label={t('ledger.kind')}
          value={list.params.kind ?? ''}
          onChange={(e) => list.setParam('kind', e.target.value)}
        >
          <option value="">{tc('table.all')}</option>
          {LEDGER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`ledgerKind.${k}`)}
            </option>
          ))}
        </SelectField>
      </Toolbar>
      <DataTable
        caption={t('ledger.entriesTitle')}
        list={list}
        rowKey={(e) => e.id}
        empty={t('ledger.empty')}
        columns={[
          { key: 'createdAt', header: t('ledger.date'), cell: (e) => formatDateTime(e.createdAt, locale) },
          { key: 'kind', header: t('ledger.kind'), cell: (e) => t(`ledgerKind.${e.kind}`) },
          {
            key: 'description',
            header: t('ledger.details'),
            // An order's entries name it by number (the kind column says what happened); a payout's
            // own words carry its reference.
            cell: (e) => {
              const text = e.orderNumber ? t('ledger.order', { number: e.orderNumber }) : e.description;
              return e.subOrderId ? <Link href={`/vendor/orders/${e.subOrderId}`}>{text}</Link> : text;
            },
          },
          {
            key: 'settled',
            header: t('ledger.settled'),
            cell: (e) => (e.payoutId ? t('ledger.paidOut') : t('ledger.unpaid')),
          },
          {
            key: 'amount',
            header: t('ledger.amount'),
            numeric: true,
            cell: (e) => <SignedAmount money={e.amount} locale={locale} />,
          },
        ]}
      />
    </>
  );
}
