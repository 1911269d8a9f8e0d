'use client';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ConsoleProvider } from '../console/ConsoleProvider';
import type { Role } from '../console/ConsoleProvider';
import { ConsoleShell } from '../console/ConsoleShell';
import type { NavSection } from '../console/ConsoleShell';
import { platformApi, platformLoginHref } from '../../lib/platform-api';

// Stable references: the provider reloads the account whenever these change.
const ROLES: readonly Role[] = ['platform_admin'];

/**
 * The platform console under `/platform`: platform admins only, speaking to the API without a store.
 * The top bar names the platform rather than the store whose host serves the console.
 */
export function PlatformConsole({ children }: { children: ReactNode }) {
  const t = useTranslations('platform');
  const tc = useTranslations('console');
  const nav: NavSection[] = [{ items: [{ href: '/platform', label: t('nav.stores') }] }];
  return (
    <ConsoleProvider roles={ROLES} client={platformApi} signIn={platformLoginHref}>
      <ConsoleShell title={tc('area.platform')} nav={nav}>
        {children}
      </ConsoleShell>
    </ConsoleProvider>
  );
}
