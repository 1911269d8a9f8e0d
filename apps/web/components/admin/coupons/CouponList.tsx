'use client';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader, Panel, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { ConflictNotice } from '../../console/feedback';
import { formatBps, formatDateTime, formatPrice } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from '../../console/RequirePermission';
import { Announce, FilterButtons, SearchBox, useConfirmedCall } from '../moderation/shared';
import styles from '../moderation/moderation.module.css';
import { CouponForm } from './CouponForm';
import type { Coupon } from './couponForm';

const ACTIVE = ['all', 'active', 'inactive'] as const;
const AUTOMATIC = ['all', 'code', 'automatic'] as const;
type Active = (typeof ACTIVE)[number];
type Automatic = (typeof AUTOMATIC)[number];

const fetchCoupons = (r: ListRequest) => {
  const active = r.oneOf('active', ACTIVE);
  const automatic = r.oneOf('automatic', AUTOMATIC);
  return browserApi.GET('/api/v1/admin/coupons', {
    params: {
      query: {
        ...r.page,
        q: r.text('q'),
        active: active === 'active' ? true : active === 'inactive' ? false : undefined,
        automatic: automatic === 'automatic' ? true : automatic === 'code' ? false : undefined,
      },
    },
  });
};

type Editing = { mode: 'new' } | { mode: 'edit'; id: string } | null;

/** Names of the vendors on the page, read once each (a page shows at most a few). */
function useVendorNames(ids: readonly string[], enabled: boolean): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const missing = enabled ? [...new Set(ids)].filter((id) => !(id in names)) : [];
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return undefined;
    let live = true;
    void Promise.all(
      key.split(',').map(async (id) => {
        try {
          const { data } = await browserApi.GET('/api/v1/admin/vendors/{id}', { params: { path: { id } } });
          return [id, data?.name ?? id] as const;
        } catch {
          return [id, id] as const;
        }
      }),
    ).then((found) => {
      if (live) setNames((n) => ({ ...n, ...Object.fromEntries(found) }));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** `/admin/coupons`: coupons and automatic promotions, with their form and deletion. */
export function CouponList() {
  return (
    <RequirePermission permission="coupons:manage">
      <Coupons />
    </RequirePermission>
  );
}

function Coupons() {
  const t = useTranslations('moderation');
  const locale = useLocale();
  const list = useList(fetchCoupons);
  const mayListVendors = useCan('vendors:approve');
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const { confirmed, conflict, clearConflict } = useConfirmedCall();
  const vendorNames = useVendorNames(
    list.rows.flatMap((c) => (c.vendorId ? [c.vendorId] : [])),
    mayListVendors,
  );
  const active: Active = (ACTIVE as readonly string[]).includes(list.params.active ?? '')
    ? (list.params.active as Active)
    : 'all';
  const automatic: Automatic = (AUTOMATIC as readonly string[]).includes(list.params.automatic ?? '')
    ? (list.params.automatic as Automatic)
    : 'all';
  const edited = editing?.mode === 'edit' ? list.rows.find((c) => c.id === editing.id) : undefined;

  function open(next: Editing) {
    setDone(null);
    setEditing(next);
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('#coupon-editor input')?.focus());
  }

  const discount = (c: Coupon) =>
    c.kind === 'percentage'
      ? t('coupons.percentOff', { value: formatBps(c.value, locale) })
      : c.kind === 'fixed'
        ? t('coupons.amountOff', { value: formatPrice({ amount: c.value, currency: c.minSubtotal.currency }, locale) })
        : t('coupons.kinds.free_shipping');

  const now = Date.now();
  const state = (c: Coupon) => {
    if (!c.active) return <StatusBadge tone="neutral">{t('coupons.inactive')}</StatusBadge>;
    if (c.endsAt && Date.parse(c.endsAt) <= now) return <StatusBadge tone="danger">{t('coupons.expired')}</StatusBadge>;
    if (c.startsAt && Date.parse(c.startsAt) > now)
      return <StatusBadge tone="info">{t('coupons.scheduled')}</StatusBadge>;
    if (c.usageLimit !== null && c.usedCount >= c.usageLimit) {
      return <StatusBadge tone="warning">{t('coupons.usedUp')}</StatusBadge>;
    }
    return <StatusBadge tone="success">{t('coupons.active')}</StatusBadge>;
  };

  const columns: Column<Coupon>[] = [
    {
      key: 'code',
      header: t('coupons.columns.code'),
      cell: (c) => (
        <>
          {c.code ? <strong>{c.code}</strong> : <StatusBadge tone="info">{t('coupons.automaticBadge')}</StatusBadge>}
          <span className={styles.sub}>{c.name}</span>
        </>
      ),
    },
    { key: 'discount', header: t('coupons.columns.discount'), cell: discount },
    {
      key: 'scope',
      header: t('coupons.columns.scope'),
      cell: (c) => (c.vendorId ? (vendorNames[c.vendorId] ?? t('coupons.oneVendor')) : t('coupons.storeWide')),
    },
    {
      key: 'min',
      header: t('coupons.columns.minimum'),
      numeric: true,
      cell: (c) => (c.minSubtotal.amount > 0 ? formatPrice(c.minSubtotal, locale) : '—'),
    },
    {
      key: 'period',
      header: t('coupons.columns.period'),
      cell: (c) =>
        !c.startsAt && !c.endsAt ? (
          t('coupons.always')
        ) : (
          <>
            {c.startsAt && (
              <span className={styles.nowrap}>{t('coupons.from', { date: formatDateTime(c.startsAt, locale) })}</span>
            )}
            {c.startsAt && c.endsAt && <br />}
            {c.endsAt && (
              <span className={styles.nowrap}>{t('coupons.until', { date: formatDateTime(c.endsAt, locale) })}</span>
            )}
          </>
        ),
    },
    {
      key: 'usage',
      header: t('coupons.columns.usage'),
      cell: (c) => (
        <>
          {c.usageLimit === null
            ? t('coupons.usedUnlimited', { used: c.usedCount })
            : t('coupons.usedOf', { used: c.usedCount, limit: c.usageLimit })}
          {c.perCustomerLimit !== null && (
            <span className={styles.sub}>{t('coupons.perCustomer', { limit: c.perCustomerLimit })}</span>
          )}
        </>
      ),
    },
    { key: 'state', header: t('coupons.columns.status'), cell: state },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (c) => {
        const label = c.code ?? c.name;
        return (
          <span className={styles.rowActions}>
            <button type="button" className="btn btn-secondary" onClick={() => open({ mode: 'edit', id: c.id })}>
              {t('coupons.edit')} <span className="visually-hidden">{label}</span>
            </button>
            <ConfirmAction
              label={
                <>
                  {t('coupons.delete')} <span className="visually-hidden">{label}</span>
                </>
              }
              danger
              title={t('coupons.deleteTitle', { name: label })}
              body={t('coupons.deleteBody')}
              confirmLabel={t('coupons.delete')}
              onConfirm={() =>
                confirmed(
                  () =>
                    browserApi.DELETE('/api/v1/admin/coupons/{id}', {
                      params: { path: { id: c.id } },
                      headers: { 'If-Match': `"${c.version}"` },
                    }),
                  () => {
                    if (editing?.mode === 'edit' && editing.id === c.id) setEditing(null);
                    setDone(t('coupons.deleted', { name: label }));
                    list.reload();
                  },
                )
              }
            />
          </span>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('coupons.title')}
        description={t('coupons.description')}
        actions={
          <button type="button" className="btn" onClick={() => open({ mode: 'new' })}>
            {t('coupons.new')}
          </button>
        }
      />
      <Announce message={done} />
      {conflict && (
        <ConflictNotice
          onReload={() => {
            clearConflict();
            list.reload();
          }}
        />
      )}
      {editing?.mode === 'new' && (
        <Panel id="coupon-editor" title={t('coupons.form.newTitle')}>
          <CouponForm
            coupon={null}
            onCancel={() => setEditing(null)}
            onReload={list.reload}
            onSaved={(saved) => {
              setEditing(null);
              setDone(t('coupons.created', { name: saved.code ?? saved.name }));
              list.reload();
            }}
          />
        </Panel>
      )}
      {edited && (
        <Panel id="coupon-editor" title={t('coupons.form.editTitle', { name: edited.code ?? edited.name })}>
          <CouponForm
            key={`${edited.id}-${edited.version}`}
            coupon={edited}
            onCancel={() => setEditing(null)}
            onReload={list.reload}
            onSaved={(saved) => {
              setEditing(null);
              setDone(t('coupons.saved', { name: saved.code ?? saved.name }));
              list.reload();
            }}
          />
        </Panel>
      )}
      <Toolbar label={t('common.filters')}>
        <SearchBox
          label={t('coupons.search')}
          maxLength={40}
          value={list.params.q}
          onSearch={(q) => list.setParam('q', q)}
        />
        <FilterButtons
          label={t('coupons.filters.active')}
          value={active}
          options={ACTIVE.map((v) => ({ value: v, label: t(`coupons.filters.activeOptions.${v}`) }))}
          onChange={(v) => list.setParam('active', v === 'all' ? undefined : v)}
        />
        <FilterButtons
          label={t('coupons.filters.automatic')}
          value={automatic}
          options={AUTOMATIC.map((v) => ({ value: v, label: t(`coupons.filters.automaticOptions.${v}`) }))}
          onChange={(v) => list.setParam('automatic', v === 'all' ? undefined : v)}
        />
      </Toolbar>
      <DataTable
        caption={t('coupons.caption')}
        columns={columns}
        list={list}
        rowKey={(c) => c.id}
        empty={t('coupons.empty')}
      />
    </>
  );
}
