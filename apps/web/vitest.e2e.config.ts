import { defineConfig } from 'vitest/config';

// End-to-end journeys in a real browser against the real API and a production build of the web app (see
// `e2e/harness.ts` and docs/runbooks/browser-tests.md). One stack for the whole run; files run one after
// another, since both servers and the browser share two cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A production build can take minutes on two cores.
    teardownTimeout: 60_000,
  },
});
