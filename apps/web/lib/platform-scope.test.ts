import { describe, expect, it } from 'vitest';
import { isPlatformScoped, upstreamHeaders, SCOPE_HEADER } from './platform-scope';

const env = { WEB_DEFAULT_TENANT: 'demo' };
const url = (path: string) => new URL(`http://demo.localhost:3000${path}`);

function browser(extra: Record<string, string> = {}): Headers {
  return new Headers({
    host: 'acme.localhost:3000',
    connection: 'keep-alive',
    'content-length': '42',
    cookie: 'bazaar_access=a; bazaar_csrf=c',
    'x-csrf-token': 'c',
    ...extra,
  });
}

describe('upstreamHeaders', () => {
  it("names the host's store, whatever the browser claims, and drops hop-by-hop headers", () => {
    const h = upstreamHeaders(browser({ 'X-Tenant-ID': 'mumbai' }), url('/api/v1/products'), env);
    expect(h.get('X-Tenant-ID')).toBe('acme');
    expect(h.get('X-Forwarded-Host')).toBe('acme.localhost:3000');
    expect(h.get('X-Forwarded-Proto')).toBe('http');
    expect(h.get('connection')).toBeNull();
    expect(h.get('content-length')).toBeNull();
    expect(h.get('host')).toBeNull();
    expect(h.get('cookie')).toBe('bazaar_access=a; bazaar_csrf=c');
    expect(h.get('x-csrf-token')).toBe('c');
  });

  it("believes the Host the browser connected with, not a client's X-Forwarded-Host", () => {
    const h = upstreamHeaders(browser({ 'x-forwarded-host': 'mumbai.localhost:3000' }), url('/api/v1/products'), env);
    expect(h.get('X-Tenant-ID')).toBe('acme');
    expect(h.get('X-Forwarded-Host')).toBe('acme.localhost:3000');
  });

  it('sends platform-scoped calls from the platform host without a store or forwarded host, never the scope header', () => {
    for (const path of ['/api/v1/platform/tenants', '/api/v1/platform/tenants/1', '/api/v1/auth/login', '/api/v1/me']) {
      const h = upstreamHeaders(
        browser({ host: 'localhost:3000', [SCOPE_HEADER]: 'platform', 'X-Tenant-ID': 'acme' }),
        url(path),
        env,
      );
      expect(h.get('X-Tenant-ID'), path).toBeNull();
      expect(h.get('X-Forwarded-Host'), path).toBeNull();
      expect(h.get(SCOPE_HEADER), path).toBeNull();
      expect(h.get('cookie'), path).toBe('bazaar_access=a; bazaar_csrf=c');
    }
  });

  it("keeps the store of a store's host even when the call asks for the platform scope", () => {
    const h = upstreamHeaders(browser({ [SCOPE_HEADER]: 'platform' }), url('/api/v1/platform/tenants'), env);
    expect(h.get('X-Tenant-ID')).toBe('acme');
    expect(h.get(SCOPE_HEADER)).toBeNull();
    const custom = { ...env, WEB_PLATFORM_HOST: 'console.example.com' };
    const onLocalhost = browser({ host: 'localhost:3000', [SCOPE_HEADER]: 'platform' });
    expect(isPlatformScoped(onLocalhost, '/api/v1/platform/tenants', custom)).toBe(false);
    const onConsole = browser({ host: 'console.example.com', [SCOPE_HEADER]: 'platform' });
    expect(isPlatformScoped(onConsole, '/api/v1/platform/tenants', custom)).toBe(true);
  });

  it('keeps the store for other paths and other scope values, dropping the scope header', () => {
    const other = upstreamHeaders(browser({ [SCOPE_HEADER]: 'platform' }), url('/api/v1/admin/orders'), env);
    expect(other.get('X-Tenant-ID')).toBe('acme');
    expect(other.get(SCOPE_HEADER)).toBeNull();
    const junk = upstreamHeaders(browser({ [SCOPE_HEADER]: 'root' }), url('/api/v1/platform/tenants'), env);
    expect(junk.get('X-Tenant-ID')).toBe('acme');
    expect(junk.get(SCOPE_HEADER)).toBeNull();
  });

  it('does not mistake look-alike paths for platform ones', () => {
    const h = browser({ host: 'localhost:3000', [SCOPE_HEADER]: 'Platform' });
    expect(isPlatformScoped(h, '/api/v1/platformx', env)).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/media', env)).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/store', env)).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/platform', env)).toBe(true);
    expect(isPlatformScoped(h, '/api/v1/me/sessions', env)).toBe(true);
    expect(isPlatformScoped(new Headers({ host: 'localhost' }), '/api/v1/platform/tenants', env)).toBe(false);
  });
});
