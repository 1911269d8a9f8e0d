/**
 * Roles and permissions. A user's token carries its effective permissions in `scope`; an API key
 * carries the scopes it was created with. Route guards and service policies both ask `can`.
 *
 * `*:own` permissions let a holder act on what is theirs (their orders, their vendor's products);
 * `*:any` and the others act on the whole store. Owners hold every store permission; staff hold
 * what the owner grants; vendors and customers hold a fixed set.
 */
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import type { Actor, Role } from '../../platform/context.js';
import { Forbidden, Unauthorized } from '../../platform/errors.js';

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
] as const;

export const OWN_PERMISSIONS = ['orders:read:own', 'products:write:own', 'reviews:write', 'profile:manage'] as const;

export type Permission = (typeof STORE_PERMISSIONS)[number] | (typeof OWN_PERMISSIONS)[number];

export const ALL_PERMISSIONS: readonly Permission[] = [...STORE_PERMISSIONS, ...OWN_PERMISSIONS];

/** What each role brings by itself. Staff start with nothing beyond their grants. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: ALL_PERMISSIONS,
  owner: ALL_PERMISSIONS,
  staff: ['profile:manage'],
  vendor: ['products:write:own', 'orders:read:own', 'profile:manage'],
  customer: ['orders:read:own', 'reviews:write', 'profile:manage'],
};

/** The grants a new staff member gets unless the owner says otherwise (the demo staff's set). */
export const DEFAULT_STAFF_PERMISSIONS: readonly Permission[] = [
  'orders:read:any',
  'orders:manage',
  'products:approve',
  'vendors:approve',
  'catalog:manage',
  'notifications:read',
];

/** Roles a store may give its users (platform_admin belongs to the platform). */
export const STORE_ROLES: readonly Role[] = ['owner', 'staff', 'vendor', 'customer'];

export const isPermission = (p: string): p is Permission => (ALL_PERMISSIONS as readonly string[]).includes(p);

/** Roles' permissions plus individual grants (grants count only for staff: store permissions). */
export function effectivePermissions(roles: readonly Role[], granted: readonly string[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) set.add(p);
  if (roles.includes('staff')) {
    for (const p of granted) if ((STORE_PERMISSIONS as readonly string[]).includes(p)) set.add(p as Permission);
  }
  return ALL_PERMISSIONS.filter((p) => set.has(p));
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  if (actor.roles.includes('platform_admin') || actor.roles.includes('owner')) return true;
  return actor.scopes.includes(permission);
}

/** Throws 401 without an actor, 403 without the permission. */
export function assertCan(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new Unauthorized();
  if (!can(actor, permission)) throw new Forbidden('forbidden', `This needs the "${permission}" permission.`);
}

/** A route guard, run before validation: `preValidation: requirePermission('orders:refund')`. */
export function requirePermission(permission: Permission): preValidationAsyncHookHandler {
  return async function guard(this: unknown, req: FastifyRequest, _reply: FastifyReply) {
    assertCan(req.actor, permission);
  };
}

/** A route guard for anyone signed in (a user, not an API key). */
export const requireUser: preValidationAsyncHookHandler = async function guard(
  this: unknown,
  req: FastifyRequest,
  _reply: FastifyReply,
) {
  if (!req.actor || req.actor.kind !== 'user') throw new Unauthorized();
};

/**
 * Throws unless the actor is a person acting for a vendor (401 without an actor). Owners and
 * platform admins hold every permission but sell nothing: they are refused here too.
 */
export function assertVendor(actor: Actor | null | undefined): asserts actor is Actor {
  assertCan(actor, 'products:write:own');
  if (actor.kind !== 'user' || !actor.roles.includes('vendor')) {
    throw new Forbidden('not_a_vendor', 'This is for people who sell in this store.');
  }
}

/** A route guard for a vendor's own routes (`/api/v1/vendor/…`), run before validation. */
export const requireVendor: preValidationAsyncHookHandler = async function guard(
  this: unknown,
  req: FastifyRequest,
  _reply: FastifyReply,
) {
  assertVendor(req.actor);
};
