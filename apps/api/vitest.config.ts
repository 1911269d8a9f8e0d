import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Long enough for a drain that waits out another runner's job lease (see `drainUntil`).
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Each file opens its own database handle and app; nothing is shared between files in memory.
    isolate: true,
  },
});
