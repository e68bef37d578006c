import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { HTTPReceiver } from '@slack/bolt';
import { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import { type Config, loadConfig, signingSecretOf } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { runJob } from '../services/run-job.js';
import { describeError } from '../services/support.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import { buildDependencies } from './build-dependencies.js';

export interface RunningServer {
  url: string;
  jobs: InProcessJobQueue;
  deps: ServiceDependencies;
  stop(): Promise<void>;
}

/**
 * The bot as a plain HTTP server: `POST /slack/events` for commands and clicks,
 * verified by Bolt's HTTPReceiver, with jobs run in this process after each answer.
 */
export async function startServer(
  config: Config,
  options: { logger?: Logger; clock?: Clock; host?: string } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const deps = await buildDependencies(config, logger, options.clock);
  const jobs = new InProcessJobQueue((error, job) =>
    logger.error('job crashed', { kind: job.kind, error: describeError(error) }),
  );
  jobs.setHandler((job) => runJob(deps, job));
  const receiver = new HTTPReceiver({
    signingSecret: signingSecretOf(config),
    endpoints: '/slack/events',
    // Answer Slack only once the listener has finished, as on Lambda: same behaviour in both places.
    processBeforeResponse: true,
    logger: boltLogger(logger),

    unhandledRequestTimeoutMillis: 2500,
  });
  createApp({
    receiver,
    botToken: config.slack.botToken,
    jobs,
    logger,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  const server = (await receiver.start({ port: config.port, host: options.host ?? '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    deps,
    stop: async () => {
      await jobs.idle();
      await receiver.stop();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = loadConfig();
  startServer(config).then(
    (running) => console.log(`bucket-key listening on ${running.url}/slack/events`),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
