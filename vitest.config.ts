import { configDefaults, defineConfig } from 'vitest/config';
import { planTools } from './test/support/tools.js';

// A fresh machine has Node.js and npm only. Suites that need Chromium or Java are skipped there, each
// with one line saying what to install; under CI=true a missing program fails the run instead.
const tools = planTools();
if (tools.failure) throw new Error(tools.failure);
for (const line of tools.skipped) console.warn(`bucket-key tests: ${line}`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(tools.chromium ? [] : ['test/e2e/**'])],
    testTimeout: 30_000,
    env: {
      // Local runs use Node 20; the Lambda runtime is nodejs22.x, so the SDK's Node 20 notice is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BUCKET_KEY_TEST_CHROMIUM: tools.chromium ?? '',
      BUCKET_KEY_TEST_JAVA: tools.java ?? '',
    },
    hookTimeout: 60_000,
    // Integration suites each start their own loopback servers; two cores run two at a time.
    maxWorkers: 2,
  },
});
