import { SocketModeReceiver } from '@slack/bolt';
import { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { runJob } from '../services/run-job.js';
import { describeError } from '../services/support.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import { buildDependencies } from './build-dependencies.js';

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
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<SocketModeBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const deps = await buildDependencies(config, logger, options.clock);
  const jobs = new InProcessJobQueue((error, job) =>
    logger.error('job crashed', { kind: job.kind, error: describeError(error) }),
  );
  jobs.setHandler((job) => runJob(deps, job));
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
