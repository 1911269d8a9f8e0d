'use client';
import { useCallback } from 'react';
import { useRouter } from 'next/navigation';
import { loginHref } from './session';

/**
 * For pages that need a session: `expired(response)` sends a signed-out visitor (401 even after the
 * transparent refresh) to the sign-in page with the current path as `next`, and reports whether it did.
 */
export function useSessionGuard(): (response: Response | undefined) => boolean {
  const router = useRouter();
  return useCallback(
    (response: Response | undefined) => {
      if (response?.status !== 401) return false;
      router.replace(loginHref(`${window.location.pathname}${window.location.search}`));
      return true;
    },
    [router],
  );
}
