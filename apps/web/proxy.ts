import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { isPlatformHost, tenantFromHost } from './lib/tenant';

/**
 * Every page lives under `app/[tenant]/…`: the store comes from the host, and the path the shopper sees
 * never names it (`acme.localhost:3000/p/mug` renders `app/[tenant]/p/[slug]` with `tenant = acme`).
 * Pages then cache per store like any static route. The platform console under `/platform` belongs to
 * no store and is served only on `WEB_PLATFORM_HOST`.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  // The platform console (`app/platform`) is served on the platform's host only; elsewhere `/platform`
  // is an unknown page of the store.
  if (/^\/platform(\/|$)/.test(pathname) && isPlatformHost(request.headers.get('host'), process.env)) {
    return NextResponse.next();
  }
  const tenant = tenantFromHost(request.headers.get('host'), process.env);
  const url = request.nextUrl.clone();
  url.pathname = `/${tenant}${url.pathname === '/' ? '' : url.pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // Not the API proxy, Next's own assets, the service worker or the public icons.
  matcher: ['/((?!api/|_next/|sw\\.js|favicon\\.ico|icons/).*)'],
};
