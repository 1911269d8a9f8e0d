/**
 * Every protected route × every kind of caller → the expected answer. Callers are real accounts
 * signed in through the API (and a real API key), in one store; a caller of another store and an
 * anonymous caller complete the columns. Later modules add their routes to the table.
 *
 * Refused callers must get exactly 401 (not signed in, or a credential of another store) or 403
 * (signed in without the permission). Allowed callers must get past the guard: any answer but 401
 * and 403 (the request itself may still be refused on its merits, e.g. 404 or 422).
 */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { createVendor, createVendorUser } from '../catalog-factories.js';
import { createUser, login } from '../identity-helpers.js';

type Caller = 'anonymous' | 'customer' | 'vendor' | 'staff' | 'owner' | 'platform_admin' | 'api_key' | 'other_store';
const CALLERS: readonly Caller[] = [
  'anonymous',
  'customer',
  'vendor',
  'staff',
  'owner',
  'platform_admin',
  'api_key',
  'other_store',
];

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** Callers that get past the guard. */
  allow: readonly Caller[];
  body?: unknown;
  headers?: Record<string, string>;
}

/** Signed-in people: the store's users, and platform admins (whose own account is in the platform). */
const users: readonly Caller[] = ['customer', 'vendor', 'staff', 'owner', 'platform_admin'];
const admins: readonly Caller[] = ['owner', 'platform_admin'];
const missing = '01900000-0000-7000-8000-000000000000';
/** People who act for a vendor. */
const vendorOnly: readonly Caller[] = ['vendor'];
/** Holders of `reviews:write`: customers (the demo vendor is one too), owners, platform admins. */
const reviewers: readonly Caller[] = ['customer', 'vendor', ...admins];
/** Holders of `orders:read:any` / `orders:manage`: the matrix's staff member has both. */
const orderStaff: readonly Caller[] = [...admins, 'staff'];

const ROUTES: readonly Route[] = [
  // Self-service: a user of this store, never an API key.
  { method: 'GET', url: '/api/v1/me', allow: users },
  { method: 'PATCH', url: '/api/v1/me', allow: users, body: { name: 'Renamed' }, headers: { 'if-match': '"99"' } },
  { method: 'GET', url: '/api/v1/me/export', allow: users },
  { method: 'GET', url: '/api/v1/me/consents', allow: users },
  { method: 'PUT', url: '/api/v1/me/consents', allow: users, body: { marketingOptIn: false } },
  { method: 'GET', url: '/api/v1/me/addresses', allow: users },
  { method: 'DELETE', url: `/api/v1/me/addresses/${missing}`, allow: users, headers: { 'if-match': '"1"' } },
  { method: 'POST', url: '/api/v1/auth/mfa/totp', allow: users },
  { method: 'POST', url: '/api/v1/auth/email/verification', allow: users },
  {
    method: 'POST',
    url: '/api/v1/auth/password/change',
    allow: users,
    body: { currentPassword: 'x', newPassword: 'y' },
  },
  // Store administration, by permission.
  { method: 'GET', url: '/api/v1/admin/users', allow: [...admins, 'api_key'] },
  { method: 'GET', url: `/api/v1/admin/users/${missing}`, allow: [...admins, 'api_key'] },
  {
    method: 'PATCH',
    url: `/api/v1/admin/users/${missing}`,
    allow: [...admins, 'api_key'],
    body: { status: 'blocked' },
    headers: { 'if-match': '"1"' },
  },
  { method: 'GET', url: '/api/v1/admin/invitations', allow: [...admins, 'api_key'] },
  {
    method: 'POST',
    url: '/api/v1/admin/invitations',
    allow: [...admins, 'api_key'],
    body: { email: 'not-an-email', role: 'staff' },
  },
  { method: 'GET', url: '/api/v1/admin/api-keys', allow: admins },
  { method: 'DELETE', url: `/api/v1/admin/api-keys/${missing}`, allow: admins },
  { method: 'GET', url: '/api/v1/admin/audit-log', allow: admins },
  { method: 'GET', url: '/api/v1/admin/notifications', allow: ['staff', ...admins] },
  { method: 'GET', url: '/api/v1/admin/oidc-providers', allow: admins },
  // Selling: any signed-in person may apply and see their application.
  { method: 'POST', url: '/api/v1/vendors/apply', allow: users, body: {} },
  { method: 'GET', url: '/api/v1/vendor/profile', allow: users },
  { method: 'PATCH', url: '/api/v1/vendor/profile', allow: users, body: {}, headers: { 'if-match': '"99"' } },
  // A vendor's own catalog: only people who act for a vendor (an owner is not one).
  { method: 'GET', url: '/api/v1/vendor/products', allow: vendorOnly },
  { method: 'POST', url: '/api/v1/vendor/products', allow: vendorOnly, body: {} },
  { method: 'GET', url: `/api/v1/vendor/products/${missing}`, allow: vendorOnly },
  {
    method: 'PATCH',
    url: `/api/v1/vendor/products/${missing}`,
    allow: vendorOnly,
    body: {},
    headers: { 'if-match': '"1"' },
  },
  { method: 'DELETE', url: `/api/v1/vendor/products/${missing}`, allow: vendorOnly, headers: { 'if-match': '"1"' } },
  { method: 'POST', url: `/api/v1/vendor/products/${missing}/submit`, allow: vendorOnly },
  { method: 'POST', url: `/api/v1/vendor/products/${missing}/archive`, allow: vendorOnly },
  {
    method: 'PATCH',
    url: `/api/v1/vendor/products/${missing}/variants/${missing}`,
    allow: vendorOnly,
    body: {},
    headers: { 'if-match': '"1"' },
  },
  { method: 'POST', url: `/api/v1/vendor/products/${missing}/images`, allow: vendorOnly },
  {
    method: 'DELETE',
    url: `/api/v1/vendor/products/${missing}/images/${missing}`,
    allow: vendorOnly,
    headers: { 'if-match': '"1"' },
  },
  {
    method: 'POST',
    url: '/api/v1/vendor/products/import',
    allow: vendorOnly,
    body: 'sku,price\n',
    headers: { 'content-type': 'text/csv' },
  },
  { method: 'GET', url: '/api/v1/vendor/imports', allow: vendorOnly },
  { method: 'GET', url: `/api/v1/vendor/imports/${missing}`, allow: vendorOnly },
  { method: 'GET', url: '/api/v1/vendor/products/export', allow: vendorOnly },
  // Reviews: customers (vendors are customers too), owners.
  { method: 'POST', url: `/api/v1/products/${missing}/reviews`, allow: reviewers, body: { rating: 5, body: 'Good' } },
  {
    method: 'PATCH',
    url: `/api/v1/products/${missing}/reviews/${missing}`,
    allow: reviewers,
    body: { rating: 4 },
    headers: { 'if-match': '"1"' },
  },
  {
    method: 'DELETE',
    url: `/api/v1/products/${missing}/reviews/${missing}`,
    allow: reviewers,
    headers: { 'if-match': '"1"' },
  },
  // Moderation and catalog administration.
  { method: 'GET', url: '/api/v1/admin/vendors', allow: ['staff', ...admins] },
  { method: 'GET', url: `/api/v1/admin/vendors/${missing}`, allow: ['staff', ...admins] },
  { method: 'POST', url: `/api/v1/admin/vendors/${missing}/approve`, allow: ['staff', ...admins] },
  {
    method: 'POST',
    url: `/api/v1/admin/vendors/${missing}/reject`,
    allow: ['staff', ...admins],
    body: { reason: 'x' },
  },
  {
    method: 'POST',
    url: `/api/v1/admin/vendors/${missing}/suspend`,
    allow: ['staff', ...admins],
    body: { reason: 'x' },
  },
  { method: 'POST', url: `/api/v1/admin/vendors/${missing}/reinstate`, allow: ['staff', ...admins] },
  {
    method: 'PATCH',
    url: `/api/v1/admin/vendors/${missing}`,
    allow: ['staff', ...admins],
    body: { description: 'x' },
    headers: { 'if-match': '"1"' },
  },
  { method: 'GET', url: '/api/v1/admin/products', allow: ['staff', ...admins] },
  { method: 'GET', url: `/api/v1/admin/products/${missing}`, allow: ['staff', ...admins] },
  { method: 'POST', url: `/api/v1/admin/products/${missing}/approve`, allow: ['staff', ...admins] },
  {
    method: 'POST',
    url: `/api/v1/admin/products/${missing}/reject`,
    allow: ['staff', ...admins],
    body: { reason: 'x' },
  },
  {
    method: 'PATCH',
    url: `/api/v1/admin/products/${missing}`,
    allow: admins,
    body: { featured: true },
    headers: { 'if-match': '"1"' },
  },
  { method: 'GET', url: '/api/v1/admin/categories', allow: admins },
  { method: 'GET', url: `/api/v1/admin/categories/${missing}`, allow: admins },
  { method: 'POST', url: '/api/v1/admin/categories', allow: admins, body: {} },
  {
    method: 'PATCH',
    url: `/api/v1/admin/categories/${missing}`,
    allow: admins,
    body: {},
    headers: { 'if-match': '"1"' },
  },
  { method: 'DELETE', url: `/api/v1/admin/categories/${missing}`, allow: admins, headers: { 'if-match': '"1"' } },
  { method: 'GET', url: '/api/v1/admin/reviews', allow: admins },
  { method: 'POST', url: `/api/v1/admin/reviews/${missing}/hide`, allow: admins, body: { reason: 'x' } },
  { method: 'POST', url: `/api/v1/admin/reviews/${missing}/unhide`, allow: admins },
  // Commerce: a shopper's own cart and orders, a vendor's sub-orders and money, the store's business.
  { method: 'GET', url: '/api/v1/me/cart', allow: users },
  { method: 'GET', url: '/api/v1/orders', allow: users },
  { method: 'GET', url: '/api/v1/vendor/orders', allow: vendorOnly },
  { method: 'GET', url: `/api/v1/vendor/orders/${missing}`, allow: vendorOnly },
  {
    method: 'POST',
    url: `/api/v1/vendor/orders/${missing}/shipments`,
    allow: vendorOnly,
    body: { carrier: 'UPS', trackingNumber: '1Z999' },
  },
  { method: 'POST', url: `/api/v1/vendor/orders/${missing}/shipments/${missing}/delivered`, allow: vendorOnly },
  { method: 'GET', url: '/api/v1/vendor/balance', allow: vendorOnly },
  { method: 'GET', url: '/api/v1/vendor/ledger', allow: vendorOnly },
  { method: 'GET', url: '/api/v1/admin/orders', allow: orderStaff },
  { method: 'GET', url: `/api/v1/admin/orders/${missing}`, allow: orderStaff },
  { method: 'GET', url: '/api/v1/admin/orders/export?from=2026-01-01&to=2026-01-02', allow: orderStaff },
  { method: 'POST', url: `/api/v1/admin/orders/${missing}/transitions`, allow: orderStaff, body: { to: 'confirmed' } },
  // Refunds need `orders:refund`, which the matrix's staff member was not granted.
  {
    method: 'POST',
    url: `/api/v1/admin/orders/${missing}/refunds`,
    allow: admins,
    body: { subOrderId: missing, amount: { amount: 100, currency: 'USD' }, reason: 'matrix' },
    headers: { 'idempotency-key': 'matrix-refund' },
  },
  { method: 'GET', url: '/api/v1/admin/settings', allow: admins },
  { method: 'PATCH', url: '/api/v1/admin/settings', allow: admins, body: {}, headers: { 'if-match': '"99"' } },
  { method: 'GET', url: '/api/v1/admin/tax-rates', allow: admins },
  { method: 'POST', url: '/api/v1/admin/tax-rates', allow: admins, body: {} },
  {
    method: 'PATCH',
    url: `/api/v1/admin/tax-rates/${missing}`,
    allow: admins,
    body: {},
    headers: { 'if-match': '"1"' },
  },
  { method: 'DELETE', url: `/api/v1/admin/tax-rates/${missing}`, allow: admins, headers: { 'if-match': '"1"' } },
  { method: 'GET', url: '/api/v1/admin/shipping-zones', allow: admins },
  { method: 'POST', url: '/api/v1/admin/shipping-zones', allow: admins, body: {} },
  {
    method: 'PATCH',
    url: `/api/v1/admin/shipping-zones/${missing}`,
    allow: admins,
    body: {},
    headers: { 'if-match': '"1"' },
  },
  { method: 'DELETE', url: `/api/v1/admin/shipping-zones/${missing}`, allow: admins, headers: { 'if-match': '"1"' } },
  { method: 'GET', url: '/api/v1/admin/coupons', allow: admins },
  { method: 'POST', url: '/api/v1/admin/coupons', allow: admins, body: {} },
  { method: 'PATCH', url: `/api/v1/admin/coupons/${missing}`, allow: admins, body: {}, headers: { 'if-match': '"1"' } },
  { method: 'DELETE', url: `/api/v1/admin/coupons/${missing}`, allow: admins, headers: { 'if-match': '"1"' } },
  { method: 'GET', url: '/api/v1/admin/payouts', allow: admins },
  {
    method: 'POST',
    url: '/api/v1/admin/payouts',
    allow: admins,
    body: { vendorId: missing },
    headers: { 'idempotency-key': 'matrix-payout' },
  },
  { method: 'GET', url: '/api/v1/admin/analytics/sales?from=2026-01-01&to=2026-01-31', allow: admins },
  // Platform administration: platform admins only.
  { method: 'GET', url: '/api/v1/platform/tenants', allow: ['platform_admin'] },
  { method: 'GET', url: `/api/v1/platform/tenants/${missing}`, allow: ['platform_admin'] },
  { method: 'POST', url: '/api/v1/platform/tenants', allow: ['platform_admin'], body: { slug: 'x' } },
];

/** What a refused caller must get. */
function refusal(caller: Caller, route: Route): 401 | 403 {
  if (caller === 'anonymous') return 401;
  // Platform routes name no store: a store's API key is no credential there (it is bound to its
  // store), while a store user's token is a valid credential without the platform role.
  if (route.url.startsWith('/api/v1/platform/')) return caller === 'api_key' ? 401 : 403;
  // A credential of another store is refused on this one, whatever it may do at home.
  if (caller === 'other_store') return 401;
  // Routes for a signed-in person: an API key is not one.
  if (route.allow === users && caller === 'api_key') return 401;
  return 403;
}

describe('role × route matrix', () => {
  const t = useApp();

  it('answers each caller as the table says', async () => {
    const store = await buildTenant(t.runtime);
    const other = await buildTenant(t.runtime);
    const account = async (roles: Parameters<typeof createUser>[2]) =>
      (await login(t.app, await createUser(t.runtime, store.id, roles), { tenant: store.slug })).accessToken;
    const owner = await account({ roles: ['owner'] });
    const tokens: Partial<Record<Caller, string>> = {
      customer: await account({ roles: ['customer'] }),
      vendor: (
        await login(t.app, await createVendorUser(t.runtime, store.id, (await createVendor(t.runtime, store.id)).id), {
          tenant: store.slug,
        })
      ).accessToken,
      staff: await account({
        roles: ['staff'],
        permissions: ['orders:read:any', 'orders:manage', 'products:approve', 'vendors:approve', 'notifications:read'],
      }),
      owner,
      platform_admin: (await login(t.app, await createUser(t.runtime, null, { roles: ['platform_admin'] })))
        .accessToken,
      other_store: (
        await login(t.app, await createUser(t.runtime, other.id, { roles: ['owner'] }), { tenant: other.slug })
      ).accessToken,
    };
    // A service key with exactly one scope: users:manage.
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/api-keys',
      headers: { 'x-tenant-id': store.slug, authorization: `Bearer ${owner}` },
      payload: { name: 'matrix', scopes: ['users:manage'] },
    });
    expect(key.statusCode).toBe(201);
    tokens.api_key = key.json<{ key: string }>().key;

    const failures: string[] = [];
    for (const route of ROUTES) {
      for (const caller of CALLERS) {
        const token = tokens[caller];
        const res = await t.app.inject({
          method: route.method,
          url: route.url,
          headers: {
            ...(route.url.startsWith('/api/v1/platform/') ? {} : { 'x-tenant-id': store.slug }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...route.headers,
          },
          ...(route.body !== undefined
            ? { payload: typeof route.body === 'string' ? route.body : (route.body as Record<string, unknown>) }
            : {}),
        });
        const allowed = route.allow.includes(caller);
        const ok = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403
          : res.statusCode === refusal(caller, route);
        if (!ok || res.statusCode >= 500) {
          failures.push(
            `${route.method} ${route.url} as ${caller}: got ${res.statusCode}, expected ${allowed ? 'allowed' : refusal(caller, route)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
