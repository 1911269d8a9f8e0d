import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig, repoRoot } from './config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      webPort: 3000,
      databaseUrl: undefined,
      demo: true,
      dbPoolSize: 10,
      loginRateLimit: 10,
      trustProxy: false,
      corsOrigins: [],
      webDefaultTenant: 'demo',
    });
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it('treats empty values as unset and turns demo data off on a real database', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: 'postgres://u@db:5432/bazaar', REDIS_URL: ' ' });
    expect(c.port).toBe(4000);
    expect(c.demo).toBe(false);
    expect(c.redisUrl).toBeUndefined();
    expect(c.databaseMigrationUrl).toBe('postgres://u@db:5432/bazaar');
  });

  it('takes fake payments with the test provider outside production only, unless told', () => {
    expect(loadConfig({}).payments).toMatchObject({ testProvider: true, timeoutMs: 10_000, reservationTtlMinutes: 15 });
    expect(loadConfig({ NODE_ENV: 'production' }).payments.testProvider).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PAYMENTS_TEST_PROVIDER: '1' }).payments.testProvider).toBe(true);
    expect(loadConfig({ PAYMENTS_TEST_PROVIDER: '0' }).payments.testProvider).toBe(false);
  });

  it('accepts encryption keys of 32 bytes with distinct ids', () => {
    const k = (id: string) => `${id}:${Buffer.alloc(32, id).toString('base64')}`;
    expect(loadConfig({ ENCRYPTION_KEYS: `${k('new')},${k('old')}` }).encryptionKeys).toEqual([k('new'), k('old')]);
    expect(() => loadConfig({ ENCRYPTION_KEYS: `${k('a')},${k('a')}` })).toThrow(/ENCRYPTION_KEYS/);
  });

  it('parses lists, booleans and proxy settings', () => {
    const c = loadConfig({
      CORS_ORIGINS: 'https://a.example, https://b.example/',
      BAZAAR_DEMO: 'yes',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    });
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.demo).toBe(true);
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('names every bad variable with the form it expects', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: '99999',
        DB_POOL_SIZE: 'many',
        CORS_ORIGINS: 'ftp://x',
        BAZAAR_DEMO: 'perhaps',
        S3_BUCKET: 'b',
        ENCRYPTION_KEYS: 'k1:tooshort',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        'PORT: expected an integer port 1-65535, got "99999"',
        'DB_POOL_SIZE: expected an integer 1-200, got "many"',
        'CORS_ORIGINS: expected comma-separated http(s) origins, got "ftp://x"',
        'BAZAAR_DEMO: expected 1 or 0, got "perhaps"',
        'S3_ENDPOINT: required when any S3_* variable is set',
        'ENCRYPTION_KEYS: expected comma-separated id:base64 32-byte keys, newest first, got "k1:tooshort"',
      ]),
    );
  });

  it('documents every variable the architecture names', () => {
    const names = configVariables.map((v) => v.name);
    for (const n of [
      'PORT',
      'WEB_PORT',
      'HOST',
      'TRUST_PROXY',
      'CORS_ORIGINS',
      'DATABASE_URL',
      'DATABASE_MIGRATION_URL',
      'DB_POOL_SIZE',
      'REDIS_URL',
      'AMQP_URL',
      'BAZAAR_DATA_DIR',
      'BAZAAR_DEMO',
      'JWT_SIGNING_KEYS',
      'ENCRYPTION_KEYS',
      'LOGIN_RATE_LIMIT',
      'SMTP_URL',
      'S3_ENDPOINT',
      'S3_BUCKET',
      'S3_REGION',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'API_URL',
      'WEB_DEFAULT_TENANT',
      'LOG_LEVEL',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('is mirrored by .env.example, variable for variable', () => {
    const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(configVariables.map((v) => v.name).sort());
  });
});
