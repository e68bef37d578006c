import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AwsLambdaReceiver } from '@slack/bolt';
import { DynamoBucketCatalog } from '../adapters/dynamodb/dynamo-bucket-catalog.js';
import { LambdaJobQueue } from '../adapters/jobs/lambda-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import { botTokenOf, loadConfig, signingSecretOf } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import { systemClock } from '../ports/clock.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { createApp } from '../slack/create-app.js';
import { refuseBeforeBolt, statusAfterBolt } from '../slack/request-guard.js';
import { signedRequestOfApiGatewayEvent } from '../slack/signed-jobs/signed-request-of.js';
import { initPerSecrets } from './init-per-secrets.js';

/** The picker answers from memory; a catalog read is reused this long. */
const CATALOG_CACHE_MS = 60_000;

/**
 * The `http` function: API Gateway (HTTP API, payload 2.0) → Bolt's AwsLambdaReceiver.
 * It verifies, parses, acknowledges and hands Slack's signed request to the worker with an async
 * Invoke. What must happen within Slack's 3 seconds happens here: opening the request modal (the bot
 * token, views.open only) and answering its picker from the bucket catalog (one GetItem, cached; the
 * role may read that one item and nothing else). No Lightsail client, no document client.
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
  const dynamo = new DynamoDBClient({
    region: config.aws.region,
    requestHandler: { requestTimeout: 1500, connectionTimeout: 1000, throwOnRequestTimeout: true },
    maxAttempts: 2,
    ...(config.aws.dynamodbEndpoint ? { endpoint: config.aws.dynamodbEndpoint } : {}),
  });
  createApp({
    receiver,
    botToken: botTokenOf(config),
    jobs: new LambdaJobQueue(lambda, config.workerFunctionName),
    catalog: new DynamoBucketCatalog(dynamo, config.tables.requests, { cacheMs: CATALOG_CACHE_MS }),
    logger,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  return receiver.toHandler();
});

type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

export async function handler(event: Parameters<AwsHandler>[0], context: unknown): ReturnType<AwsHandler> {
  const refused = refuseBeforeBolt(event.headers?.['x-slack-request-timestamp'], systemClock);
  if (refused) return { statusCode: refused, body: '' };
  const response = await (await ready())(event, context);
  const statusCode = statusAfterBolt(response.statusCode);
  return statusCode === response.statusCode ? response : { statusCode, body: '' };
}
