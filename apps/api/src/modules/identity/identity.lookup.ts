/**
 * Finding accounts by email for other modules' seeds and tools, and the demo customer accounts
 * they need. Each function runs on the caller's transaction, which must already be inside the
 * store's tenant setting (`app.tenant_id`): row-level security confines it to that store.
 */
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from './identity.passwords.js';
import { findUserByEmailIndex } from './identity.repository.js';
import { DEMO_PASSWORD } from './identity.seed.js';
import { normaliseEmail, personalData } from './identity.secrets.js';
import { users } from './identity.tables.js';

/** The id of the live account with this email in store `tenantId`, or null. */
export async function userIdByEmail(
  tx: Queryable,
  pii: PiiCipher,
  tenantId: string,
  email: string,
): Promise<string | null> {
  const row = await findUserByEmailIndex(tx, personalData(pii, tenantId).emailIndexCandidates(email));
  return row?.id ?? null;
}

export interface DemoCustomer {
  email: string;
  name: string;
}

/**
 * Customer accounts (password `DEMO_PASSWORD`, email verified) in store `tenantId`, created when
 * absent. Returns each account's id in the order given and the emails it created.
 */
export async function ensureDemoCustomers(
  tx: Queryable,
  pii: PiiCipher,
  tenantId: string,
  accounts: readonly DemoCustomer[],
): Promise<{ ids: string[]; created: string[] }> {
  const data = personalData(pii, tenantId);
  const ids: string[] = [];
  const created: string[] = [];
  let hash: string | undefined;
  for (const a of accounts) {
    const existing = await findUserByEmailIndex(tx, data.emailIndexCandidates(a.email));
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    // One hash for every account made in this call: argon2id is deliberately slow.
    hash ??= await hashPassword(DEMO_PASSWORD);
    const id = newId();
    const now = new Date();
    await tx.insert(users).values({
      tenantId,
      id,
      emailCiphertext: data.seal('email', normaliseEmail(a.email)),
      emailIndex: data.emailIndex(a.email),
      emailVerifiedAt: now,
      nameCiphertext: data.seal('name', a.name),
      passwordHash: hash,
      passwordChangedAt: now,
      roles: ['customer'],
      termsVersion: '2026-01',
      termsAcceptedAt: now,
    });
    ids.push(id);
    created.push(a.email);
  }
  return { ids, created };
}
