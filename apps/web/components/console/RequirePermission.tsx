'use client';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useCan } from './ConsoleProvider';
import type { Permission } from './ConsoleProvider';
import { ForbiddenPage } from './ConsoleShell';

/**
 * A console page that needs `permission`: without it the page says why it cannot open (the
 * navigation hides its link, but an address can still be typed) and renders, so loads, nothing of
 * `children`. The refusal is a `ForbiddenPage`: the page's own `title` and `message` when given,
 * else a general "You cannot open this page".
 */
export function RequirePermission({
  permission,
  title,
  message,
  children,
}: {
  permission: Permission;
  /** The page's heading on the refusal (default: "You cannot open this page"). */
  title?: ReactNode;
  /** Why it cannot be used (default: the account has no access to this area). */
  message?: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations('console');
  if (!useCan(permission)) {
    return <ForbiddenPage title={title ?? t('forbidden.title')} message={message ?? t('forbidden.body')} />;
  }
  return <>{children}</>;
}
