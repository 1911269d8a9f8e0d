/**
 * PII key rotation end to end: data written by an app holding only key k1 is re-encrypted under k2
 * (every table that holds personal data, every store and the platform scope), after which a cipher
 * holding only k2 reads everything and an app holding only k2 signs users in by email. An
 * interrupted run continues where it stopped; a second run changes nothing.
 *
 * The rotation visits every store in the database, so this file uses a database of its own: on
 * PostgreSQL the run's database is shared with files whose apps use other keys.
 */
import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPiiCipher } from '../../src/platform/crypto/pii.js';
import { type Database, openDatabase, rowsOf } from '../../src/platform/db/client.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { newId } from '../../src/platform/ids.js';
import { CATALOG_SEALED_COLUMNS, vendorContactContext } from '../../src/modules/catalog/index.js';
import { rotatePersonalData } from '../../src/modules/identity/index.js';
import { PLATFORM_SCOPE, type PiiField, personalData } from '../../src/modules/identity/identity.secrets.js';
import { oidcProviders } from '../../src/modules/identity/identity.tables.js';
import { buildTenant } from '../factories.js';
import { type TestApp, startApp, testDatabase } from '../helpers.js';
import { TEST_PASSWORD, createUser, login, randomIp } from '../identity-helpers.js';

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;

let database: Database;
let dropDatabase: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const url = inject('databaseUrl');
  if (!url) {
    database = await testDatabase(); // this file's own PGlite
    return;
  }
  const name = `bazaar_rotation_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url, poolSize: 1 });
  await admin.exec(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  database = await openDatabase({ url: own.toString(), poolSize: 3 });
  await migrate(database);
  dropDatabase = async () => {
    await database.close();
    await admin.exec(`drop database if exists ${name} with (force)`);
    await admin.close();
  };
});

afterAll(async () => {
  await dropDatabase();
});

/** Every encrypted value in the database, with the store and the field its context names. */
async function allCiphertexts(): Promise<Array<{ scope: string; field: PiiField; value: string; where: string }>> {
  const tenants = rowsOf<{ id: string }>(await database.db.execute(sql`select id from tenants`));
  const columns: Array<[string, string, PiiField]> = [
    ['users', 'email_ciphertext', 'email'],
    ['users', 'name_ciphertext', 'name'],
    ['users', 'phone_ciphertext', 'phone'],
    ['users', 'mfa_secret_ciphertext', 'mfa_secret'],
    ['users', 'mfa_pending_secret_ciphertext', 'mfa_secret'],
    ['addresses', 'data_ciphertext', 'address'],
    ['notifications', 'recipient_ciphertext', 'recipient'],
    ['notifications', 'body_ciphertext', 'body'],
    ['oidc_providers', 'client_secret_ciphertext', 'client_secret'],
    ['one_time_tokens', "data->>'emailCiphertext'", 'email'],
  ];
  const out: Array<{ scope: string; field: PiiField; value: string; where: string }> = [];
  for (const scope of [PLATFORM_SCOPE, ...tenants.map((t) => t.id)]) {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${scope}, true)`);
      for (const [table, column, field] of columns) {
        const query: SQL = sql`select ${sql.raw(column)} as value from ${sql.identifier(table)} where tenant_id = ${scope} and ${sql.raw(column)} is not null`;
        for (const r of rowsOf<{ value: string }>(await tx.execute(query))) {
          out.push({ scope, field, value: r.value, where: `${table}.${column}` });
        }
      }
    });
  }
  return out;
}

const keyIdOf = (token: string) => token.split('.')[1];

describe('re-encrypting personal data under a new key', () => {
  let store: { id: string; slug: string };
  let customer: { email: string; password: string };
  let mfaUser: { email: string; password: string; secret: string };
  let admin: { email: string; password: string };
  let erasedIndex: string;

  it('writes data of every kind under k1', async () => {
    const app: TestApp = await startApp({ ENCRYPTION_KEYS: K1 }, { database });
    try {
      store = await buildTenant(app.runtime);
      const headers = { 'x-tenant-id': store.slug };

      // A registered customer: account, verification message, addresses, phone.
      customer = { email: `rot-${newId().slice(-8)}@example.test`, password: TEST_PASSWORD };
      const reg = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        headers,
        payload: { ...customer, name: 'Rotating Customer', phone: '+1 555 0101' },
      });
      expect(reg.statusCode).toBe(201);
      const s = await login(app.app, customer, { tenant: store.slug });
      const auth = { ...headers, authorization: `Bearer ${s.accessToken}` };
      for (const line1 of ['1 Old Key Street', '2 Old Key Street']) {
        const res = await app.app.inject({
          method: 'POST',
          url: '/api/v1/me/addresses',
          headers: auth,
          payload: { name: 'Rotating Customer', line1, city: 'Keyville', postalCode: '12345', country: 'DE' },
        });
        expect(res.statusCode).toBe(201);
      }

      // The catalog's sealed column: a vendor application's contact.
      const applied = await app.app.inject({
        method: 'POST',
        url: '/api/v1/vendors/apply',
        headers: auth,
        payload: {
          name: `Rotating Goods ${newId().slice(-6)}`,
          contact: { email: 'sales@rotating.example', phone: '+1 555 0102' },
        },
      });
      expect(applied.statusCode, applied.body).toBe(201);

      // Two-factor secrets: one enabled, one pending enrolment.
      const withMfa = await createUser(app.runtime, store.id);
      const m = await login(app.app, withMfa, { tenant: store.slug });
      const mAuth = { ...headers, authorization: `Bearer ${m.accessToken}` };
      const enrol = await app.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: mAuth });
      const { secret } = enrol.json<{ secret: string }>();
      const verified = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/totp/verify',
        headers: mAuth,
        payload: { code: await generate({ secret }) },
      });
      expect(verified.statusCode).toBe(200);
      mfaUser = { ...withMfa, secret };
      const pending = await createUser(app.runtime, store.id);
      const p = await login(app.app, pending, { tenant: store.slug });
      const pendingEnrol = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/totp',
        headers: { ...headers, authorization: `Bearer ${p.accessToken}` },
      });
      expect(pendingEnrol.statusCode).toBe(200);

      // An erased account keeps its random email index through rotation.
      const gone = await createUser(app.runtime, store.id);
      const g = await login(app.app, gone, { tenant: store.slug });
      const erased = await app.app.inject({
        method: 'DELETE',
        url: '/api/v1/me',
        headers: { ...headers, authorization: `Bearer ${g.accessToken}` },
        payload: { password: TEST_PASSWORD },
      });
      expect(erased.statusCode).toBe(204);
      erasedIndex = String(
        (
          await app.runtime.database.db.transaction(async (tx) => {
            await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
            return rowsOf<{ email_index: string }>(
              await tx.execute(sql`select email_index from users where tenant_id = ${store.id} and id = ${gone.id}`),
            );
          })
        )[0]?.email_index,
      );

      // A platform admin (the platform scope), a sign-in provider's secret, an invitation's email.
      admin = await createUser(app.runtime, null, { roles: ['platform_admin'] });
      const identity = app.runtime.services.identity;
      const ctx = {
        tenantId: store.id,
        tenant: null,
        actor: null,
        requestId: 'rotation',
        locale: 'en',
        ip: '127.0.0.1',
      };
      await identity.inScope(ctx, async (tx) => {
        const data = identity.dataOf(tx);
        await tx.tx.insert(oidcProviders).values({
          tenantId: store.id,
          id: newId(),
          slug: 'example',
          name: 'Example',
          issuer: 'https://idp.example.test',
          clientId: 'bazaar',
          clientSecretCiphertext: data.seal('client_secret', 'very secret'),
        });
        await identity.issueOneTimeToken(tx, 'invitation', null, {
          emailCiphertext: data.seal('email', 'invitee@example.test'),
          roles: ['staff'],
        });
      });
    } finally {
      await app.close();
    }

    const values = await allCiphertexts();
    const where = new Set(values.map((v) => v.where));
    for (const column of [
      'users.email_ciphertext',
      'users.name_ciphertext',
      'users.phone_ciphertext',
      'users.mfa_secret_ciphertext',
      'users.mfa_pending_secret_ciphertext',
      'addresses.data_ciphertext',
      'notifications.recipient_ciphertext',
      'notifications.body_ciphertext',
      'oidc_providers.client_secret_ciphertext',
      "one_time_tokens.data->>'emailCiphertext'",
    ]) {
      expect(where.has(column), column).toBe(true);
    }
    expect(values.some((v) => v.scope === PLATFORM_SCOPE)).toBe(true);
    expect(values.every((v) => keyIdOf(v.value) === 'k1')).toBe(true);
  });

  it('re-encrypts everything under k2, resuming after an interruption; a second run is a no-op', async () => {
    const rotating = createPiiCipher([K2, K1]);
    const total = (await allCiphertexts()).length;

    // Stop after the first committed batch, as a crash would.
    await expect(
      rotatePersonalData(database, rotating, {
        batchSize: 2,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const midway = await allCiphertexts();
    expect(midway.some((v) => keyIdOf(v.value) === 'k2')).toBe(true);
    expect(midway.some((v) => keyIdOf(v.value) === 'k1')).toBe(true);

    const progress: number[] = [];
    const report = await rotatePersonalData(database, rotating, {
      batchSize: 2,
      columns: CATALOG_SEALED_COLUMNS,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(report.rows['vendors.contact_ciphertext']).toBe(1);
    const [contact] = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
      return rowsOf<{ value: string }>(
        await tx.execute(sql`select contact_ciphertext as value from vendors where tenant_id = ${store.id}`),
      );
    });
    expect(keyIdOf(contact?.value ?? '')).toBe('k2');
    expect(createPiiCipher([K2]).decrypt(contact?.value ?? '', vendorContactContext(store.id))).toContain(
      'sales@rotating.example',
    );
    expect(report.keyId).toBe('k2');
    expect(report.scopes).toBeGreaterThanOrEqual(2);
    expect(report.rows.addresses).toBe(2);
    expect(report.rows.oidc_providers).toBe(1);
    expect(report.rows.one_time_tokens).toBe(1);
    expect(report.rows.users).toBeGreaterThan(0);
    expect(report.rows.notifications).toBeGreaterThan(0);
    expect(progress.every((n) => n >= 1 && n <= 2)).toBe(true);

    const after = await allCiphertexts();
    expect(after).toHaveLength(total);
    expect(after.filter((v) => keyIdOf(v.value) !== 'k2')).toEqual([]);

    // A cipher holding only the new key reads every value; live users' indexes are under k2.
    const onlyK2 = createPiiCipher([K2]);
    for (const v of after) expect(() => personalData(onlyK2, v.scope).open(v.field, v.value), v.where).not.toThrow();
    const users = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${store.id}, true)`);
      return rowsOf<{ email_ciphertext: string; email_index: string; status: string }>(
        await tx.execute(sql`select email_ciphertext, email_index, status from users where tenant_id = ${store.id}`),
      );
    });
    const data = personalData(onlyK2, store.id);
    for (const u of users) {
      if (u.status === 'erased') expect(u.email_index).toBe(erasedIndex);
      else expect(u.email_index).toBe(data.emailIndex(data.open('email', u.email_ciphertext)));
    }

    const again = await rotatePersonalData(database, rotating, { batchSize: 2, columns: CATALOG_SEALED_COLUMNS });
    expect(Object.values(again.rows).every((n) => n === 0)).toBe(true);
    expect(await allCiphertexts()).toEqual(after);
  });

  it('an app holding only k2 signs users in by email and reads their data', async () => {
    const app = await startApp({ ENCRYPTION_KEYS: K2 }, { database });
    try {
      const s = await login(app.app, customer, { tenant: store.slug });
      const auth = { 'x-tenant-id': store.slug, authorization: `Bearer ${s.accessToken}` };
      const me = await app.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth });
      expect(me.json()).toMatchObject({ email: customer.email, name: 'Rotating Customer', phone: '+1 555 0101' });
      const list = await app.app.inject({ method: 'GET', url: '/api/v1/me/addresses', headers: auth });
      expect(list.json<{ data: Array<{ line1: string }> }>().data.map((a) => a.line1)).toEqual([
        '1 Old Key Street',
        '2 Old Key Street',
      ]);
      const exported = await app.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: auth });
      expect(exported.statusCode).toBe(200);

      await login(app.app, mfaUser, { tenant: store.slug, totp: await generate({ secret: mfaUser.secret }) });
      await login(app.app, admin);
      const wrong = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: randomIp(),
        headers: { 'x-tenant-id': store.slug },
        payload: { email: customer.email, password: 'definitely not it' },
      });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
