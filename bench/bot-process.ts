// The bot as `npm run serve` runs it, in a process of its own, for the benchmark's stack (stack.ts):
// its in-process worker then never shares an event loop with the measuring client or the stand-ins,
// as on Lambda, where the worker is a function of its own. Talks to its parent over IPC: "ready"
// with the URL, "idle" answered once every job is done, errors forwarded, "stop".
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/entrypoints/server.js';
import type { Logger } from '../src/ports/logger.js';

type Request = { type: 'idle'; id: number } | { type: 'stop' };

const send = (message: unknown) => process.send?.(message);
const quiet = () => {};
const logger: Logger = {
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: (message, extra) => send({ type: 'error', message: `${message} ${JSON.stringify(extra ?? {})}` }),
};
const bot = await startServer(loadConfig(process.env), { logger });
process.on('message', async (request: Request) => {
  if (request.type === 'idle') {
    await bot.jobs.idle();
    send({ type: 'idle', id: request.id });
  } else {
    await bot.stop();
    process.exit(0);
  }
});
send({ type: 'ready', url: bot.url });
