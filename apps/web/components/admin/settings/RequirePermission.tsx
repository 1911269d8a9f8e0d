'use client';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useCan } from '../../console/ConsoleProvider';
import type { Permission } from '../../console/ConsoleProvider';

/**
 * A page of the admin dashboard that needs `permission`: without it the page says why it cannot open
 * (the navigation hides its link, but an address can still be typed) and loads nothing.
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const t = useTranslations('console');
  if (!useCan(permission)) {
    return (
      <div className="empty" role="alert">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
