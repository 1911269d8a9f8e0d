'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { BazaarClient, components } from '@bazaar/sdk';
import { browserApi, hasSession } from '../../lib/browser-api';
import { announceSessionChange, loginHref } from '../account/session';

export type Me = components['schemas']['Me'];
export type Role = Me['roles'][number];
export type Permission = Me['permissions'][number];

interface ConsoleValue {
  me: Me;
  /** Whether the signed-in account holds `permission` (owners hold every store permission). */
  can: (permission: Permission) => boolean;
  hasRole: (...roles: Role[]) => boolean;
  /** Loads the account again (after applying to sell, say). */
  reloadMe: () => Promise<void>;
}

const ConsoleContext = createContext<ConsoleValue | null>(null);

/** How a console reaches the API and where it sends a signed-out visitor (the platform console's differ). */
export interface ConsoleSession {
  client: BazaarClient;
  signIn: (path: string) => string;
}

const ConsoleSessionContext = createContext<ConsoleSession>({ client: browserApi, signIn: loginHref });

/** The console's API client and sign-in page (the store's outside a `ConsoleProvider`). */
export function useConsoleSession(): ConsoleSession {
  return useContext(ConsoleSessionContext);
}

const consoleValue = (me: Me, reloadMe: () => Promise<void>): ConsoleValue => ({
  me,
  can: (permission) => me.permissions.includes(permission),
  hasRole: (...wanted) => me.roles.some((r) => wanted.includes(r)),
  reloadMe,
});

/** Provides a known account without loading it (component tests, pages that already hold it). */
export function ConsoleValueProvider({ me, children }: { me: Me; children: ReactNode }) {
  const value = useMemo(() => consoleValue(me, async () => undefined), [me]);
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

/** The signed-in account of a console page and what it may do. */
export function useConsole(): ConsoleValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole() needs a <ConsoleProvider>.');
  return value;
}

/** Whether the account may use a control: `useCan('orders:refund')`. */
export function useCan(permission: Permission): boolean {
  return useConsole().can(permission);
}

/**
 * Loads `/api/v1/me` once for a console: a visitor without a session goes to the sign-in page (and
 * comes back), an account without one of `roles` sees why it cannot enter; `roles` empty admits anyone
 * signed in (the vendor portal, where a customer applies to sell).
 */
export function ConsoleProvider({
  roles,
  children,
  client = browserApi,
  signIn = loginHref,
}: {
  roles: readonly Role[];
  children: ReactNode;
  /** The API client (the platform console's speaks without a store). */
  client?: BazaarClient;
  /** The sign-in page that comes back to `path`. */
  signIn?: (path: string) => string;
}) {
  const t = useTranslations('console');
  const router = useRouter();
  const [me, setMe] = useState<Me | null>(null);
  const [failure, setFailure] = useState<'network' | 'forbidden' | null>(null);
  // The session belongs to another scope (a store's account in the platform console, which answers 400).
  const [foreign, setForeign] = useState(false);

  const load = useCallback(async () => {
    const here = `${window.location.pathname}${window.location.search}`;
    if (!hasSession()) {
      router.replace(signIn(here));
      return;
    }
    try {
      const { data, response } = await client.GET('/api/v1/me');
      if (response.status === 401) router.replace(signIn(here));
      // 400/403: a credential this console cannot use (a store's account in the platform console).
      else if (!data) {
        setForeign(response.status === 400);
        setFailure(response.status === 400 || response.status === 403 ? 'forbidden' : 'network');
      } else {
        setMe(data);
        setFailure(roles.length === 0 || data.roles.some((r) => roles.includes(r)) ? null : 'forbidden');
      }
    } catch {
      setFailure('network');
    }
  }, [client, roles, router, signIn]);

  useEffect(() => {
    void load();
  }, [load]);

  const value = useMemo(() => me && consoleValue(me, load), [me, load]);
  const session = useMemo(() => ({ client, signIn }), [client, signIn]);

  /** Ends this session and opens the sign-in page that comes back here. */
  async function switchAccount() {
    const here = `${window.location.pathname}${window.location.search}`;
    try {
      // Revoke the session in the scope it was opened in, so its refresh token dies with it.
      await (foreign ? browserApi : client).POST('/api/v1/auth/logout', { body: {} });
    } finally {
      announceSessionChange();
      router.replace(signIn(here));
    }
  }

  if (failure === 'forbidden') {
    return (
      <div className="empty" role="alert">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
        <button type="button" className="btn" onClick={() => void switchAccount()}>
          {t('forbidden.switch')}
        </button>
      </div>
    );
  }
  if (failure === 'network') {
    return (
      <p role="alert" className="alert alert-error">
        {t('errors.network_error')}
      </p>
    );
  }
  if (!value) {
    return (
      <p role="status" aria-busy="true" className="muted">
        {t('loading')}
      </p>
    );
  }
  return (
    <ConsoleSessionContext.Provider value={session}>
      <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>
    </ConsoleSessionContext.Provider>
  );
}
