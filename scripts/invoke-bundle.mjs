// Loads a built Lambda bundle in this fresh Node process, as the Lambda runtime does, and invokes its
// handler once with the JSON event read from stdin. Prints, on its last line, the handler's result and
// the milliseconds since this process started at "handler ready" and at "first answer", the CPU time
// it had used by then (user + system: what a CPU quota rations, and what other load disturbs least),
// and the process's start as epoch milliseconds (timeOrigin), to time what other processes see it do.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [bundlePath] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = require(bundlePath);
const readyMs = performance.now();
const result = await handler(event, { functionName: 'invoke-bundle', awsRequestId: 'local' });
const firstAnswerMs = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(
  `\n${JSON.stringify({
    result: result ?? null,
    readyMs,
    firstAnswerMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    timeOrigin: performance.timeOrigin,
    arity: handler.length,
  })}\n`,
);
