/**
 * An account approved to sell acts for its vendor from its next access token (the API's rule): the
 * token the browser holds may still be a customer's. A vendor call refused for that reason is sent
 * again once after renewing the session.
 */
import { hasSession, refreshSession } from '../../lib/browser-api';
import type { Answer } from '../console/useAction';

/** Refusals a token from before the approval gets: no vendor role, or not its permissions. */
const STALE = new Set(['not_a_vendor', 'forbidden']);

export async function withFreshToken<T>(call: () => Promise<Answer<T>>): Promise<Answer<T>> {
  const first = await call();
  if (first.response.status !== 403 || !hasSession()) return first;
  const code = (first.error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !STALE.has(code)) return first;
  if (!(await refreshSession())) return first;
  return call();
}
