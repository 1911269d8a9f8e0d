'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useCart } from '../cart/CartProvider';
import { announceSessionChange } from './session';

/** Ends the session, shows the (now guest) cart and goes home. */
export function useSignOut(): () => Promise<void> {
  const router = useRouter();
  const cart = useCart();
  return async () => {
    try {
      await browserApi.POST('/api/v1/auth/logout', { body: {} });
    } catch {
      // Offline: the cookies stay until they expire; nothing more to do here.
    }
    try {
      await cart.reload();
    } catch {
      // The cart shows its own state.
    }
    announceSessionChange();
    router.replace('/');
    router.refresh();
  };
}

export function SignOutButton() {
  const t = useTranslations('account');
  const signOut = useSignOut();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-secondary"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut();
      }}
    >
      {t('overview.signOut')}
    </button>
  );
}
