// Loads a built Lambda bundle once, as a warm Lambda container keeps it, and invokes its handler once per
// JSON event read from stdin (one per line), in order. After each invocation it prints one line:
// {"result": …} or {"error": "…"}. Lets a test change the world (a rotated SSM parameter) between calls.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const [bundlePath] = process.argv.slice(2);
const { handler } = require(bundlePath);
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    const result = await handler(JSON.parse(line), { functionName: 'warm-bundle', awsRequestId: 'local' });
    process.stdout.write(`\n${JSON.stringify({ result: result ?? null })}\n`);
  } catch (error) {
    process.stdout.write(`\n${JSON.stringify({ error: String(error?.message ?? error) })}\n`);
  }
}
