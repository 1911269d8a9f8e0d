/**
 * The web app's configuration, read from the environment in this one place (server only).
 * - `API_URL`: where the server reaches the API (default `http://127.0.0.1:4000`).
 * - `WEB_DEFAULT_TENANT`: the store for hosts that name none (default `demo`).
 * - `WEB_TENANT_HOSTS`: extra `host=store` pairs for custom domains.
 * - `WEB_PLATFORM_HOST`: the only host name that serves the platform console (default `localhost`).
 * - `WEB_URL`: the public origin of a store for canonical links, the sitemap and structured data; `{store}`
 *   becomes the store slug (default `http://{store}.localhost:<WEB_PORT>`). A store with its own domain
 *   (not `*.localhost`) is addressed as `https://<domain>`. The API reads the same variable for the links
 *   in its messages.
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
export function publicOrigin(store: string, domains: readonly string[] = []): string {
  const own = domains.find((d) => !d.endsWith('.localhost') && d !== 'localhost');
  if (own) return `https://${own}`;
  const pattern = process.env.WEB_URL?.trim() || `http://{store}.localhost:${process.env.WEB_PORT?.trim() || '3000'}`;
  return new URL(pattern.replaceAll('{store}', store)).origin;
}
