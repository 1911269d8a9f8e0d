/**
 * The platform console speaks to the API without a store: its requests carry `X-Bazaar-Scope: platform`
 * and the `/api/*` proxy then forwards them without `X-Tenant-ID` (and without the forwarded host, which
 * the API could map to a store's domain). Pure, so the proxy and its tests share it.
 */
import { isPlatformHost, tenantFromHost } from './tenant';
import type { TenantEnv } from './tenant';

/** The request header naming the scope of a call; never forwarded to the API. */
export const SCOPE_HEADER = 'X-Bazaar-Scope';
export const PLATFORM_SCOPE = 'platform';

/**
 * The only API paths a platform-scoped call may reach: the platform's own routes, sign-in and
 * session routes, and the signed-in account. Anything else keeps the host's store.
 */
const PLATFORM_PATHS = [/^\/api\/v1\/platform(\/|$)/, /^\/api\/v1\/auth\//, /^\/api\/v1\/me(\/|$)/];

/**
 * Whether a request to `pathname` asks for (and may have) the platform scope: only on the platform's
 * host (`WEB_PLATFORM_HOST`), so a page of a store's host can never speak without its store.
 */
export function isPlatformScoped(headers: Headers, pathname: string, env: TenantEnv): boolean {
  const scope = headers.get(SCOPE_HEADER)?.trim().toLowerCase();
  return (
    scope === PLATFORM_SCOPE &&
    isPlatformHost(headers.get('host'), env) &&
    PLATFORM_PATHS.some((re) => re.test(pathname))
  );
}

/** Hop-by-hop headers and those the upstream fetch recomputes; never forwarded. */
const DROP_REQUEST = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'expect'];

/**
 * The headers the proxy sends upstream for a browser request: the browser's, less hop-by-hop ones and
 * the scope header, with the store named by the host (`X-Tenant-ID`, whatever the browser claims), or
 * with no store at all for a platform-scoped call.
 */
export function upstreamHeaders(incoming: Headers, url: URL, env: TenantEnv): Headers {
  const headers = new Headers(incoming);
  for (const h of DROP_REQUEST) headers.delete(h);
  headers.delete(SCOPE_HEADER);
  // The Host the browser connected with; a client's own X-Forwarded-Host is never believed.
  const host = incoming.get('host');
  if (isPlatformScoped(incoming, url.pathname, env)) {
    headers.delete('X-Tenant-ID');
    headers.delete('X-Forwarded-Host');
  } else {
    headers.set('X-Tenant-ID', tenantFromHost(host, env));
    if (host) headers.set('X-Forwarded-Host', host);
  }
  headers.set('X-Forwarded-Proto', url.protocol.replace(':', ''));
  return headers;
}
