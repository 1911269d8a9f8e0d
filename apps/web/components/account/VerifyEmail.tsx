'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { problemOf, problemText } from './problems';

/** One request per token, even when an effect runs twice (the token works only once). */
const requests = new Map<string, Promise<string | null>>();

function verifyOnce(token: string, t: (key: string) => string): Promise<string | null> {
  let request = requests.get(token);
  if (!request) {
    request = browserApi
      .POST('/api/v1/auth/email/verify', { body: { token } })
      .then(({ error, response }) => (response.ok ? null : problemText(t, problemOf(error, response))))
      .catch(() => t('errors.network_error'));
    requests.set(token, request);
  }
  return request;
}

/** Confirms the email address with the link's token once, on arrival. */
export function VerifyEmail({ token }: { token: string }) {
  const t = useTranslations('account');
  const [state, setState] = useState<{ kind: 'pending' } | { kind: 'done' } | { kind: 'error'; message: string }>(
    token ? { kind: 'pending' } : { kind: 'error', message: t('errors.token_invalid') },
  );
  useEffect(() => {
    if (!token) return;
    let live = true;
    void verifyOnce(token, t).then((message) => {
      if (live) setState(message === null ? { kind: 'done' } : { kind: 'error', message });
    });
    return () => {
      live = false;
    };
  }, [token, t]);
  return (
    <div role="status">
      {state.kind === 'pending' && <p>{t('verify.pending')}</p>}
      {state.kind === 'done' && (
        <p className="alert alert-success">
          {t('verify.done')} <Link href="/account">{t('verify.toAccount')}</Link>
        </p>
      )}
      {state.kind === 'error' && <p className="alert alert-error">{state.message}</p>}
    </div>
  );
}
