import { LambdaClient } from '@aws-sdk/client-lambda';
import { AwsLambdaReceiver } from '@slack/bolt';
import { LambdaJobQueue } from '../adapters/jobs/lambda-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import { botTokenOf, type Config, loadConfig, signingSecretOf } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import { systemClock } from '../ports/clock.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import type { ListenerContext } from '../slack/listeners/context.js';
import { refuseBeforeBolt, refuseBody, statusAfterBolt } from '../slack/request-guard.js';
import { signedRequestOfApiGatewayEvent } from '../slack/signed-jobs/signed-request-of.js';
import { initPerSecrets } from './init-per-secrets.js';

/**
 * The `http` function: API Gateway (HTTP API, payload 2.0) → Bolt's AwsLambdaReceiver.
 * It verifies, parses, acknowledges and hands Slack's signed request to the worker with an async
 * Invoke. What must happen within Slack's 3 seconds happens here: opening the request modal (the bot
 * token, views.open only) and answering its picker from the bucket catalog (http-catalog.ts, loaded
 * on first use). No Lightsail client, no document client, and no DynamoDB client until a picker asks.
 */
const ready = initPerSecrets(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'], async (env) => {
  const config = loadConfig(env, 'http');
  const logger = createLogger(config.logLevel);
  if (!config.workerFunctionName) throw new ConfigError('WORKER_FUNCTION_NAME is required');
  const lambda = new LambdaClient({
    region: config.aws.region,
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint } : {}),
  });
  const receiver = new AwsLambdaReceiver({
    signingSecret: signingSecretOf(config),
    logger: boltLogger(logger),
    // The worker acts only on what Slack signed: each job travels with the request as it arrived.
    customPropertiesExtractor: (event) => ({ slackRequest: signedRequestOfApiGatewayEvent(event) }),
  });
  createApp({
    receiver,
    botToken: botTokenOf(config),
    jobs: new LambdaJobQueue(lambda, config.workerFunctionName),
    catalog: catalogOnFirstUse(config),
    logger,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  return receiver.toHandler();
});

/** The bucket catalog, its bundle loaded by the first read. */
function catalogOnFirstUse(config: Config): ListenerContext['catalog'] {
  let loaded: Promise<ListenerContext['catalog']> | undefined;
  return {
    async read() {
      if (!loaded) {
        const loading = import('./http-catalog.js').then((part) => part.openHttpCatalog(config));
        loaded = loading;
        // A failed load is not remembered: the next read tries again.
        loading.catch(() => {
          if (loaded === loading) loaded = undefined;
        });
      }
      return (await loaded).read();
    },
  };
}

type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;
type AwsEvent = Parameters<AwsHandler>[0];

/**
 * Refuses what Bolt's receiver would choke on before it sees it (401 stale or future timestamp, 413
 * too big, 400 unreadable), and never throws: a thrown error reaches Slack as API Gateway's 502 and
 * tells the logs nothing, so an unexpected failure is logged and answered 500.
 */
export async function handler(event: AwsEvent, context: unknown): ReturnType<AwsHandler> {
  try {
    const refused =
      refuseBeforeBolt(event.headers?.['x-slack-request-timestamp'], systemClock) ?? refuseBodyOf(event);
    if (refused) return { statusCode: refused, body: '' };
    const response = await (await ready())(event, context);
    const statusCode = statusAfterBolt(response.statusCode);
    return statusCode === response.statusCode ? response : { statusCode, body: '' };
  } catch (error) {
    // The configured logger may be what failed to build (a secret unreadable, say): log with a plain one.
    createLogger('ERROR').error('http request failed', {
      error: { name: (error as Error)?.name, message: (error as Error)?.message },
    });
    return { statusCode: 500, body: '' };
  }
}

function refuseBodyOf(event: AwsEvent): 400 | 413 | undefined {
  const { body, contentType } = signedRequestOfApiGatewayEvent(event);
  return refuseBody(body, contentType || undefined);
}
