import { SocketModeReceiver } from '@slack/bolt';
import type { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import { buildLocalBot } from './local-bot.js';

export interface SocketModeBot {
  deps: ServiceDependencies;
  jobs: InProcessJobQueue;
  stop(): Promise<void>;
}

/**
 * The bot connected to a real workspace over Socket Mode (for `npm start` with SLACK_APP_TOKEN):
 * the same createApp and in-process jobs as the local server; only the receiver differs.
 */
export async function startSocketMode(
  config: Config,
  appToken: string,
  options: { logger?: Logger; clock?: Clock; metrics?: Metrics } = {},
): Promise<SocketModeBot> {
  const { logger, deps, jobs } = await buildLocalBot(config, options);
  const receiver = new SocketModeReceiver({
    appToken,
    logger: boltLogger(logger),
    ...(config.slack.apiUrl
      ? { installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } } }
      : {}),
  });
  const app = createApp({
    receiver,
    botToken: config.slack.botToken,
    jobs,
    logger,
    catalog: deps.catalog,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  await app.start();
  return {
    deps,
    jobs,
    stop: async () => {
      await app.stop();
      await jobs.idle();
    },
  };
}
