/** The worker role: relays the outbox, runs jobs and schedules; no HTTP. Many may run at once. */
import closeWithGrace from 'close-with-grace';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './platform/logging.js';
import { createRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
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
