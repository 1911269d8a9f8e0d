/**
 * Direct API calls the journeys make besides the browser: registering a fresh customer, and acting as the
 * store owner (moving an order along its states). Through the typed SDK, straight to the API's port.
 */
import { randomUUID } from 'node:crypto';
import { createBazaarClient, unwrap } from '@bazaar/sdk';
import type { BazaarClient, components } from '@bazaar/sdk';

export const DEMO_PASSWORD = 'bazaar-demo-pass';
export const SHOPPER = { email: 'shopper@demo.test', password: DEMO_PASSWORD };
export const OWNER = { email: 'owner@demo.test', password: DEMO_PASSWORD };

export type Order = components['schemas']['Order'];
export type OrderStatus = Order['status'];

export function client(apiUrl: string, tenant = 'demo', token?: string): BazaarClient {
  return createBazaarClient({ baseUrl: apiUrl, tenant, token });
}

/** A unique e-mail address for a customer created by this run. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}@e2e.test`;
}

/** A strong password the API's policy accepts. */
export const NEW_PASSWORD = 'Correct-Horse-Battery-42';

export async function register(apiUrl: string, email: string, tenant = 'demo'): Promise<void> {
  unwrap(
    await client(apiUrl, tenant).POST('/api/v1/auth/register', {
      body: { email, password: NEW_PASSWORD, name: 'E2E Shopper' },
    }),
  );
}

/** An access token (token mode) for `email`. */
export async function login(apiUrl: string, email: string, password: string, tenant = 'demo'): Promise<string> {
  const session = unwrap(
    await client(apiUrl, tenant).POST('/api/v1/auth/login', { body: { email, password, mode: 'token' } }),
  );
  if (!('accessToken' in session)) throw new Error('login returned no access token');
  return session.accessToken;
}

export async function getOrderAsOwner(apiUrl: string, ownerToken: string, orderId: string): Promise<Order> {
  return unwrap(
    await client(apiUrl, 'demo', ownerToken).GET('/api/v1/admin/orders/{id}', { params: { path: { id: orderId } } }),
  );
}

/** Moves an order to `to` as the store owner (`POST /admin/orders/{id}/transitions`). */
export async function transition(apiUrl: string, ownerToken: string, orderId: string, to: OrderStatus): Promise<void> {
  unwrap(
    await client(apiUrl, 'demo', ownerToken).POST('/api/v1/admin/orders/{id}/transitions', {
      params: { path: { id: orderId } },
      body: { to: to as 'processing' },
    }),
  );
}

export const VENDOR = { email: 'vendor@demo.test', password: DEMO_PASSWORD };

/** Ships everything of a vendor's sub-order, as that vendor (`POST /vendor/orders/{id}/shipments`). */
export async function shipSubOrder(apiUrl: string, vendorToken: string, subOrderId: string): Promise<void> {
  unwrap(
    await client(apiUrl, 'demo', vendorToken).POST('/api/v1/vendor/orders/{id}/shipments', {
      params: { path: { id: subOrderId } },
      body: { carrier: 'dhl', trackingNumber: `E2E${Date.now()}` },
    }),
  );
}
