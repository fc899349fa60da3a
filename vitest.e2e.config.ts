import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: the web application in Debian's Chromium (/usr/bin/chromium), driven by playwright-core, on the real service and database. */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
