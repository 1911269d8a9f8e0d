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

  it('sends platform-scoped calls without a store or forwarded host, and never the scope header', () => {
    for (const path of ['/api/v1/platform/tenants', '/api/v1/platform/tenants/1', '/api/v1/auth/login', '/api/v1/me']) {
      const h = upstreamHeaders(browser({ [SCOPE_HEADER]: 'platform', 'X-Tenant-ID': 'acme' }), url(path), env);
      expect(h.get('X-Tenant-ID'), path).toBeNull();
      expect(h.get('X-Forwarded-Host'), path).toBeNull();
      expect(h.get(SCOPE_HEADER), path).toBeNull();
      expect(h.get('cookie'), path).toBe('bazaar_access=a; bazaar_csrf=c');
    }
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
    const h = browser({ [SCOPE_HEADER]: 'Platform' });
    expect(isPlatformScoped(h, '/api/v1/platformx')).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/media')).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/store')).toBe(false);
    expect(isPlatformScoped(h, '/api/v1/platform')).toBe(true);
    expect(isPlatformScoped(h, '/api/v1/me/sessions')).toBe(true);
    expect(isPlatformScoped(new Headers(), '/api/v1/platform/tenants')).toBe(false);
  });
});
