import { loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/entrypoints/server.js';
import type { Logger } from '../src/ports/logger.js';
import { type LocalStack, startLocalStack } from '../src/sandbox/local-stack.js';
import { sendSigned, slashCommandBody } from '../src/sandbox/slack/signed-request.js';

export interface BenchStack {
  stack: LocalStack;
  bot: RunningServer;
  errors: string[];
  command(userId: string, text: string): Promise<number>;
  stop(): Promise<void>;
}

/** The bot on its local server against the stand-ins, logging only errors (which the bench counts). */
export async function startBenchStack(env: Record<string, string> = {}): Promise<BenchStack> {
  const stack = await startLocalStack();
  const errors: string[] = [];
  const keep = (message: string) => errors.push(message);
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: keep };
  const config = loadConfig({ ...stack.env, LOG_LEVEL: 'ERROR', PORT: '0', ...env });
  const bot = await startServer(config, { logger });
  return {
    stack,
    bot,
    errors,
    async command(userId, text) {
      const responseUrl = stack.slack.newResponseUrl(userId, `D${userId.slice(1)}`);
      const body = slashCommandBody({ text, userId, channelId: `D${userId.slice(1)}`, responseUrl });
      return (await sendSigned(`${bot.url}/slack/events`, String(stack.env.SLACK_SIGNING_SECRET), body))
        .status;
    },
    async stop() {
      await bot.stop();
      await stack.stop();
    },
  };
}

export function addUsers(stack: LocalStack, ids: readonly string[]): void {
  for (const id of ids) stack.workspace.users[id] = { name: id.toLowerCase(), realName: id };
}
