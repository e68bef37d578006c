import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites each start their own loopback servers; two cores run two at a time.
    maxWorkers: 2,
  },
});
