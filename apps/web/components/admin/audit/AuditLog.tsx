'use client';
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { Field } from '../../console/fields';
import { formatDateTime } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { dayBoundary, UUID } from '../settings/forms';
import { DiffView } from './DiffView';
import { auditDiff, diffSummary } from './diff';
import type { DiffKind } from './diff';
import { DetailsPanel, useRowDetails } from './details';
import { useUserLookup } from './useUserLookup';
import styles from '../settings/settings.module.css';

export type AuditEntry =
  paths['/api/v1/admin/audit-log']['get']['responses'][200]['content']['application/json']['data'][number];

/** What the API records today, offered as suggestions (any other value can be typed). */
const ENTITY_TYPES = [
  'order',
  'payment',
  'payout',
  'product',
  'review',
  'category',
  'coupon',
  'vendor',
  'user',
  'invitation',
  'api_key',
  'store_settings',
  'tax_rate',
  'shipping_zone',
  'oidc_provider',
  'address',
  'tenant',
];
const ACTIONS = [
  'order.*',
  'order.created',
  'order.confirmed',
  'order.status_changed',
  'order.cancelled',
  'order.refunded',
  'order.refund_failed',
  'payment.*',
  'payment.refunded',
  'payout.created',
  'product.*',
  'vendor.*',
  'user.*',
  'user.roles_changed',
  'user.permissions_changed',
  'user.blocked',
  'user.unblocked',
  'invitation.*',
  'api_key.*',
  'settings.updated',
  'tax_rate.*',
  'shipping_zone.*',
  'oidc_provider.*',
  'coupon.*',
  'category.*',
];

const ACTION = /^[A-Za-z0-9_.:-]+(\*)?$|^\*$/;
const FILTERS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;

const fetchAudit = (r: ListRequest) => {
  const actor = r.text('actor');
  const action = r.text('action');
  return browserApi.GET('/api/v1/admin/audit-log', {
    params: {
      query: {
        ...r.page,
        actorId: actor && UUID.test(actor) ? actor : undefined,
        entityType: r.text('entityType'),
        entityId: r.text('entityId'),
        action: action && ACTION.test(action) ? action : undefined,
        from: dayBoundary(r.text('from')),
        to: dayBoundary(r.text('to'), true),
      },
    },
  });
};

/** Checks the filters before they go to the URL: keys of `settings.validation` by field. */
export function auditFilterErrors(f: Filters): Partial<Filters> {
  const errors: Partial<Filters> = {};
  const action = f.action.trim();
  if (action && !ACTION.test(action)) errors.action = 'action';
  if (f.entityType.length > 64) errors.entityType = 'tooLong';
  if (f.entityId.length > 200) errors.entityId = 'tooLong';
  if (f.from && f.to && f.from > f.to) errors.to = 'dateOrder';
  return errors;
}

const short = (id: string | null) => (id ? id.slice(-8) : '—');

/** `/admin/audit-log`: who changed what, filtered, with each entry's before and after. */
export function AuditLogPage() {
  return (
    <RequirePermission permission="audit:read">
      <AuditLog />
    </RequirePermission>
  );
}

function AuditLog() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchAudit);
  const canUsers = useCan('users:manage');
  const lookup = useUserLookup();
  const id = useId();
  const fromParams = (): Filters => Object.fromEntries(FILTERS.map((f) => [f, list.params[f] ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(fromParams);
  const [errors, setErrors] = useState<Partial<Filters>>({});
  const { selected, setSelected, close, viewButton } = useRowDetails<AuditEntry>();

  const set = (key: Filter, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function apply(e: FormEvent) {
    e.preventDefault();
    const found = auditFilterErrors(draft);
    const who = await lookup(draft.actor);
    if ('error' in who) found.actor = who.error;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const next = { ...draft, actor: ('id' in who && who.id) || '' };
    setDraft(next);
    setSelected(null);
    list.setParams(Object.fromEntries(FILTERS.map((f) => [f, next[f].trim()])));
  }

  function clear() {
    const empty = Object.fromEntries(FILTERS.map((f) => [f, ''])) as Filters;
    setDraft(empty);
    setErrors({});
    setSelected(null);
    list.setParams(Object.fromEntries(FILTERS.map((f) => [f, undefined])));
  }

  /** Narrows the log to one record or one actor (from a row or the detail). */
  function narrow(changes: Partial<Filters>) {
    const next = { ...draft, ...changes };
    setDraft(next);
    setSelected(null);
    list.setParams(changes);
  }

  const summaryText = (s: Record<DiffKind, number>) =>
    (['changed', 'added', 'removed'] as const)
      .filter((k) => s[k] > 0)
      .map((k) => t(`audit.count.${k}`, { count: s[k] }))
      .join(', ') || t('audit.noChange');
  const err = (key: Filter) => (errors[key] ? t(`validation.${errors[key]}`) : undefined);
  const actorText = (a: AuditEntry['actor']) =>
    a.type === 'user' || a.type === 'api_key'
      ? t(`audit.actorType.${a.type}`, { id: short(a.id) })
      : t(`audit.actorType.${a.type === 'system' ? 'system' : 'other'}`, { type: a.type });

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Toolbar label={t('common.filters')}>
        <form className={styles.filterForm} onSubmit={(e) => void apply(e)} noValidate>
          <Field
            id={`${id}-action`}
            label={t('audit.action')}
            value={draft.action}
            list={`${id}-actions`}
            onChange={(e) => set('action', e.target.value)}
            hint={t('audit.actionHint')}
            error={err('action')}
          />
          <datalist id={`${id}-actions`}>
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <Field
            id={`${id}-entity-type`}
            label={t('audit.entityType')}
            value={draft.entityType}
            list={`${id}-types`}
            onChange={(e) => set('entityType', e.target.value)}
            error={err('entityType')}
          />
          <datalist id={`${id}-types`}>
            {ENTITY_TYPES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <Field
            id={`${id}-entity-id`}
            label={t('audit.entityId')}
            value={draft.entityId}
            onChange={(e) => set('entityId', e.target.value)}
            error={err('entityId')}
          />
          <Field
            id={`${id}-actor`}
            label={t('audit.actor')}
            value={draft.actor}
            onChange={(e) => set('actor', e.target.value)}
            hint={canUsers ? t('audit.actorHint') : t('audit.actorIdHint')}
            error={err('actor')}
          />
          <Field
            id={`${id}-from`}
            type="date"
            label={t('common.from')}
            value={draft.from}
            onChange={(e) => set('from', e.target.value)}
            error={err('from')}
          />
          <Field
            id={`${id}-to`}
            type="date"
            label={t('common.to')}
            value={draft.to}
            onChange={(e) => set('to', e.target.value)}
            error={err('to')}
          />
          <div className={styles.filterButtons}>
            <button type="submit" className="btn">
              {t('common.applyFilters')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={clear}>
              {t('common.clearFilters')}
            </button>
          </div>
        </form>
      </Toolbar>
      {selected && <EntryDetail entry={selected} onClose={close} onNarrow={(changes) => narrow(changes)} />}
      <DataTable
        caption={t('audit.caption')}
        list={list}
        rowKey={(e) => e.id}
        empty={t('audit.empty')}
        columns={[
          { key: 'time', header: t('audit.time'), cell: (e) => formatDateTime(e.createdAt, locale) },
          {
            key: 'action',
            header: t('audit.action'),
            cell: (e) => <code className={`${styles.code} ${styles.nowrap}`}>{e.action}</code>,
          },
          {
            key: 'entity',
            header: t('audit.entity'),
            cell: (e) => (
              <>
                {e.entityType} <span className={`muted ${styles.code} ${styles.nowrap}`}>…{short(e.entityId)}</span>
              </>
            ),
          },
          { key: 'actor', header: t('audit.actor'), cell: (e) => actorText(e.actor) },
          {
            key: 'changes',
            header: t('audit.changes'),
            cell: (e) => summaryText(diffSummary(auditDiff(e.before, e.after))),
          },
          {
            key: 'open',
            header: t('common.actions'),
            cell: (e) => viewButton(e, `${e.action} ${formatDateTime(e.createdAt, locale)}`),
          },
        ]}
      />
    </>
  );
}

function EntryDetail({
  entry,
  onClose,
  onNarrow,
}: {
  entry: AuditEntry;
  onClose: () => void;
  onNarrow: (changes: Partial<Filters>) => void;
}) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const canUsers = useCan('users:manage');
  const [actorName, setActorName] = useState<string | null>(null);

  // Who acted, by name, when the account list may be read (one request for the open entry).
  const actorId = entry.actor.type === 'user' ? entry.actor.id : null;
  useEffect(() => {
    setActorName(null);
    if (!canUsers || !actorId || !UUID.test(actorId)) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/admin/users/{id}', { params: { path: { id: actorId } } })
      .then(({ data }) => {
        if (live && data) setActorName([data.name, data.email].filter(Boolean).join(' · ') || null);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [actorId, canUsers]);

  const userLink = (userId: string | null, label?: string | null) =>
    canUsers && userId ? <Link href={`/admin/users/${userId}`}>{label ?? userId}</Link> : (userId ?? '—');

  return (
    <DetailsPanel rowId={entry.id} title={t('audit.detailTitle', { action: entry.action })} onClose={onClose}>
      <dl className={`${consoleStyles.dl} ${styles.readonly}`}>
        <dt>{t('audit.time')}</dt>
        <dd>{formatDateTime(entry.createdAt, locale)}</dd>
        <dt>{t('audit.entity')}</dt>
        <dd>
          {entry.entityType}{' '}
          <span className={styles.code}>{entry.entityType === 'user' ? userLink(entry.entityId) : entry.entityId}</span>
        </dd>
        <dt>{t('audit.actor')}</dt>
        <dd>
          {t(
            `audit.actorKind.${['user', 'api_key', 'system'].includes(entry.actor.type) ? entry.actor.type : 'other'}`,
          )}{' '}
          {entry.actor.type === 'user' && actorName ? (
            userLink(entry.actor.id, actorName)
          ) : (
            <span className={styles.code}>
              {entry.actor.type === 'user' ? userLink(entry.actor.id) : entry.actor.id}
            </span>
          )}
        </dd>
        <dt>{t('audit.requestId')}</dt>
        <dd className={styles.code}>{entry.requestId ?? '—'}</dd>
        <dt>{t('audit.ip')}</dt>
        <dd className={styles.code}>{entry.ip ?? '—'}</dd>
      </dl>
      <div className={`${styles.buttons} ${styles.readonly}`}>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => onNarrow({ entityType: entry.entityType, entityId: entry.entityId })}
        >
          {t('audit.sameRecord')}
        </button>
        {entry.actor.id && UUID.test(entry.actor.id) && entry.actor.type === 'user' && (
          <button type="button" className="btn btn-secondary" onClick={() => onNarrow({ actor: entry.actor.id ?? '' })}>
            {t('audit.sameActor')}
          </button>
        )}
      </div>
      <h3 className={consoleStyles.h2}>{t('audit.beforeAfter')}</h3>
      <DiffView before={entry.before} after={entry.after} />
    </DetailsPanel>
  );
}
