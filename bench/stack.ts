import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { createLogger } from '../src/adapters/logging/powertools-logger.js';
import { loadConfig } from '../src/config.js';
import { buildDependencies } from '../src/entrypoints/build-dependencies.js';
import { type LocalStack, startLocalStack } from '../src/sandbox/local-stack.js';
import { sendSigned, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import type { ServiceDependencies } from '../src/services/dependencies.js';

export interface BenchBot {
  url: string;
  /** Resolves once the bot's worker has finished every job. */
  idle(): Promise<void>;
}

export interface BenchStack {
  stack: LocalStack;
  bot: BenchBot;
  /** The services' dependencies on the same stand-ins, in this process: to seed records and time round trips. */
  deps: ServiceDependencies;
  /** Errors the bot logged (the benchmarks count them). */
  errors: string[];
  command(userId: string, text: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The stand-ins in this process and the bot (`npm run serve`, with its in-process worker) in a child
 * process, logging only errors. Two processes, as deployed: the bot's work does not share an event
 * loop with the measuring client or with the stand-ins playing Slack and AWS.
 */
export async function startBenchStack(env: Record<string, string> = {}): Promise<BenchStack> {
  const stack = await startLocalStack();
  const botEnv = { ...stack.env, LOG_LEVEL: 'ERROR', PORT: '0', ...env };
  const errors: string[] = [];
  const child = fork(join(import.meta.dirname, 'bot-process.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...botEnv },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, () => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type: string; url?: string; id?: number; message?: string }) => {
      if (message.type === 'ready') resolve(String(message.url));
      if (message.type === 'error') errors.push(String(message.message));
      if (message.type === 'idle') waiting.get(Number(message.id))?.();
    });
    child.once('exit', (code) => reject(new Error(`the bench bot exited (${code}) before it was ready`)));
  });
  let requests = 0;
  const bot: BenchBot = {
    url,
    idle: () =>
      new Promise<void>((resolve) => {
        const id = ++requests;
        waiting.set(id, () => {
          waiting.delete(id);
          resolve();
        });
        child.send({ type: 'idle', id });
      }),
  };
  const config = loadConfig(botEnv);
  const deps = await buildDependencies(config, createLogger('ERROR'));
  return {
    stack,
    bot,
    deps,
    errors,
    async command(userId, text) {
      const responseUrl = stack.slack.newResponseUrl(userId, `D${userId.slice(1)}`);
      const body = slashCommandBody({ text, userId, channelId: `D${userId.slice(1)}`, responseUrl });
      return (await sendSigned(`${bot.url}/slack/events`, String(stack.env.SLACK_SIGNING_SECRET), body))
        .status;
    },
    async stop() {
      await stopChild(child);
      await stack.stop();
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
  });
}

export function addUsers(stack: LocalStack, ids: readonly string[]): void {
  for (const id of ids) stack.workspace.users[id] = { name: id.toLowerCase(), realName: id };
}
