import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { tenantFromHost } from './lib/tenant';

/**
 * Every page lives under `app/[tenant]/…`: the store comes from the host, and the path the shopper sees
 * never names it (`acme.localhost:3000/p/mug` renders `app/[tenant]/p/[slug]` with `tenant = acme`).
 * Pages then cache per store like any static route.
 */
export function proxy(request: NextRequest): NextResponse {
  const tenant = tenantFromHost(request.headers.get('host'), process.env);
  const url = request.nextUrl.clone();
  url.pathname = `/${tenant}${url.pathname === '/' ? '' : url.pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // Not the API proxy, Next's own assets, the service worker or the public icons.
  matcher: ['/((?!api/|_next/|sw\\.js|favicon\\.ico|icons/).*)'],
};
