/**
 * Names of accounts for other modules to show (review authors, …). Names are personal data stored
 * encrypted: they are read for a whole page of ids in one query and decrypted here, so no other
 * module handles identity's ciphertexts or keys.
 */
import { inArray } from 'drizzle-orm';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import type { Queryable } from '../../platform/db/client.js';
import { personalData } from './identity.secrets.js';
import { users } from './identity.tables.js';

/**
 * The names of the accounts `ids` in store `tenantId`, by id. Accounts without a name, erased
 * accounts and ids that name no account are absent from the map. The caller's transaction must be
 * in the store's tenant scope (row-level security confines the query to it).
 */
export async function userNamesOf(
  tx: Queryable,
  pii: PiiCipher,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  if (unique.length === 0) return names;
  const rows = await tx
    .select({ id: users.id, status: users.status, nameCiphertext: users.nameCiphertext })
    .from(users)
    .where(inArray(users.id, unique));
  const data = personalData(pii, tenantId);
  for (const row of rows) {
    if (row.status === 'erased' || row.nameCiphertext === null) continue;
    try {
      const name = data.open('name', row.nameCiphertext).trim();
      if (name) names.set(row.id, name);
    } catch {
      // A value this process cannot decrypt (a retired key) is shown as an unnamed account rather
      // than failing the page that lists it.
    }
  }
  return names;
}
