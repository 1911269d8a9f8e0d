/**
 * The browser's API client: same origin (`/api/*`, forwarded by the web server with the store of the
 * host), cookie session, `X-CSRF-Token` on every state-changing request (double submit of the
 * `bazaar_csrf` cookie) and one transparent refresh when the short-lived access cookie has expired.
 */
import { createBazaarClient } from '@bazaar/sdk';
import type { BazaarClient } from '@bazaar/sdk';

const CSRF_COOKIE = 'bazaar_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of a readable cookie, or undefined. */
export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Whether this browser holds a session (the CSRF cookie lives as long as the refresh token). */
export const hasSession = (): boolean => readCookie(CSRF_COOKIE) !== undefined;

function withCsrf(request: Request): Request {
  const token = readCookie(CSRF_COOKIE);
  if (token && !SAFE.has(request.method) && !request.headers.has('X-CSRF-Token')) {
    request.headers.set('X-CSRF-Token', token);
  }
  return request;
}

/** Headers a session client puts on each of its requests (the platform console's scope). */
export type ScopeHeaders = Readonly<Record<string, string>>;

function withHeaders(request: Request, headers: ScopeHeaders): Request {
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return request;
}

/**
 * A function that renews the access cookie from the refresh cookie, sending `headers` with it (a
 * session is renewed in the scope it was opened in); concurrent callers share one request.
 */
export function sessionRefresher(headers: ScopeHeaders = {}): () => Promise<boolean> {
  let refreshing: Promise<boolean> | null = null;
  return () => {
    refreshing ??= (async () => {
      try {
        const res = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json', 'X-CSRF-Token': readCookie(CSRF_COOKIE) ?? '' },
          body: JSON.stringify({ mode: 'cookie' }),
          credentials: 'same-origin',
        });
        return res.ok;
      } catch {
        return false;
      } finally {
        setTimeout(() => (refreshing = null), 0);
      }
    })();
    return refreshing;
  };
}

/** Renews the store session's access cookie; concurrent callers share one request. */
export const refreshSession: () => Promise<boolean> = sessionRefresher();

/**
 * A same-origin client on the cookie session: CSRF header on state-changing requests, one transparent
 * refresh after a 401, and `headers` on every request. `browserApi` is the store's; the platform
 * console builds its own with a scope header (`lib/platform-api.ts`).
 */
export function createSessionClient(headers: ScopeHeaders = {}): BazaarClient {
  const refresh = Object.keys(headers).length === 0 ? refreshSession : sessionRefresher(headers);
  async function sessionFetch(request: Request): Promise<Response> {
    const again = request.clone();
    const res = await fetch(withCsrf(withHeaders(request, headers)));
    if (res.status !== 401 || !hasSession() || new URL(request.url).pathname.startsWith('/api/v1/auth/')) return res;
    if (!(await refresh())) return res;
    return fetch(withCsrf(withHeaders(again, headers)));
  }
  return createBazaarClient({
    baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
    fetch: sessionFetch,
  });
}

/** The shared browser client: `browserApi.GET('/api/v1/me')`. */
export const browserApi: BazaarClient = createSessionClient();
