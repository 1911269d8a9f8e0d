'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { hasSession } from '../../lib/browser-api';
import { SESSION_EVENT } from './session';

/**
 * "Sign in" or "Account" in the header. The session cookie is read after mount (the server cannot
 * know it for a cached page), so the first render shows the neutral "Account" link everywhere.
 */
export function AccountLink() {
  const t = useTranslations('account');
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    const update = () => setSignedIn(hasSession());
    update();
    window.addEventListener(SESSION_EVENT, update);
    window.addEventListener('focus', update);
    return () => {
      window.removeEventListener(SESSION_EVENT, update);
      window.removeEventListener('focus', update);
    };
  }, []);
  if (signedIn === false) return <Link href="/account/login">{t('link.signIn')}</Link>;
  return <Link href="/account">{t('link.account')}</Link>;
}
