'use client';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ConsoleProvider } from './ConsoleProvider';
import { ConsoleShell } from './ConsoleShell';
import type { NavSection } from './ConsoleShell';

// Stable references: the provider loads the account again whenever `roles` changes.
const STAFF = ['owner', 'staff'] as const;
const ANYONE = [] as const;

/** The vendor portal: anyone signed in may enter (a customer applies to sell there). */
export function VendorConsole({ children }: { children: ReactNode }) {
  const t = useTranslations('console');
  const nav: NavSection[] = [
    {
      items: [
        { href: '/vendor', label: t('nav.vendor.dashboard'), exact: true },
        { href: '/vendor/products', label: t('nav.vendor.products'), roles: ['vendor'] },
        { href: '/vendor/imports', label: t('nav.vendor.imports'), roles: ['vendor'] },
        { href: '/vendor/orders', label: t('nav.vendor.orders'), roles: ['vendor'] },
        { href: '/vendor/ledger', label: t('nav.vendor.ledger'), roles: ['vendor'] },
        { href: '/vendor/profile', label: t('nav.vendor.profile'), roles: ['vendor'] },
      ],
    },
  ];
  return (
    <ConsoleProvider roles={ANYONE}>
      <ConsoleShell title={t('area.vendor')} nav={nav}>
        {children}
      </ConsoleShell>
    </ConsoleProvider>
  );
}

/** The admin dashboard: owners and staff; each link only for the permission its page needs. */
export function AdminConsole({ children }: { children: ReactNode }) {
  const t = useTranslations('console');
  const nav: NavSection[] = [
    {
      items: [{ href: '/admin', label: t('nav.admin.overview'), exact: true }],
    },
    {
      title: t('nav.admin.sales'),
      items: [
        { href: '/admin/orders', label: t('nav.admin.orders'), permission: 'orders:read:any' },
        { href: '/admin/payouts', label: t('nav.admin.payouts'), permission: 'payouts:manage' },
        { href: '/admin/coupons', label: t('nav.admin.coupons'), permission: 'coupons:manage' },
      ],
    },
    {
      title: t('nav.admin.marketplace'),
      items: [
        { href: '/admin/vendors', label: t('nav.admin.vendors'), permission: 'vendors:approve' },
        { href: '/admin/products', label: t('nav.admin.products'), permission: 'products:approve' },
        { href: '/admin/reviews', label: t('nav.admin.reviews'), permission: 'catalog:manage' },
        { href: '/admin/categories', label: t('nav.admin.categories'), permission: 'catalog:manage' },
      ],
    },
    {
      title: t('nav.admin.store'),
      items: [
        { href: '/admin/settings', label: t('nav.admin.settings'), permission: 'settings:manage' },
        { href: '/admin/users', label: t('nav.admin.users'), permission: 'users:manage' },
        { href: '/admin/api-keys', label: t('nav.admin.apiKeys'), permission: 'api_keys:manage' },
        { href: '/admin/audit-log', label: t('nav.admin.auditLog'), permission: 'audit:read' },
        { href: '/admin/notifications', label: t('nav.admin.notifications'), permission: 'notifications:read' },
      ],
    },
  ];
  return (
    <ConsoleProvider roles={STAFF}>
      <ConsoleShell title={t('area.admin')} nav={nav}>
        {children}
      </ConsoleShell>
    </ConsoleProvider>
  );
}
