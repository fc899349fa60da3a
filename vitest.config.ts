import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    // The fault suites run apart (`npm run test:faults`), and so do the browser's (`npm run test:e2e`, Debian's chromium).
    exclude: ['test/faults/**', 'test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Files run in parallel, each in its own database.
    fileParallelism: true,
  },
});
