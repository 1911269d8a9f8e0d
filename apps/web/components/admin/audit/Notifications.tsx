'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { Field, SelectField } from '../../console/fields';
import { formatDateTime } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import consoleStyles from '../../console/console.module.css';
import { RequirePermission } from '../../console/RequirePermission';
import { UUID } from '../settings/forms';
import { DetailsPanel, useRowDetails } from './details';
import { useUserLookup } from './useUserLookup';
import styles from '../settings/settings.module.css';

type Message =
  paths['/api/v1/admin/notifications']['get']['responses'][200]['content']['application/json']['data'][number];
const STATUSES = ['queued', 'stored', 'sent', 'failed'] as const;
const TEMPLATE = /^[a-z0-9_]+$/;
/** Templates the store sends today, as suggestions. */
const TEMPLATES = [
  'order_confirmed',
  'order_shipped',
  'order_cancelled',
  'order_refunded',
  'email_verification',
  'password_reset',
  'email_changed',
  'invitation',
];

const fetchMessages = (r: ListRequest) => {
  const template = r.text('template');
  const recipient = r.text('recipient');
  return browserApi.GET('/api/v1/admin/notifications', {
    params: {
      query: {
        ...r.page,
        template: template && TEMPLATE.test(template) ? template : undefined,
        status: r.oneOf('status', STATUSES),
        recipientUserId: recipient && UUID.test(recipient) ? recipient : undefined,
      },
    },
  });
};

const TONE = { queued: 'info', stored: 'neutral', sent: 'success', failed: 'danger' } as const;

/** `/admin/notifications`: the messages the store sent, with template, recipient and status filters. */
export function NotificationsPage() {
  return (
    <RequirePermission permission="notifications:read">
      <Notifications />
    </RequirePermission>
  );
}

function Notifications() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchMessages);
  const canUsers = useCan('users:manage');
  const lookup = useUserLookup();
  const id = useId();
  const [template, setTemplate] = useState(list.params.template ?? '');
  const [recipient, setRecipient] = useState(list.params.recipient ?? '');
  const [errors, setErrors] = useState<{ template?: string; recipient?: string }>({});
  const { selected, setSelected, close, viewButton } = useRowDetails<Message>();

  async function apply(e: FormEvent) {
    e.preventDefault();
    const found: { template?: string; recipient?: string } = {};
    const tpl = template.trim();
    if (tpl && !TEMPLATE.test(tpl)) found.template = 'template';
    const who = await lookup(recipient);
    if ('error' in who) found.recipient = who.error;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const whoId = 'id' in who ? who.id : undefined;
    setRecipient(whoId ?? '');
    setSelected(null);
    list.setParams({ template: tpl, recipient: whoId });
  }

  const statusBadge = (m: Message) => <StatusBadge tone={TONE[m.status]}>{t(`messageStatus.${m.status}`)}</StatusBadge>;

  return (
    <>
      <PageHeader title={t('notifications.title')} description={t('notifications.description')} />
      <Toolbar label={t('common.filters')}>
        <form className={styles.filterForm} onSubmit={(e) => void apply(e)} noValidate>
          <Field
            id={`${id}-template`}
            label={t('notifications.template')}
            value={template}
            list={`${id}-templates`}
            onChange={(e) => {
              setTemplate(e.target.value);
              setErrors((x) => ({ ...x, template: undefined }));
            }}
            error={errors.template && t(`validation.${errors.template}`)}
          />
          <datalist id={`${id}-templates`}>
            {TEMPLATES.map((tpl) => (
              <option key={tpl} value={tpl} />
            ))}
          </datalist>
          <Field
            id={`${id}-recipient`}
            label={t('notifications.recipient')}
            value={recipient}
            onChange={(e) => {
              setRecipient(e.target.value);
              setErrors((x) => ({ ...x, recipient: undefined }));
            }}
            hint={canUsers ? t('audit.actorHint') : t('audit.actorIdHint')}
            error={errors.recipient && t(`validation.${errors.recipient}`)}
          />
          <SelectField
            id={`${id}-status`}
            label={t('common.status')}
            value={list.params.status ?? ''}
            onChange={(e) => {
              setSelected(null);
              list.setParam('status', e.target.value);
            }}
          >
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`messageStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <div className={styles.filterButtons}>
            <button type="submit" className="btn">
              {t('common.applyFilters')}
            </button>
          </div>
        </form>
      </Toolbar>
      {selected && <MessageDetail message={selected} statusBadge={statusBadge(selected)} onClose={close} />}
      <DataTable
        caption={t('notifications.caption')}
        list={list}
        rowKey={(m) => m.id}
        empty={t('notifications.empty')}
        columns={[
          { key: 'time', header: t('notifications.created'), cell: (m) => formatDateTime(m.createdAt, locale) },
          { key: 'to', header: t('notifications.to'), cell: (m) => m.to },
          {
            key: 'template',
            header: t('notifications.template'),
            cell: (m) => <code className={`${styles.code} ${styles.nowrap}`}>{m.template}</code>,
          },
          { key: 'subject', header: t('notifications.subject'), cell: (m) => m.subject },
          { key: 'status', header: t('common.status'), cell: statusBadge },
          {
            key: 'open',
            header: t('common.actions'),
            cell: (m) => viewButton(m, m.subject),
          },
        ]}
      />
    </>
  );
}

function MessageDetail({
  message: m,
  statusBadge,
  onClose,
}: {
  message: Message;
  statusBadge: ReactNode;
  onClose: () => void;
}) {
  const t = useTranslations('settings');
  const locale = useLocale();
  const canUsers = useCan('users:manage');

  return (
    <DetailsPanel rowId={m.id} title={m.subject} onClose={onClose}>
      <dl className={`${consoleStyles.dl} ${styles.readonly}`}>
        <dt>{t('common.status')}</dt>
        <dd>
          {statusBadge}
          {m.status === 'stored' && <span className="muted"> {t('notifications.storedNote')}</span>}
        </dd>
        <dt>{t('notifications.to')}</dt>
        <dd>
          {m.to}
          {m.recipientUserId && canUsers && (
            <>
              {' '}
              (<Link href={`/admin/users/${m.recipientUserId}`}>{t('notifications.account')}</Link>)
            </>
          )}
        </dd>
        <dt>{t('notifications.channel')}</dt>
        <dd>{t(`notifications.channels.${m.channel}`)}</dd>
        <dt>{t('notifications.template')}</dt>
        <dd className={styles.code}>{m.template}</dd>
        <dt>{t('notifications.locale')}</dt>
        <dd>{m.locale}</dd>
        <dt>{t('notifications.created')}</dt>
        <dd>{formatDateTime(m.createdAt, locale)}</dd>
        <dt>{t('notifications.sentAt')}</dt>
        <dd>{m.sentAt ? formatDateTime(m.sentAt, locale) : '—'}</dd>
        {m.error && (
          <>
            <dt>{t('notifications.error')}</dt>
            <dd>{m.error}</dd>
          </>
        )}
      </dl>
      <h3 className={consoleStyles.h2}>{t('notifications.body')}</h3>
      {m.redacted || m.body === null ? (
        <p className="muted">{t('notifications.redacted')}</p>
      ) : (
        <pre className={styles.body}>{m.body}</pre>
      )}
    </DetailsPanel>
  );
}
