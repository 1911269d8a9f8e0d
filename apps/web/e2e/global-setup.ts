/**
 * Vitest global setup for the browser tests: builds the web app when stale, starts the API and the web
 * server once for the whole run, hands their addresses to the tests (`inject('stack')`), and stops both
 * at the end. Server logs go to `e2e/artifacts/_servers/`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBuilt, startStack } from './harness';
import type { StackInfo } from './harness';
import { ARTIFACTS } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
  const logDir = join(ARTIFACTS, '_servers');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  ensureBuilt({ log });
  const stack = await startStack({ logDir, log, skipBuild: true });
  project.provide('stack', { apiUrl: stack.apiUrl, webPort: stack.webPort, logDir: stack.logDir });
  return async () => {
    await stack.stop();
    log(`servers stopped (logs in ${logDir})`);
  };
}
