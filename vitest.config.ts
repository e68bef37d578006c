import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Local runs use Node 20; the Lambda runtime is nodejs22.x, so the SDK's Node 20 notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 30_000,
    // Integration suites each start their own loopback servers; two cores run two at a time.
    maxWorkers: 2,
  },
});
