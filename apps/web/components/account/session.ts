/** Small client-side helpers around the cookie session. */

/** Fired on `window` after signing in or out, so header links update without a reload. */
export const SESSION_EVENT = 'bazaar:session';

export function announceSessionChange(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(SESSION_EVENT));
}

/**
 * The `next` target after signing in: only a path on this site (one leading slash, no scheme, no
 * backslash tricks), otherwise the account page.
 */
export function safeNext(next: string | null | undefined, fallback = '/account'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  try {
    const url = new URL(next, 'http://same.invalid');
    if (url.origin !== 'http://same.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The sign-in page that comes back to `path` afterwards. */
export const loginHref = (path: string): string => `/account/login?next=${encodeURIComponent(path)}`;
