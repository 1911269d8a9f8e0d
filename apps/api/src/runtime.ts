/**
 * Opens what a process needs (database, cache, broker, keys, event bus, job queue, scheduler) from
 * the configuration, and closes it again. Used by the API role, the worker role and the scripts.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { connectBroker, type Broker } from './platform/broker.js';
import { type Cache, createMemoryCache, createRedisCache } from './platform/cache.js';
import { type Database, openDatabase } from './platform/db/client.js';
import { migrate } from './platform/db/migrate.js';
import { createKeyStore, type KeyStore } from './platform/auth/keys.js';
import { loadPiiCipher, type PiiCipher } from './platform/crypto/pii.js';
import { purgeExpiredIdempotencyKeys } from './platform/idempotency/idempotency.js';
import { BackgroundRunner } from './platform/outbox/background.js';
import { EventBus, OutboxRelay } from './platform/outbox/bus.js';
import { JobQueue } from './platform/outbox/jobs.js';
import { Scheduler } from './platform/outbox/scheduler.js';
import { seedStoreSettings, seedTenants } from './modules/tenancy/index.js';
import { seedPricing } from './modules/pricing/index.js';
import { seedUsers } from './modules/identity/index.js';
import { seedCatalog } from './modules/catalog/index.js';
import { createServices, type Services } from './services.js';
import { openStorage, type ObjectStorage } from './platform/storage/index.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  cache: Cache;
  broker: Broker | null;
  keys: KeyStore;
  /** Encrypts personal data at rest and computes its blind indexes. */
  pii: PiiCipher;
  /** Product images, imports and exports: local files or an S3-compatible bucket. */
  storage: ObjectStorage;
  jobs: JobQueue;
  events: EventBus;
  scheduler: Scheduler;
  background: BackgroundRunner;
  services: Services;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already open database (tests share one); otherwise opened from the configuration. */
  database?: Database;
  /** Apply migrations at start: always on the embedded database, by default never on a real one. */
  migrate?: boolean;
}

/**
 * Seeds demo data when absent; idempotent. Later modules add theirs here. Product images go to
 * `storage` before the transaction commits.
 */
export async function seedDemo(database: Database, pii: PiiCipher, storage: ObjectStorage): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const stores = await seedTenants(tx);
    const accounts = await seedUsers(tx, pii);
    const catalog = await seedCatalog(tx, { pii, storage });
    const settings = await seedStoreSettings(tx);
    const pricing = await seedPricing(tx);
    return [...stores, ...accounts, ...catalog, ...settings, ...pricing];
  });
}

export async function createRuntime(config: Config, logger: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const database =
    opts.database ??
    (await openDatabase({
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      dataDir: config.dataDir,
      applicationName: 'bazaar',
    }));
  const owned = opts.database === undefined;
  let pii: PiiCipher;
  const storage = await openStorage(config);
  try {
    pii = await loadPiiCipher({ configured: config.encryptionKeys, dataDir: config.dataDir });
    if (opts.migrate ?? database.kind === 'embedded') await migrate(database);
    if (config.demo) {
      const created = await seedDemo(database, pii, storage);
      if (created.length > 0) logger.info({ created }, 'demo data created');
    }
  } catch (err) {
    if (owned) await database.close();
    throw err;
  }
  const cache = config.redisUrl ? await createRedisCache(config.redisUrl) : createMemoryCache();
  const broker = config.amqpUrl ? await connectBroker(config.amqpUrl, logger) : null;
  const keys = await createKeyStore({ configured: config.jwtSigningKeys, dataDir: config.dataDir });

  const jobs = new JobQueue(database, logger);
  const events = new EventBus(jobs);
  const relay = new OutboxRelay(database, events.inProcessTransport(), logger);
  const scheduler = new Scheduler(database, jobs);
  const background = new BackgroundRunner(relay, jobs, scheduler, logger, {
    beforePass: () => events.syncSubscriptions(database.db),
  });
  events.setWaker(() => background.wake());

  // Job handlers use their own transaction (`ctx.tx`), never the pool: the embedded database has a
  // single connection, which the job's transaction already holds.
  jobs.register('platform.idempotency.purge', {
    runAs: 'system',
    handler: async (ctx) => {
      await purgeExpiredIdempotencyKeys(ctx.tx);
    },
  });
  scheduler.every({ name: 'idempotency-purge', intervalMs: 3_600_000, job: 'platform.idempotency.purge' });

  const services = createServices({
    database,
    events,
    jobs,
    pii,
    keys,
    cache,
    loginRateLimit: config.loginRateLimit,
    webUrl: config.webUrl,
    catalogCacheTtl: config.catalogCacheTtl,
    storage,
    scheduler,
    commerce: {
      stripe: config.stripe,
      payments: config.payments,
      apiUrl: config.apiUrl,
      redisUrl: config.redisUrl,
      databaseUrl: config.databaseUrl,
    },
  });
  // With the database down at start the API still starts (and answers 503); the background runner
  // records the subscriptions before its first relay pass.
  await events.syncSubscriptions(database.db).catch((err: unknown) => {
    logger.warn({ err }, 'event subscriptions not recorded yet; retrying in the background');
  });

  return {
    config,
    logger,
    database,
    cache,
    broker,
    keys,
    pii,
    storage,
    jobs,
    events,
    scheduler,
    background,
    services,
    async close() {
      await background.stop();
      await broker?.close();
      await cache.close();
      if (owned) await database.close();
    },
  };
}
