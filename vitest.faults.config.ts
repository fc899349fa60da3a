import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: kill -9 and database restarts under load (minutes, so apart from `npm test`). */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 240_000,
    // One at a time: each loads the machine on purpose.
    fileParallelism: false,
  },
});
