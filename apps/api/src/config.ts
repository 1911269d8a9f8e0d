/**
 * The one place that reads `process.env`. Every variable is declared here with its expected form;
 * a wrong value stops the process with a message naming the variable. Empty values count as unset.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, resolve } from 'node:path';

/** The repository root (…/apps/api/{src,dist}/config.* → three levels up). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

type Parser<T> = (raw: string) => T;

interface VarSpec<T> {
  /** The expected form, shown in error messages and in `.env.example`. */
  expected: string;
  parse: Parser<T>;
}

class ConfigValueError extends Error {}

const fail = (): never => {
  throw new ConfigValueError();
};

const int =
  (min: number, max: number): VarSpec<number>['parse'] =>
  (raw) => {
    if (!/^-?\d+$/.test(raw)) return fail();
    const n = Number(raw);
    return n >= min && n <= max ? n : fail();
  };

const url =
  (...protocols: string[]): Parser<string> =>
  (raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return fail();
    }
    return protocols.includes(u.protocol) ? raw : fail();
  };

const bool: Parser<boolean> = (raw) => {
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return fail();
};

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) =>
    (values as string[]).includes(raw) ? (raw as T) : fail();

const text: Parser<string> = (raw) => raw;

const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const origins: Parser<string[]> = (raw) =>
  list(raw).map((o) => {
    const u = url('http:', 'https:')(o);
    return new URL(u).origin;
  });

/** `true`, `false`, a hop count, or a comma-separated list of proxy addresses / CIDR ranges. */
export type TrustProxy = boolean | number | string[];
const trustProxy: Parser<TrustProxy> = (raw) => {
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = list(raw);
  if (entries.length === 0) return fail();
  for (const e of entries) if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e)) return fail();
  return entries;
};

const json: Parser<unknown> = (raw) => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return fail();
  }
};

const spec = <T>(expected: string, parse: Parser<T>): VarSpec<T> => ({ expected, parse });

/** Every variable Bazaar reads, with the form it expects. `.env.example` mirrors this table. */
const schema = {
  NODE_ENV: spec('development | production | test', oneOf('development', 'production', 'test')),
  PORT: spec('an integer port 1-65535', int(1, 65535)),
  WEB_PORT: spec('an integer port 1-65535', int(1, 65535)),
  HOST: spec('an interface address such as 127.0.0.1 or 0.0.0.0', text),
  TRUST_PROXY: spec('true, false, a hop count, or comma-separated proxy addresses/CIDRs', trustProxy),
  CORS_ORIGINS: spec('comma-separated http(s) origins', origins),
  DATABASE_URL: spec('a postgres:// URL', url('postgres:', 'postgresql:')),
  DATABASE_MIGRATION_URL: spec('a postgres:// URL', url('postgres:', 'postgresql:')),
  DB_POOL_SIZE: spec('an integer 1-200', int(1, 200)),
  REDIS_URL: spec('a redis:// or rediss:// URL', url('redis:', 'rediss:')),
  AMQP_URL: spec('an amqp:// or amqps:// URL', url('amqp:', 'amqps:')),
  BAZAAR_DATA_DIR: spec('a directory path', text),
  BAZAAR_DEMO: spec('1 or 0', bool),
  JWT_SIGNING_KEYS: spec('a JSON array of private JWKs (EdDSA or ES256), newest first', json),
  ENCRYPTION_KEYS: spec('comma-separated id:base64 32-byte keys, newest first', (raw) => {
    const keys = list(raw);
    const ok = (k: string) => /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=$/.test(k);
    return keys.length > 0 && keys.every(ok) && new Set(keys.map((k) => k.split(':')[0])).size === keys.length
      ? keys
      : fail();
  }),
  LOGIN_RATE_LIMIT: spec('an integer 1-1000000 (failed logins per IP per 15 minutes)', int(1, 1_000_000)),
  CATALOG_CACHE_TTL: spec(
    'an integer 0-86400 (seconds public catalog reads stay cached; 0 turns the cache off)',
    int(0, 86_400),
  ),
  RATE_LIMIT_PER_MINUTE: spec('an integer 1-10000000 (requests per client per minute)', int(1, 10_000_000)),
  BAZAAR_IN_PROCESS_WORKER: spec('1 or 0 (run the relay, jobs and schedules inside the API process)', bool),
  SHUTDOWN_TIMEOUT_MS: spec('an integer 100-600000 (milliseconds)', int(100, 600_000)),
  SMTP_URL: spec('an smtp:// or smtps:// URL', url('smtp:', 'smtps:')),
  S3_ENDPOINT: spec('an http(s) URL', url('http:', 'https:')),
  S3_BUCKET: spec('a bucket name', text),
  S3_REGION: spec('a region name', text),
  S3_ACCESS_KEY_ID: spec('an access key id', text),
  S3_SECRET_ACCESS_KEY: spec('a secret access key', text),
  STRIPE_SECRET_KEY: spec('a Stripe secret key (sk_...)', text),
  STRIPE_WEBHOOK_SECRET: spec('a Stripe webhook secret (whsec_...)', text),
  STRIPE_API_BASE: spec(
    'an http(s) URL of a Stripe-compatible API (default https://api.stripe.com)',
    url('http:', 'https:'),
  ),
  TEST_PAYMENTS_WEBHOOK_SECRET: spec("the secret that signs the built-in test provider's webhooks", text),
  PAYMENTS_TEST_PROVIDER: spec(
    "1 or 0 (take the built-in test provider's fake cards, UPI and net banking; default 0 in production)",
    bool,
  ),
  PAYMENT_TIMEOUT_MS: spec('an integer 100-120000 (milliseconds a payment provider call may take)', int(100, 120_000)),
  RESERVATION_TTL_MINUTES: spec('an integer 1-1440 (minutes a checkout holds stock)', int(1, 1440)),
  API_URL: spec('an http(s) URL where the web app reaches the API', url('http:', 'https:')),
  WEB_DEFAULT_TENANT: spec('a tenant slug', text),
  WEB_TENANT_HOSTS: spec('comma-separated host=store pairs the web app maps to stores (custom domains)', (raw) => {
    for (const pair of raw.split(',')) {
      const [host, slug] = pair.split('=').map((x) => x.trim());
      if (!host || !slug || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(slug)) return fail();
    }
    return raw;
  }),
  WEB_PLATFORM_HOST: spec('the host name that serves the web app’s platform console (default localhost)', text),
  WEB_REVALIDATE_SECONDS: spec(
    'an integer 0-86400 (seconds the web app serves cached catalog pages before revalidating)',
    int(0, 86_400),
  ),
  WEB_URL: spec('the web app origin used in links sent to users; {store} is replaced by the store slug', (raw) => {
    url('http:', 'https:')(raw.replace('{store}', 'store'));
    return raw.replace(/\/+$/, '');
  }),
  LOG_LEVEL: spec(
    'fatal | error | warn | info | debug | trace | silent',
    oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  ),
} as const;

type Schema = typeof schema;
type Raw = { [K in keyof Schema]?: ReturnType<Schema[K]['parse']> };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  webPort: number;
  host: string;
  trustProxy: TrustProxy;
  corsOrigins: string[];
  /** Absent: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  databaseMigrationUrl: string | undefined;
  dbPoolSize: number;
  redisUrl: string | undefined;
  amqpUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  jwtSigningKeys: unknown;
  encryptionKeys: string[];
  loginRateLimit: number;
  /** Seconds a public catalog read stays cached; 0: no cache. */
  catalogCacheTtl: number;
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  inProcessWorker: boolean;
  smtpUrl: string | undefined;
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string } | undefined;
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; apiBase: string | undefined };
  payments: {
    /** Signs the test provider's webhooks; derived from the encryption keys when unset. */
    testWebhookSecret: string | undefined;
    /**
     * Whether the built-in test provider takes payments (`tok_visa` …). Off by default in
     * production, where it would let anyone pay with a fake token.
     */
    testProvider: boolean;
    timeoutMs: number;
    reservationTtlMinutes: number;
  };
  apiUrl: string;
  webDefaultTenant: string;
  /** Origin of links in messages, `{store}` standing for the store's slug. */
  webUrl: string;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default `process.env`); throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const raw: Raw = {};
  for (const [name, s] of Object.entries(schema) as [keyof Schema, VarSpec<unknown>][]) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    try {
      (raw as Record<string, unknown>)[name] = s.parse(value);
    } catch (err) {
      if (!(err instanceof ConfigValueError)) throw err;
      problems.push(`${name}: expected ${s.expected}, got ${JSON.stringify(value)}`);
    }
  }

  const s3Keys = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  const s3Set = s3Keys.filter((k) => raw[k] !== undefined);
  if (s3Set.length > 0 && s3Set.length < s3Keys.length) {
    for (const k of s3Keys) if (raw[k] === undefined) problems.push(`${k}: required when any S3_* variable is set`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = raw.BAZAAR_DATA_DIR ?? '.data';
  const embedded = raw.DATABASE_URL === undefined;
  const port = raw.PORT ?? 4000;
  return {
    env: raw.NODE_ENV ?? 'development',
    port,
    webPort: raw.WEB_PORT ?? 3000,
    host: raw.HOST ?? '127.0.0.1',
    trustProxy: raw.TRUST_PROXY ?? false,
    corsOrigins: raw.CORS_ORIGINS ?? [],
    databaseUrl: raw.DATABASE_URL,
    databaseMigrationUrl: raw.DATABASE_MIGRATION_URL ?? raw.DATABASE_URL,
    dbPoolSize: raw.DB_POOL_SIZE ?? 10,
    redisUrl: raw.REDIS_URL,
    amqpUrl: raw.AMQP_URL,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(repoRoot, dataDir),
    demo: raw.BAZAAR_DEMO ?? embedded,
    jwtSigningKeys: raw.JWT_SIGNING_KEYS,
    encryptionKeys: raw.ENCRYPTION_KEYS ?? [],
    loginRateLimit: raw.LOGIN_RATE_LIMIT ?? 10,
    catalogCacheTtl: raw.CATALOG_CACHE_TTL ?? 300,
    rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE ?? 1000,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    inProcessWorker: raw.BAZAAR_IN_PROCESS_WORKER ?? true,
    smtpUrl: raw.SMTP_URL,
    s3:
      raw.S3_ENDPOINT && raw.S3_BUCKET && raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY
        ? {
            endpoint: raw.S3_ENDPOINT,
            bucket: raw.S3_BUCKET,
            region: raw.S3_REGION ?? 'us-east-1',
            accessKeyId: raw.S3_ACCESS_KEY_ID,
            secretAccessKey: raw.S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    stripe: {
      secretKey: raw.STRIPE_SECRET_KEY,
      webhookSecret: raw.STRIPE_WEBHOOK_SECRET,
      apiBase: raw.STRIPE_API_BASE,
    },
    payments: {
      testWebhookSecret: raw.TEST_PAYMENTS_WEBHOOK_SECRET,
      testProvider: raw.PAYMENTS_TEST_PROVIDER ?? (raw.NODE_ENV ?? 'development') !== 'production',
      timeoutMs: raw.PAYMENT_TIMEOUT_MS ?? 10_000,
      reservationTtlMinutes: raw.RESERVATION_TTL_MINUTES ?? 15,
    },
    apiUrl: raw.API_URL ?? `http://127.0.0.1:${port}`,
    webDefaultTenant: raw.WEB_DEFAULT_TENANT ?? 'demo',
    webUrl: raw.WEB_URL ?? `http://{store}.localhost:${raw.WEB_PORT ?? 3000}`,
    logLevel: raw.LOG_LEVEL ?? 'info',
  };
}

/** Names and expected forms, for documentation and tests. */
export const configVariables: ReadonlyArray<{ name: string; expected: string }> = Object.entries(schema).map(
  ([name, s]) => ({ name, expected: s.expected }),
);

/** For entry points: the configuration, or a message naming each bad variable and exit code 78. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
