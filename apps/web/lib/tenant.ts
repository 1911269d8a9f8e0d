/**
 * Which store a request is for, from its host name: `acme.localhost` → `acme`; a host listed in
 * `WEB_TENANT_HOSTS` (`shop.example.com=acme,…`) → that store; anything else (plain `localhost`, an IP)
 * → `WEB_DEFAULT_TENANT` (default `demo`). Pure, so the proxy, route handlers and tests share it.
 */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The environment variables read (`WEB_DEFAULT_TENANT`, `WEB_TENANT_HOSTS`); `process.env` fits. */
export type TenantEnv = Readonly<Record<string, string | undefined>>;

/** Parses `host=slug,host=slug` into a map (bad pairs are ignored). */
function hostMap(raw: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (raw ?? '').split(',')) {
    const [host, slug] = pair.split('=').map((s) => s.trim().toLowerCase());
    if (host && slug && SLUG.test(slug)) map.set(host, slug);
  }
  return map;
}

export function tenantFromHost(hostHeader: string | null | undefined, env: TenantEnv): string {
  const fallback = env.WEB_DEFAULT_TENANT?.trim() || 'demo';
  if (!hostHeader) return fallback;
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '');
  const mapped = hostMap(env.WEB_TENANT_HOSTS).get(host);
  if (mapped) return mapped;
  if (host.endsWith('.localhost')) {
    const label = host.slice(0, -'.localhost'.length).split('.').pop() ?? '';
    if (SLUG.test(label)) return label;
  }
  return fallback;
}

/**
 * Whether a request's host is the platform console's (`WEB_PLATFORM_HOST`, default `localhost`): the
 * only host that serves `/platform` and whose API calls may drop the store.
 */
export function isPlatformHost(hostHeader: string | null | undefined, env: TenantEnv): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '');
  const platform = (env.WEB_PLATFORM_HOST?.trim().toLowerCase() || 'localhost').replace(/:\d+$/, '');
  return host === platform;
}

/** Whether `value` can be a store slug (used to refuse junk in the `[tenant]` path segment). */
export const isTenantSlug = (value: string): boolean => SLUG.test(value);
