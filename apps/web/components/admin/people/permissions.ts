/** Store permissions an owner or staff member may grant (and API keys may carry), in the API's order. */
import type { Permission } from '../../console/ConsoleProvider';

export const STORE_PERMISSIONS = [
  'orders:read:any',
  'orders:manage',
  'orders:refund',
  'products:approve',
  'vendors:approve',
  'catalog:manage',
  'coupons:manage',
  'settings:manage',
  'users:manage',
  'payouts:manage',
  'audit:read',
  'notifications:read',
  'analytics:read',
  'api_keys:manage',
  'webhooks:manage',
] as const satisfies readonly Permission[];

export type StorePermission = (typeof STORE_PERMISSIONS)[number];

/** What a new staff member gets unless the inviter changes it (the API's default set). */
export const DEFAULT_STAFF_PERMISSIONS: readonly StorePermission[] = [
  'orders:read:any',
  'orders:manage',
  'products:approve',
  'vendors:approve',
  'catalog:manage',
  'notifications:read',
];

export const isStorePermission = (p: string): p is StorePermission =>
  (STORE_PERMISSIONS as readonly string[]).includes(p);

/** The message key of a permission's label: `orders:read:any` → `permissions.orders_read_any`. */
export const permissionKey = (p: string): string => `permissions.${p.replace(/:/g, '_')}`;

/** In the API's order, whatever order they were picked in. */
export const inOrder = (picked: Iterable<string>): StorePermission[] => {
  const set = new Set(picked);
  return STORE_PERMISSIONS.filter((p) => set.has(p));
};
