'use client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { useSessionGuard } from '../account/useSessionGuard';
import { consoleProblemText, problemOf } from '../console/problems';
import type { VendorProfile } from './types';

export type ProfileState =
  | { kind: 'loading' }
  /** The account neither acts for a vendor nor has applied (404 `vendor_not_found`). */
  | { kind: 'none' }
  | { kind: 'ready'; profile: VendorProfile }
  | { kind: 'error'; message: string };

/**
 * `GET /api/v1/vendor/profile`: the vendor the account acts for, or its latest application.
 * `set` puts a fresher copy in place (after applying or saving), `reload` asks again.
 */
export function useVendorProfile() {
  const t = useTranslations('console');
  const expired = useSessionGuard();
  const [state, setState] = useState<ProfileState>({ kind: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/vendor/profile')
      .then(({ data, error, response }) => {
        if (!live || expired(response)) return;
        if (data) setState({ kind: 'ready', profile: data });
        else if (response.status === 404) setState({ kind: 'none' });
        else setState({ kind: 'error', message: consoleProblemText(t, problemOf(error, response)) });
      })
      .catch(() => live && setState({ kind: 'error', message: t('errors.network_error') }));
    return () => {
      live = false;
    };
  }, [tick, expired, t]);

  const set = useCallback((profile: VendorProfile) => setState({ kind: 'ready', profile }), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { state, set, reload };
}
