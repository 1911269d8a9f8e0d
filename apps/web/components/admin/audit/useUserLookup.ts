'use client';
import { useCallback } from 'react';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { EMAIL, UUID } from '../settings/forms';

export type Lookup =
  { id: string | undefined } | { error: 'userId' | 'noSuchEmail' | 'emailNeedsUsers' | 'lookupFailed' };

/**
 * A filter's "who": a user id as it is, or an email turned into the account's id (this needs
 * `users:manage`, the account list's permission). Empty → no filter.
 */
export function useUserLookup() {
  const canFind = useCan('users:manage');
  return useCallback(
    async (text: string): Promise<Lookup> => {
      const value = text.trim();
      if (!value) return { id: undefined };
      if (UUID.test(value)) return { id: value.toLowerCase() };
      if (!EMAIL.test(value)) return { error: 'userId' };
      if (!canFind) return { error: 'emailNeedsUsers' };
      try {
        const { data } = await browserApi.GET('/api/v1/admin/users', { params: { query: { email: value, limit: 1 } } });
        if (!data) return { error: 'lookupFailed' };
        const user = data.data[0];
        return user ? { id: user.id } : { error: 'noSuchEmail' };
      } catch {
        return { error: 'lookupFailed' };
      }
    },
    [canFind],
  );
}
