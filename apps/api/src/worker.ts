/** The worker role: relays the outbox, runs jobs and schedules; no HTTP. Many may run at once. */
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './platform/logging.js';
import { createRuntime } from './runtime.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel).child({ role: 'worker' });
  const runtime = await createRuntime(config, logger);
  runtime.background.start();
  logger.info('worker started');
  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ err }) => {
    if (err) logger.error({ err }, 'worker stopping after an error');
    await runtime.close();
  });
}

await main();
