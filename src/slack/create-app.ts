import { App, type Receiver } from '@slack/bolt';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners/index.js';

export interface AppOptions {
  receiver: Receiver;
  /** Absent in the `http` function, which only acknowledges and never calls the Web API. */
  botToken?: string;
  jobs: JobQueue;
  logger: Logger;
  slackApiUrl?: string;
}

/**
 * The Bolt app shared by every entry point; only the receiver and the job queue differ.
 * Authorization is static (one workspace), so Bolt never calls auth.test on start.
 */
export function createApp(options: AppOptions): App {
  const app = new App({
    receiver: options.receiver,
    authorize: async () => (options.botToken ? { botToken: options.botToken } : {}),
    logger: boltLogger(options.logger),
    ...(options.slackApiUrl ? { clientOptions: { slackApiUrl: options.slackApiUrl } } : {}),
  });
  registerListeners(app, { jobs: options.jobs, logger: options.logger });
  app.error(async (error) => {
    options.logger.error('unhandled listener error', {
      name: error.name,
      code: error.code,
      message: error.message,
    });
  });
  return app;
}
