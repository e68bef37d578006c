// One Lambda-style cold start: load a bundle in this fresh process, then answer one signed slash command.
// Prints the milliseconds since this process started at "handler ready" and at "first answer".
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [bundlePath] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = require(bundlePath);
const readyMs = performance.now();
const response = await handler(event, { functionName: 'bench' });
const firstAnswerMs = performance.now();
process.stdout.write(`${JSON.stringify({ readyMs, firstAnswerMs, status: response.statusCode })}\n`);
