'use client';
import Link from 'next/link';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../../lib/browser-api';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import { Field, SelectField } from '../../console/fields';
import { formatDate, formatDateTime } from '../../console/format';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from '../../console/RequirePermission';
import { EMAIL } from '../settings/forms';
import styles from '../settings/settings.module.css';

export type AdminUser =
  paths['/api/v1/admin/users']['get']['responses'][200]['content']['application/json']['data'][number];
export const USER_ROLES = ['owner', 'staff', 'vendor', 'customer'] as const;
export const USER_STATUSES = ['active', 'blocked', 'erased'] as const;

const fetchUsers = (r: ListRequest) => {
  const email = r.text('email');
  return browserApi.GET('/api/v1/admin/users', {
    params: {
      query: {
        ...r.page,
        role: r.oneOf('role', USER_ROLES),
        status: r.oneOf('status', USER_STATUSES),
        email: email && EMAIL.test(email) ? email : undefined,
      },
    },
  });
};

/** A user's status as a badge. */
export function UserStatusBadge({ status }: { status: AdminUser['status'] }) {
  const t = useTranslations('settings');
  const tone = status === 'active' ? 'success' : status === 'blocked' ? 'danger' : 'neutral';
  return <StatusBadge tone={tone}>{t(`userStatus.${status}`)}</StatusBadge>;
}

/** `/admin/users`: the store's accounts with role, status and email filters. */
export function UsersPage() {
  return (
    <RequirePermission permission="users:manage">
      <Users />
    </RequirePermission>
  );
}

function Users() {
  const t = useTranslations('settings');
  const locale = useLocale();
  const list = useList(fetchUsers);
  const [email, setEmail] = useState(list.params.email ?? '');
  const [emailError, setEmailError] = useState<string>();

  function search(e: FormEvent) {
    e.preventDefault();
    const value = email.trim();
    if (value && !EMAIL.test(value)) {
      setEmailError(t('validation.email'));
      return;
    }
    setEmailError(undefined);
    list.setParam('email', value);
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <Link href="/admin/users/invitations" className="btn">
            {t('users.invitations')}
          </Link>
        }
      />
      <Toolbar label={t('common.filters')}>
        <form className={styles.filterForm} onSubmit={search}>
          <Field
            id="users-email"
            type="email"
            label={t('users.email')}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            hint={t('users.emailHint')}
            error={emailError}
          />
          <SelectField
            id="users-role"
            label={t('users.role')}
            value={list.params.role ?? ''}
            onChange={(e) => list.setParam('role', e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="users-status"
            label={t('common.status')}
            value={list.params.status ?? ''}
            onChange={(e) => list.setParam('status', e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`userStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <div className={styles.filterButtons}>
            <button type="submit" className="btn">
              {t('common.search')}
            </button>
            {list.params.email && (
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  setEmail('');
                  list.setParam('email', undefined);
                }}
              >
                {t('users.clearEmail')}
              </button>
            )}
          </div>
        </form>
      </Toolbar>
      <DataTable
        caption={t('users.caption')}
        list={list}
        rowKey={(u) => u.id}
        empty={t('users.empty')}
        columns={[
          {
            key: 'name',
            header: t('users.name'),
            cell: (u) => <Link href={`/admin/users/${u.id}`}>{u.name ?? u.email ?? t('users.erased')}</Link>,
          },
          { key: 'email', header: t('users.email'), cell: (u) => u.email ?? '—' },
          {
            key: 'roles',
            header: t('users.roles'),
            cell: (u) => u.roles.map((r) => t(`roles.${r}`)).join(', '),
          },
          { key: 'status', header: t('common.status'), cell: (u) => <UserStatusBadge status={u.status} /> },
          {
            key: 'mfa',
            header: t('users.mfa'),
            cell: (u) => (u.mfaEnabled ? t('common.yes') : t('common.no')),
          },
          {
            key: 'lastLogin',
            header: t('users.lastLogin'),
            cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : t('users.never')),
          },
          { key: 'created', header: t('users.created'), cell: (u) => formatDate(u.createdAt, locale) },
        ]}
      />
    </>
  );
}
