/** The API role: HTTP, plus the in-process relay, job runner and scheduler unless a worker runs them. */
import closeWithGrace from 'close-with-grace';
import { loadConfigOrExit } from './config.js';
import { buildApp } from './app.js';
import { createLogger } from './platform/logging.js';
import { createRuntime } from './runtime.js';
import { seedDemoOrders } from './demo-orders.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const runtime = await createRuntime(config, logger);
  const app = await buildApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  if (config.inProcessWorker) runtime.background.start();
  // The demo shopper's orders go through the API itself, after it is up: start-up does not wait.
  if (config.demo) {
    seedDemoOrders(app, logger).catch((err: unknown) => logger.warn({ err }, 'demo orders not placed'));
  }

  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
  });
}

await main();
