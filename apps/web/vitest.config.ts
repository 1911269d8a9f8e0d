import { defineConfig } from 'vitest/config';

// Component tests: React in jsdom with Testing Library. End-to-end tests (real browser) have their own
// config, `vitest.e2e.config.ts`.
export default defineConfig({
  test: {
    include: ['{components,lib,app}/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
