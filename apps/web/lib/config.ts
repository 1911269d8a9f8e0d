/**
 * The web app's configuration, read from the environment in this one place (server only).
 * - `API_URL`: where the server reaches the API (default `http://127.0.0.1:4000`).
 * - `WEB_DEFAULT_TENANT`: the store for hosts that name none (default `demo`).
 * - `WEB_TENANT_HOSTS`: extra `host=store` pairs for custom domains.
 * - `WEB_PUBLIC_URL`: the public origin pattern for canonical links; `{tenant}` is replaced by the store
 *   (default `http://{tenant}.localhost:3000`, or the store's first domain when it has one).
 * - `WEB_REVALIDATE_SECONDS`: how long catalog pages and data stay fresh before revalidation (default 60).
 */
const DEFAULT_API_URL = 'http://127.0.0.1:4000';

export function apiOrigin(): string {
  const raw = process.env.API_URL?.trim() || DEFAULT_API_URL;
  return new URL(raw).origin;
}

export function revalidateSeconds(): number {
  const n = Number(process.env.WEB_REVALIDATE_SECONDS ?? 60);
  return Number.isFinite(n) && n >= 0 ? n : 60;
}

/** Public origin of a store, for canonical URLs, the sitemap and structured data. */
export function publicOrigin(tenant: string, domains: readonly string[] = []): string {
  const pattern = process.env.WEB_PUBLIC_URL?.trim();
  if (pattern) return new URL(pattern.replaceAll('{tenant}', tenant)).origin;
  const port = process.env.WEB_PORT?.trim() || '3000';
  const domain = domains[0];
  if (domain && !domain.endsWith('.localhost')) return `https://${domain}`;
  return `http://${domain ?? `${tenant}.localhost`}:${port}`;
}
