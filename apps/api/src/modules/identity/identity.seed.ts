/** Demo accounts (password `bazaar-demo-pass`), created when absent; listed in the README. */
import { eq, sql } from 'drizzle-orm';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import type { Role } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { tenants } from '../tenancy/index.js';
import { hashPassword } from './identity.passwords.js';
import { DEFAULT_STAFF_PERMISSIONS } from './identity.permissions.js';
import { findUserByEmailIndex } from './identity.repository.js';
import { PLATFORM_SCOPE, normaliseEmail, personalData } from './identity.secrets.js';
import { users } from './identity.tables.js';

export const DEMO_PASSWORD = 'bazaar-demo-pass';

interface DemoUser {
  /** Store slug, or null for the platform. */
  store: string | null;
  email: string;
  name: string;
  roles: Role[];
  permissions?: readonly string[];
}

export const demoUsers: readonly DemoUser[] = [
  { store: null, email: 'admin@bazaar.test', name: 'Platform Admin', roles: ['platform_admin'] },
  { store: 'demo', email: 'owner@demo.test', name: 'Olivia Owner', roles: ['owner'] },
  {
    store: 'demo',
    email: 'staff@demo.test',
    name: 'Sam Staff',
    roles: ['staff'],
    permissions: DEFAULT_STAFF_PERMISSIONS,
  },
  { store: 'demo', email: 'vendor@demo.test', name: 'Vera Vendor', roles: ['vendor', 'customer'] },
  { store: 'demo', email: 'vendor2@demo.test', name: 'Victor Vendor', roles: ['vendor', 'customer'] },
  { store: 'demo', email: 'shopper@demo.test', name: 'Sophie Shopper', roles: ['customer'] },
  { store: 'acme', email: 'owner@acme.test', name: 'Anna Inhaberin', roles: ['owner'] },
  { store: 'acme', email: 'shopper@acme.test', name: 'Jonas Käufer', roles: ['customer'] },
];

/**
 * Runs on the caller's transaction as the table owner: each account is written inside its store's
 * tenant setting (row-level security is forced for the owner too). Returns the emails it created.
 */
export async function seedUsers(db: Queryable, pii: PiiCipher): Promise<string[]> {
  const created: string[] = [];
  let hash: string | undefined;
  for (const u of demoUsers) {
    let scope = PLATFORM_SCOPE;
    if (u.store) {
      const [store] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, u.store));
      if (!store) continue;
      scope = store.id;
    }
    await db.execute(sql`select set_config('app.tenant_id', ${scope}, true)`);
    const data = personalData(pii, scope);
    if (await findUserByEmailIndex(db, data.emailIndexCandidates(u.email))) continue;
    hash ??= await hashPassword(DEMO_PASSWORD);
    const now = new Date();
    await db.insert(users).values({
      tenantId: scope,
      id: newId(),
      emailCiphertext: data.seal('email', normaliseEmail(u.email)),
      emailIndex: data.emailIndex(u.email),
      emailVerifiedAt: now,
      nameCiphertext: data.seal('name', u.name),
      passwordHash: hash,
      passwordChangedAt: now,
      roles: u.roles,
      permissions: [...(u.permissions ?? [])],
      termsVersion: '2026-01',
      termsAcceptedAt: now,
    });
    created.push(u.email);
  }
  await db.execute(sql`select set_config('app.tenant_id', '', true)`);
  return created;
}
