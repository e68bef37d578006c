import { configDefaults, defineConfig } from 'vitest/config';
import { planTools } from './test/support/tools.js';

// A fresh machine has Node.js and npm only. Suites that need Chromium, Java or moto are skipped there, each
// with one line saying what to install; under CI=true a missing program fails the run instead.
const tools = planTools();
if (tools.failure) throw new Error(tools.failure);
// Vitest reads this file once per project: say it once.
if (!process.env.BUCKET_KEY_TOOLS_REPORTED) {
  for (const line of tools.skipped) console.warn(`bucket-key tests: ${line}`);
  process.env.BUCKET_KEY_TOOLS_REPORTED = 'yes';
}

const excluded = [
  ...configDefaults.exclude,
  ...(tools.chromium ? [] : ['test/e2e/**']),
  ...(tools.moto_server ? [] : ['test/**/*.moto.test.ts']),
  ...(tools.moto_server ? [] : ['test/evidence/**']),
];

export default defineConfig({
  test: {
    projects: [
      // Pure code and in-memory ports: one module graph for all files (no per-file reload), so the
      // unit folder runs in seconds. Nothing in it starts a server or keeps global state between files.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      // Everything that crosses a wire: the stand-ins, the bundles, the browser; each file isolated.
      {
        extends: true,
        test: { name: 'suites', include: ['test/**/*.test.ts'], exclude: [...excluded, 'test/unit/**'] },
      },
    ],
    testTimeout: 30_000,
    env: {
      // Local runs use Node 20; the Lambda runtime is nodejs22.x, so the SDK's Node 20 notice is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BUCKET_KEY_TEST_CHROMIUM: tools.chromium ?? '',
      BUCKET_KEY_TEST_JAVA: tools.java ?? '',
      BUCKET_KEY_TEST_MOTO: tools.moto_server ?? '',
    },
    hookTimeout: 60_000,
    // Integration suites each start their own loopback servers; two cores run two at a time.
    maxWorkers: 2,
  },
});
