import { App, type Receiver } from '@slack/bolt';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import { boltLogger } from './bolt-logger.js';
import type { ListenerContext } from './listeners/context.js';
import { registerListeners } from './listeners/index.js';

export interface AppOptions {
  receiver: Receiver;
  /** Listeners use it only to open the request modal (views.open), within the trigger's 3 seconds. */
  botToken?: string;
  jobs: JobQueue;
  logger: Logger;
  slackApiUrl?: string;
  catalog: ListenerContext['catalog'];
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
    // views.open must land within the trigger's 3 seconds: no retries, a short timeout.
    clientOptions: {
      retryConfig: { retries: 0 },
      timeout: 2500,
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    },
  });
  registerListeners(app, { jobs: options.jobs, logger: options.logger, catalog: options.catalog });
  app.error(async (error) => {
    options.logger.error('unhandled listener error', {
      name: error.name,
      code: error.code,
      message: error.message,
    });
  });
  return app;
}
