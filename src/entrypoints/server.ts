import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { HTTPReceiver } from '@slack/bolt';
import type { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import { type Config, loadConfig, signingSecretOf } from '../config.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError } from '../services/failures.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import { MAX_BODY_BYTES, refuseBeforeBolt, statusAfterBolt } from '../slack/request-guard.js';
import { signedRequestOfHttpRequest } from '../slack/signed-jobs/signed-request-of.js';
import { buildLocalBot } from './local-bot.js';

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
  options: { logger?: Logger; clock?: Clock; metrics?: Metrics; host?: string } = {},
): Promise<RunningServer> {
  const { logger, deps, jobs } = await buildLocalBot(config, {
    ...options,
    signingSecret: signingSecretOf(config),
  });
  const receiver = new HTTPReceiver({
    signingSecret: signingSecretOf(config),
    endpoints: '/slack/events',
    // Answer Slack only once the listener has finished, as on Lambda: same behaviour in both places.
    processBeforeResponse: true,
    logger: boltLogger(logger),
    // Slack's own payloads are far smaller; anything bigger is refused (413) before it is verified or parsed.
    bodyLimit: MAX_BODY_BYTES,
    processEventErrorHandler: async ({ error, response }) => {
      // Our listeners catch their own failures, so what lands here is a payload Bolt could not
      // process (a signed but malformed one): a client error, not a server error.
      logger.warn('payload Bolt could not process', { error: describeError(error) });
      if (!response.headersSent) response.writeHead(statusAfterBolt(500)).end();
      return false;
    },

    unhandledRequestTimeoutMillis: 2500,
    // As on Lambda: each job travels with Slack's request as it arrived, and the worker verifies it.
    customPropertiesExtractor: (req) => ({ slackRequest: signedRequestOfHttpRequest(req) }),
  });
  createApp({
    receiver,
    botToken: config.slack.botToken,
    jobs,
    logger,
    catalog: deps.catalog,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  // Our own server in front of Bolt's listener, to refuse stale or future timestamps first.
  const server = createServer((req, res) => {
    const refused =
      req.method === 'POST'
        ? refuseBeforeBolt(req.headers['x-slack-request-timestamp'], systemClock)
        : undefined;
    if (refused) {
      res.writeHead(refused).end();
      return;
    }
    receiver.requestListener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(config.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    deps,
    stop: async () => {
      await jobs.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
