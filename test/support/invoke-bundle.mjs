// Loads a built Lambda bundle in a fresh Node process, as the Lambda runtime does, and invokes
// its handler once with the JSON event read from stdin. Prints {result, ms} as JSON on the last line.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [bundlePath] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = require(bundlePath);
const started = performance.now();
const result = await handler(event, { functionName: 'test', awsRequestId: 'test-request' });
process.stdout.write(
  `\n${JSON.stringify({ result: result ?? null, ms: performance.now() - started, arity: handler.length })}\n`,
);
